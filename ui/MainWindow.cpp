#include "ui/MainWindow.h"

#include "ui/AnnotationPage.h"
#include "ui/CrowdSettingsDialog.h"
#include "ui/DisplayImage.h"
#include "ui/ImageListModel.h"
#include "ui/ImageView.h"
#include "ui/QtFeedback.h"
#include "ui/RecentProjects.h"
#include "ui/ReviewPage.h"
#include "ui/SignInDialog.h"
#include "ui/ThumbnailLoader.h"
#include "ui/TutorialPage.h"
#include "ui/WelcomePage.h"

#include "crowd/CrowdSettings.h"
#include "io/ImageImporter.h"
#include "util/Error.h"
#include "util/Version.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <utility>

// Resources of a static library must be registered by hand, from the global namespace.
static void initIgResources() {
    Q_INIT_RESOURCE(resources);
}

namespace ig::ui {

namespace {
const QSize kThumbnailBox(72, 96);

QString fileNameOf(const QString& path) {
    return QFileInfo(path).fileName();
}
} // namespace

struct MainWindow::OpenResult {
    std::shared_ptr<Project> project;
    std::vector<ImageRecord> images;
    QVector<QString> paths;
    ProjectSummary summary;
    QString error;
};

struct MainWindow::ImportResult {
    bool projectExists = false; // created, or opened for the import
    bool canceled = false;
    ImportReport report;
    QString error;
};

struct MainWindow::LoadResult {
    DisplayImage image;
    QString error;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initIgResources();
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/inspector-gadget-%1.png").arg(size),
                     QSize(size, size));
    setWindowIcon(icon);

    thumbnails_ = new ThumbnailLoader(kThumbnailBox, this);
    model_ = new ImageListModel(thumbnails_, this);

    welcome_ = new WelcomePage(this);
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("imageList"));
    list_->setModel(model_);
    list_->setIconSize(kThumbnailBox);
    list_->setUniformItemSizes(true); // lets the view size rows without asking every item
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    list_->setTextElideMode(Qt::ElideMiddle);
    list_->setSpacing(1);
    list_->setMinimumWidth(200);

    view_ = new ImageView(this);
    view_->setObjectName(QStringLiteral("imageView"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(list_);
    splitter->addWidget(view_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 980});
    splitter->setChildrenCollapsible(false);

    annotation_ = new AnnotationPage(this);
    review_ = new ReviewPage(this);
    tutorial_ = new TutorialPage(this);

    pages_ = new QStackedWidget(this);
    pages_->addWidget(welcome_);
    pages_->addWidget(splitter);
    pages_->addWidget(annotation_); // the order of Mode, after the welcome page
    pages_->addWidget(review_);
    pages_->addWidget(tutorial_);
    setCentralWidget(pages_);

    createActions();
    createMenus();
    createStatusBar();
    createCrowdActions();

    connect(welcome_, &WelcomePage::newProjectRequested, this,
            &MainWindow::newProjectInteractively);
    connect(welcome_, &WelcomePage::openProjectRequested, this,
            &MainWindow::openProjectInteractively);
    connect(welcome_, &WelcomePage::recentProjectChosen, this, &MainWindow::openProject);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showImageOfRow(current.row()); });
    connect(view_, &ImageView::zoomChanged, this, &MainWindow::updateZoomLabel);
    connect(view_, &ImageView::pixelHovered, this, [this](int x, int y, const QString& value) {
        pixelLabel_->setText(tr("x %1, y %2: %3").arg(x).arg(y).arg(value));
    });
    connect(view_, &ImageView::pixelLeft, this, [this] { pixelLabel_->clear(); });
    connect(tutorial_, &TutorialPage::finished, this, [this] { setMode(Mode::Annotate); });

    setWindowTitle(tr("Inspector Gadget"));
    refreshRecentProjects();
    updateActions();
    resize(1280, 800);
}

MainWindow::~MainWindow() {
    // The import reports through a feedback object this window owns: stop it and wait.
    if (importWatcher_ && importWatcher_->isRunning()) {
        if (importFeedback_)
            importFeedback_->cancel();
        importWatcher_->waitForFinished();
    }
}

QString MainWindow::projectPath() const {
    return project_ ? QString::fromStdString(project_->path()) : QString();
}

bool MainWindow::isBusy() const {
    return pendingOpens_ > 0 || (importWatcher_ && importWatcher_->isRunning());
}

