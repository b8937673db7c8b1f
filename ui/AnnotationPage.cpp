#include "ui/AnnotationPage.h"

#include "ui/AsyncImageLoader.h"
#include "ui/BoxEditorView.h"
#include "ui/DefectTypeBar.h"

#include "crowd/TaskSampler.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <exception>

namespace ig::ui {

namespace {

Rect toRect(const QRectF& r) {
    return {r.x(), r.y(), r.width(), r.height()};
}

QToolButton* makeButton(const QString& text, const QString& tip, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setFocusPolicy(Qt::NoFocus); // keys stay with the image (Space must not click)
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

AnnotationPage::AnnotationPage(QWidget* parent)
    : QWidget(parent), loader_(new AsyncImageLoader(this)), view_(new BoxEditorView(this)),
      workerLabel_(new QLabel(this)), imageLabel_(new QLabel(this)),
      progressLabel_(new QLabel(this)), typeBar_(new DefectTypeBar(this)),
      modeLabel_(new QLabel(this)), statusLabel_(new QLabel(this)) {
    view_->setObjectName(QStringLiteral("annotationView"));
    workerLabel_->setObjectName(QStringLiteral("workerLabel"));
    imageLabel_->setObjectName(QStringLiteral("imageLabel"));
    progressLabel_->setObjectName(QStringLiteral("progressLabel"));
    modeLabel_->setObjectName(QStringLiteral("modeLabel"));
    statusLabel_->setObjectName(QStringLiteral("statusLabel"));
    imageLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progressLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont bold = progressLabel_->font();
    bold.setBold(true);
    progressLabel_->setFont(bold);

    previousButton_ = makeButton(tr("◀ Previous (A)"), tr("Go back to the previous image."), this);
    drawButton_ = makeButton(tr("Draw box (W)"), tr("Drag on the image to draw a box."), this);
    drawButton_->setCheckable(true);
    undoButton_ = makeButton(tr("Undo"), tr("Undo your last change (Ctrl+Z)."), this);
    redoButton_ = makeButton(tr("Redo"), tr("Redo what you undid (Ctrl+Shift+Z)."), this);
    doneButton_ = makeButton(tr("Done (Space)"),
                             tr("This image is finished; with no box, it has no defect."), this);
    nextButton_ = makeButton(tr("Skip (D) ▶"), tr("Go to the next image."), this);
    QFont doneFont = doneButton_->font();
    doneFont.setBold(true);
    doneButton_->setFont(doneFont);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(10, 6, 10, 4);
    top->setSpacing(14);
    top->addWidget(workerLabel_);
    top->addWidget(imageLabel_, 1);
    top->addWidget(progressLabel_);

    auto* tools = new QHBoxLayout;
    tools->setContentsMargins(6, 0, 10, 4);
    tools->setSpacing(4);
    tools->addWidget(previousButton_);
    tools->addWidget(drawButton_);
    tools->addWidget(undoButton_);
    tools->addWidget(redoButton_);
    tools->addSpacing(10);
    tools->addWidget(typeBar_);
    tools->addSpacing(16);
    tools->addWidget(modeLabel_);
    tools->addWidget(statusLabel_, 1);
    tools->addWidget(doneButton_);
    tools->addWidget(nextButton_);

    auto* hints = new QLabel(tr("W draw · 1-9 type · Del delete · arrows nudge (Shift ×10) · "
                                "Space done (no box = no defect) · D / A next / previous · "
                                "Ctrl+Z / Ctrl+Shift+Z undo / redo · Ctrl+wheel, +/- zoom · F fit"),
                             this);
    hints->setForegroundRole(QPalette::PlaceholderText);
    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(10, 3, 10, 5);
    bottom->addWidget(hints, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addLayout(tools);
    layout->addWidget(view_, 1);
    layout->addLayout(bottom);

    connect(view_, &BoxEditorView::boxDrawn, this, &AnnotationPage::onBoxDrawn);
    connect(view_, &BoxEditorView::boxEdited, this, &AnnotationPage::onBoxEdited);
    connect(view_, &BoxEditorView::deleteRequested, this, &AnnotationPage::onDeleteRequested);
    connect(view_, &BoxEditorView::modeChanged, this, [this](BoxEditorView::Mode mode) {
        drawButton_->setChecked(mode == BoxEditorView::Mode::Draw);
        modeLabel_->setText(mode == BoxEditorView::Mode::Draw ? tr("Drag over the defect.")
                                                              : QString());
    });
    connect(view_, &BoxEditorView::selectionChanged, this, [this](qint64 id) {
        if (id != 0) {
            currentType_ = typeOfBox(id);
            updateTypeBar();
        }
    });
    connect(drawButton_, &QToolButton::clicked, this, [this](bool on) {
        view_->setMode(on ? BoxEditorView::Mode::Draw : BoxEditorView::Mode::Select);
        view_->setFocus();
    });
    connect(previousButton_, &QToolButton::clicked, this, &AnnotationPage::previousImage);
    connect(nextButton_, &QToolButton::clicked, this, &AnnotationPage::nextImage);
    connect(doneButton_, &QToolButton::clicked, this, &AnnotationPage::markDone);
    connect(undoButton_, &QToolButton::clicked, this, &AnnotationPage::undo);
    connect(redoButton_, &QToolButton::clicked, this, &AnnotationPage::redo);
    connect(loader_, &AsyncImageLoader::loaded, this, &AnnotationPage::showLoaded);
    connect(loader_, &AsyncImageLoader::failed, this, [this](qint64 tag, const QString& message) {
        if (tag != current_)
            return;
        view_->showMessage(tr("This image cannot be shown.\n%1").arg(message));
        Q_EMIT errorOccurred(message);
    });
    setFocusProxy(view_);
    updateButtons();
}

AnnotationPage::~AnnotationPage() = default;

bool AnnotationPage::isLoading() const {
    return loader_->isLoading();
}

void AnnotationPage::start(std::shared_ptr<Project> project, const WorkerRecord& worker) {
    stop();
    project_ = std::move(project);
    worker_ = worker;
    workerLabel_->setText(tr("<b>%1</b> · %2")
                              .arg(QString::fromStdString(worker_.name).toHtmlEscaped(),
                                   QString::fromLatin1(toString(worker_.role))));
    try {
        settings_ = loadCrowdSettings(*project_);
        for (const auto& done : project_->imagesDoneBy(worker_.id))
            history_.append(done.imageId);
    } catch (const std::exception& e) {
        settings_ = CrowdSettings{};
        settings_.defectTypes = {"defect"};
        showStatus(QString::fromStdString(e.what()), true);
    }
    QStringList types;
    for (const auto& type : settings_.defectTypes)
        types << QString::fromStdString(type);
    view_->setDefectTypes(types);
    QVector<QColor> colors;
    for (const QString& type : types)
        colors << view_->colorOfType(type);
    typeBar_->setTypes(types, colors);
    currentType_ = types.value(0);
    updateTypeBar();
    historyPos_ = int(history_.size()) - 1;
    pickNext();
}

void AnnotationPage::stop() {
    project_.reset();
    current_ = 0;
    history_.clear();
    historyPos_ = -1;
    skipped_.clear();
    view_->setBoxes({});
    view_->showMessage({});
    statusLabel_->clear();
    updateButtons();
}

QString AnnotationPage::progressText() const {
    return progressLabel_->text();
}

void AnnotationPage::updateProgress(int defectiveFound) {
    defectiveFound_ = defectiveFound;
    progressLabel_->setText(settings_.targetDefectiveImages > 0
                                ? tr("Defective images found: %1 of %2")
                                      .arg(defectiveFound)
                                      .arg(settings_.targetDefectiveImages)
                                : tr("Defective images found: %1").arg(defectiveFound));
}

void AnnotationPage::pickNext() {
    if (!project_)
        return;
    SamplerPick pick;
    try {
        const SamplerState state = loadSamplerState(*project_, settings_);
        updateProgress(state.defectiveFound);
        const TaskSampler sampler(samplerOptionsOf(settings_));
        std::set<Id> skip(skipped_.begin(), skipped_.end());
        pick = sampler.next(state, worker_.id, skip);
        if (!pick.imageId && pick.stop == SamplerStop::NothingLeft && !skip.empty()) {
            skipped_.clear(); // the images passed over come round again
            pick = sampler.next(state, worker_.id);
        }
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    if (pick.imageId) {
        history_.removeAll(*pick.imageId);
        history_.append(*pick.imageId);
        historyPos_ = int(history_.size()) - 1;
        showImage(*pick.imageId);
        return;
    }
    current_ = 0;
    historyPos_ = int(history_.size());
    const QString reason =
        pick.stop == SamplerStop::TargetReached
            ? tr("The project's target of %1 defective images is reached. Thank you!\n"
                 "Press A to look back at the images you finished.")
                  .arg(settings_.targetDefectiveImages)
            : tr("There are no more images for you: each one is finished by you or by enough "
                 "other workers. Thank you!\nPress A to look back at the images you finished.");
    view_->setBoxes({});
    view_->setEditable(false);
    view_->showMessage(reason);
    imageLabel_->clear();
    updateButtons();
    Q_EMIT noMoreImages(reason);
}

void AnnotationPage::showImage(qint64 imageId) {
    std::optional<ImageRecord> record;
    try {
        record = project_->image(imageId);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        return;
    }
    if (!record) { // removed meanwhile
        history_.removeAll(imageId);
        pickNext();
        return;
    }
    current_ = imageId;
    view_->setEditable(false); // until its pixels and boxes are there
    updateImageLabel();
    updateButtons();
    loader_->load(QString::fromStdString(project_->absoluteImagePath(*record)), imageId);
}

void AnnotationPage::showLoaded(qint64 imageId, const DisplayImage& image) {
    if (imageId != current_ || !project_)
        return;
    view_->setImage(image);
    view_->setEditable(true);
    const qint64 select = std::exchange(selectAfterLoad_, 0);
    reloadBoxes(select);
    if (select == 0)
        view_->setSelectedId(0);
    view_->setFocus();
    Q_EMIT imageShown(imageId);
}

void AnnotationPage::reloadBoxes(qint64 selectId) {
    if (!project_ || current_ == 0)
        return;
    QVector<EditorBox> boxes;
    try {
        for (const BoxRecord& b : project_->boxesOfImageBy(current_, worker_.id))
            boxes.append({b.id, QRectF(b.rect.x, b.rect.y, b.rect.w, b.rect.h),
                          QString::fromStdString(b.defectType)});
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
    view_->setBoxes(boxes);
    if (selectId >= 0)
        view_->setSelectedId(selectId);
    updateImageLabel();
    updateButtons();
}

void AnnotationPage::updateImageLabel() {
    if (!project_ || current_ == 0) {
        imageLabel_->clear();
        return;
    }
    try {
        const std::optional<ImageRecord> record = project_->image(current_);
        if (!record)
            return;
        const auto done = project_->imageDone(current_, worker_.id);
        const QString state =
            !done ? tr("to do")
            : done->noDefect
                ? tr("done: no defect")
                : (view_->boxes().size() == 1 ? tr("done: 1 box")
                                              : tr("done: %1 boxes").arg(view_->boxes().size()));
        imageLabel_->setText(tr("%1  ·  %2 × %3 px  ·  %4")
                                 .arg(QFileInfo(QString::fromStdString(record->path)).fileName())
                                 .arg(record->width)
                                 .arg(record->height)
                                 .arg(state));
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
}

void AnnotationPage::updateTypeBar() {
    typeBar_->setCurrent(currentType_);
}

void AnnotationPage::updateButtons() {
    const bool active = project_ != nullptr;
    previousButton_->setEnabled(active && historyPos_ > 0);
    nextButton_->setEnabled(active);
    doneButton_->setEnabled(active && current_ != 0);
    drawButton_->setEnabled(active && current_ != 0);
    bool canUndo = false, canRedo = false;
    if (active) {
        try {
            canUndo = project_->canUndoBoxEdit(worker_.id);
            canRedo = project_->canRedoBoxEdit(worker_.id);
        } catch (const std::exception&) {
            // shown when an edit fails; buttons just stay off
        }
    }
    undoButton_->setEnabled(canUndo);
    redoButton_->setEnabled(canRedo);
}

void AnnotationPage::showStatus(const QString& text, bool error) {
    statusLabel_->setStyleSheet(error ? QStringLiteral("color: #d9363e;") : QString());
    statusLabel_->setText(text);
    statusLabel_->setToolTip(text);
}

bool AnnotationPage::write(const std::function<void()>& change) {
    if (!project_ || current_ == 0)
        return false;
    try {
        change();
        return true;
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        showStatus(message, true);
        reloadBoxes(); // show what is stored
        Q_EMIT errorOccurred(message);
        return false;
    }
}

QString AnnotationPage::typeOfBox(qint64 id) const {
    for (const EditorBox& box : view_->boxes())
        if (box.id == id)
            return box.type;
    return {};
}

void AnnotationPage::onBoxDrawn(const QRectF& rect) {
    Id id = 0;
    if (write([&] {
            BoxRecord box;
            box.imageId = current_;
            box.workerId = worker_.id;
            box.rect = toRect(rect);
            box.defectType = currentType_.toStdString();
            id = project_->addBoxJournaled(box);
        })) {
        reloadBoxes(id);
        showStatus(tr("Box added (%1).").arg(currentType_));
    }
}

void AnnotationPage::onBoxEdited(qint64 id, const QRectF& rect) {
    if (write([&] {
            BoxRecord box;
            box.id = id;
            box.rect = toRect(rect);
            box.defectType = typeOfBox(id).toStdString();
            project_->changeBoxJournaled(worker_.id, box);
        })) {
        reloadBoxes(id);
        showStatus(QString());
    }
}

void AnnotationPage::onDeleteRequested(qint64 id) {
    if (write([&] { project_->removeBoxJournaled(worker_.id, id); })) {
        reloadBoxes(0);
        showStatus(tr("Box deleted; Ctrl+Z brings it back."));
    }
}

void AnnotationPage::chooseType(int index) {
    if (index < 0 || index >= int(settings_.defectTypes.size())) {
        showStatus(tr("There is no defect type %1; the keys go up to %2.")
                       .arg(index + 1)
                       .arg(settings_.defectTypes.size()),
                   true);
        return;
    }
    currentType_ = QString::fromStdString(settings_.defectTypes[size_t(index)]);
    updateTypeBar();
    const qint64 selected = view_->selectedId();
    if (selected == 0 || typeOfBox(selected) == currentType_)
        return;
    QRectF rect;
    for (const EditorBox& box : view_->boxes())
        if (box.id == selected)
            rect = box.rect;
    if (write([&] {
            BoxRecord box;
            box.id = selected;
            box.rect = toRect(rect);
            box.defectType = currentType_.toStdString();
            project_->changeBoxJournaled(worker_.id, box);
        }))
        reloadBoxes(selected);
}

void AnnotationPage::undo() {
    applyUndoRedo(true);
}

void AnnotationPage::redo() {
    applyUndoRedo(false);
}

void AnnotationPage::applyUndoRedo(bool undo) {
    if (!project_ || view_->isDragging())
        return;
    std::optional<Project::BoxEdit> edit;
    try {
        edit = undo ? project_->undoBoxEdit(worker_.id) : project_->redoBoxEdit(worker_.id);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    if (!edit) {
        showStatus(undo ? tr("Nothing to undo.") : tr("Nothing to redo."));
        updateButtons();
        return;
    }
    const Project::BoxEditOp op = edit->op;
    QString what;
    switch (op) {
    case Project::BoxEditOp::Add:
        what = undo ? tr("Undone: box added.") : tr("Redone: box added.");
        break;
    case Project::BoxEditOp::Change:
        what = undo ? tr("Undone: box changed.") : tr("Redone: box changed.");
        break;
    case Project::BoxEditOp::Remove:
        what = undo ? tr("Undone: box deleted.") : tr("Redone: box deleted.");
        break;
    }
    showStatus(what);
    const Id imageId = edit->after ? edit->after->imageId : edit->before->imageId;
    // The box that is there after the undo/redo gets selected, so the change is visible.
    const bool boxExists = (op == Project::BoxEditOp::Change) ||
                           (op == Project::BoxEditOp::Add && !undo) ||
                           (op == Project::BoxEditOp::Remove && undo);
    const qint64 select = boxExists ? edit->boxId : 0;
    if (imageId != current_) {
        selectAfterLoad_ = select;
        navigateTo(imageId);
    } else {
        reloadBoxes(select);
    }
}

void AnnotationPage::navigateTo(qint64 imageId) {
    const int index = int(history_.indexOf(imageId));
    if (index >= 0) {
        historyPos_ = index;
    } else {
        history_.append(imageId);
        historyPos_ = int(history_.size()) - 1;
    }
    showImage(imageId);
}

void AnnotationPage::nextImage() {
    if (!project_ || view_->isDragging())
        return;
    if (historyPos_ + 1 < history_.size()) {
        ++historyPos_;
        showImage(history_[historyPos_]);
        return;
    }
    if (current_ != 0) {
        try {
            if (!project_->imageDone(current_, worker_.id))
                skipped_.insert(current_);
        } catch (const std::exception&) {
            skipped_.insert(current_);
        }
    }
    pickNext();
}

void AnnotationPage::previousImage() {
    if (!project_ || view_->isDragging() || historyPos_ <= 0)
        return;
    --historyPos_;
    showImage(history_[historyPos_]);
}

void AnnotationPage::markDone() {
    if (view_->isDragging())
        return;
    const int boxes = int(view_->boxes().size());
    const qint64 image = current_;
    if (!write([&] { project_->markImageDone(image, worker_.id); }))
        return;
    skipped_.remove(image);
    try {
        updateProgress(loadSamplerState(*project_, settings_).defectiveFound);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
    showStatus(boxes == 0   ? tr("Image done: no defect.")
               : boxes == 1 ? tr("Image done with 1 box.")
                            : tr("Image done with %1 boxes.").arg(boxes));
    nextImage();
}

void AnnotationPage::keyPressEvent(QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (mods == Qt::ControlModifier && key == Qt::Key_Z) {
        undo();
    } else if ((mods == (Qt::ControlModifier | Qt::ShiftModifier) && key == Qt::Key_Z) ||
               (mods == Qt::ControlModifier && key == Qt::Key_Y)) {
        redo();
    } else if (mods == Qt::NoModifier && key >= Qt::Key_1 && key <= Qt::Key_9) {
        chooseType(key - Qt::Key_1);
    } else if (mods == Qt::NoModifier && key == Qt::Key_D) {
        nextImage();
    } else if (mods == Qt::NoModifier && key == Qt::Key_A) {
        previousImage();
    } else if (mods == Qt::NoModifier && key == Qt::Key_Space) {
        markDone();
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace ig::ui
