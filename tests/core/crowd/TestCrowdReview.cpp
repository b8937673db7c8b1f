// The experts' review and the patterns it yields, on the shared crowd sample: five workers
// marked one KolektorSDD-like image; three marks overlap (a group, a 'crowd' pattern), two are
// outliers that experts accept or reject by quorum ('reviewed' pattern, or kept for audit).
#include "crowd/CrowdPatterns.h"
#include "crowd/CrowdReview.h"
#include "crowd/MarkExtractor.h"
#include "io/ImageFile.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>

using namespace ig;

namespace {

const std::string kSample = IG_SHARED_DATA "/crowd_sample/";

VoteRecord vote(Id box, Id expert, Vote v, const std::string& type = "") {
    return {0, box, expert, v, type, ""};
}

class CancelAtOnce : public Feedback {
protected:
    void onProgress(const std::string&, long long, long long) override { cancel(); }
};

} // namespace

class TestCrowdReview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quorumDecides_data() {
        QTest::addColumn<int>("accepts");
        QTest::addColumn<int>("rejects");
        QTest::addColumn<int>("quorum");
        QTest::addColumn<int>("decision");
        const int pending = int(ReviewDecision::Pending), accepted = int(ReviewDecision::Accepted),
                  rejected = int(ReviewDecision::Rejected);
        QTest::newRow("no votes") << 0 << 0 << 1 << pending;
        QTest::newRow("one accept, quorum 1") << 1 << 0 << 1 << accepted;
        QTest::newRow("one reject, quorum 1") << 0 << 1 << 1 << rejected;
        QTest::newRow("one accept, quorum 2") << 1 << 0 << 2 << pending;
        QTest::newRow("tie waits") << 1 << 1 << 2 << pending;
        QTest::newRow("2 of 3 accept") << 2 << 1 << 3 << accepted;
        QTest::newRow("2 of 3 reject") << 1 << 2 << 2 << rejected;
        QTest::newRow("2 of 2, quorum 3") << 2 << 0 << 3 << pending;
    }
    void quorumDecides() {
        QFETCH(int, accepts);
        QFETCH(int, rejects);
        QFETCH(int, quorum);
        QFETCH(int, decision);
        std::vector<VoteRecord> votes;
        Id expert = 1;
        for (int i = 0; i < accepts; ++i)
            votes.push_back(vote(1, expert++, Vote::Accept));
        for (int i = 0; i < rejects; ++i)
            votes.push_back(vote(1, expert++, Vote::Reject));
        const ReviewTally tally = tallyVotes(votes, quorum, "crack");
        QCOMPARE(tally.accepts, accepts);
        QCOMPARE(tally.rejects, rejects);
        QCOMPARE(int(tally.decision), decision);
    }

    void acceptedTypeIsTheMajorityOfAcceptVotes() {
        const std::vector<VoteRecord> votes = {
            vote(1, 1, Vote::Accept, "spot"), vote(1, 2, Vote::Accept, "scratch"),
            vote(1, 3, Vote::Accept, "spot"), vote(1, 4, Vote::Reject, "crack")};
        QCOMPARE(tallyVotes(votes, 1, "crack").defectType, std::string("spot"));
        // Untyped accepts count for the worker's type; ties go to the first alphabetically.
        const std::vector<VoteRecord> tie = {vote(1, 1, Vote::Accept),
                                             vote(1, 2, Vote::Accept, "a")};
        QCOMPARE(tallyVotes(tie, 1, "crack").defectType, std::string("a"));
        QVERIFY_THROWS_EXCEPTION(Error, tallyVotes(votes, 0, ""));
    }

    void sampleGivesOneGroupTwoOutliersAndPatterns() {
        QTemporaryDir dir;
        Project p = Project::create(dir.filePath(QStringLiteral("crowd.gadget")).toStdString());
        const cv::Mat original = cv::imread(kSample + "original.png", cv::IMREAD_UNCHANGED);
        QVERIFY(!original.empty());
        ImageRecord image;
        image.path = kSample + "original.png"; // absolute: outside the project folder
        image.width = original.cols;
        image.height = original.rows;
        image.channels = original.channels();
        image.contentHash = "sample";
        const Id imageId = p.addImage(image);

        std::vector<Id> workers, boxIds;
        for (int w = 0; w < 5; ++w) {
            workers.push_back(p.addWorker("worker" + std::to_string(w), Role::Worker));
            const cv::Mat marked = cv::imread(
                kSample + "marked_by_worker" + std::to_string(w) + ".png", cv::IMREAD_UNCHANGED);
            const auto rects = extractMarkedBoxes(original, marked);
            QCOMPARE(rects.size(), size_t(1));
            BoxRecord box;
            box.imageId = imageId;
            box.workerId = workers.back();
            box.rect = {double(rects[0].x), double(rects[0].y), double(rects[0].width),
                        double(rects[0].height)};
            box.defectType = "crack";
            boxIds.push_back(p.addBoxJournaled(box));
        }
        const Id expert1 = p.addWorker("expert1", Role::Expert);
        const Id expert2 = p.addWorker("expert2", Role::Expert);
        const MergeOptions options;

        // Only finished images count.
        QVERIFY(reviewCrowd(p, options, 1).items.empty());
        for (Id w : workers)
            p.markImageDone(imageId, w);
        CrowdReview review = reviewCrowd(p, options, 1);
        QCOMPARE(review.groups.size(), size_t(1));
        QCOMPARE(review.groups[0].group.members.size(), size_t(3)); // workers 0, 3, 4
        QCOMPARE(review.groups[0].group.support, 3.0 / 5.0);
        QCOMPARE(review.items.size(), size_t(2));
        QCOMPARE(review.items[0].box.workerId, workers[1]);
        QCOMPARE(review.items[1].box.workerId, workers[2]);
        QCOMPARE(review.items[0].others.size(), size_t(4));
        QCOMPARE(int(review.items[0].tally.decision), int(ReviewDecision::Pending));

        // Quorum 2: worker 1's box is accepted by both experts, worker 2's rejected by one
        // (pending) and then by the other (rejected).
        p.addVote(vote(boxIds[1], expert1, Vote::Accept, "spot"));
        p.addVote(vote(boxIds[1], expert2, Vote::Accept, "spot"));
        p.addVote(vote(boxIds[2], expert1, Vote::Reject));
        review = reviewCrowd(p, options, 2);
        QCOMPARE(int(review.items[0].tally.decision), int(ReviewDecision::Accepted));
        QCOMPARE(int(review.items[1].tally.decision), int(ReviewDecision::Pending));
        p.addVote(vote(boxIds[2], expert2, Vote::Reject));
        review = reviewCrowd(p, options, 2);
        QCOMPARE(int(review.items[1].tally.decision), int(ReviewDecision::Rejected));
        QCOMPARE(review.defectiveImages, std::set<Id>{imageId});

        SilentFeedback feedback;
        QCOMPARE(buildPatternsFromCrowd(p, options, 2, feedback), 2);
        const auto patterns = p.patterns();
        QCOMPARE(patterns.size(), size_t(2));
        const cv::Mat grey = readImageGrey8(kSample + "original.png");
        const Rect group = review.groups[0].group.rect;
        const Rect accepted = review.items[0].box.rect;
        for (const auto& pattern : patterns) {
            const bool crowd = pattern.origin == PatternOrigin::Crowd;
            QVERIFY(crowd || pattern.origin == PatternOrigin::Reviewed);
            QCOMPARE(pattern.defectType, std::string(crowd ? "crack" : "spot"));
            QCOMPARE(pattern.sourceImageId, std::optional<Id>(imageId));
            const Rect& want = crowd ? group : accepted;
            const cv::Rect cut = cv::Rect(int(std::lround(want.x)), int(std::lround(want.y)),
                                          int(std::lround(want.w)), int(std::lround(want.h))) &
                                 cv::Rect(0, 0, grey.cols, grey.rows);
            QCOMPARE(pattern.width, cut.width);
            QCOMPARE(pattern.height, cut.height);
            const cv::Mat pixels = cv::imdecode(pattern.png, cv::IMREAD_UNCHANGED);
            QCOMPARE(cv::norm(pixels, grey(cut), cv::NORM_INF), 0.0); // the very pixels
        }
        // The rejected box and its votes stay for audit.
        QCOMPARE(p.boxes().size(), size_t(5));
        QCOMPARE(p.votes().size(), size_t(4));

        // Building again replaces, not adds; a canceled build changes nothing.
        QCOMPARE(buildPatternsFromCrowd(p, options, 2, feedback), 2);
        QCOMPARE(p.patterns().size(), size_t(2));
        p.removePatterns(PatternOrigin::Crowd);
        CancelAtOnce cancel;
        QVERIFY_THROWS_EXCEPTION(CanceledError, buildPatternsFromCrowd(p, options, 2, cancel));
        QCOMPARE(p.patterns().size(), size_t(1));
    }

    void unreadableImageIsAnInputError() {
        QTemporaryDir dir;
        Project p = Project::create(dir.filePath(QStringLiteral("gone.gadget")).toStdString());
        ImageRecord image;
        image.path = "missing.png";
        image.width = image.height = 100;
        image.channels = 1;
        const Id imageId = p.addImage(image);
        for (const char* name : {"a", "b"}) {
            const Id w = p.addWorker(name, Role::Worker);
            BoxRecord box;
            box.imageId = imageId;
            box.workerId = w;
            box.rect = {10, 10, 30, 30};
            p.addBoxJournaled(box);
            p.markImageDone(imageId, w);
        }
        SilentFeedback feedback;
        try {
            buildPatternsFromCrowd(p, MergeOptions{}, 1, feedback);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Input);
        }
        QVERIFY(p.patterns().empty());
    }
};

QTEST_GUILESS_MAIN(TestCrowdReview)
#include "TestCrowdReview.moc"