void MainWindow::createActions() {
    newAction_ = new QAction(tr("&New Project…"), this);
    newAction_->setShortcut(QKeySequence::New);
    connect(newAction_, &QAction::triggered, this, &MainWindow::newProjectInteractively);

    openAction_ = new QAction(tr("&Open Project…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openProjectInteractively);

    importAction_ = new QAction(tr("&Import Folder…"), this);
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(importAction_, &QAction::triggered, this, &MainWindow::importFolderInteractively);

    closeAction_ = new QAction(tr("&Close Project"), this);
    closeAction_->setShortcut(QKeySequence::Close);
    connect(closeAction_, &QAction::triggered, this, &MainWindow::closeProject);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    zoomInAction_ = new QAction(tr("Zoom &In"), this);
    zoomInAction_->setShortcuts(
        {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn});
    connect(zoomInAction_, &QAction::triggered, view_, &ImageView::zoomIn);

    zoomOutAction_ = new QAction(tr("Zoom &Out"), this);
    zoomOutAction_->setShortcuts({QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut});
    connect(zoomOutAction_, &QAction::triggered, view_, &ImageView::zoomOut);

    fitAction_ = new QAction(tr("&Fit to Window"), this);
    fitAction_->setShortcut(QKeySequence(Qt::Key_F));
    connect(fitAction_, &QAction::triggered, view_, &ImageView::fitToWindow);

    fitWidthAction_ = new QAction(tr("Fit &Width"), this);
    fitWidthAction_->setShortcut(QKeySequence(Qt::Key_W));
    connect(fitWidthAction_, &QAction::triggered, view_, &ImageView::fitToWidth);

    actualSizeAction_ = new QAction(tr("&Actual Size"), this);
    actualSizeAction_->setShortcut(QKeySequence(Qt::Key_1));
    connect(actualSizeAction_, &QAction::triggered, view_, &ImageView::showActualSize);

    aboutAction_ = new QAction(tr("&About Inspector Gadget"), this);
    aboutAction_->setMenuRole(QAction::AboutRole);
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(importAction_);
    file->addSeparator();
    file->addAction(closeAction_);
    file->addAction(quitAction_);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(zoomInAction_);
    viewMenu->addAction(zoomOutAction_);
    viewMenu->addSeparator();
    viewMenu->addAction(fitAction_);
    viewMenu->addAction(fitWidthAction_);
    viewMenu->addAction(actualSizeAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAction_);
}

void MainWindow::createStatusBar() {
    auto makeLabel = [this](const char* name) {
        auto* label = new QLabel(this);
        label->setObjectName(QLatin1String(name));
        label->setContentsMargins(6, 0, 6, 0);
        return label;
    };
    nameLabel_ = makeLabel("imageNameLabel");
    sizeLabel_ = makeLabel("imageSizeLabel");
    zoomLabel_ = makeLabel("zoomLabel");
    pixelLabel_ = makeLabel("pixelLabel");
    countsLabel_ = makeLabel("projectCountsLabel");
    zoomLabel_->setMinimumWidth(90);
    pixelLabel_->setMinimumWidth(160);
    statusBar()->addWidget(nameLabel_, 1);
    statusBar()->addWidget(sizeLabel_);
    statusBar()->addWidget(zoomLabel_);
    statusBar()->addWidget(pixelLabel_);
    statusBar()->addPermanentWidget(countsLabel_);
}

void MainWindow::updateActions() {
    const bool busy = importWatcher_ && importWatcher_->isRunning();
    const bool image = view_->hasImage();
    newAction_->setEnabled(!busy);
    openAction_->setEnabled(!busy);
    recentMenu_->setEnabled(!busy && !recentMenu_->isEmpty());
    importAction_->setEnabled(!busy && hasProject());
    closeAction_->setEnabled(!busy && hasProject());
    for (QAction* action :
         {zoomInAction_, zoomOutAction_, fitAction_, fitWidthAction_, actualSizeAction_})
        action->setEnabled(image && pages_->currentIndex() == 1);
    updateModeActions();
}

void MainWindow::refreshRecentProjects() {
    const QStringList recent = RecentProjects::list();
    welcome_->setRecentProjects(recent);
    recentMenu_->clear();
    for (const QString& path : recent) {
        QAction* action = recentMenu_->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openProject(path); });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

// ---- dialogs ---------------------------------------------------------------------------------

void MainWindow::newProjectInteractively() {
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"), QDir::homePath(),
                                                tr("Inspector Gadget projects (*.gadget)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".gadget");
    // The dialog asked before overwriting: make room for the new project.
    if (QFileInfo::exists(path) && !QFile::remove(path)) {
        showError(tr("Cannot Create Project"),
                  tr("The file %1 exists and cannot be replaced. Choose another name or check "
                     "the folder's permissions.")
                      .arg(QDir::toNativeSeparators(path)));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose the Folder of Images to Import"), QFileInfo(path).absolutePath());
    createProject(path, folder); // no folder: an empty project, to import into later
}

void MainWindow::openProjectInteractively() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), QDir::homePath(),
                                     tr("Inspector Gadget projects (*.gadget);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::importFolderInteractively() {
    if (!hasProject())
        return;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose the Folder of Images to Import"), QFileInfo(projectPath()).absolutePath());
    if (!folder.isEmpty())
        importFolder(folder);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Inspector Gadget"),
        tr("<h3>Inspector Gadget %1</h3><p>A data-programming labeling system for industrial "
           "images, after Heo et al., <i>Inspector Gadget: A Data Programming-based Labeling "
           "System for Industrial Images</i>, VLDB 2020.</p>")
            .arg(QLatin1String(ig::kVersion)));
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Window-modal and opened, not exec()'d: the event loop (and background work) goes on.
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
    Q_EMIT operationFailed(message);
}

// ---- opening -----------------------------------------------------------------------------------

void MainWindow::openProject(const QString& path) {
    const quint64 ticket = ++openTicket_;
    ++pendingOpens_;
    statusBar()->showMessage(tr("Opening %1…").arg(fileNameOf(path)));
    auto result = std::make_shared<OpenResult>();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, path, ticket, result] {
        watcher->deleteLater();
        --pendingOpens_;
        finishOpen(path, ticket, *result);
    });
    watcher->setFuture(QtConcurrent::run([path, result] {
        try {
            auto project = std::make_shared<Project>(Project::open(path.toStdString()));
            result->images = project->images();
            result->paths.reserve(int(result->images.size()));
            for (const ImageRecord& image : result->images)
                result->paths.append(QString::fromStdString(project->absoluteImagePath(image)));
            result->summary = project->summary();
            result->project = std::move(project);
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
    }));
}

void MainWindow::finishOpen(const QString& path, quint64 ticket, const OpenResult& result) {
    if (ticket != openTicket_)
        return; // the user asked for another project meanwhile
    statusBar()->clearMessage();
    if (!result.error.isEmpty()) {
        showError(tr("Cannot Open Project"), result.error);
        return;
    }
    const bool sameProject = project_ && project_->path() == result.project->path();
    const Mode previousMode = mode();
    const qint64 shownId = sameProject && list_->currentIndex().isValid()
                               ? list_->currentIndex().data(ImageListModel::IdRole).toLongLong()
                               : -1;
    if (!sameProject)
        thumbnails_->clear();
    project_ = result.project;
    summary_ = result.summary;
    model_->setImages(result.images, result.paths);
    pages_->setCurrentIndex(1);
    setWindowTitle(tr("%1 — Inspector Gadget").arg(fileNameOf(path)));
    setWindowFilePath(path);
    RecentProjects::add(path);
    refreshRecentProjects();
    updateCounts();

    if (model_->rowCount() == 0) {
        nameLabel_->clear();
        sizeLabel_->clear();
        zoomLabel_->clear();
        view_->showMessage(tr("This project has no images yet.\nUse File ▸ Import Folder… to "
                              "add a folder of images."));
    } else {
        const int row = shownId >= 0 ? std::max(0, model_->rowOfId(shownId)) : 0;
        list_->setCurrentIndex(model_->index(row));
        list_->scrollTo(model_->index(row));
    }
    updateActions();
    list_->setFocus();
    Q_EMIT projectOpened(path);
    if (!sameProject)
        beginCrowdSession();
    else
        setMode(previousMode); // reloaded after an import: stay where the user was
}

void MainWindow::closeProject() {
    if (!hasProject())
        return;
    ++openTicket_; // drop results of opens still running
    signOut();
    project_.reset();
    summary_ = {};
    model_->clear();
    thumbnails_->clear();
    view_->showMessage({});
    nameLabel_->clear();
    sizeLabel_->clear();
    zoomLabel_->clear();
    pixelLabel_->clear();
    countsLabel_->clear();
    pages_->setCurrentIndex(0);
    setWindowTitle(tr("Inspector Gadget"));
    setWindowFilePath({});
    refreshRecentProjects();
    updateActions();
}

void MainWindow::updateCounts() {
    if (!hasProject()) {
        countsLabel_->clear();
        return;
    }
    // Singular and plural as separate strings: English reads right without a translation.
    auto count = [](long long n, const QString& one, const QString& many) {
        return n == 1 ? one : many.arg(n);
    };
    const QStringList parts = {
        count(summary_.images, tr("1 image"), tr("%1 images")),
        tr("%1 dev").arg(summary_.devImages),
        tr("%1 labelled").arg(summary_.labelledImages),
        count(summary_.boxes, tr("1 box"), tr("%1 boxes")),
        count(summary_.patterns, tr("1 pattern"), tr("%1 patterns")),
    };
    countsLabel_->setText(parts.join(QStringLiteral(" · ")));
}

// ---- importing ---------------------------------------------------------------------------------

void MainWindow::createProject(const QString& projectPath, const QString& imageFolder) {
    startImport(projectPath, imageFolder, true);
}

void MainWindow::importFolder(const QString& folder) {
    if (hasProject())
        startImport(projectPath(), folder, false);
}

void MainWindow::startImport(const QString& projectPath, const QString& folder, bool create) {
    if (importWatcher_ && importWatcher_->isRunning())
        return; // the actions are disabled meanwhile; one import at a time
    if (importFeedback_)
        importFeedback_->deleteLater(); // the previous import's, finished
    importFeedback_ = new QtFeedback(this);
    QtFeedback* feedback = importFeedback_;

    progress_ = new QProgressDialog(this);
    progress_->setWindowTitle(create ? tr("New Project") : tr("Import Images"));
    const QString what =
        folder.isEmpty() ? tr("Creating %1…").arg(fileNameOf(projectPath))
                         : tr("Importing images from %1…").arg(QDir::toNativeSeparators(folder));
    progress_->setLabelText(what);
    progress_->setWindowModality(Qt::WindowModal);
    progress_->setAutoClose(false);
    progress_->setAutoReset(false);
    progress_->setMinimumDuration(400); // quick imports finish without a flashing dialog
    progress_->setRange(0, 0);
    connect(progress_, &QProgressDialog::canceled, feedback, &QtFeedback::requestCancel);
    connect(feedback, &QtFeedback::progressChanged, progress_,
            [dialog = progress_.data(), what](const QString&, qint64 done, qint64 total) {
                if (dialog->wasCanceled())
                    return;
                dialog->setLabelText(total > 0 ? what + QLatin1Char('\n') +
                                                     tr("%1 of %2").arg(done).arg(total)
                                               : what);
                dialog->setRange(0, int(std::min<qint64>(total, INT_MAX)));
                dialog->setValue(int(std::min<qint64>(done, INT_MAX)));
            });
    connect(feedback, &QtFeedback::messageReported, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });

    auto result = std::make_shared<ImportResult>();
    importWatcher_ = new QFutureWatcher<void>(this);
    connect(importWatcher_, &QFutureWatcher<void>::finished, this,
            [this, watcher = importWatcher_, projectPath, result] {
                watcher->deleteLater();
                finishImport(projectPath, *result);
            });
    importWatcher_->setFuture(QtConcurrent::run([projectPath, folder, create, feedback, result] {
        try {
            // Its own connection: the window's stays on the GUI thread.
            Project project = create ? Project::create(projectPath.toStdString())
                                     : Project::open(projectPath.toStdString());
            result->projectExists = true;
            if (!folder.isEmpty())
                result->report = importImages(project, {folder.toStdString()}, *feedback);
        } catch (const CanceledError&) {
            result->canceled = true;
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
        result->canceled = result->canceled || feedback->isCanceled();
    }));
    updateActions();
}

void MainWindow::finishImport(const QString& projectPath, const ImportResult& result) {
    importWatcher_ = nullptr;
    if (progress_)
        progress_->deleteLater(); // also stops its timer that would show it later
    const ImportReport& report = result.report;
    if (!result.error.isEmpty()) {
        showError(tr("Import Failed"), result.error);
    } else if (result.canceled) {
        statusBar()->showMessage(tr("Import canceled; the images imported before are kept."), 8000);
    } else {
        statusBar()->showMessage((report.added == 1 ? tr("Imported 1 image")
                                                    : tr("Imported %1 images").arg(report.added)) +
                                     tr(" (%1 duplicates, %2 skipped).")
                                         .arg(report.duplicates)
                                         .arg(report.skipped.size()),
                                 8000);
    }
    if (!report.skipped.empty()) {
        QStringList lines;
        for (size_t i = 0; i < report.skipped.size() && i < 10; ++i)
            lines << QStringLiteral("%1: %2").arg(
                fileNameOf(QString::fromStdString(report.skipped[i].first)),
                QString::fromStdString(report.skipped[i].second));
        if (report.skipped.size() > 10)
            lines << tr("… and %1 more.").arg(report.skipped.size() - 10);
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Some Files Were Skipped"),
                            report.skipped.size() == 1
                                ? tr("1 file could not be imported:")
                                : tr("%1 files could not be imported:").arg(report.skipped.size()),
                            QMessageBox::Ok, this);
        box->setInformativeText(lines.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowModality(Qt::WindowModal);
        box->open();
    }
    updateActions();
    Q_EMIT importFinished(report.added, report.duplicates, int(report.skipped.size()),
                          result.canceled);
    if (result.projectExists)
        openProject(projectPath);
}

// ---- the image view
// ------------------------------------------------------------------------------

void MainWindow::showImageOfRow(int row) {
    if (row < 0 || row >= model_->rowCount())
        return;
    const ImageRecord& image = model_->record(row);
    nameLabel_->setText(fileNameOf(QString::fromStdString(image.path)));
    QString kind = image.channels == 1 ? tr("grey") : tr("colour");
    sizeLabel_->setText(tr("%1 × %2 px, %3-bit %4")
                            .arg(image.width)
                            .arg(image.height)
                            .arg(image.bitDepth)
                            .arg(kind));
    startImageLoad(model_->absolutePath(row));
}

void MainWindow::startImageLoad(const QString& path) {
    if (!loadingPath_.isEmpty()) {
        queuedPath_ = path; // decoded once the current one is done; older wishes are dropped
        return;
    }
    loadingPath_ = path;
    auto result = std::make_shared<LoadResult>();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, path, result] {
        watcher->deleteLater();
        loadingPath_.clear();
        finishImageLoad(path, *result);
        if (!queuedPath_.isEmpty())
            startImageLoad(std::exchange(queuedPath_, QString()));
    });
    watcher->setFuture(QtConcurrent::run([path, result] {
        try {
            result->image = DisplayImage::load(path);
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
    }));
}

