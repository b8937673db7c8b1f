#pragma once

#include "project/Project.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QListView;
class QMenu;
class QProgressDialog;
class QStackedWidget;
class QToolBar;

namespace ig::ui {

class AnnotationPage;
class ImageListModel;
class ImageView;
class QtFeedback;
class ReviewPage;
class SignInDialog;
class ThumbnailLoader;
class TutorialPage;
class WelcomePage;

// The application window: a welcome page without a project; with one, the list of its images
// (thumbnails) beside the image view, and a status bar with the image's name, size, zoom, the
// value under the cursor and the project's counts.
//
// Opening, creating, importing and decoding run on worker threads; the window only ever waits
// for them in its destructor (after asking an import to cancel). Failures are shown in a
// window-modal message box that does not block the event loop, and reported by signals.
//
// Threading: GUI thread only. The open ig::Project is used on the GUI thread only; imports
// open their own connection on the worker.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the project file at `path` in the background; it replaces the open project on
    // success, else a message box says why and the open project stays.
    void openProject(const QString& path);
    // Creates a project at `projectPath` and imports the images of `imageFolder` (none when
    // empty) in the background with a cancelable progress dialog, then opens it.
    void createProject(const QString& projectPath, const QString& imageFolder);
    // Imports the images of `folder` into the open project in the background, then reloads it.
    void importFolder(const QString& folder);
    void closeProject();

    bool hasProject() const { return project_ != nullptr; }
    QString projectPath() const;
    const ProjectSummary& summary() const { return summary_; }
    // True while a project is being opened or images imported.
    bool isBusy() const;

    ImageView* imageView() const { return view_; }
    QListView* imageList() const { return list_; }
    ImageListModel* imageModel() const { return model_; }
    ThumbnailLoader* thumbnailLoader() const { return thumbnails_; }
    WelcomePage* welcomePage() const { return welcome_; }

    // ---- Crowd workflow ----
    // With a project open, the window works in one of these modes (the toolbar's switch):
    // Browse the images; Annotate (workers' boxes); Review (experts' votes); Tutorial. Which
    // modes are offered follows the signed-in worker's role (Review: expert and QA). Opening a
    // project signs in the worker remembered for it, or asks who is working (a dialog that does
    // not block browsing); signing in shows the role's screen: a worker's tutorial before
    // their first task, then Annotate; an expert's Review; QA's Browse.
    enum class Mode { Browse, Annotate, Review, Tutorial };
    // Signs in on the open project (a new name becomes a worker; a known one takes `role`),
    // remembers it for this project, and shows the role's screen. Errors go to a message box.
    void signIn(const QString& name, Role role);
    void signOut();
    const std::optional<WorkerRecord>& signedInWorker() const { return worker_; }
    // The sign-in dialog while it is open, else null.
    SignInDialog* signInDialog() const;
    // Ignored when the signed-in role may not use `mode`.
    void setMode(Mode mode);
    Mode mode() const;
    bool isModeAvailable(Mode mode) const;
    AnnotationPage* annotationPage() const { return annotation_; }
    ReviewPage* reviewPage() const { return review_; }
    TutorialPage* tutorialPage() const { return tutorial_; }

Q_SIGNALS:
    void projectOpened(const QString& path);
    // Opening, creating or importing failed; `message` is the ig::Error text shown to the user.
    void operationFailed(const QString& message);
    void importFinished(int added, int duplicates, int skipped, bool canceled);
    // The view shows the image at `path` (after it was decoded in the background).
    void imageShown(const QString& path);
    void signedIn(const QString& name);
    void modeChanged(ig::ui::MainWindow::Mode mode);

private:
    struct OpenResult;
    struct ImportResult;
    struct LoadResult;

    void createActions();
    void createMenus();
    void createStatusBar();
    void newProjectInteractively();
    void openProjectInteractively();
    void importFolderInteractively();
    void showAbout();

    void finishOpen(const QString& path, quint64 ticket, const OpenResult& result);
    void startImport(const QString& projectPath, const QString& folder, bool create);
    void finishImport(const QString& projectPath, const ImportResult& result);
    void showImageOfRow(int row);
    void startImageLoad(const QString& path);
    void finishImageLoad(const QString& path, const LoadResult& result);

    void showError(const QString& title, const QString& message);
    void updateCounts();
    void updateZoomLabel(double zoom);
    void updateActions();
    void refreshRecentProjects();

    // crowd workflow
    void createCrowdActions();
    void beginCrowdSession();
    void askSignIn();
    void showRoleHome();
    void updateModeActions();
    void showCrowdSettings();

    // project state
    std::shared_ptr<Project> project_;
    ProjectSummary summary_;
    quint64 openTicket_ = 0; // the latest openProject() call; older results are dropped
    int pendingOpens_ = 0;

    // background work
    QPointer<QtFeedback> importFeedback_;
    QFutureWatcher<void>* importWatcher_ = nullptr;
    QPointer<QProgressDialog> progress_;
    QString loadingPath_; // image being decoded for the view
    QString queuedPath_;  // image to decode next (only the latest selection is kept)

    // widgets
    QStackedWidget* pages_;
    WelcomePage* welcome_;
    QListView* list_;
    ImageView* view_;
    ThumbnailLoader* thumbnails_;
    ImageListModel* model_;
    QLabel* nameLabel_;
    QLabel* sizeLabel_;
    QLabel* zoomLabel_;
    QLabel* pixelLabel_;
    QLabel* countsLabel_;

    // actions
    QAction* newAction_;
    QAction* openAction_;
    QAction* importAction_;
    QAction* closeAction_;
    QAction* quitAction_;
    QAction* zoomInAction_;
    QAction* zoomOutAction_;
    QAction* fitAction_;
    QAction* fitWidthAction_;
    QAction* actualSizeAction_;
    QAction* aboutAction_;
    QMenu* recentMenu_;

    // crowd workflow
    std::optional<WorkerRecord> worker_;
    QPointer<SignInDialog> signInDialog_;
    AnnotationPage* annotation_;
    ReviewPage* review_;
    TutorialPage* tutorial_;
    QToolBar* modeBar_;
    QActionGroup* modeGroup_;
    QAction* browseModeAction_;
    QAction* annotateModeAction_;
    QAction* reviewModeAction_;
    QAction* tutorialModeAction_;
    QAction* signInAction_;
    QAction* crowdSettingsAction_;
    QLabel* workerLabel_;
};

} // namespace ig::ui
