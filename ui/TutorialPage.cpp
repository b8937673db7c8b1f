#include "ui/TutorialPage.h"

#include "ui/BoxEditorView.h"
#include "ui/DisplayImage.h"

#include "crowd/RectGeometry.h"

#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>
#include <map>

namespace ig::ui {

namespace {

constexpr int kMaxExamples = 3;
const QSize kExampleSize(300, 150);

bool teaches(const PatternRecord& p) {
    return (p.origin == PatternOrigin::Crowd || p.origin == PatternOrigin::Reviewed) &&
           p.sourceImageId && p.sourceRect && p.sourceRect->w > 0 && p.sourceRect->h > 0;
}

// The box with some of its surroundings, scaled to `size`, the box outlined.
QImage exampleCrop(const DisplayImage& image, const QRectF& box, QSize size) {
    const QImage& full = image.level(0);
    const QSizeF bounds(full.size());
    const double aspect = double(size.width()) / size.height();
    // The box and as much around it again, in the label's aspect ratio, kept inside the
    // image by shifting (not clipping) so the crop fills the label when the image allows.
    const double margin = std::max({box.width(), box.height(), 40.0}) * 0.75;
    QSizeF area(box.width() + 2 * margin, box.height() + 2 * margin);
    if (area.width() / area.height() < aspect)
        area.setWidth(area.height() * aspect);
    else
        area.setHeight(area.width() / aspect);
    if (area.width() > bounds.width()) // e.g. a narrow, tall image: less context
        area = QSizeF(bounds.width(), std::max(bounds.width() / aspect, box.height()));
    if (area.height() > bounds.height())
        area = QSizeF(std::max(bounds.height() * aspect, box.width()), bounds.height());
    QRectF crop(box.center() - QPointF(area.width() / 2, area.height() / 2), area);
    crop.moveLeft(std::clamp(crop.left(), 0.0, std::max(0.0, bounds.width() - crop.width())));
    crop.moveTop(std::clamp(crop.top(), 0.0, std::max(0.0, bounds.height() - crop.height())));
    const QRect source = crop.toAlignedRect().intersected(full.rect());
    QImage result = full.copy(source)
                        .scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                        .convertToFormat(QImage::Format_RGB32);
    const double scale = double(result.width()) / source.width();
    QPainter painter(&result);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0xff, 0x4d, 0x4f), 2));
    painter.drawRect(QRectF((box.left() - source.left()) * scale,
                            (box.top() - source.top()) * scale, box.width() * scale,
                            box.height() * scale));
    return result;
}

} // namespace

struct TutorialPage::Loaded {
    QVector<QImage> examples;
    DisplayImage practice;
    QString error;
};