void MainWindow::finishImageLoad(const QString& path, const LoadResult& result) {
    if (!hasProject())
        return;
    if (result.error.isEmpty())
        view_->setImage(result.image);
    else
        view_->showMessage(tr("This image cannot be shown.\n%1").arg(result.error));
    updateZoomLabel(view_->zoom());
    updateActions();
    Q_EMIT imageShown(path);
}

void MainWindow::updateZoomLabel(double zoom) {
    zoomLabel_->setText(view_->hasImage()
                            ? tr("Zoom %1 %").arg(zoom * 100, 0, 'f', zoom < 0.1 ? 1 : 0)
                            : QString());
}

// ---- crowd workflow ---------------------------------------------------------------------------

void MainWindow::createCrowdActions() {
    modeGroup_ = new QActionGroup(this);
    modeGroup_->setExclusive(true);
    auto makeMode = [this](const QString& text, const QString& tip, int key, Mode mode) {
        auto* action = new QAction(text, this);
        action->setToolTip(tip);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(key)));
        action->setData(int(mode));
        modeGroup_->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode] { setMode(mode); });
        return action;
    };
    browseModeAction_ =
        makeMode(tr("&Browse"), tr("Look through the project's images."), Qt::Key_1, Mode::Browse);
    annotateModeAction_ = makeMode(tr("&Annotate"), tr("Box the defects on the images handed out."),
                                   Qt::Key_2, Mode::Annotate);
    reviewModeAction_ = makeMode(tr("&Review"), tr("Vote on the boxes no other worker confirmed."),
                                 Qt::Key_3, Mode::Review);
    tutorialModeAction_ = makeMode(tr("&Tutorial"), tr("Learn the project's defect types."),
                                   Qt::Key_4, Mode::Tutorial);

    signInAction_ = new QAction(tr("&Sign In…"), this);
    signInAction_->setToolTip(tr("Say who is working, to draw boxes or vote."));
    connect(signInAction_, &QAction::triggered, this, &MainWindow::askSignIn);
    crowdSettingsAction_ = new QAction(tr("Crowd &Settings…"), this);
    crowdSettingsAction_->setToolTip(
        tr("Defect types, target, workers per image and review quorum (QA)."));
    connect(crowdSettingsAction_, &QAction::triggered, this, &MainWindow::showCrowdSettings);

    QMenu* crowd = menuBar()->addMenu(tr("&Crowd"));
    crowd->addAction(signInAction_);
    crowd->addSeparator();
    for (QAction* action :
         {browseModeAction_, annotateModeAction_, reviewModeAction_, tutorialModeAction_})
        crowd->addAction(action);
    crowd->addSeparator();
    crowd->addAction(crowdSettingsAction_);
    // After the View menu, before Help.
    menuBar()->insertMenu(menuBar()->actions().at(menuBar()->actions().size() - 2), crowd);

    modeBar_ = new QToolBar(tr("Mode"), this);
    modeBar_->setObjectName(QStringLiteral("modeBar"));
    modeBar_->setMovable(false);
    modeBar_->setFloatable(false);
    modeBar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction* action :
         {browseModeAction_, annotateModeAction_, reviewModeAction_, tutorialModeAction_})
        modeBar_->addAction(action);
    auto* spacer = new QWidget(modeBar_);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    modeBar_->addWidget(spacer);
    workerLabel_ = new QLabel(modeBar_);
    workerLabel_->setObjectName(QStringLiteral("workerLabel"));
    workerLabel_->setContentsMargins(6, 0, 6, 0);
    modeBar_->addWidget(workerLabel_);
    modeBar_->addAction(signInAction_);
    modeBar_->addAction(crowdSettingsAction_);
    addToolBar(Qt::TopToolBarArea, modeBar_);
    modeBar_->hide();
    connect(pages_, &QStackedWidget::currentChanged, this, [this] { updateModeActions(); });
}

