// The crowd workflow in the main window, on KolektorSDD images with crowd work already done:
// the sign-in dialog at project open (remembered per project), the mode switch by role, a new
// worker's tutorial (practice checked by IoU, then on to annotating), an expert's review, QA's
// settings. Saves the 1280 x 800 screenshots sign-in.png, tutorial.png, annotation.png and
// review.png of the window.
#include "ui/AnnotationPage.h"
#include "ui/BoxEditorView.h"
#include "ui/CrowdSettingsDialog.h"
#include "ui/MainWindow.h"
#include "ui/ReviewPage.h"
#include "ui/SignInDialog.h"
#include "ui/ThumbnailLoader.h"
#include "ui/TutorialPage.h"

#include "crowd/CrowdPatterns.h"
#include "crowd/CrowdSettings.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace ig;
using namespace ig::ui;

namespace {

const char* const kImages[] = {"kos01_Part5.png", "kos10_Part3.png", "kos02_Part6.png",
                               "kos01_Part0.png", "kos01_Part1.png", "kos01_Part2.png",
                               "kos01_Part3.png", "kos01_Part4.png"};

void saveShot(const QPixmap& shot, const char* name) {
    QVERIFY(QDir().mkpath(QStringLiteral(IG_TEST_OUTPUT "/screenshots")));
    QCOMPARE(shot.size(), QSize(1280, 800));
    QVERIFY(shot.save(QStringLiteral(IG_TEST_OUTPUT "/screenshots/") + QLatin1String(name)));
}

// The offscreen platform has no window manager: draw the dialog over the window the way one
// would place it (centred), so the screenshot shows what the user sees.
QPixmap windowWithDialog(QWidget& window, QWidget& dialog) {
    QPixmap shot = window.grab();
    QPainter painter(&shot);
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70));
    const QPixmap front = dialog.grab();
    const QPoint at((shot.width() - front.width()) / 2, (shot.height() - front.height()) / 3);
    painter.fillRect(QRect(at, front.size()).adjusted(-1, -1, 1, 1), QColor(0x60, 0x64, 0x6a));
    painter.drawPixmap(at, front);
    return shot;
}

BoxRecord box(Id image, Id worker, Rect rect, const std::string& type) {
    BoxRecord b;
    b.imageId = image;
    b.workerId = worker;
    b.rect = rect;
    b.defectType = type;
    return b;
}

} // namespace

class TestCrowdWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InspectorGadgetTests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestCrowdWorkflow"));
        QSettings().clear();

        QVERIFY(dir_.isValid());
        const QString images = dir_.filePath(QStringLiteral("images"));
        QVERIFY(QDir().mkpath(images));
        for (const char* name : kImages)
            QVERIFY(QFile::copy(QStringLiteral(IG_SHARED_DATA "/ksdd/images/") + name,
                                images + QLatin1Char('/') + name));
        path_ = dir_.filePath(QStringLiteral("crowd.gadget"));
        Project p = Project::create(path_.toStdString());
        SilentFeedback feedback;
        QCOMPARE(importImages(p, {images.toStdString()}, feedback).added, 8);
        CrowdSettings settings;
        settings.defectTypes = {"crack", "spot"};
        settings.targetDefectiveImages = 5;
        saveCrowdSettings(p, settings);
        setDefectDescription(p, "crack",
                             "A thin dark line across the commutator's surface, often bent; "
                             "box all of it.");
        setDefectDescription(p, "spot", "A small round stain, darker or brighter than the metal.");

        // Crowd work: on kos01_Part5 two workers box the crack (a group) and a third a spot
        // nobody else saw; on kos10_Part3 one worker boxes the crack, which an expert accepts.
        const Id part5 = p.imageByName("kos01_Part5.png")->id;
        const Id part3 = p.imageByName("kos10_Part3.png")->id;
        const Id w1 = p.addWorker("worker1", Role::Worker);
        const Id w2 = p.addWorker("worker2", Role::Worker);
        const Id w3 = p.addWorker("worker3", Role::Worker);
        const Id rex = p.addWorker("rex", Role::Expert);
        p.addBoxJournaled(box(part5, w1, {224, 569, 246, 46}, "crack"));
        p.addBoxJournaled(box(part5, w2, {230, 566, 236, 52}, "crack"));
        p.addBoxJournaled(box(part5, w3, {90, 180, 60, 60}, "spot"));
        const Id lonely = p.addBoxJournaled(box(part3, w1, {59, 595, 441, 54}, "crack"));
        for (Id w : {w1, w2, w3})
            for (Id image : {part5, part3})
                p.markImageDone(image, w);
        p.addVote({0, lonely, rex, Vote::Accept, "crack", ""});
        QCOMPARE(buildPatternsFromCrowd(p, mergeOptionsOf(settings), 1, feedback), 2);
    }

    void signInAtOpenIsRememberedAndPicksTheRole() {
        {
            MainWindow window;
            window.resize(1280, 800);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QSignalSpy signedIn(&window, &MainWindow::signedIn);
            window.openProject(path_);
            QTRY_VERIFY(window.signInDialog() != nullptr);
            SignInDialog* dialog = window.signInDialog();
            QTRY_VERIFY(dialog->isVisible());
            QVERIFY(!window.signedInWorker());
            QVERIFY(window.isModeAvailable(MainWindow::Mode::Browse));
            QVERIFY(!window.isModeAvailable(MainWindow::Mode::Annotate));
            // Known names are offered; choosing one shows its role.
            QVERIFY(dialog->nameBox()->findText(QStringLiteral("rex")) >= 0);
            dialog->nameBox()->setCurrentText(QStringLiteral("rex"));
            QCOMPARE(dialog->identity().role, Role::Expert);
            // Type a new name, pick a role.
            auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
            dialog->nameBox()->setCurrentText(QString());
            QVERIFY(!ok->isEnabled());
            QTest::keyClicks(dialog->nameBox()->lineEdit(), QStringLiteral("ana"));
            dialog->roleBox()->setCurrentIndex(dialog->roleBox()->findData(int(Role::Worker)));
            QVERIFY(ok->isEnabled());
            QTRY_VERIFY(window.thumbnailLoader()->decodedCount() >= 7); // for the screenshot
            saveShot(windowWithDialog(window, *dialog), "sign-in.png");
            ok->click();
            QTRY_COMPARE(signedIn.size(), 1);
            QVERIFY(window.signedInWorker());
            QCOMPARE(window.signedInWorker()->name, std::string("ana"));
            QCOMPARE(window.signedInWorker()->role, Role::Worker);
            QTRY_VERIFY(window.signInDialog() == nullptr);
            // A worker: Annotate, Tutorial, no Review; the tutorial comes first.
            QVERIFY(window.isModeAvailable(MainWindow::Mode::Annotate));
            QVERIFY(!window.isModeAvailable(MainWindow::Mode::Review));
            QCOMPARE(window.mode(), MainWindow::Mode::Tutorial);
            auto* modeBar = window.findChild<QToolBar*>(QStringLiteral("modeBar"));
            QVERIFY(modeBar->isVisible());
            Project check = Project::open(path_.toStdString());
            QCOMPARE(check.workerByName("ana")->role, Role::Worker);
        }
        {
            // Opened again: no dialog, ana is back.
            MainWindow window;
            window.resize(1280, 800);
            window.show();
            QSignalSpy signedIn(&window, &MainWindow::signedIn);
            window.openProject(path_);
            QTRY_COMPARE(signedIn.size(), 1);
            QVERIFY(window.signInDialog() == nullptr);
            QCOMPARE(window.signedInWorker()->name, std::string("ana"));
        }
    }

    // ana's first task: the tutorial (crack with a practice image, spot to read), then the
    // annotation screen with an image handed out by the sampler.
    void tutorialThenAnnotation() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy signedIn(&window, &MainWindow::signedIn);
        // Listen before opening: on a fast machine the first lesson shows at once.
        TutorialPage* tutorial = window.tutorialPage();
        QSignalSpy lesson(tutorial, &TutorialPage::lessonShown);
        window.openProject(path_);
        QTRY_COMPARE(signedIn.size(), 1);
        QCOMPARE(window.mode(), MainWindow::Mode::Tutorial);
        QTRY_COMPARE(lesson.size(), 1);
        QCOMPARE(tutorial->lessonCount(), 2);
        QCOMPARE(tutorial->lessonType(), QStringLiteral("crack"));
        QVERIFY(tutorial->hasPractice());
        QCOMPARE(tutorial->exampleCount(), 1);
        BoxEditorView* practice = tutorial->practiceView();
        QVERIFY(practice->hasImage());

        // A wrong box first: far from the defect.
        const QRectF answer = tutorial->practiceAnswer();
        QSignalSpy checked(tutorial, &TutorialPage::checked);
        QTest::keyClick(practice, Qt::Key_W);
        const QPoint w0 = practice->imageToViewport(QPointF(20, 40)).toPoint();
        QTest::mousePress(practice->viewport(), Qt::LeftButton, {}, w0);
        QTest::mouseMove(practice->viewport(), w0 + QPoint(30, 30));
        QTest::mouseRelease(practice->viewport(), Qt::LeftButton, {}, w0 + QPoint(30, 30));
        QTest::keyClick(practice, Qt::Key_Space);
        QCOMPARE(checked.size(), 1);
        QCOMPARE(checked.last().at(0).toBool(), false);
        QVERIFY(!tutorial->lessonPassed());
        // Delete it and box the crack.
        QTest::keyClick(practice, Qt::Key_Delete);
        QTest::keyClick(practice, Qt::Key_W);
        const QPoint a = practice->imageToViewport(answer.topLeft() + QPointF(4, 2)).toPoint();
        const QPoint b = practice->imageToViewport(answer.bottomRight() + QPointF(6, 3)).toPoint();
        QTest::mousePress(practice->viewport(), Qt::LeftButton, {}, a);
        QTest::mouseMove(practice->viewport(), (a + b) / 2);
        QTest::mouseMove(practice->viewport(), b);
        QTest::mouseRelease(practice->viewport(), Qt::LeftButton, {}, b);
        QTest::keyClick(practice, Qt::Key_Space);
        QCOMPARE(checked.size(), 2);
        QCOMPARE(checked.last().at(0).toBool(), true);
        QVERIFY(checked.last().at(1).toDouble() >= TutorialPage::kPassIoU);
        saveShot(window.grab(), "tutorial.png");

        // N: the spot lesson (no accepted spot yet: reading only), N again: annotating.
        QTest::keyClick(practice, Qt::Key_N);
        QTRY_COMPARE(lesson.size(), 2);
        QCOMPARE(tutorial->lessonType(), QStringLiteral("spot"));
        QVERIFY(!tutorial->hasPractice());
        QSignalSpy finished(tutorial, &TutorialPage::finished);
        QTest::keyClick(tutorial, Qt::Key_N);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(window.mode(), MainWindow::Mode::Annotate);
        Project check = Project::open(path_.toStdString());
        QVERIFY(tutorialPassed(check, check.workerByName("ana")->id));

        AnnotationPage* page = window.annotationPage();
        QTRY_VERIFY(page->currentImageId() != 0 && page->view()->hasImage());
        // kos01_Part5 and kos10_Part3 are done by 3 workers (the project's number): not again.
        const auto image = check.image(page->currentImageId());
        QVERIFY(image->path.find("kos01_Part5") == std::string::npos &&
                image->path.find("kos10_Part3") == std::string::npos);
        QCOMPARE(page->progressText(), QStringLiteral("Defective images found: 2 of 5"));
        // The browse view's shortcuts (W: fit width, 1: actual size) do not steal the keys.
        BoxEditorView* view = page->view();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_2);
        QCOMPARE(page->currentType(), QStringLiteral("spot"));
        QTest::keyClick(view, Qt::Key_W);
        QCOMPARE(view->mode(), BoxEditorView::Mode::Draw);
        const QPoint c = view->imageToViewport(QPointF(300, 200)).toPoint();
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, c);
        QTest::mouseMove(view->viewport(), c + QPoint(20, 20));
        QTest::mouseMove(view->viewport(), c + QPoint(40, 35));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, c + QPoint(40, 35));
        QTRY_COMPARE(int(view->boxes().size()), 1);
        const auto boxes =
            check.boxesOfImageBy(page->currentImageId(), check.workerByName("ana")->id);
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(boxes[0].defectType, std::string("spot"));
        saveShot(window.grab(), "annotation.png");
    }

    // The window is destroyed and made again (the app restarted): ana's last box can still be
    // undone and redone.
    void undoAfterTheWindowIsMadeAgain() {
        Project check = Project::open(path_.toStdString());
        const Id ana = check.workerByName("ana")->id;
        const auto before = check.boxes();
        QCOMPARE(before.back().workerId, ana);
        auto window = std::make_unique<MainWindow>();
        window->resize(1280, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QSignalSpy signedIn(window.get(), &MainWindow::signedIn);
        window->openProject(path_);
        QTRY_COMPARE(signedIn.size(), 1);
        QCOMPARE(window->mode(), MainWindow::Mode::Annotate); // the tutorial is passed
        AnnotationPage* page = window->annotationPage();
        QTRY_VERIFY(page->view()->hasImage());
        QTest::keyClick(page->view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(check.boxes().size(), before.size() - 1);
        QTest::keyClick(page->view(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(check.boxes().size(), before.size());
        QCOMPARE(check.boxes().back().id, before.back().id);
    }

    void expertReviewsInTheWindow() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy signedIn(&window, &MainWindow::signedIn);
        window.openProject(path_);
        QTRY_COMPARE(signedIn.size(), 1); // ana, remembered
        window.signIn(QStringLiteral("eve"), Role::Expert);
        QCOMPARE(signedIn.size(), 2);
        QCOMPARE(window.mode(), MainWindow::Mode::Review);
        ReviewPage* review = window.reviewPage();
        // Waiting: worker3's spot (kos10's crack was decided by rex, quorum 1).
        QCOMPARE(review->queueSize(), 1);
        QSignalSpy shown(review, &ReviewPage::itemShown);
        QTRY_VERIFY(review->view()->hasImage());
        QTRY_VERIFY(review->currentBoxId() != 0);
        QTest::qWait(100);
        saveShot(window.grab(), "review.png");
        QTest::keyClick(review->view(), Qt::Key_R);
        QCOMPARE(review->queueSize(), 0);
        Project check = Project::open(path_.toStdString());
        const auto votes = check.votes();
        QCOMPARE(votes.size(), size_t(2));
        QCOMPARE(votes.back().workerId, check.workerByName("eve")->id);
        QCOMPARE(votes.back().vote, Vote::Reject);
        // Experts can annotate too, and go back to browsing.
        QVERIFY(window.isModeAvailable(MainWindow::Mode::Annotate));
        window.setMode(MainWindow::Mode::Browse);
        QCOMPARE(window.mode(), MainWindow::Mode::Browse);
    }

    void qaEditsTheCrowdSettings() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QSignalSpy signedIn(&window, &MainWindow::signedIn);
        window.openProject(path_);
        QTRY_VERIFY(signedIn.size() >= 1);
        window.signIn(QStringLiteral("quinn"), Role::Qa);
        QCOMPARE(window.mode(), MainWindow::Mode::Browse);
        QAction* settings = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text() == MainWindow::tr("Crowd &Settings…"))
                settings = action;
        QVERIFY(settings && settings->isEnabled());
        settings->trigger();
        CrowdSettingsDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<CrowdSettingsDialog*>()) != nullptr);
        CrowdSettings s = dialog->settings();
        QCOMPARE(s.defectTypes, (std::vector<std::string>{"crack", "spot"}));
        s.defectTypes.push_back("crack"); // refused: listed twice; the dialog stays open
        dialog->setSettings(s);
        dialog->accept();
        QVERIFY(dialog->isVisible());
        s.defectTypes = {"crack", "spot", "scratch"};
        s.reviewQuorum = 2;
        dialog->setSettings(s);
        dialog->accept();
        Project check = Project::open(path_.toStdString());
        const CrowdSettings stored = loadCrowdSettings(check);
        QCOMPARE(stored.defectTypes.size(), size_t(3));
        QCOMPARE(stored.reviewQuorum, 2);
    }

private:
    QTemporaryDir dir_;
    QString path_;
};

QTEST_MAIN(TestCrowdWorkflow)
#include "TestCrowdWorkflow.moc"