TutorialPage::TutorialPage(QWidget* parent)
    : QWidget(parent), titleLabel_(new QLabel(this)), description_(new QPlainTextEdit(this)),
      saveButton_(new QPushButton(tr("Save Description"), this)),
      examplesTitle_(new QLabel(tr("<b>Examples</b> (boxed in red)"), this)),
      practiceLabel_(new QLabel(this)), view_(new BoxEditorView(this)),
      resultLabel_(new QLabel(this)), checkButton_(new QPushButton(tr("Check (Space)"), this)),
      nextButton_(new QPushButton(tr("Next (N)"), this)) {
    titleLabel_->setObjectName(QStringLiteral("tutorialTitle"));
    view_->setObjectName(QStringLiteral("practiceView"));
    resultLabel_->setObjectName(QStringLiteral("resultLabel"));
    description_->setObjectName(QStringLiteral("descriptionEdit"));
    QFont titleFont = titleLabel_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    titleLabel_->setFont(titleFont);
    description_->setMaximumHeight(140);
    description_->setPlaceholderText(tr("No description yet."));
    practiceLabel_->setWordWrap(true);
    resultLabel_->setWordWrap(true);
    resultLabel_->setTextFormat(Qt::RichText);
    for (QPushButton* button : {saveButton_, checkButton_, nextButton_}) {
        button->setFocusPolicy(Qt::NoFocus); // Space checks; it must not click a button
        button->setMinimumHeight(30);
    }
    nextButton_->setDefault(true);

    auto* left = new QWidget(this);
    left->setFixedWidth(640);
    auto* column = new QVBoxLayout(left);
    column->setContentsMargins(16, 12, 12, 12);
    column->setSpacing(8);
    column->addWidget(titleLabel_);
    column->addWidget(new QLabel(tr("<b>What to look for</b>"), left));
    column->addWidget(description_);
    auto* saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(saveButton_);
    column->addLayout(saveRow);
    column->addWidget(examplesTitle_);
    auto* grid = new QGridLayout;
    grid->setSpacing(8);
    for (int i = 0; i < kMaxExamples + 1; ++i) {
        auto* label = new QLabel(left);
        label->setFixedSize(kExampleSize);
        label->setAlignment(Qt::AlignCenter);
        label->setStyleSheet(QStringLiteral("background: #303236; color: #c8ccd2;"));
        exampleLabels_.append(label);
        grid->addWidget(label, i / 2, i % 2);
    }
    grid->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    column->addLayout(grid);
    column->addStretch(1);

    auto* right = new QVBoxLayout;
    right->setContentsMargins(0, 12, 12, 12);
    right->setSpacing(8);
    right->addWidget(practiceLabel_);
    right->addWidget(view_, 1);
    auto* actions = new QHBoxLayout;
    actions->addWidget(resultLabel_, 1);
    actions->addWidget(checkButton_);
    actions->addWidget(nextButton_);
    right->addLayout(actions);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(left);
    layout->addLayout(right, 1);

    // Practice boxes live on the page only: they are not crowd boxes.
    connect(view_, &BoxEditorView::boxDrawn, this, [this](const QRectF& rect) {
        QVector<EditorBox> boxes = view_->boxes();
        boxes.append({nextBoxId_++, rect, lessonType()});
        view_->setBoxes(boxes);
        view_->setSelectedId(boxes.last().id);
    });
    connect(view_, &BoxEditorView::boxEdited, this, [this](qint64 id, const QRectF& rect) {
        QVector<EditorBox> boxes = view_->boxes();
        for (EditorBox& box : boxes)
            if (box.id == id)
                box.rect = rect;
        view_->setBoxes(boxes);
    });
    connect(view_, &BoxEditorView::deleteRequested, this, [this](qint64 id) {
        QVector<EditorBox> boxes = view_->boxes();
        boxes.erase(std::remove_if(boxes.begin(), boxes.end(),
                                   [id](const EditorBox& b) { return b.id == id; }),
                    boxes.end());
        view_->setBoxes(boxes);
    });
    connect(checkButton_, &QPushButton::clicked, this, &TutorialPage::check);
    connect(nextButton_, &QPushButton::clicked, this, &TutorialPage::nextLesson);
    connect(saveButton_, &QPushButton::clicked, this, &TutorialPage::saveDescription);
    setFocusProxy(view_);
}

TutorialPage::~TutorialPage() {
    if (auto* watcher = static_cast<QFutureWatcher<void>*>(watcher_)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
    }
}

bool TutorialPage::hasContent(const Project& project) {
    const CrowdSettings settings = loadCrowdSettings(project);
    for (const auto& type : settings.defectTypes)
        if (!defectDescription(project, type).empty())
            return true;
    for (const auto& pattern : project.patterns())
        if (teaches(pattern))
            return true;
    return false;
}

QString TutorialPage::lessonType() const {
    return index_ >= 0 && index_ < lessons_.size() ? lessons_[index_].type : QString();
}

bool TutorialPage::hasPractice() const {
    return index_ >= 0 && index_ < lessons_.size() && lessons_[index_].practice.has_value();
}

QRectF TutorialPage::practiceAnswer() const {
    return hasPractice() ? lessons_[index_].practice->box : QRectF();
}

