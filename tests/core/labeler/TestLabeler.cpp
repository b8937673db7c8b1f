// The MLP labeler: learning on toy problems with known answers, the cross-validated search,
// determinism, the stored model format and bad input.
#include "LabelerToyData.h"

#include "labeler/Metrics.h"
#include "labeler/MlpModel.h"
#include "labeler/MlpTuning.h"
#include "labeler/TrainedLabeler.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <string>

using namespace ig;

namespace {

// Quick search space for tests whose point is not the search itself.
TuningOptions quickOptions(std::uint64_t seed = 1) {
    TuningOptions options;
    options.seed = seed;
    options.maxLayers = 2;
    options.l2Values = {1e-2, 1.0};
    return options;
}

double accuracyOf(const MlpModel& model, const LabeledData& data) {
    return accuracy(
        ConfusionMatrix::from(data.labels, model.predict(data.features), data.numClasses));
}

std::vector<std::pair<std::string, std::string>> readPairs(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::pair<std::string, std::string>> rows;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t comma = line.find(',');
        rows.emplace_back(line.substr(0, comma),
                          comma == std::string::npos ? "" : line.substr(comma + 1));
    }
    return rows;
}

// The class labels of the paper's KolektorSDD dev set: 78 images, 10 defective.
std::vector<int> ksddDevLabels() {
    std::map<std::string, int> all;
    for (const auto& [image, label] : readPairs(IG_SHARED_DATA "/ksdd/labels.csv"))
        all[image] = std::stoi(label);
    std::vector<int> labels;
    for (const auto& [image, unused] : readPairs(IG_SHARED_DATA "/ksdd/paper_dev_split.csv"))
        labels.push_back(all.at(image));
    return labels;
}

// Cancels itself once `after` progress steps are reported.
class CancelAfter : public Feedback {
public:
    explicit CancelAfter(long long after) : after_(after) {}

protected:
    // Called with the feedback's lock held: use the arguments, not stage().
    void onProgress(const std::string& stage, long long done, long long) override {
        if (done >= after_ && stage == "Tuning the labeler")
            cancel();
    }

private:
    long long after_;
};

// Counts the messages that contain a text.
class MessageLog : public Feedback {
public:
    int count(const std::string& part) const {
        return static_cast<int>(std::count_if(messages_.begin(), messages_.end(), [&](auto& m) {
            return m.find(part) != std::string::npos;
        }));
    }

protected:
    void onMessage(const std::string& text) override { messages_.push_back(text); }

private:
    std::vector<std::string> messages_;
};

} // namespace

class TestLabeler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void candidateSpace() {
        QCOMPARE(candidateWidths(12, 5), (std::vector<int>{4, 8, 16}));
        QCOMPARE(candidateWidths(16, 5), (std::vector<int>{4, 8, 16, 32}));
        QCOMPARE(candidateWidths(3, 5), (std::vector<int>{4}));
        QCOMPARE(candidateWidths(600, 5), (std::vector<int>{4, 16, 64, 256, 1024}));
        QCOMPARE(candidateWidths(600, 20).size(), size_t(9));
        QCOMPARE(candidateWidths(600, 5, 256), (std::vector<int>{4, 16, 32, 128, 256}));
        QCOMPARE(candidateWidths(100, 5, 256), (std::vector<int>{4, 8, 32, 64, 128}));
        QCOMPARE(candidateWidths(3, 5, 2), (std::vector<int>{4}));

