// The experts' review screen driven with keys on real crowd work: the shared crowd sample (five
// workers' red marks on one image: three agree, two are alone) and a KolektorSDD crack boxed by
// one worker only. Three experts vote with A / R / 1-9 / N under a quorum of 2; the votes land
// in the project, the quorum decides, and Build Patterns makes 'crowd' and 'reviewed' patterns.
// Saves screenshots/review-page.png.
#include "ui/BoxEditorView.h"
#include "ui/ReviewPage.h"

#include "crowd/CrowdReview.h"
#include "crowd/CrowdSettings.h"
#include "crowd/MarkExtractor.h"
#include "project/Project.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <memory>

using namespace ig;
using namespace ig::ui;

namespace {

const std::string kSample = IG_SHARED_DATA "/crowd_sample/";

Id addImage(Project& p, const std::string& path) {
    const cv::Mat pixels = cv::imread(path, cv::IMREAD_UNCHANGED);
    ImageRecord image;
    image.path = path;
    image.width = pixels.cols;
    image.height = pixels.rows;
    image.channels = pixels.channels();
    image.contentHash = path;
    return p.addImage(image);
}

Id addBox(Project& p, Id image, Id worker, Rect rect, const std::string& type) {
    BoxRecord box;
    box.imageId = image;
    box.workerId = worker;
    box.rect = rect;
    box.defectType = type;
    return p.addBoxJournaled(box);
}

std::vector<VoteRecord> votesBy(const Project& p, Id expert) {
    std::vector<VoteRecord> out;
    for (const auto& v : p.votes())
        if (v.workerId == expert)
            out.push_back(v);
    return out;
}

const VoteRecord* voteOn(const std::vector<VoteRecord>& votes, Id box) {
    for (const auto& v : votes)
        if (v.boxId == box)
            return &v;
    return nullptr;
}

} // namespace

class TestReviewPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("review.gadget")).toStdString();
        Project p = Project::create(path_);
        CrowdSettings settings;
        settings.defectTypes = {"crack", "spot"};
        settings.reviewQuorum = 2;
        saveCrowdSettings(p, settings);

        sample_ = addImage(p, kSample + "original.png");
        const cv::Mat original = cv::imread(kSample + "original.png", cv::IMREAD_UNCHANGED);
        std::vector<Id> workers;
        for (int w = 0; w < 5; ++w) {
            workers.push_back(p.addWorker("worker" + std::to_string(w), Role::Worker));
            const cv::Mat marked = cv::imread(
                kSample + "marked_by_worker" + std::to_string(w) + ".png", cv::IMREAD_UNCHANGED);
            for (const cv::Rect& r : extractMarkedBoxes(original, marked))
                sampleBoxes_.push_back(
                    addBox(p, sample_, workers.back(),
                           {double(r.x), double(r.y), double(r.width), double(r.height)}, "crack"));
            p.markImageDone(sample_, workers.back());
        }
        // KolektorSDD kos01_Part5: worker 0 boxed the crack (boxes.csv), workers 1, 2 saw none.
        ksdd_ = addImage(p, IG_SHARED_DATA "/ksdd/images/kos01_Part5.png");
        ksddBox_ = addBox(p, ksdd_, workers[0], {224, 569, 246, 46}, "crack");
        for (int w = 0; w < 3; ++w)
            p.markImageDone(ksdd_, workers[size_t(w)]);
        for (const char* name : {"expert1", "expert2", "expert3"})
            experts_.push_back(p.addWorker(name, Role::Expert));
        const CrowdReview review = reviewCrowd(p, mergeOptionsOf(settings), 2);
        QCOMPARE(review.groups.size(), size_t(1));
        QCOMPARE(review.items.size(), size_t(3));
        // Outliers: workers 1 and 2 on the sample, worker 0 on the crack.
        QCOMPARE(review.items[0].box.id, sampleBoxes_[1]);
        QCOMPARE(review.items[1].box.id, sampleBoxes_[2]);
        QCOMPARE(review.items[2].box.id, ksddBox_);
    }

    void expertsVoteWithKeysAndTheQuorumDecides() {
        auto project = std::make_shared<Project>(Project::open(path_));
        Project check = Project::open(path_);
        const Id w1Box = sampleBoxes_[1], w2Box = sampleBoxes_[2];

        // Expert 1: N (skip w1's box), R on w2's, 2 + A on the crack, A on w1's box.
        {
            ReviewPage page;
            page.resize(1280, 800);
            page.show();
            QVERIFY(QTest::qWaitForWindowExposed(&page));
            QSignalSpy shown(&page, &ReviewPage::itemShown);
            QSignalSpy finished(&page, &ReviewPage::queueFinished);
            page.start(project, *project->worker(experts_[0]));
            QCOMPARE(page.queueSize(), 3);
            QTRY_COMPARE(shown.size(), 1);
            QCOMPARE(page.currentBoxId(), w1Box);
            BoxEditorView* view = page.view();
            QVERIFY(view->hasImage());
            QVERIFY(!view->isEditable());
            QCOMPARE(page.chosenType(), QStringLiteral("crack")); // the worker's type
            QTest::keyClick(view, Qt::Key_N);
            QTRY_COMPARE(shown.size(), 2);
            QCOMPARE(page.currentBoxId(), w2Box);
            QTest::keyClick(view, Qt::Key_R);
            QTRY_COMPARE(page.currentBoxId(), ksddBox_);
            QTRY_COMPARE(shown.size(), 3); // another image: decoded first
            QTest::keyClick(view, Qt::Key_2);
            QCOMPARE(page.chosenType(), QStringLiteral("spot"));
            QVERIFY(QDir().mkpath(QStringLiteral(IG_TEST_OUTPUT "/screenshots")));
            QVERIFY(
                page.grab().save(QStringLiteral(IG_TEST_OUTPUT "/screenshots/review-page.png")));
            QTest::keyClick(view, Qt::Key_A);
            QTRY_COMPARE(page.currentBoxId(), w1Box);
            QTest::keyClick(view, Qt::Key_A);
            QCOMPARE(page.currentBoxId(), qint64(0));
            QCOMPARE(finished.size(), 1);

            const auto votes = votesBy(check, experts_[0]);
            QCOMPARE(votes.size(), size_t(3));
            QCOMPARE(voteOn(votes, w2Box)->vote, Vote::Reject);
            QCOMPARE(voteOn(votes, ksddBox_)->vote, Vote::Accept);
            QCOMPARE(voteOn(votes, ksddBox_)->defectType, std::string("spot"));
            QCOMPARE(voteOn(votes, w1Box)->vote, Vote::Accept);
            QCOMPARE(voteOn(votes, w1Box)->defectType, std::string("crack"));
            QVERIFY(!voteOn(votes, w1Box)->createdAt.empty());
            // Quorum 2: one vote decides nothing yet.
            for (const auto& item : reviewCrowd(check, MergeOptions{}, 2).items)
                QCOMPARE(int(item.tally.decision), int(ReviewDecision::Pending));
        }

        // Expert 2: A on w1's (accepted), R on w2's (rejected), R on the crack (a tie: waits).
        {
            ReviewPage page;
            page.resize(1280, 800);
            page.show();
            QSignalSpy shown(&page, &ReviewPage::itemShown);
            page.start(project, *project->worker(experts_[1]));
            QCOMPARE(page.queueSize(), 3);
            QTRY_COMPARE(shown.size(), 1);
            QTest::keyClick(page.view(), Qt::Key_A);
            QTRY_COMPARE(shown.size(), 2);
            QTest::keyClick(page.view(), Qt::Key_R);
            QTRY_COMPARE(shown.size(), 3);
            QCOMPARE(page.currentBoxId(), ksddBox_);
            QTest::keyClick(page.view(), Qt::Key_R);
            QCOMPARE(page.queueSize(), 0);
        }
        const auto items = reviewCrowd(check, MergeOptions{}, 2).items;
        QCOMPARE(int(items[0].tally.decision), int(ReviewDecision::Accepted));
        QCOMPARE(items[0].tally.defectType, std::string("crack"));
        QCOMPARE(int(items[1].tally.decision), int(ReviewDecision::Rejected));
        QCOMPARE(int(items[2].tally.decision), int(ReviewDecision::Pending));

        // Expert 3 sees only the undecided crack, and accepts it as a spot: 2 of 3.
        {
            ReviewPage page;
            page.resize(1280, 800);
            page.show();
            QSignalSpy shown(&page, &ReviewPage::itemShown);
            QSignalSpy built(&page, &ReviewPage::patternsBuilt);
            page.start(project, *project->worker(experts_[2]));
            QCOMPARE(page.queueSize(), 1);
            QTRY_COMPARE(shown.size(), 1);
            QCOMPARE(page.currentBoxId(), ksddBox_);
            QTest::keyClick(page.view(), Qt::Key_2);
            QTest::keyClick(page.view(), Qt::Key_A);
            const auto decided = reviewCrowd(check, MergeOptions{}, 2).items;
            QCOMPARE(int(decided[2].tally.decision), int(ReviewDecision::Accepted));
            QCOMPARE(decided[2].tally.defectType, std::string("spot"));

            // Build Patterns: the group (crowd) and the two accepted boxes (reviewed).
            auto* build = page.findChild<QPushButton*>(QStringLiteral("buildPatternsButton"));
            QVERIFY(build && build->isEnabled());
            build->click();
            QTRY_COMPARE_WITH_TIMEOUT(built.size(), 1, 20000);
            QCOMPARE(built.first().at(0).toInt(), 3);
        }
        const auto patterns = check.patterns();
        QCOMPARE(patterns.size(), size_t(3));
        int crowd = 0, reviewed = 0;
        for (const auto& p : patterns) {
            crowd += p.origin == PatternOrigin::Crowd;
            reviewed += p.origin == PatternOrigin::Reviewed;
            if (p.sourceImageId == std::optional<Id>(ksdd_)) {
                QCOMPARE(p.defectType, std::string("spot"));
                QCOMPARE(p.width, 246);
                QCOMPARE(p.height, 46);
            }
        }
        QCOMPARE(crowd, 1);
        QCOMPARE(reviewed, 2);
        QCOMPARE(check.votes().size(), size_t(7)); // the rejected box's votes stay for audit
        QCOMPARE(check.boxes().size(), sampleBoxes_.size() + 1);
    }

private:
    QTemporaryDir dir_;
    std::string path_;
    Id sample_ = 0, ksdd_ = 0, ksddBox_ = 0;
    std::vector<Id> sampleBoxes_;
    std::vector<Id> experts_;
};

QTEST_MAIN(TestReviewPage)
#include "TestReviewPage.moc"
