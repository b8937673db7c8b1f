// Merging another worker's project file: workers, boxes (images matched by content, else by
// file name), done marks and votes, without duplicates, in one transaction.
#include "crowd/ProjectMerge.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace ig;

namespace {

const std::string kImages = IG_SHARED_DATA "/ksdd/images/";

struct Counts {
    long long workers, boxes, votes, done;
    bool operator==(const Counts& o) const {
        return workers == o.workers && boxes == o.boxes && votes == o.votes && done == o.done;
    }
};

Counts countsOf(const Project& p) {
    const ProjectSummary s = p.summary();
    return {s.workers, s.boxes, s.votes, (long long)p.imagesDone().size()};
}

Id imageId(const Project& p, const std::string& name) {
    return p.imageByName(name)->id;
}

Id addBox(Project& p, const std::string& image, Id worker, Rect r, const std::string& type) {
    return p.addBox({0, imageId(p, image), worker, r, type, "2026-12-01T10:00:00Z"});
}

} // namespace

class TestProjectMerge : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    SilentFeedback quiet_;
    std::string main_, alice_;

    Project importInto(const std::string& path, std::vector<std::string> files) {
        Project p = Project::create(path);
        const ImportReport r = importImages(p, files, quiet_);
        if (r.added != int(files.size()))
            qFatal("images did not import");
        return p;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(temp_.isValid());
        const std::string dir = temp_.path().toStdString() + "/";
        // Alice's copy of kos03_Part2 is re-encoded: same pixels and name, other bytes (hash).
        QVERIFY(QFile::copy(QString::fromStdString(kImages + "kos03_Part2.png"),
                            QString::fromStdString(dir + "kos03_Part2.png")));
        const std::string reencoded = dir + "alice/kos03_Part2.png";
        QVERIFY(QDir().mkpath(QString::fromStdString(dir + "alice")));
        QVERIFY(cv::imwrite(reencoded,
                            cv::imread(kImages + "kos03_Part2.png", cv::IMREAD_UNCHANGED),
                            {cv::IMWRITE_PNG_COMPRESSION, 0}));
        QVERIFY(QFileInfo(QString::fromStdString(reencoded)).size() !=
                QFileInfo(QString::fromStdString(kImages + "kos03_Part2.png")).size());

        main_ = dir + "main.gadget";
        Project main = importInto(main_, {kImages + "kos01_Part0.png", kImages + "kos02_Part6.png",
                                          dir + "kos03_Part2.png"});
        const Id bob = main.addWorker("bob", Role::Worker);
        const Id eve = main.addWorker("eve", Role::Expert);
        const Id bobBox = addBox(main, "kos01_Part0.png", bob, {10, 20, 30, 40}, "crack");
        addBox(main, "kos02_Part6.png", bob, {367, 621, 133, 28}, "crack");
        main.markImageDone(imageId(main, "kos01_Part0.png"), bob);
        main.addVote({0, bobBox, eve, Vote::Reject, "", "2026-12-01T11:00:00Z"});

        // Alice's project: the images in another order (other ids), one image main lacks.
        alice_ = dir + "alice.gadget";
        Project alice =
            importInto(alice_, {kImages + "kos04_Part3.png", reencoded, kImages + "kos02_Part6.png",
                                kImages + "kos01_Part0.png"});
        const Id a = alice.addWorker("alice", Role::Worker);
        const Id aliceBob = alice.addWorker("bob", Role::Worker);
        const Id aliceEve = alice.addWorker("eve", Role::Expert);
        const Id carol = alice.addWorker("carol", Role::Expert);
        const Id sameBox = addBox(alice, "kos01_Part0.png", aliceBob, {10, 20, 30, 40}, "crack");
        addBox(alice, "kos01_Part0.png", aliceBob, {10, 20, 30, 40}, "spot"); // other type: new
        const Id aliceBox = addBox(alice, "kos01_Part0.png", a, {12, 22, 30, 40}, "crack");
        addBox(alice, "kos03_Part2.png", a, {327, 413, 173, 22}, "crack"); // matched by name
        addBox(alice, "kos04_Part3.png", a, {379, 651, 121, 21}, "crack"); // not in main
        for (const char* name : {"kos01_Part0.png", "kos03_Part2.png", "kos04_Part3.png"})
            alice.markImageDone(imageId(alice, name), a);
        alice.markImageDone(imageId(alice, "kos01_Part0.png"), aliceBob); // main has it already
        alice.markImageDone(imageId(alice, "kos02_Part6.png"), aliceBob);
        alice.addVote({0, sameBox, aliceEve, Vote::Accept, "crack", "2026-12-02T09:00:00Z"});
        alice.addVote({0, aliceBox, carol, Vote::Accept, "crack", "2026-12-02T09:00:00Z"});
    }

    void mergesWithoutDuplicates() {
        Project main = Project::open(main_);
        const Counts before = countsOf(main);
        const ProjectMergeReport r = mergeProject(main, alice_, quiet_);
        QCOMPARE(r.otherImages, 4LL);
        QCOMPARE(r.matchedImages, 3LL);
        QCOMPARE(r.matchedByName, 1LL);
        QCOMPARE(r.workersAdded, 2LL); // alice, carol
        QCOMPARE(r.boxesAdded, 3LL);   // bob's spot, alice's two on matched images
        QCOMPARE(r.boxesKnown, 1LL);
        QCOMPARE(r.boxesSkipped, 1LL);
        QCOMPARE(r.doneAdded, 3LL);  // alice x2, bob on kos02
        QCOMPARE(r.votesAdded, 2LL); // eve's newer accept replaces her reject; carol's
        const Counts after = countsOf(main);
        QCOMPARE(after.workers, before.workers + 2);
        QCOMPARE(after.boxes, before.boxes + 3);
        QCOMPARE(after.votes, before.votes + 1);
        QCOMPARE(after.done, before.done + 3);

        // The box on the re-encoded image landed on main's image of that name.
        const Id alice = main.workerByName("alice")->id;
        const auto onKos03 = main.boxesOfImageBy(imageId(main, "kos03_Part2.png"), alice);
        QCOMPARE(int(onKos03.size()), 1);
        QCOMPARE(onKos03[0].rect.x, 327.0);
        QCOMPARE(onKos03[0].createdAt, std::string("2026-12-01T10:00:00Z"));
        // Eve's vote on bob's box is now her newer accept.
        const Id eve = main.workerByName("eve")->id;
        int eveVotes = 0;
        for (const VoteRecord& v : main.votes())
            if (v.workerId == eve) {
                ++eveVotes;
                QCOMPARE(v.vote, Vote::Accept);
            }
        QCOMPARE(eveVotes, 1);
        // Carol's vote is on alice's box here.
        const Id carol = main.workerByName("carol")->id;
        for (const VoteRecord& v : main.votes())
            if (v.workerId == carol)
                QCOMPARE(main.boxesOfImageBy(imageId(main, "kos01_Part0.png"), alice).at(0).id,
                         v.boxId);
        QCOMPARE(main.checkIntegrity(), std::string("ok"));
    }

    void mergingTwiceChangesNothing() {
        Project main = Project::open(main_);
        const Counts before = countsOf(main);
        const ProjectMergeReport r = mergeProject(main, alice_, quiet_);
        QCOMPARE(r.workersAdded + r.boxesAdded + r.doneAdded + r.votesAdded, 0LL);
        QCOMPARE(r.boxesKnown, 4LL);
        QVERIFY(countsOf(main) == before);
    }

    void refusesWhatIsNotAnotherProject() {
        Project main = Project::open(main_);
        const Counts before = countsOf(main);
        const QString text = temp_.path() + "/notes.gadget";
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a project\n");
        file.close();
        try {
            mergeProject(main, text.toStdString(), quiet_);
            QFAIL("merged a text file");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Project);
            QVERIFY2(QString(e.what()).contains(text) && QString(e.what()).contains("Cannot merge"),
                     e.what());
        }
        try {
            mergeProject(main, main_, quiet_);
            QFAIL("merged the project into itself");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Usage);
        }
        try {
            mergeProject(main, temp_.path().toStdString() + "/missing.gadget", quiet_);
            QFAIL("merged a missing file");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Input);
        }
        QVERIFY(countsOf(main) == before);
    }

    // A cancel leaves the project as it was (one transaction).
    void cancelChangesNothing() {
        const std::string copy = temp_.path().toStdString() + "/main2.gadget";
        {
            Project fresh = Project::create(copy);
            std::vector<std::string> files = {kImages + "kos01_Part0.png"};
            importImages(fresh, files, quiet_);
        }
        Project target = Project::open(copy);
        const Counts before = countsOf(target);
        SilentFeedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, mergeProject(target, alice_, canceled));
        QVERIFY(countsOf(target) == before);
    }
};

QTEST_GUILESS_MAIN(TestProjectMerge)
#include "TestProjectMerge.moc"
