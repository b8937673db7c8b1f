// MainWindow end to end on real KolektorSDD images: open a project, thumbnails arrive lazily,
// select with keys and mouse, zoom (Ctrl+wheel, keys), pan by dragging, errors in message
// boxes, create + import in the background; saves a screenshot of the window.
#include "ui/ImageListModel.h"
#include "ui/ImageView.h"
#include "ui/MainWindow.h"
#include "ui/ThumbnailLoader.h"
#include "ui/WelcomePage.h"

#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace ig::ui;

namespace {

// 12 KolektorSDD images; kos01_Part5 and kos02_Part6 show a crack.
const char* const kImages[] = {
    "kos01_Part0.png", "kos01_Part1.png", "kos01_Part2.png", "kos01_Part3.png",
    "kos01_Part4.png", "kos01_Part5.png", "kos01_Part6.png", "kos01_Part7.png",
    "kos02_Part4.png", "kos02_Part5.png", "kos02_Part6.png", "kos02_Part7.png",
};

void sendCtrlWheel(QWidget* viewport, QPoint pos, int delta) {
    QWheelEvent event(QPointF(pos), QPointF(viewport->mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &event);
}

QMessageBox* visibleMessageBox(QWidget* window) {
    for (QMessageBox* box : window->findChildren<QMessageBox*>())
        if (box->isVisible())
            return box;
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("InspectorGadgetTests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestMainWindow"));
        QSettings().clear();

        QVERIFY(dir_.isValid());
        imagesDir_ = dir_.filePath(QStringLiteral("images"));
        QVERIFY(QDir().mkpath(imagesDir_));
        for (const char* name : kImages)
            QVERIFY(QFile::copy(QStringLiteral(IG_SHARED_DATA "/ksdd/images/") + name,
                                imagesDir_ + QLatin1Char('/') + name));
        projectPath_ = dir_.filePath(QStringLiteral("ksdd12.gadget"));
        ig::Project project = ig::Project::create(projectPath_.toStdString());
        ig::SilentFeedback feedback;
        const ig::ImportReport report =
            ig::importImages(project, {imagesDir_.toStdString()}, feedback);
        QCOMPARE(report.added, 12);
    }