void TutorialPage::start(std::shared_ptr<Project> project, const WorkerRecord& worker) {
    stop();
    project_ = std::move(project);
    worker_ = worker;
    try {
        const CrowdSettings settings = loadCrowdSettings(*project_);
        std::map<std::string, std::vector<PatternRecord>> byType;
        for (auto& pattern : project_->patterns())
            if (teaches(pattern))
                byType[pattern.defectType].push_back(std::move(pattern));
        std::map<Id, QString> paths;
        for (const auto& image : project_->images())
            paths[image.id] = QString::fromStdString(project_->absoluteImagePath(image));
        for (const auto& type : settings.defectTypes) {
            Lesson lesson;
            lesson.type = QString::fromStdString(type);
            lesson.description = QString::fromStdString(defectDescription(*project_, type));
            std::vector<Lesson::Example> usable;
            for (const auto& p : byType[type]) {
                const auto path = paths.find(*p.sourceImageId);
                if (path != paths.end())
                    usable.push_back({path->second, QRectF(p.sourceRect->x, p.sourceRect->y,
                                                           p.sourceRect->w, p.sourceRect->h)});
            }
            if (!usable.empty()) {
                lesson.practice = usable.back();
                if (usable.size() > 1)
                    usable.pop_back(); // the practice image is not also an example
                for (size_t i = 0; i < usable.size() && i < size_t(kMaxExamples); ++i)
                    lesson.examples.append(usable[i]);
            }
            lessons_.append(lesson);
        }
    } catch (const std::exception& e) {
        resultLabel_->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    }
    QStringList types;
    for (const Lesson& lesson : lessons_)
        types << lesson.type;
    view_->setDefectTypes(types);
    const bool qa = worker_.role == Role::Qa;
    description_->setReadOnly(!qa);
    saveButton_->setVisible(qa);
    showLesson(0);
}

void TutorialPage::stop() {
    project_.reset();
    lessons_.clear();
    index_ = -1;
    view_->setBoxes({});
    view_->setReferenceBoxes({});
    view_->showMessage({});
}

void TutorialPage::showLesson(int index) {
    index_ = index;
    passed_ = false;
    attempts_ = 0;
    exampleCount_ = 0;
    view_->setBoxes({});
    view_->setReferenceBoxes({});
    resultLabel_->clear();
    if (index_ >= lessons_.size()) {
        titleLabel_->setText(tr("Tutorial"));
        view_->showMessage(tr("This project has no defect types to learn yet."));
        updateButtons();
        return;
    }
    const Lesson& lesson = lessons_[index_];
    titleLabel_->setText(
        tr("Defect %1 of %2: %3").arg(index_ + 1).arg(lessons_.size()).arg(lesson.type));
    description_->setPlainText(lesson.description);
    for (QLabel* label : exampleLabels_) {
        label->clear();
        label->setVisible(false);
    }
    examplesTitle_->setVisible(!lesson.examples.isEmpty());
    if (lesson.practice) {
        practiceLabel_->setText(tr("<b>Practice</b>: box the %1 in this image (W, then drag over "
                                   "it), then press Space to check.")
                                    .arg(lesson.type.toHtmlEscaped()));
        view_->setEditable(true);
        view_->showMessage(tr("Loading…"));
    } else {
        practiceLabel_->setText(tr("No example of this defect has been accepted yet: read the "
                                   "description, then press N."));
        view_->setEditable(false);
        view_->showMessage(tr("No practice image for this defect yet."));
        passed_ = true; // a reading lesson
    }
    updateButtons();

    auto loaded = std::make_shared<Loaded>();
    auto* watcher = new QFutureWatcher<void>(this);
    watcher_ = watcher;
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, loaded, index] {
        watcher->deleteLater();
        if (watcher_ == watcher)
            watcher_ = nullptr;
        if (index == index_)
            lessonLoaded(index, *loaded);
    });
    watcher->setFuture(QtConcurrent::run([lesson, loaded] {
        try {
            for (const auto& example : lesson.examples)
                loaded->examples.append(
                    exampleCrop(DisplayImage::load(example.path), example.box, kExampleSize));
            if (lesson.practice)
                loaded->practice = DisplayImage::load(lesson.practice->path);
        } catch (const std::exception& e) {
            loaded->error = QString::fromStdString(e.what());
        }
    }));
}