        TuningOptions options;
        std::vector<MlpConfig> configs = candidateConfigs(12, options);
        // Halving: [4], [8], [16]; [8, 4], [16, 8]; [16, 8, 4].
        QCOMPARE(configs.size(), size_t(6 * options.l2Values.size()));
        QCOMPARE(configs.front().hidden, std::vector<int>{4});
        QCOMPARE(configs.front().l2, options.l2Values.front());
        QCOMPARE(configs.back().hidden, (std::vector<int>{16, 8, 4}));
        QCOMPARE(configs.back().l2, options.l2Values.back());
        // Both: 1 layer: 3 widths; 2 layers: 3 constant + [8,4], [16,8]; 3 layers: 3 + [16,8,4].
        options.shapes = LayerShapes::Both;
        QCOMPARE(candidateConfigs(12, options).size(), size_t(12 * options.l2Values.size()));
        options.shapes = LayerShapes::Constant;
        QCOMPARE(candidateConfigs(12, options).size(), size_t(9 * options.l2Values.size()));
        options.maxLayers = 1;
        QCOMPARE(candidateConfigs(12, options).size(), size_t(3 * options.l2Values.size()));
    }

    void separableDataIsLearnedPerfectly() {
        // Two classes 6 standard deviations apart on the first axis, 3 noise dimensions.
        const LabeledData train = toy::gaussianClasses({{-3.0}, {3.0}}, 40, 4, 1.0, 11);
        const LabeledData test = toy::gaussianClasses({{-3.0}, {3.0}}, 300, 4, 1.0, 12);
        SilentFeedback feedback;
        const TrainedLabeler labeler = fitLabeler(train, quickOptions(), feedback);
        QCOMPARE(labeler.tuning.folds, 5);
        QVERIFY2(labeler.tuning.cvScore >= 0.98,
                 qPrintable(QString::number(labeler.tuning.cvScore)));
        const double heldOut = accuracyOf(labeler.model, test);
        QVERIFY2(heldOut >= 0.995, qPrintable(QString::number(heldOut)));
        QCOMPARE(accuracyOf(labeler.model, train), 1.0);
    }

    void overlappingClassesReachTheBayesRate() {
        // Means 1 standard deviation apart on one axis, 3 noise dimensions: the best possible
        // accuracy is Phi(0.5) = 0.691. A labeler that memorises would do worse on new data.
        const LabeledData train = toy::gaussianClasses({{-0.5}, {0.5}}, 150, 4, 1.0, 21);
        const LabeledData test = toy::gaussianClasses({{-0.5}, {0.5}}, 2000, 4, 1.0, 22);
        SilentFeedback feedback;
        TuningOptions options;
        options.seed = 3;
        const TrainedLabeler labeler = fitLabeler(train, options, feedback);
        const double heldOut = accuracyOf(labeler.model, test);
        qInfo("overlapping Gaussians: held-out accuracy %.3f (Bayes rate 0.691), chosen %s, "
              "cv F1 %.3f",
              heldOut, labeler.tuning.best.toString().c_str(), labeler.tuning.cvScore);
        QVERIFY2(heldOut > 0.64 && heldOut < 0.72, qPrintable(QString::number(heldOut)));
        QVERIFY(labeler.tuning.cvScore > 0.55 && labeler.tuning.cvScore < 0.8);
    }

    void threeClasses() {
        // Three classes at the corners of a triangle (side 6), 2 noise dimensions.
        const std::vector<std::vector<double>> centers{{0, 3.5}, {-3, -1.7}, {3, -1.7}};
        LabeledData train = toy::gaussianClasses(centers, 30, 4, 1.0, 31);
        train.classNames = {"crazing", "patches", "scratches"};
        const LabeledData test = toy::gaussianClasses(centers, 300, 4, 1.0, 32);
        SilentFeedback feedback;
        const TrainedLabeler labeler = fitLabeler(train, quickOptions(), feedback);
        const std::vector<std::vector<double>> probabilities =
            labeler.model.predictProba(test.features);
        QCOMPARE(probabilities.size(), test.features.size());
        for (const auto& p : probabilities) {
            QCOMPARE(p.size(), size_t(3));
            QVERIFY(std::abs(p[0] + p[1] + p[2] - 1.0) < 1e-9);
        }
        const double f1 =
            macroF1(ConfusionMatrix::from(test.labels, labeler.model.predict(test.features), 3));
        QVERIFY2(f1 >= 0.97, qPrintable(QString::number(f1)));
        QVERIFY(labeler.tuning.cvScore >= 0.95);

        const nlohmann::json description = nlohmann::json::parse(labeler.describeJson());
        QCOMPARE(description.at("classes").get<std::vector<std::string>>(), train.classNames);
        QCOMPARE(description.at("cvMetric").get<std::string>(), std::string("macro_f1"));
        QCOMPARE(description.at("featureCount").get<int>(), 4);
        QCOMPARE(description.at("hidden").get<std::vector<int>>(), labeler.tuning.best.hidden);
        QCOMPARE(description.at("cvScore").get<double>(), labeler.tuning.cvScore);
    }

    void sameSeedSameLabeler() {
        // KolektorSDD's dev set shape: its 78 real labels (10 defective), 12 pattern scores.
        const LabeledData dev = toy::patternScores(ksddDevLabels(), 2, 12, true, 41);
        QCOMPARE(dev.size(), 78);
        const LabeledData rest = toy::patternScores(std::vector<int>(200, 1), 2, 12, true, 42);
        SilentFeedback feedback;
        TuningOptions options; // the full default search
        options.seed = 7;
        options.threads = 2;
        const auto start = std::chrono::steady_clock::now();
        const TrainedLabeler first = fitLabeler(dev, options, feedback);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("78 x 12 binary, %zu candidates, %d folds: tuning %.2f s, tuning + refit %.2f s, "
              "chosen %s, cv F1 %.3f",
              first.tuning.tried.size(), first.tuning.folds, first.tuning.seconds, seconds,
              first.tuning.best.toString().c_str(), first.tuning.cvScore);
        const TrainedLabeler second = fitLabeler(dev, options, feedback);

        QCOMPARE(second.tuning.best, first.tuning.best);
        QCOMPARE(second.tuning.tried.size(), first.tuning.tried.size());
        for (size_t i = 0; i < first.tuning.tried.size(); ++i) {
            QCOMPARE(second.tuning.tried[i].score, first.tuning.tried[i].score);
            QCOMPARE(second.tuning.tried[i].logLoss, first.tuning.tried[i].logLoss);
        }
        QCOMPARE(second.model.predictProba(rest.features), first.model.predictProba(rest.features));
        QCOMPARE(second.model.serialize(), first.model.serialize());

        // One thread gives the same search (each training is single-threaded either way).
        options.threads = 1;
        const TuningResult serial = tuneMlp(dev, options, feedback);
        QCOMPARE(serial.best, first.tuning.best);
        QCOMPARE(serial.cvScore, first.tuning.cvScore);
    }

    void serializedModelGivesIdenticalProbabilities() {
        const LabeledData train = toy::patternScores(ksddDevLabels(), 2, 12, true, 51);
        const LabeledData other = toy::patternScores(ksddDevLabels(), 2, 12, true, 52);
        MlpConfig config;
        config.hidden = {16, 8};
        config.l2 = 0.1;
        const MlpModel model = MlpModel::train(train, config, 5);
        QVERIFY(model.iterations() >= 1);
        QVERIFY(model.iterations() <= config.maxIterations);
        const std::vector<std::uint8_t> bytes = model.serialize();
        const MlpModel loaded = MlpModel::deserialize(bytes);
        QCOMPARE(loaded.predictProba(other.features), model.predictProba(other.features));
        QCOMPARE(loaded.describeJson(), model.describeJson());
        QCOMPARE(loaded.serialize(), bytes);
        QCOMPARE(loaded.config(), config);
        QCOMPARE(loaded.classNames(), (std::vector<std::string>{"0", "1"}));

        // Damaged, truncated or foreign bytes are refused with a Project error.
        for (const size_t at : {size_t(2), size_t(40), bytes.size() / 2, bytes.size() - 1}) {
            std::vector<std::uint8_t> damaged = bytes;
            damaged[at] ^= 0x10;
            try {
                MlpModel::deserialize(damaged);
                QFAIL("a damaged model was accepted");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), Error::Kind::Project);
            }
        }
        const std::vector<std::uint8_t> truncated(bytes.begin(), bytes.begin() + 30);
        QVERIFY_THROWS_EXCEPTION(Error, MlpModel::deserialize(truncated));
        QVERIFY_THROWS_EXCEPTION(Error, MlpModel::deserialize({}));
        QVERIFY_THROWS_EXCEPTION(Error, MlpModel::deserialize(std::vector<std::uint8_t>(64, 7)));
    }

    void trainingStopsOnAPlateau() {
        const LabeledData train = toy::gaussianClasses({{-3.0}, {3.0}}, 40, 4, 1.0, 61);
        MlpConfig config;
        config.hidden = {8};
        config.l2 = 1.0; // a well-posed optimum that L-BFGS reaches quickly
        config.maxIterations = 500;
        const MlpModel model = MlpModel::train(train, config, 1);
        QVERIFY2(model.iterations() < 500, qPrintable(QString::number(model.iterations())));
        config.maxIterations = 3;
        QCOMPARE(MlpModel::train(train, config, 1).iterations(), 3);
    }

    void classWeightsHelpTheRareClass() {
        // 10 positives in 78, weak signal: balanced weights must find at least as many of
        // them as unweighted training (recall of the rare class on new data).
        const LabeledData train = toy::patternScores(ksddDevLabels(), 2, 12, true, 71);
        const LabeledData test = toy::patternScores(std::vector<int>(300, 1), 2, 12, true, 72);
        MlpConfig config;
        config.hidden = {8};
        config.l2 = 1.0;
        const MlpModel balanced = MlpModel::train(train, config, 1);
        config.classWeighting = ClassWeighting::None;
        const MlpModel unweighted = MlpModel::train(train, config, 1);
        const double recallBalanced = accuracyOf(balanced, test);
        const double recallUnweighted = accuracyOf(unweighted, test);
        qInfo("recall of the rare class: balanced %.3f, unweighted %.3f", recallBalanced,
              recallUnweighted);
        QVERIFY(recallBalanced >= recallUnweighted);
        // Each pattern fires on few of the 10 training defects, so recall stays well below 1.
        QVERIFY(recallBalanced > 0.4);
    }

    // With tuneThreshold the winner's out-of-fold F1 at its own threshold is at least its F1 at
    // 0.5, and the trained labeler decides with that threshold.
    void tunedThresholdIsUsed() {
        const LabeledData train = toy::patternScores(ksddDevLabels(), 2, 12, true, 81);
        TuningOptions options;
        options.maxLayers = 1;
        options.l2Values = {0.1, 10.0};
        options.tuneThreshold = true;
        SilentFeedback quiet;
        const TrainedLabeler labeler = fitLabeler(train, options, quiet);
        QVERIFY(labeler.tuning.threshold > 0 && labeler.tuning.threshold <= 1);
        options.tuneThreshold = false;
        const TuningResult plain = tuneMlp(train, options, quiet);
        QCOMPARE(plain.threshold, 0.5);
        QVERIFY(labeler.tuning.cvScore >= plain.cvScore - 1e-12);
        const auto probabilities = labeler.model.predictProba(train.features);
        const auto decided = labeler.predict(train.features);
        for (size_t i = 0; i < decided.size(); ++i)
            QCOMPARE(decided[i], probabilities[i][1] >= labeler.tuning.threshold ? 1 : 0);
    }

    // A refit that calls every dev row the same class is replaced: first the same candidate from
    // other starts, then the next candidate of the search. An L2 of 1e6 pulls any network to its
    // constant point.
    void collapsedRefitFallsBackToTheNextCandidate() {
        const LabeledData train = toy::patternScores(ksddDevLabels(), 2, 12, true, 81);
        MlpConfig flat, sane;
        flat.hidden = {8};
        flat.l2 = 1e6;
        sane.hidden = {8};
        sane.l2 = 0.1;
        TuningResult tuning;
        tuning.best = flat;
        tuning.cvScore = 0.9;
        tuning.folds = 5;
        tuning.tried = {{sane, 0.8, 0.3, 0.5}, {flat, 0.9, 0.2, 0.5}};
        MessageLog log;
        const TrainedLabeler labeler = refitLabeler(train, tuning, TuningOptions{}, log);
        QVERIFY(labeler.tuning.best == sane);
        QCOMPARE(labeler.tuning.cvScore, 0.8);
        const auto calls = labeler.predict(train.features);
        QVERIFY(std::count(calls.begin(), calls.end(), 1) > 0);
        QVERIFY(std::count(calls.begin(), calls.end(), 0) > 0);
        QCOMPARE(log.count("called every dev image the same class"), 3);
        QCOMPARE(log.count("trying the next candidate"), 1);
        QCOMPARE(log.done(), 1LL);

        // Nothing better: the winner's own refit stays, and the user is told.
        tuning.tried = {{flat, 0.9, 0.2, 0.5}};
        MessageLog alone;
        const TrainedLabeler kept = refitLabeler(train, tuning, TuningOptions{}, alone);
        QVERIFY(kept.tuning.best == flat);
        QCOMPARE(alone.count("called every dev image the same class"), 3);
        // At most 5 candidates (3 starts each) are tried, however many the search ranked.
        for (double l2 : {2e6, 3e6, 4e6, 5e6, 6e6}) {
            MlpConfig flatter = flat;
            flatter.l2 = l2;
            tuning.tried.push_back({flatter, 0.5, 0.5, 0.5});
        }
        MessageLog capped;
        refitLabeler(train, tuning, TuningOptions{}, capped);
        QCOMPARE(capped.count("called every dev image the same class"), 15);
        QCOMPARE(alone.count("best labeler candidates all call every dev image the same class"), 1);

        // A healthy winner is refitted once, with the search's seed, silently.
        tuning.best = sane;
        tuning.tried = {{sane, 0.8, 0.3, 0.5}, {flat, 0.7, 0.2, 0.5}};
        MessageLog healthy;
        TuningOptions options;
        options.seed = 7;
        const TrainedLabeler normal = refitLabeler(train, tuning, options, healthy);
        QVERIFY(normal.tuning.best == sane);
        QCOMPARE(healthy.count(""), 0);
        QVERIFY(normal.model.serialize() == MlpModel::train(train, sane, 7).serialize());
    }

    void badInputIsRejected() {
        LabeledData data = toy::gaussianClasses({{-3.0}, {3.0}}, 5, 2, 1.0, 81);
        MlpConfig config;
        auto kindOf = [](auto&& call) {
            try {
                call();
            } catch (const Error& e) {
                return e.kind();
            }
            return Error::Kind::Internal;
        };
        LabeledData ragged = data;
        ragged.features[3].push_back(1.f);
        QCOMPARE(kindOf([&] { MlpModel::train(ragged, config, 1); }), Error::Kind::Input);
        LabeledData nan = data;
        nan.features[2][1] = std::nanf("");
        QCOMPARE(kindOf([&] { MlpModel::train(nan, config, 1); }), Error::Kind::Input);
        LabeledData outOfRange = data;
        outOfRange.labels[0] = 2;
        QCOMPARE(kindOf([&] { MlpModel::train(outOfRange, config, 1); }), Error::Kind::Input);
        LabeledData oneClass = data;
        oneClass.numClasses = 1;
        QCOMPARE(kindOf([&] { MlpModel::train(oneClass, config, 1); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { MlpModel::train(LabeledData{}, config, 1); }), Error::Kind::Input);
        MlpConfig badConfig;
        badConfig.hidden = {0};
        QCOMPARE(kindOf([&] { MlpModel::train(data, badConfig, 1); }), Error::Kind::Input);
        badConfig = MlpConfig{};
        badConfig.l2 = -1;
        QCOMPARE(kindOf([&] { MlpModel::train(data, badConfig, 1); }), Error::Kind::Input);

        const MlpModel model = MlpModel::train(data, config, 1);
        QCOMPARE(kindOf([&] { model.predictProba({{1.f, 2.f, 3.f}}); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { model.predictProba({{1.f, INFINITY}}); }), Error::Kind::Input);
        QVERIFY(model.predictProba({}).empty());

        // A class with a single dev example cannot be cross-validated.
        LabeledData single = data;
        single.labels = std::vector<int>(single.labels.size(), 0);
        single.labels[0] = 1;
        SilentFeedback feedback;
        QCOMPARE(kindOf([&] { tuneMlp(single, quickOptions(), feedback); }), Error::Kind::Input);
        TuningOptions noL2 = quickOptions();
        noL2.l2Values.clear();
        QCOMPARE(kindOf([&] { tuneMlp(data, noL2, feedback); }), Error::Kind::Usage);
    }

    void cancelStopsTheSearch() {
        const LabeledData dev = toy::patternScores(ksddDevLabels(), 2, 12, true, 91);
        CancelAfter feedback(2);
        const auto start = std::chrono::steady_clock::now();
        QVERIFY_THROWS_EXCEPTION(CanceledError, fitLabeler(dev, TuningOptions{}, feedback));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(feedback.done() < 10, qPrintable(QString::number(feedback.done())));
        qInfo("canceled after %lld candidates in %.2f s", feedback.done(), seconds);

        SilentFeedback already;
        already.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, tuneMlp(dev, quickOptions(), already));
        const LabeledData train = toy::gaussianClasses({{-3.0}, {3.0}}, 20, 2, 1.0, 92);
        QVERIFY_THROWS_EXCEPTION(CanceledError, MlpModel::train(train, MlpConfig{}, 1, &already));
    }

    void progressCountsCandidates() {
        const LabeledData train = toy::gaussianClasses({{-3.0}, {3.0}}, 20, 3, 1.0, 95);
        SilentFeedback feedback;
        const TuningOptions options = quickOptions();
        const TuningResult result = tuneMlp(train, options, feedback);
        QCOMPARE(feedback.total(), static_cast<long long>(result.tried.size()));
        QCOMPARE(feedback.done(), feedback.total());
        QCOMPARE(result.tried.size(), candidateConfigs(3, options).size());
        // The winner is the best of what was tried.
        for (const CandidateResult& c : result.tried)
            QVERIFY(c.score <= result.cvScore);
    }
};

QTEST_GUILESS_MAIN(TestLabeler)
#include "TestLabeler.moc"
