// The simulated crowd on real NEU-DET gold boxes: its rates hold in expectation, a seed fixes it,
// and the simulated experts vote as the gold boxes say (up to their error rate).
#include "crowd/BoxMerger.h"
#include "crowd/CrowdReview.h"
#include "crowd/CrowdSimulation.h"
#include "crowd/RectGeometry.h"
#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace ig;

namespace {

const std::string kNeu = IG_SHARED_DATA "/neu/";
const char* kClasses[] = {"crazing",        "inclusion",       "patches",
                          "pitted_surface", "rolled-in_scale", "scratches"};

} // namespace

class TestCrowdSimulation : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    SilentFeedback quiet_;
    int made_ = 0;

    // 60 NEU images (10 per class), all dev, with the data set's boxes by worker "gold".
    Project neuProject() {
        Project p = Project::create(temp_.path().toStdString() + "/p" + std::to_string(++made_) +
                                    ".gadget");
        std::vector<std::string> files;
        for (const char* c : kClasses)
            for (int i = 1; i <= 10; ++i)
                files.push_back(kNeu + "images/" + c + "_" + std::to_string(i) + ".jpg");
        if (importImages(p, files, quiet_).added != 60)
            qFatal("NEU images did not import");
        BoxImportOptions gold;
        gold.workerName = "gold";
        importBoxes(p, kNeu + "boxes.csv", gold, quiet_);
        for (const ImageRecord& image : p.images())
            p.setDev(image.id, true);
        return p;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(temp_.isValid()); }

    void ratesHoldInExpectation() {
        Project p = neuProject();
        const std::vector<BoxRecord> gold = goldBoxesOf(p, "gold");
        QVERIFY(gold.size() > 100);
        std::map<Id, BoxRecord> goldById;
        for (const BoxRecord& g : gold)
            goldById[g.id] = g;
        CrowdSimulationOptions o;
        o.workers = 20;
        o.missRate = 0.3;
        o.jitter = 0.2;
        o.inventRate = 0.25;
        o.seed = 7;
        const CrowdSimulationReport r = simulateCrowd(p, gold, o, quiet_);
        QCOMPARE(r.devImages, 60);
        QCOMPARE(r.goldBoxes, int(gold.size()));
        QCOMPARE(r.drawn + r.missed, 20LL * (long long)gold.size());
        // Binomial spread: 4 standard deviations.
        const double trials = double(r.drawn + r.missed);
        const double miss = double(r.missed) / trials;
        QVERIFY2(std::abs(miss - 0.3) < 4 * std::sqrt(0.3 * 0.7 / trials),
                 qPrintable(QString::number(miss)));
        const double invent = double(r.invented) / (20.0 * 60.0);
        QVERIFY2(std::abs(invent - 0.25) < 4 * std::sqrt(0.25 * 0.75 / 1200.0),
                 qPrintable(QString::number(invent)));
        QCOMPARE((long long)r.boxes.size(), r.drawn + r.invented);
        QCOMPARE(p.summary().boxes, (long long)gold.size() + r.drawn + r.invented);
        QCOMPARE(int(p.imagesDone().size()), 20 * 60);

        // Corners move uniformly within +-jitter of the size: mean |shift| = jitter / 2. Only
        // corners that cannot have been clipped at the image's edge are measured.
        double sum = 0, worst = 0;
        long long n = 0;
        for (const SimulatedBox& b : r.boxes) {
            const ImageRecord image = *p.image(b.imageId);
            QVERIFY(b.rect.x >= 0 && b.rect.y >= 0 && b.rect.w >= 1 && b.rect.h >= 1);
            QVERIFY(b.rect.x + b.rect.w <= image.width + 1e-9);
            QVERIFY(b.rect.y + b.rect.h <= image.height + 1e-9);
            if (!b.goldBoxId)
                continue;
            const Rect g = goldById.at(b.goldBoxId).rect;
            const auto measure = [&](double was, double now, double size, double limit) {
                if (was - o.jitter * size < 0 || was + o.jitter * size > limit - 1)
                    return;
                const double shift = std::abs(now - was) / size;
                sum += shift;
                worst = std::max(worst, shift);
                ++n;
            };
            measure(g.x, b.rect.x, g.w, image.width);
            measure(g.y, b.rect.y, g.h, image.height);
            measure(g.x + g.w, b.rect.x + b.rect.w, g.w, image.width);
            measure(g.y + g.h, b.rect.y + b.rect.h, g.h, image.height);
        }
        QVERIFY2(n > 1000, qPrintable(QString::number(n)));
        const double mean = sum / double(n);
        // Uniform on [0, 0.2]: sd 0.058, so 4 sd of the mean of n is well under 0.01.
        QVERIFY2(std::abs(mean - 0.1) < 4 * 0.058 / std::sqrt(double(n)),
                 qPrintable(QString::number(mean)));
        QVERIFY(worst <= o.jitter + 1e-9);
    }

    void aSeedFixesTheCrowd() {
        const auto run = [&](std::uint64_t seed) {
            Project p = neuProject();
            CrowdSimulationOptions o;
            o.seed = seed;
            std::vector<std::tuple<int, double, double, double, double>> boxes;
            const CrowdSimulationReport r = simulateCrowd(p, goldBoxesOf(p, "gold"), o, quiet_);
            for (const SimulatedBox& b : r.boxes)
                boxes.emplace_back(int(b.goldBoxId != 0), b.rect.x, b.rect.y, b.rect.w, b.rect.h);
            return boxes;
        };
        const auto a = run(3), b = run(3), c = run(4);
        QVERIFY(!a.empty());
        QVERIFY(a == b);
        QVERIFY(a != c);
    }

    void expertsVoteByTheGoldBoxes() {
        Project p = neuProject();
        const std::vector<BoxRecord> gold = goldBoxesOf(p, "gold");
        CrowdSimulationOptions o;
        o.workers = 3;
        o.missRate = 0.5; // many gold boxes seen by one worker only: true outliers
        o.inventRate = 0.5;
        CrowdSimulationReport r = simulateCrowd(p, gold, o, quiet_);
        const MergeOptions merge;
        simulateReview(p, gold, o, merge, 1, r);
        QVERIFY(r.outliers > 50);
        QCOMPARE(r.accepted + r.rejected, r.outliers);
        QCOMPARE(r.wrongVotes, 0LL);
        QVERIFY(r.accepted > 0 && r.rejected > 0);
        std::map<Id, std::vector<Rect>> goldByImage;
        for (const BoxRecord& g : gold)
            goldByImage[g.imageId].push_back(g.rect);
        for (const ReviewItem& item : reviewCrowd(p, merge, 1).items) {
            double best = 0;
            for (const Rect& g : goldByImage[item.imageId])
                best = std::max(best, rectIoU(g, item.box.rect));
            QCOMPARE(item.tally.decision,
                     best >= o.acceptIou ? ReviewDecision::Accepted : ReviewDecision::Rejected);
        }

        // With an error rate, about that share of the votes goes the wrong way.
        Project q = neuProject();
        o.experts = 3;
        o.expertErrorRate = 0.2;
        CrowdSimulationReport withErrors = simulateCrowd(q, gold, o, quiet_);
        simulateReview(q, goldBoxesOf(q, "gold"), o, merge, 1, withErrors);
        const double votes = double(withErrors.outliers * 3);
        const double wrong = double(withErrors.wrongVotes) / votes;
        QVERIFY2(std::abs(wrong - 0.2) < 4 * std::sqrt(0.2 * 0.8 / votes),
                 qPrintable(QString::number(wrong)));
    }

    void refusesBadOptions() {
        Project p = neuProject();
        const std::vector<BoxRecord> gold = goldBoxesOf(p, "gold");
        CrowdSimulationOptions o;
        o.jitter = 0.6;
        QVERIFY_THROWS_EXCEPTION(Error, simulateCrowd(p, gold, o, quiet_));
        o = {};
        o.missRate = std::nan("");
        QVERIFY_THROWS_EXCEPTION(Error, simulateCrowd(p, gold, o, quiet_));
        try {
            goldBoxesOf(p, "nobody");
            QFAIL("found a worker 'nobody'");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Usage);
            QVERIFY(QString(e.what()).contains("gold"));
        }
        p.clearDev();
        try {
            simulateCrowd(p, gold, {}, quiet_);
            QFAIL("simulated without dev images");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Input);
        }
    }
};

QTEST_GUILESS_MAIN(TestCrowdSimulation)
#include "TestCrowdSimulation.moc"
