// The weak-labelling run end to end on a small real KolektorSDD subset: through the API (to look
// inside the project) and through the gadget CLI (run / eval / export round trip).
#include "KolektorSubset.h"
#include "pipeline/Evaluation.h"
#include "pipeline/Pipeline.h"
#include "pipeline/WeakLabelExport.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ig;

namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Cancels after `steps` progress steps of the named stage.
class CancelAfter : public Feedback {
public:
    CancelAfter(std::string stage, long long steps) : stage_(std::move(stage)), steps_(steps) {}

protected:
    void onProgress(const std::string& stage, long long done, long long) override {
        if (stage == stage_ && done >= steps_)
            cancel();
    }

private:
    std::string stage_;
    long long steps_;
};

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string project_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = makeKolektorSubset(dir_.path());
        const auto s = Project::open(project_).summary();
        QCOMPARE(s.images, 36LL);
        QCOMPARE(s.devImages, 4LL + 13LL);
    }

    void runLabelsEveryNonDevImageWithEvidence() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        PipelineOptions options;
        options.labeler.tuning.seed = 3;
        const PipelineResult r = runPipeline(p, options, quiet);
        QVERIFY(r.patternsRecut);
        QVERIFY(r.patterns >= 4); // the 4 defective dev images' cracks
        QCOMPARE(r.features.images, 36);
        QCOMPARE(r.features.pairs, 36LL * r.patterns);
        QCOMPARE(r.labeler.devImages, 17);
        QCOMPARE(r.labeler.labelledImages, 36 - 17);
        QVERIFY(r.labeler.folds >= 2);

        const auto labels = p.weakLabels();
        QCOMPARE(labels.size(), size_t(19));
        for (const auto& l : labels) {
            QVERIFY(l.label == "0" || l.label == "1");
            QVERIFY(l.probability >= 0.5 && l.probability <= 1.0);
            const auto evidence = nlohmann::json::parse(l.evidenceJson);
            QCOMPARE(evidence["matches"].size(), size_t(3));
            const auto& best = evidence["matches"][0];
            QVERIFY(best["score"].get<double>() >= evidence["matches"][1]["score"].get<double>());
            QVERIFY(best["w"].get<int>() > 0);
            const double p0 = evidence["probabilities"]["0"], p1 = evidence["probabilities"]["1"];
            QVERIFY(std::abs(p0 + p1 - 1.0) < 1e-6);
            QVERIFY(!p.image(l.imageId)->isDev);
        }
        // Scores are absolute correlations; a pattern stands out most on the image it was cut
        // from.
        std::map<Id, Id> sourceOf;
        for (const auto& pattern : p.patterns())
            sourceOf[pattern.id] = pattern.sourceImageId.value_or(0);
        std::map<Id, double> ownProminence, otherProminence;
        for (const auto& f : p.features()) {
            QVERIFY(f.score >= 0 && f.score <= 1.0 + 1e-6);
            QVERIFY(std::isfinite(f.prominence));
            auto& best = sourceOf[f.patternId] == f.imageId ? ownProminence[f.patternId]
                                                            : otherProminence[f.patternId];
            best = std::max(best, f.prominence);
        }
        QVERIFY(!ownProminence.empty());
        for (const auto& [pattern, own] : ownProminence)
            QVERIFY2(own > otherProminence[pattern], qPrintable(QString::number(own)));
        // The labeler learns from two columns per pattern: score and prominence.
        const auto model = nlohmann::json::parse(p.latestModel()->paramsJson);
        QCOMPARE(model["featureCount"].get<int>(), 2 * r.patterns);

        const EvaluationReport report = evaluateWeakLabels(p);
        QCOMPARE(report.evaluated, 19LL);
        QVERIFY(report.space.binary);
        QVERIFY(report.score >= 0 && report.score <= 1);
        QVERIFY(report.toText().find("confusion matrix") != std::string::npos);
        QVERIFY(p.latestModel()->cvScore == report.cvScore);
    }

    // Running again redoes nothing that did not change.
    void secondRunIsIncremental() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        const auto before = p.features();
        const PipelineResult r = runPipeline(p, PipelineOptions{}, quiet);
        QVERIFY(!r.patternsRecut);
        QCOMPARE(r.features.pairs, 0LL);
        QCOMPARE(r.features.skippedImages, 36);
        QCOMPARE(p.features().size(), before.size());
    }

    // --decision dev-prior: the dev set's share of defects (4 of 17) of the 19 other images is
    // called defective, the ones the labeler ranks highest, with probabilities that agree.
    void devPriorCallsTheDevSetsShareOfDefects() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        PipelineOptions options;
        options.labeler.tuning.seed = 3;
        runPipeline(p, options, quiet);
        std::vector<std::pair<double, Id>> ranked; // the labeler's own P(defect)
        for (const auto& l : p.weakLabels())
            ranked.emplace_back(
                nlohmann::json::parse(l.evidenceJson)["probabilities"]["1"].get<double>(),
                l.imageId);
        std::sort(ranked.rbegin(), ranked.rend());

        options.labeler.decision = LabelDecision::DevPrior;
        const PipelineResult r = runPipeline(p, options, quiet);
        QVERIFY(r.labeler.priorMatched);
        QVERIFY(std::abs(r.labeler.devPrior - 4.0 / 17.0) < 1e-12);
        std::set<Id> called;
        for (const auto& l : p.weakLabels()) {
            const double p1 = nlohmann::json::parse(l.evidenceJson)["probabilities"]["1"];
            QVERIFY(l.probability >= 0.5);
            QCOMPARE(l.label == "1", p1 >= 0.5);
            if (l.label == "1")
                called.insert(l.imageId);
        }
        QCOMPARE(called.size(), size_t(4)); // round(4 / 17 * 19)
        for (size_t i = 0; i < 4; ++i)
            QVERIFY(called.count(ranked[i].second));
        const auto model = nlohmann::json::parse(p.latestModel()->paramsJson);
        QCOMPARE(model["decision"]["rule"].get<std::string>(), std::string("dev-prior"));
        QVERIFY(std::abs(model["decision"]["threshold_before_shift"].get<double>() -
                         r.labeler.priorThreshold) < 1e-12);
        QVERIFY(r.labeler.priorThreshold < ranked[3].first &&
                r.labeler.priorThreshold > ranked[4].first);
        runPipeline(p, PipelineOptions{}, quiet); // back to the labeler's own decision
        QVERIFY(!nlohmann::json::parse(p.latestModel()->paramsJson).contains("decision"));
    }

    // A cancel during matching keeps every image finished before it, and the next run completes.
    void cancelKeepsWhatWasMatched() {
        Project p = Project::open(project_);
        p.clearFeatures();
        CancelAfter cancel("Matching patterns", 20);
        QVERIFY_THROWS_EXCEPTION(CanceledError, runPipeline(p, PipelineOptions{}, cancel));
        QCOMPARE(p.checkIntegrity(), std::string("ok"));
        const auto kept = p.features().size();
        QVERIFY(kept > 0);
        QVERIFY(kept < 36u * p.patterns().size());
        QCOMPARE(kept % p.patterns().size(), size_t(0)); // whole images only
        SilentFeedback quiet;
        const PipelineResult r = runPipeline(p, PipelineOptions{}, quiet);
        QCOMPARE(r.features.skippedImages + r.features.images, 36);
        QVERIFY(r.features.skippedImages > 0);
        QCOMPARE(p.weakLabels().size(), size_t(19));
    }

    void exportWritesCompleteFiles() {
        const Project p = Project::open(project_);
        const std::string csv = dir_.filePath("labels.csv").toStdString();
        QCOMPARE(exportWeakLabels(p, ExportFormat::Csv, csv), 19);
        std::istringstream lines(readText(csv));
        std::string line;
        std::getline(lines, line);
        QCOMPARE(line, std::string("image,label,probability,pattern,score,x,y,w,h"));
        int rows = 0;
        while (std::getline(lines, line)) {
            ++rows;
            QCOMPARE(std::count(line.begin(), line.end(), ','), 8L);
        }
        QCOMPARE(rows, 19);
        const std::string json = dir_.filePath("labels.json").toStdString();
        QCOMPARE(exportWeakLabels(p, ExportFormat::Json, json), 19);
        const auto parsed = nlohmann::json::parse(readText(json));
        QCOMPARE(parsed["weak_labels"].size(), size_t(19));
        QVERIFY(parsed["weak_labels"][0].contains("evidence"));
        // A folder that does not exist: a clear error, no stray file.
        QVERIFY_THROWS_EXCEPTION(
            Error,
            exportWeakLabels(p, ExportFormat::Csv, dir_.filePath("no/such/x.csv").toStdString()));
    }

    // The same through the command line: run, eval --json, export.
    void cliRoundTrip() {
        const QString gadget = QStringLiteral(IG_BIN_DIR) + "/gadget";
        const QString project = QString::fromStdString(project_);
        QProcess run;
        run.start(gadget, {"run", project, "--seed", "5", "--no-progress"});
        QVERIFY(run.waitForFinished(300000));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        QVERIFY(run.readAllStandardOutput().contains("Weak labels: 19 images labelled"));

        // The paper's features (best scores only, own matches kept): one column per pattern.
        QProcess paper;
        paper.start(gadget,
                    {"run", project, "--features", "score", "--keep-own-matches", "--no-progress"});
        QVERIFY(paper.waitForFinished(300000));
        QVERIFY2(paper.exitCode() == 0, paper.readAllStandardError().constData());
        {
            const Project p = Project::open(project_);
            const auto model = nlohmann::json::parse(p.latestModel()->paramsJson);
            QCOMPARE(model["featureCount"].get<size_t>(), p.patterns().size());
            const auto params = nlohmann::json::parse(p.runs().back().paramsJson);
            QCOMPARE(params["labeler_features"]["features"].get<std::string>(),
                     std::string("score"));
            QCOMPARE(params["labeler_features"]["mask_own_patterns"].get<bool>(), false);
        }

        QProcess eval;
        eval.start(gadget, {"eval", project, "--json"});
        QVERIFY(eval.waitForFinished(60000));
        QCOMPARE(eval.exitCode(), 0);
        const auto report = nlohmann::json::parse(eval.readAllStandardOutput().toStdString());
        QCOMPARE(report["metric"].get<std::string>(), std::string("f1_defective"));
        QCOMPARE(report["evaluated"].get<int>(), 19);
        long long total = 0;
        for (const auto& row : report["confusion_matrix"])
            for (const auto& cell : row)
                total += cell.get<long long>();
        QCOMPARE(total, 19LL);

        QProcess exportCsv;
        const QString out = dir_.filePath("cli.csv");
        exportCsv.start(gadget, {"export", project, "--format", "csv", "--out", out});
        QVERIFY(exportCsv.waitForFinished(60000));
        QCOMPARE(exportCsv.exitCode(), 0);
        QVERIFY(QFile::exists(out));

        QProcess bad;
        bad.start(gadget, {"export", project, "--format", "xml", "--out", out});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
    }

    // Evidence in a project file from elsewhere may be anything: the export still writes every
    // label, with empty match columns where the evidence is not what this version writes.
    void exportSurvivesHostileEvidence() {
        const std::string copy = dir_.filePath("hostile.gadget").toStdString();
        Project::open(project_).saveCopyAs(copy);
        Project p = Project::open(copy);
        auto labels = p.weakLabels();
        QVERIFY(labels.size() >= 6);
        const char* hostile[] = {"not json",
                                 "[1,2]",
                                 R"({"matches":"x"})",
                                 R"({"matches":[]})",
                                 R"({"matches":[{"pattern":"a","x":[1]}]})",
                                 "{\"matches\":[{\"w\":3}],\"note\":\"\xff\xfe\"}"};
        for (size_t i = 0; i < std::size(hostile); ++i)
            labels[i].evidenceJson = hostile[i];
        p.putWeakLabels(labels);
        const std::string csv = dir_.filePath("hostile.csv").toStdString();
        QCOMPARE(exportWeakLabels(p, ExportFormat::Csv, csv), static_cast<int>(labels.size()));
        std::istringstream lines(readText(csv));
        std::string line;
        int rows = -1;
        while (std::getline(lines, line)) {
            ++rows;
            QCOMPARE(std::count(line.begin(), line.end(), ','), 8L);
        }
        QCOMPARE(rows, static_cast<int>(labels.size()));
        const std::string json = dir_.filePath("hostile.json").toStdString();
        QCOMPARE(exportWeakLabels(p, ExportFormat::Json, json), static_cast<int>(labels.size()));
        QCOMPARE(nlohmann::json::parse(readText(json))["weak_labels"].size(), labels.size());
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "TestPipeline.moc"