    void opensProjectBrowsesZoomsAndPans() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.welcomePage()->isVisible());

        QSignalSpy opened(&window, &MainWindow::projectOpened);
        QSignalSpy shown(&window, &MainWindow::imageShown);
        window.openProject(projectPath_);
        QTRY_VERIFY(window.hasProject());
        QCOMPARE(opened.size(), 1);
        QVERIFY(!window.welcomePage()->isVisible());
        ImageListModel* model = window.imageModel();
        QCOMPARE(model->rowCount(), 12);
        QTRY_VERIFY(window.imageView()->hasImage()); // the first image is shown
        auto* counts = window.findChild<QLabel*>(QStringLiteral("projectCountsLabel"));
        QVERIFY(counts->text().startsWith(QStringLiteral("12 images")));

        // Thumbnails arrive for the visible rows, and only for those at first.
        QListView* list = window.imageList();
        ThumbnailLoader* thumbnails = window.thumbnailLoader();
        auto visibleRows = [&] {
            QList<int> rows;
            for (int row = 0; row < model->rowCount(); ++row)
                if (list->viewport()->rect().intersects(list->visualRect(model->index(row))))
                    rows << row;
            return rows;
        };
        auto haveThumbnails = [&](const QList<int>& rows) {
            for (int row : rows)
                if (!thumbnails->thumbnail(model->record(row).id))
                    return false;
            return true;
        };
        const QList<int> firstRows = visibleRows();
        QVERIFY(!firstRows.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(haveThumbnails(firstRows), 30000);
        qInfo("%lld rows visible, %d thumbnails decoded", qlonglong(firstRows.size()),
              thumbnails->decodedCount());
        if (firstRows.size() < 12)
            QVERIFY(thumbnails->decodedCount() < 12);
        list->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(haveThumbnails(visibleRows()), 30000);
        list->scrollToTop();
        QCOMPARE(thumbnails->thumbnail(model->record(0).id)->size(), thumbnails->boxSize());

        // Keyboard: Down selects the next image, which the view then shows.
        list->setFocus();
        QCOMPARE(list->currentIndex().row(), 0);
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(list->currentIndex().row(), 1);
        QTRY_VERIFY(!shown.isEmpty() && shown.last().at(0).toString() == model->absolutePath(1));

        // Mouse: click the image with a crack.
        const QModelIndex crack = model->index(5);
        list->scrollTo(crack);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(crack).center());
        QCOMPARE(list->currentIndex().row(), 5);
        QTRY_VERIFY(shown.last().at(0).toString() == model->absolutePath(5));
        ImageView* view = window.imageView();
        QCOMPARE(view->image().size(), QSize(model->record(5).width, model->record(5).height));
        auto* name = window.findChild<QLabel*>(QStringLiteral("imageNameLabel"));
        QCOMPARE(name->text(), QStringLiteral("kos01_Part5.png"));

        // Ctrl+wheel zooms in around the cursor; F fits again.
        QVERIFY(view->isFitMode());
        const double fit = view->zoom();
        QCOMPARE(fit, view->fitZoom());
        const QPoint cursor = view->viewport()->rect().center() + QPoint(20, -150);
        const QPointF under = view->viewportToImage(cursor);
        sendCtrlWheel(view->viewport(), cursor, 120);
        sendCtrlWheel(view->viewport(), cursor, 120);
        QVERIFY(qAbs(view->zoom() - fit * ImageView::kZoomStep * ImageView::kZoomStep) < 1e-9);
        // The image is still narrower than the view (centred), but taller: the row under the
        // cursor stays under it.
        QVERIFY(QSizeF(view->image().size()).width() * view->zoom() < view->viewport()->width());
        QVERIFY(qAbs(view->imageToViewport(under).y() - cursor.y()) <= 1.0);
        auto* zoomLabel = window.findChild<QLabel*>(QStringLiteral("zoomLabel"));
        QCOMPARE(zoomLabel->text(), QStringLiteral("Zoom %1 %").arg(view->zoom() * 100, 0, 'f', 0));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_F);
        QVERIFY(view->isFitMode());
        QCOMPARE(view->zoom(), fit);

        // + zooms in (a window shortcut), then dragging pans by the mouse's travel.
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(qAbs(view->zoom() - fit * std::pow(ImageView::kZoomStep, 5)) < 1e-9);
        QScrollBar* v = view->verticalScrollBar();
        QVERIFY(v->maximum() > 0);
        const int v0 = v->value();
        const QPoint start = view->viewport()->rect().center();
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, start);
        QTest::mouseMove(view->viewport(), start + QPoint(0, -50));
        QTest::mouseMove(view->viewport(), start + QPoint(0, -100));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, start + QPoint(0, -100));
        QCOMPARE(v->value(), std::min(v->maximum(), v0 + 100));
        QVERIFY(v->value() != v0);

        // Back to the fitted crack image for the screenshot, with a pixel value in the status.
        QTest::keyClick(view, Qt::Key_F);
        const QPoint onImage = view->imageToViewport(QPointF(250, 600)).toPoint();
        QTest::mouseMove(view->viewport(), onImage);
        auto* pixel = window.findChild<QLabel*>(QStringLiteral("pixelLabel"));
        QTRY_VERIFY(pixel->text().startsWith(QStringLiteral("x ")));

        QVERIFY(QDir().mkpath(QStringLiteral(IG_TEST_OUTPUT "/screenshots")));
        const QPixmap shot = window.grab();
        QCOMPARE(shot.size(), QSize(1280, 800));
        QVERIFY(shot.save(QStringLiteral(IG_TEST_OUTPUT "/screenshots/main-window.png")));
    }

    void welcomePageListsRecentProjects() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The project opened by the previous test is remembered.
        QCOMPARE(window.welcomePage()->recentList()->count(), 1);
        QCOMPARE(window.welcomePage()->recentList()->item(0)->data(Qt::UserRole).toString(),
                 QFileInfo(projectPath_).absoluteFilePath());
        QVERIFY(QDir().mkpath(QStringLiteral(IG_TEST_OUTPUT "/screenshots")));
        QVERIFY(window.grab().save(QStringLiteral(IG_TEST_OUTPUT "/screenshots/welcome.png")));
    }

    void failedOpenShowsTheErrorAndKeepsTheProject() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy failed(&window, &MainWindow::operationFailed);

        const QString notAProject = dir_.filePath(QStringLiteral("notes.gadget"));
        QFile file(notAProject);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are plain notes, not an SQLite project\n");
        file.close();
        window.openProject(notAProject);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(!window.hasProject());
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = visibleMessageBox(&window)) != nullptr);
        QCOMPARE(box->text(), failed.last().at(0).toString());
        QVERIFY(box->text().size() > 20);
        qInfo("error shown: %s", qPrintable(box->text()));
        box->accept();

        // With a project open, a failed open leaves it open.
        window.openProject(projectPath_);
        QTRY_VERIFY(window.hasProject());
        window.openProject(dir_.filePath(QStringLiteral("missing.gadget")));
        QTRY_COMPARE(failed.size(), 2);
        QVERIFY(window.hasProject());
        QCOMPARE(window.projectPath(), projectPath_);
        QTRY_VERIFY(visibleMessageBox(&window) != nullptr);
        visibleMessageBox(&window)->accept();
    }

    void createsProjectAndImportsInTheBackground() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy imported(&window, &MainWindow::importFinished);
        const QString path = dir_.filePath(QStringLiteral("created.gadget"));
        window.createProject(path, imagesDir_);
        QVERIFY(window.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 60000);
        QCOMPARE(imported.last().at(0).toInt(), 12); // added
        QCOMPARE(imported.last().at(1).toInt(), 0);  // duplicates
        QCOMPARE(imported.last().at(2).toInt(), 0);  // skipped
        QCOMPARE(imported.last().at(3).toBool(), false);
        QTRY_VERIFY(window.hasProject() && !window.isBusy());
        QCOMPARE(window.imageModel()->rowCount(), 12);
        QCOMPARE(window.summary().images, 12);

        // The same folder again: every image is a duplicate.
        window.importFolder(imagesDir_);
        QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 2, 60000);
        QCOMPARE(imported.last().at(0).toInt(), 0);
        QCOMPARE(imported.last().at(1).toInt(), 12);
        QTRY_VERIFY(!window.isBusy());
        QCOMPARE(window.imageModel()->rowCount(), 12);

        // Closing goes back to the welcome page, which now lists the new project.
        window.closeProject();
        QVERIFY(!window.hasProject());
        QVERIFY(window.welcomePage()->isVisible());
        QCOMPARE(window.imageModel()->rowCount(), 0);
        QCOMPARE(window.welcomePage()->recentList()->item(0)->data(Qt::UserRole).toString(),
                 QFileInfo(path).absoluteFilePath());
    }

    void cancelingTheProgressDialogStopsTheImport() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy imported(&window, &MainWindow::importFinished);
        window.createProject(dir_.filePath(QStringLiteral("canceled.gadget")), imagesDir_);
        auto* progress = window.findChild<QProgressDialog*>();
        QVERIFY(progress);
        auto* cancelButton = progress->findChild<QPushButton*>();
        QVERIFY(cancelButton);
        cancelButton->click(); // what the user does; QProgressDialog::cancel() alone emits nothing
        QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 60000);
        QCOMPARE(imported.last().at(3).toBool(), true);
        // What was imported before the cancel is kept and opened.
        QTRY_VERIFY(window.hasProject() && !window.isBusy());
        qInfo("%d of 12 images imported before the cancel took effect",
              window.imageModel()->rowCount());
        QVERIFY(window.imageModel()->rowCount() <= 12);
    }

private:
    QTemporaryDir dir_;
    QString imagesDir_;
    QString projectPath_;
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