void MainWindow::updateModeActions() {
    const bool project = hasProject();
    // Without a signed-in worker only Browse exists: no switch to show (Crowd ▸ Sign In).
    modeBar_->setVisible(project && worker_);
    browseModeAction_->setEnabled(project);
    annotateModeAction_->setEnabled(isModeAvailable(Mode::Annotate));
    reviewModeAction_->setEnabled(isModeAvailable(Mode::Review));
    tutorialModeAction_->setEnabled(isModeAvailable(Mode::Tutorial));
    reviewModeAction_->setVisible(!worker_ || worker_->role != Role::Worker);
    signInAction_->setEnabled(project);
    signInAction_->setText(worker_ ? tr("S&witch Worker…") : tr("&Sign In…"));
    crowdSettingsAction_->setEnabled(project && worker_ && worker_->role == Role::Qa);
    crowdSettingsAction_->setVisible(worker_ && worker_->role == Role::Qa);
    workerLabel_->setText(worker_ ? tr("Signed in as <b>%1</b> (%2)")
                                        .arg(QString::fromStdString(worker_->name).toHtmlEscaped(),
                                             QString::fromLatin1(toString(worker_->role)))
                                  : (project ? tr("Not signed in: browsing only") : QString()));
    const Mode current = mode();
    for (QAction* action : modeGroup_->actions())
        action->setChecked(project && action->data().toInt() == int(current));
    // The browse view's status fields mean nothing on the crowd screens.
    const bool browsing = pages_->currentIndex() == 1;
    for (QLabel* label : {nameLabel_, sizeLabel_, zoomLabel_, pixelLabel_})
        label->setVisible(browsing);
}