void TutorialPage::lessonLoaded(int index, const Loaded& loaded) {
    if (!loaded.error.isEmpty()) {
        resultLabel_->setText(loaded.error.toHtmlEscaped());
        Q_EMIT errorOccurred(loaded.error);
    }
    exampleCount_ = int(loaded.examples.size());
    for (int i = 0; i < loaded.examples.size() && i < exampleLabels_.size(); ++i) {
        exampleLabels_[i]->setPixmap(QPixmap::fromImage(loaded.examples[i]));
        exampleLabels_[i]->setVisible(true);
    }
    if (!loaded.practice.isNull()) {
        view_->setImage(loaded.practice);
        view_->setFocus();
    }
    Q_EMIT lessonShown(index);
}

bool TutorialPage::check() {
    if (!hasPractice() || !view_->hasImage())
        return passed_;
    const QRectF answer = practiceAnswer();
    const Rect known{answer.x(), answer.y(), answer.width(), answer.height()};
    double best = 0;
    for (const EditorBox& box : view_->boxes())
        best = std::max(
            best,
            rectIoU({box.rect.x(), box.rect.y(), box.rect.width(), box.rect.height()}, known));
    const bool pass = best >= kPassIoU;
    ++attempts_;
    if (pass) {
        passed_ = true;
        resultLabel_->setText(
            tr("<span style=\"color:#1f9d55;\"><b>Well done</b></span>: your box matches the "
               "defect (overlap %1 %). Press N to go on.")
                .arg(qRound(best * 100)));
        view_->setReferenceBoxes({{0, answer, QString()}});
    } else {
        const QString hint =
            view_->boxes().isEmpty()
                ? tr("Draw a box first: press W, then drag over the defect.")
                : tr("Not quite (overlap %1 %; %2 % needed): box the whole defect, and not much "
                     "more.")
                      .arg(qRound(best * 100))
                      .arg(qRound(kPassIoU * 100));
        resultLabel_->setText(
            QStringLiteral("<span style=\"color:#d9363e;\">%1</span>").arg(hint.toHtmlEscaped()));
        if (attempts_ >= 2) { // show where it is
            view_->setReferenceBoxes({{0, answer, QString()}});
            resultLabel_->setText(resultLabel_->text() +
                                  tr("<br>The defect is inside the dashed box."));
        }
    }
    updateButtons();
    Q_EMIT checked(pass, best);
    return pass;
}

void TutorialPage::nextLesson() {
    if (!passed_ || !project_)
        return;
    if (index_ + 1 < lessons_.size()) {
        showLesson(index_ + 1);
        return;
    }
    try {
        setTutorialPassed(*project_, worker_.id);
    } catch (const std::exception& e) {
        resultLabel_->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    Q_EMIT finished();
}

void TutorialPage::saveDescription() {
    if (!project_ || index_ < 0 || index_ >= lessons_.size() || worker_.role != Role::Qa)
        return;
    try {
        setDefectDescription(*project_, lessons_[index_].type.toStdString(),
                             description_->toPlainText().toStdString());
        lessons_[index_].description = description_->toPlainText();
        resultLabel_->setText(tr("Description saved."));
    } catch (const std::exception& e) {
        resultLabel_->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    }
}

void TutorialPage::updateButtons() {
    checkButton_->setEnabled(hasPractice() && !passed_);
    nextButton_->setEnabled(passed_);
    nextButton_->setText(index_ + 1 >= lessons_.size() ? tr("Start Annotating (N)")
                                                       : tr("Next Defect (N)"));
}

void TutorialPage::keyPressEvent(QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods == Qt::NoModifier && event->key() == Qt::Key_Space)
        check();
    else if (mods == Qt::NoModifier &&
             (event->key() == Qt::Key_N || event->key() == Qt::Key_Return ||
              event->key() == Qt::Key_Enter))
        nextLesson();
    else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace ig::ui
