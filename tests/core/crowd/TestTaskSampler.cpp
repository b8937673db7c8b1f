// TaskSampler: each worker's own seeded order, never an image the worker finished or one enough
// workers finished, started images first, the target of defective images, and the state read
// from a project (dev pool, defective images from merged groups and accepted outliers).
#include "crowd/CrowdSettings.h"
#include "crowd/TaskSampler.h"
#include "project/Project.h"
#include "util/Error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <numeric>

using namespace ig;

namespace {

std::vector<Id> poolOf(int n) {
    std::vector<Id> pool(static_cast<size_t>(n));
    std::iota(pool.begin(), pool.end(), Id(1));
    return pool;
}

} // namespace

class TestTaskSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ordersArePermutationsFixedBySeedAndWorker() {
        const std::vector<Id> pool = poolOf(50);
        const TaskSampler a({3, 10, 7});
        const TaskSampler b({3, 10, 7});
        const TaskSampler c({3, 10, 8});
        const auto order = a.orderFor(pool, 1);
        auto sorted = order;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, pool);
        QVERIFY(order != pool);
        QCOMPARE(b.orderFor(pool, 1), order); // same seed, same worker
        std::vector<Id> reversed(pool.rbegin(), pool.rend());
        QCOMPARE(a.orderFor(reversed, 1), order); // the pool's order does not matter
        QVERIFY(a.orderFor(pool, 2) != order);    // another worker
        QVERIFY(c.orderFor(pool, 1) != order);    // another seed
    }

    // The first image handed out is spread evenly over the pool (chi-square over 2000 workers,
    // 10 images: 99.9 % quantile of 9 degrees of freedom is 27.9).
    void firstPicksAreUniform() {
        const TaskSampler sampler({3, 0, 12345});
        SamplerState state;
        state.pool = poolOf(10);
        std::map<Id, int> counts;
        const int workers = 2000;
        for (Id w = 1; w <= workers; ++w)
            ++counts[*sampler.next(state, w).imageId];
        double chi2 = 0;
        for (Id id : state.pool) {
            const double expected = workers / 10.0;
            chi2 += (counts[id] - expected) * (counts[id] - expected) / expected;
        }
        qInfo("chi-square of first picks over 10 images: %.2f", chi2);
        QVERIFY(chi2 < 27.9);
    }

    void skipsFinishedAndFullImagesAndPrefersStartedOnes() {
        const TaskSampler sampler({2, 0, 1});
        SamplerState state;
        state.pool = poolOf(6);
        state.doneBy[1] = {7};    // worker 7 did image 1
        state.doneBy[2] = {8, 9}; // full (2 workers)
        state.doneBy[3] = {8};    // started by someone else
        // Worker 7: image 3 is the only started image they have not done.
        QCOMPARE(sampler.next(state, 7).imageId, std::optional<Id>(3));
        // Worker 8 did 2 and 3; image 1 is started -> first.
        QCOMPARE(sampler.next(state, 8).imageId, std::optional<Id>(1));
        // Skipping image 1 gives one of the untouched 4, 5, 6.
        const auto pick = sampler.next(state, 8, {1});
        QVERIFY(pick.imageId && *pick.imageId >= 4);
        QCOMPARE(pick.imageId, std::optional<Id>([&] {
                     for (Id id : sampler.orderFor(state.pool, 8))
                         if (id >= 4)
                             return id;
                     return Id(0);
                 }()));
        // Nothing left when everything is done or skipped.
        QCOMPARE(sampler.next(state, 8, {1, 4, 5, 6}).stop, SamplerStop::NothingLeft);
        QVERIFY(!sampler.next(state, 8, {1, 4, 5, 6}).imageId);
    }

    void stopsAtTheTarget() {
        const TaskSampler sampler({3, 2, 1});
        SamplerState state;
        state.pool = poolOf(5);
        state.defectiveFound = 1;
        QCOMPARE(sampler.next(state, 1).stop, SamplerStop::None);
        state.defectiveFound = 2;
        const SamplerPick pick = sampler.next(state, 1);
        QCOMPARE(pick.stop, SamplerStop::TargetReached);
        QVERIFY(!pick.imageId);
        QVERIFY_THROWS_EXCEPTION(Error, TaskSampler({0, 2, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, TaskSampler({3, -1, 1}));
    }

    // Three workers taking turns until nothing is left: every image is done by exactly three
    // workers, none twice by one; with a fourth worker joining late, nobody goes over three.
    void crowdCoversEveryImageWorkersPerImageTimes() {
        const TaskSampler sampler({3, 0, 99});
        SamplerState state;
        state.pool = poolOf(30);
        const std::vector<Id> workers = {11, 12, 13, 14};
        int handed = 0;
        for (bool any = true; any;) {
            any = false;
            for (size_t k = 0; k < workers.size(); ++k) {
                if (k == 3 && handed < 20)
                    continue; // joins later
                const SamplerPick pick = sampler.next(state, workers[k]);
                if (!pick.imageId)
                    continue;
                QVERIFY(state.doneBy[*pick.imageId].insert(workers[k]).second);
                ++handed;
                any = true;
            }
        }
        QCOMPARE(handed, 90);
        for (Id id : state.pool)
            QCOMPARE(state.doneBy[id].size(), size_t(3));
        // Started images first: taking turns, the three finish one image before the next.
        SamplerState replay;
        replay.pool = state.pool;
        int maxOpen = 0;
        for (int round = 0; round < 30; ++round)
            for (Id w : {Id(11), Id(12), Id(13)}) {
                const auto pick = sampler.next(replay, w);
                QVERIFY(pick.imageId);
                replay.doneBy[*pick.imageId].insert(w);
                int open = 0;
                for (const auto& [id, done] : replay.doneBy)
                    open += done.size() < 3 ? 1 : 0;
                maxOpen = std::max(maxOpen, open);
            }
        QCOMPARE(maxOpen, 1); // each image is finished before the next one is opened
    }

    void stateFromAProject() {
        QTemporaryDir dir;
        Project p = Project::create(dir.filePath(QStringLiteral("s.gadget")).toStdString());
        std::vector<Id> images;
        for (int i = 0; i < 6; ++i) {
            ImageRecord image;
            image.path = "i" + std::to_string(i) + ".png";
            image.width = image.height = 100;
            image.channels = 1;
            image.isDev = i < 4;
            images.push_back(p.addImage(image));
        }
        const Id a = p.addWorker("a", Role::Worker);
        const Id b = p.addWorker("b", Role::Worker);
        const Id expert = p.addWorker("e", Role::Expert);
        CrowdSettings settings = loadCrowdSettings(p);
        QCOMPARE(settings.defectTypes, std::vector<std::string>{"defect"});
        settings.targetDefectiveImages = 2;
        settings.defectTypes = {"crack", "spot"};
        saveCrowdSettings(p, settings);
        settings = loadCrowdSettings(p);
        QCOMPARE(settings.defectTypes, (std::vector<std::string>{"crack", "spot"}));
        QCOMPARE(settings.targetDefectiveImages, 2);

        // Image 0: a and b agree (a group). Image 1: only a's box (an outlier), b saw nothing.
        auto addBox = [&](Id image, Id worker, Rect r) {
            BoxRecord box;
            box.imageId = image;
            box.workerId = worker;
            box.rect = r;
            box.defectType = "crack";
            return p.addBoxJournaled(box);
        };
        addBox(images[0], a, {10, 10, 20, 20});
        addBox(images[0], b, {12, 11, 20, 19});
        const Id lonely = addBox(images[1], a, {50, 50, 10, 10});
        SamplerState state = loadSamplerState(p, settings);
        QCOMPARE(state.pool, (std::vector<Id>{images[0], images[1], images[2], images[3]}));
        QCOMPARE(state.defectiveFound, 0); // nobody finished an image yet
        for (Id w : {a, b})
            for (Id image : {images[0], images[1]})
                p.markImageDone(image, w);
        state = loadSamplerState(p, settings);
        QCOMPARE(state.defectiveFound, 1);
        QCOMPARE(state.doneBy[images[0]], (std::set<Id>{a, b}));
        TaskSampler sampler(samplerOptionsOf(settings));
        QVERIFY(sampler.next(state, a).imageId);

        // The expert accepts the outlier: two defective images, the target.
        p.addVote({0, lonely, expert, Vote::Accept, "spot", ""});
        state = loadSamplerState(p, settings);
        QCOMPARE(state.defectiveFound, 2);
        QCOMPARE(sampler.next(state, a).stop, SamplerStop::TargetReached);
    }

    void malformedSettingsAreReported() {
        QTemporaryDir dir;
        Project p = Project::create(dir.filePath(QStringLiteral("m.gadget")).toStdString());
        p.setSetting("crowd.workers_per_image", "three");
        try {
            loadCrowdSettings(p);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Project);
            QVERIFY(std::string(e.what()).find("crowd.workers_per_image") != std::string::npos);
        }
        CrowdSettings bad;
        bad.defectTypes = {"crack", "crack"};
        QVERIFY_THROWS_EXCEPTION(Error, saveCrowdSettings(p, bad));
    }
};

QTEST_GUILESS_MAIN(TestTaskSampler)
#include "TestTaskSampler.moc"