MainWindow::Mode MainWindow::mode() const {
    switch (pages_->currentIndex()) {
    case 2:
        return Mode::Annotate;
    case 3:
        return Mode::Review;
    case 4:
        return Mode::Tutorial;
    default:
        return Mode::Browse;
    }
}

bool MainWindow::isModeAvailable(Mode mode) const {
    if (!hasProject())
        return false;
    switch (mode) {
    case Mode::Browse:
        return true;
    case Mode::Annotate:
    case Mode::Tutorial:
        return worker_.has_value();
    case Mode::Review:
        return worker_ && worker_->role != Role::Worker;
    }
    return false;
}

SignInDialog* MainWindow::signInDialog() const {
    return signInDialog_;
}

void MainWindow::setMode(Mode mode) {
    if (!isModeAvailable(mode)) {
        updateModeActions(); // undo the toolbar's check
        return;
    }
    switch (mode) {
    case Mode::Browse:
        pages_->setCurrentIndex(1);
        list_->setFocus();
        break;
    case Mode::Annotate:
        if (!annotation_->isActive()) // else it keeps its image
            annotation_->start(project_, *worker_);
        pages_->setCurrentIndex(2);
        annotation_->setFocus();
        break;
    case Mode::Review:
        review_->start(project_, *worker_); // the workers may have finished more meanwhile
        pages_->setCurrentIndex(3);
        review_->setFocus();
        break;
    case Mode::Tutorial:
        tutorial_->start(project_, *worker_);
        pages_->setCurrentIndex(4);
        tutorial_->setFocus();
        break;
    }
    updateActions();
    Q_EMIT modeChanged(mode);
}

void MainWindow::beginCrowdSession() {
    signOut();
    if (const auto identity = SignInDialog::remembered(projectPath()))
        signIn(identity->name, identity->role);
    else
        askSignIn();
}

void MainWindow::askSignIn() {
    if (!hasProject())
        return;
    if (signInDialog_)
        signInDialog_->close();
    std::vector<WorkerRecord> known;
    try {
        known = project_->workers();
    } catch (const std::exception& e) {
        statusBar()->showMessage(QString::fromStdString(e.what()), 8000);
    }
    auto* dialog = new SignInDialog(fileNameOf(projectPath()), known, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (worker_)
        dialog->setIdentity({QString::fromStdString(worker_->name), worker_->role});
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const SignInDialog::Identity identity = dialog->identity();
        signIn(identity.name, identity.role);
    });
    signInDialog_ = dialog;
    // Not modal: browsing needs no name, and the window stays usable while it is open.
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::signIn(const QString& name, Role role) {
    if (!hasProject() || name.trimmed().isEmpty())
        return;
    WorkerRecord worker;
    try {
        const Id id = project_->ensureWorker(name.trimmed().toStdString(), role);
        worker = *project_->worker(id);
        if (worker.role != role) { // no passwords: the name only says whose work is whose
            project_->setWorkerRole(id, role);
            worker.role = role;
        }
    } catch (const std::exception& e) {
        showError(tr("Cannot Sign In"), QString::fromStdString(e.what()));
        return;
    }
    signOut();
    worker_ = worker;
    SignInDialog::remember(projectPath(), {QString::fromStdString(worker.name), worker.role});
    if (signInDialog_)
        signInDialog_->close();
    updateModeActions();
    statusBar()->showMessage(tr("Signed in as %1.").arg(QString::fromStdString(worker.name)), 5000);
    Q_EMIT signedIn(QString::fromStdString(worker.name));
    showRoleHome();
}

void MainWindow::signOut() {
    annotation_->stop();
    review_->stop();
    tutorial_->stop();
    worker_.reset();
    if (hasProject() && pages_->currentIndex() > 1)
        pages_->setCurrentIndex(1);
    updateActions();
}

void MainWindow::showRoleHome() {
    if (!worker_)
        return;
    switch (worker_->role) {
    case Role::Worker: {
        bool needsTutorial = false;
        try {
            needsTutorial =
                !tutorialPassed(*project_, worker_->id) && TutorialPage::hasContent(*project_);
        } catch (const std::exception& e) {
            statusBar()->showMessage(QString::fromStdString(e.what()), 8000);
        }
        setMode(needsTutorial ? Mode::Tutorial : Mode::Annotate);
        break;
    }
    case Role::Expert:
        setMode(Mode::Review);
        break;
    case Role::Qa:
        setMode(Mode::Browse);
        break;
    }
}

void MainWindow::showCrowdSettings() {
    if (!hasProject() || !worker_ || worker_->role != Role::Qa)
        return;
    auto* dialog = new CrowdSettingsDialog(*project_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this] {
        // The screens read the settings when they start: start them again.
        const Mode current = mode();
        annotation_->stop();
        setMode(current);
        statusBar()->showMessage(tr("Crowd settings saved."), 5000);
    });
    dialog->open();
}

} // namespace ig::ui
