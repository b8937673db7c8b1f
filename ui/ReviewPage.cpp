#include "ui/ReviewPage.h"

#include "ui/AsyncImageLoader.h"
#include "ui/BoxEditorView.h"
#include "ui/DefectTypeBar.h"
#include "ui/QtFeedback.h"

#include "crowd/CrowdPatterns.h"
#include "util/Error.h"

#include <QFileInfo>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <map>
#include <set>

namespace ig::ui {

namespace {

QRectF toQRect(const Rect& r) {
    return {r.x, r.y, r.w, r.h};
}

QString workerName(const std::map<Id, std::string>& names, Id id) {
    const auto it = names.find(id);
    return it == names.end() ? QStringLiteral("#%1").arg(id) : QString::fromStdString(it->second);
}

} // namespace

ReviewPage::ReviewPage(QWidget* parent)
    : QWidget(parent), loader_(new AsyncImageLoader(this)), view_(new BoxEditorView(this)),
      titleLabel_(new QLabel(this)), detailsLabel_(new QLabel(this)), votesLabel_(new QLabel(this)),
      typeBar_(new DefectTypeBar(this)), acceptButton_(new QPushButton(tr("Accept (A)"), this)),
      rejectButton_(new QPushButton(tr("Reject (R)"), this)),
      nextButton_(new QPushButton(tr("Next (N)"), this)), summaryLabel_(new QLabel(this)),
      buildButton_(new QPushButton(tr("Build Patterns"), this)), statusLabel_(new QLabel(this)) {
    view_->setObjectName(QStringLiteral("reviewView"));
    buildButton_->setObjectName(QStringLiteral("buildPatternsButton"));
    view_->setEditable(false);
    titleLabel_->setObjectName(QStringLiteral("reviewTitle"));
    votesLabel_->setObjectName(QStringLiteral("votesLabel"));
    summaryLabel_->setObjectName(QStringLiteral("reviewSummary"));
    statusLabel_->setObjectName(QStringLiteral("statusLabel"));
    QFont titleFont = titleLabel_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    titleLabel_->setFont(titleFont);
    for (QLabel* label : {detailsLabel_, votesLabel_, summaryLabel_, statusLabel_}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
    }
    typeBar_->setWordWrap(true);
    for (QPushButton* button : {acceptButton_, rejectButton_, nextButton_, buildButton_}) {
        button->setFocusPolicy(Qt::NoFocus); // the keys stay with the image
        button->setMinimumHeight(30);
    }
    acceptButton_->setToolTip(tr("It is a defect: accept the box with the chosen type."));
    rejectButton_->setToolTip(tr("It is not a defect: reject the box."));
    nextButton_->setToolTip(tr("Decide later: go to the next box without voting."));
    buildButton_->setToolTip(tr("Turn the boxes several workers agree on, and the accepted "
                                "boxes, into patterns for labelling."));

    auto* panel = new QFrame(this);
    panel->setFixedWidth(310);
    panel->setFrameShape(QFrame::NoFrame);
    auto* column = new QVBoxLayout(panel);
    column->setContentsMargins(14, 12, 14, 12);
    column->setSpacing(8);
    column->addWidget(titleLabel_);
    column->addWidget(detailsLabel_);
    column->addWidget(votesLabel_);
    column->addSpacing(6);
    auto* typeTitle = new QLabel(tr("<b>Accept as</b> (keys 1-9):"), panel);
    column->addWidget(typeTitle);
    column->addWidget(typeBar_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(acceptButton_);
    buttons->addWidget(rejectButton_);
    column->addLayout(buttons);
    column->addWidget(nextButton_);
    column->addWidget(statusLabel_);
    column->addStretch(1);
    auto* line = new QFrame(panel);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    column->addWidget(line);
    column->addWidget(summaryLabel_);
    column->addWidget(buildButton_);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(view_, 1);
    layout->addWidget(panel);

    connect(acceptButton_, &QPushButton::clicked, this, &ReviewPage::accept);
    connect(rejectButton_, &QPushButton::clicked, this, &ReviewPage::reject);
    connect(nextButton_, &QPushButton::clicked, this, &ReviewPage::next);
    connect(buildButton_, &QPushButton::clicked, this, &ReviewPage::buildPatterns);
    connect(loader_, &AsyncImageLoader::loaded, this, &ReviewPage::showLoaded);
    connect(loader_, &AsyncImageLoader::failed, this, [this](qint64, const QString& message) {
        view_->showMessage(tr("This image cannot be shown.\n%1").arg(message));
        Q_EMIT errorOccurred(message);
    });
    setFocusProxy(view_);
    updatePanel();
}

ReviewPage::~ReviewPage() {
    if (auto* watcher = static_cast<QFutureWatcher<void>*>(buildWatcher_)) {
        watcher->disconnect(this);
        if (buildFeedback_)
            buildFeedback_->cancel();
        watcher->waitForFinished();
    }
}

bool ReviewPage::isBuildingPatterns() const {
    return buildWatcher_ != nullptr;
}

qint64 ReviewPage::currentBoxId() const {
    return position_ < queue_.size() ? queue_[position_].box.id : 0;
}

void ReviewPage::start(std::shared_ptr<Project> project, const WorkerRecord& expert) {
    stop();
    project_ = std::move(project);
    expert_ = expert;
    reload();
}

void ReviewPage::stop() {
    project_.reset();
    queue_.clear();
    position_ = 0;
    shownImageId_ = 0;
    view_->setHighlightedBox(std::nullopt);
    view_->setReferenceBoxes({});
    view_->showMessage({});
    statusLabel_->clear();
    updatePanel();
}

void ReviewPage::reload() {
    if (!project_)
        return;
    queue_.clear();
    position_ = 0;
    try {
        settings_ = loadCrowdSettings(*project_);
        const CrowdReview review =
            reviewCrowd(*project_, mergeOptionsOf(settings_), settings_.reviewQuorum);
        for (const ReviewItem& item : review.items) {
            if (item.tally.decision != ReviewDecision::Pending || item.box.workerId == expert_.id)
                continue;
            bool mine = false;
            for (const VoteRecord& vote : item.votes)
                mine = mine || vote.workerId == expert_.id;
            if (!mine)
                queue_.append(item);
        }
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    }
    QStringList types;
    for (const auto& type : settings_.defectTypes)
        types << QString::fromStdString(type);
    view_->setDefectTypes(types);
    QVector<QColor> colors;
    for (const QString& type : types)
        colors << view_->colorOfType(type);
    typeBar_->setTypes(types, colors);
    updateSummary();
    showItem(0);
}

void ReviewPage::showItem(int position) {
    position_ = position;
    if (position_ >= queue_.size()) {
        shownImageId_ = 0;
        view_->setHighlightedBox(std::nullopt);
        view_->setReferenceBoxes({});
        view_->showMessage(project_ ? tr("Nothing is waiting for your review.\nBoxes appear "
                                         "here once workers finish their images.")
                                    : QString());
        updatePanel();
        if (project_)
            Q_EMIT queueFinished();
        return;
    }
    const ReviewItem& item = queue_[position_];
    chosenType_ = QString::fromStdString(item.box.defectType);
    if (chosenType_.isEmpty() && !settings_.defectTypes.empty())
        chosenType_ = QString::fromStdString(settings_.defectTypes.front());
    typeBar_->setCurrent(chosenType_);
    updatePanel();
    if (item.imageId == shownImageId_ && view_->hasImage()) {
        presentItem();
        return;
    }
    try {
        const std::optional<ImageRecord> image = project_->image(item.imageId);
        if (!image) { // removed meanwhile
            queue_.remove(position_);
            showItem(queue_.isEmpty() ? 0 : position_ % int(queue_.size()));
            return;
        }
        shownImageId_ = 0;
        loader_->load(QString::fromStdString(project_->absoluteImagePath(*image)), item.imageId);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
}

void ReviewPage::showLoaded(qint64 imageId, const DisplayImage& image) {
    if (position_ >= queue_.size() || queue_[position_].imageId != imageId)
        return; // the expert moved on meanwhile
    view_->setImage(image);
    shownImageId_ = imageId;
    presentItem();
}

void ReviewPage::presentItem() {
    const ReviewItem& item = queue_[position_];
    QVector<EditorBox> others;
    for (const CrowdBox& box : item.others)
        others.append({box.id, toQRect(box.rect), QString::fromStdString(box.defectType)});
    view_->setReferenceBoxes(others);
    QString author;
    try {
        if (const auto worker = project_->worker(item.box.workerId))
            author = QString::fromStdString(worker->name);
    } catch (const std::exception&) {
        // the label just lacks the name
    }
    const QString type = QString::fromStdString(item.box.defectType);
    view_->setHighlightedBox(EditorBox{item.box.id, toQRect(item.box.rect),
                                       author.isEmpty() ? type
                                       : type.isEmpty() ? author
                                                        : tr("%1 · %2").arg(author, type)});
    view_->focusOn(toQRect(item.box.rect));
    view_->setFocus();
    Q_EMIT itemShown(item.box.id);
}

void ReviewPage::updatePanel() {
    const bool has = position_ < queue_.size();
    acceptButton_->setEnabled(has);
    rejectButton_->setEnabled(has);
    nextButton_->setEnabled(has && queue_.size() > 1);
    typeBar_->setVisible(has);
    if (!has) {
        titleLabel_->setText(tr("Review"));
        detailsLabel_->setText(project_ ? tr("No box is waiting for your vote.") : QString());
        votesLabel_->clear();
        return;
    }
    const ReviewItem& item = queue_[position_];
    titleLabel_->setText(tr("Box %1 of %2").arg(position_ + 1).arg(queue_.size()));
    std::map<Id, std::string> names;
    QString imageName;
    try {
        for (const WorkerRecord& w : project_->workers())
            names[w.id] = w.name;
        if (const auto image = project_->image(item.imageId))
            imageName = QFileInfo(QString::fromStdString(image->path)).fileName();
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
    const QString type = item.box.defectType.empty()
                             ? tr("no type")
                             : QString::fromStdString(item.box.defectType).toHtmlEscaped();
    detailsLabel_->setText(
        tr("Image <b>%1</b><br>Drawn by <b>%2</b> as <b>%3</b>, %4 × %5 px.<br>Nobody else "
           "boxed this place. Other workers' boxes on this image: %6 (dashed).")
            .arg(imageName.toHtmlEscaped(), workerName(names, item.box.workerId).toHtmlEscaped(),
                 type)
            .arg(qRound(item.box.rect.w))
            .arg(qRound(item.box.rect.h))
            .arg(item.others.size()));
    votesLabel_->setText(tr("Votes so far: %1 accept, %2 reject. The majority decides once "
                            "there are at least %3.")
                             .arg(item.tally.accepts)
                             .arg(item.tally.rejects)
                             .arg(settings_.reviewQuorum));
}

void ReviewPage::updateSummary() {
    if (!project_) {
        summaryLabel_->clear();
        buildButton_->setEnabled(false);
        return;
    }
    try {
        const CrowdReview review =
            reviewCrowd(*project_, mergeOptionsOf(settings_), settings_.reviewQuorum);
        int accepted = 0, rejected = 0, waiting = 0;
        for (const ReviewItem& item : review.items) {
            accepted += item.tally.decision == ReviewDecision::Accepted;
            rejected += item.tally.decision == ReviewDecision::Rejected;
            waiting += item.tally.decision == ReviewDecision::Pending;
        }
        summaryLabel_->setText(tr("<b>Project</b><br>Boxes several workers agree on: %1<br>"
                                  "Single boxes: %2 accepted, %3 rejected, %4 waiting<br>"
                                  "Defective images found: %5")
                                   .arg(review.groups.size())
                                   .arg(accepted)
                                   .arg(rejected)
                                   .arg(waiting)
                                   .arg(review.defectiveImages.size()));
        buildButton_->setEnabled(!isBuildingPatterns() && (accepted > 0 || !review.groups.empty()));
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
}

void ReviewPage::showStatus(const QString& text, bool error) {
    statusLabel_->setText(
        error ? QStringLiteral("<span style=\"color:#d9363e;\">%1</span>").arg(text.toHtmlEscaped())
              : text.toHtmlEscaped());
}

void ReviewPage::chooseType(int index) {
    if (index < 0 || index >= int(settings_.defectTypes.size())) {
        showStatus(tr("There is no defect type %1; the keys go up to %2.")
                       .arg(index + 1)
                       .arg(settings_.defectTypes.size()),
                   true);
        return;
    }
    chosenType_ = QString::fromStdString(settings_.defectTypes[size_t(index)]);
    typeBar_->setCurrent(chosenType_);
    showStatus(QString());
}

void ReviewPage::accept() {
    vote(Vote::Accept);
}

void ReviewPage::reject() {
    vote(Vote::Reject);
}

void ReviewPage::vote(Vote vote) {
    if (!project_ || position_ >= queue_.size())
        return;
    const ReviewItem& item = queue_[position_];
    const qint64 boxId = item.box.id;
    ReviewTally tally;
    try {
        VoteRecord record;
        record.boxId = boxId;
        record.workerId = expert_.id;
        record.vote = vote;
        record.defectType = vote == Vote::Accept ? chosenType_.toStdString() : std::string();
        project_->addVote(record);
        std::vector<VoteRecord> votes;
        for (const VoteRecord& v : project_->votes())
            if (v.boxId == boxId)
                votes.push_back(v);
        tally = tallyVotes(votes, settings_.reviewQuorum, item.box.defectType);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    const QString outcome =
        tally.decision == ReviewDecision::Accepted
            ? tr("the box is accepted as %1.").arg(QString::fromStdString(tally.defectType))
        : tally.decision == ReviewDecision::Rejected ? tr("the box is rejected.")
                                                     : tr("it waits for more votes.");
    showStatus((vote == Vote::Accept ? tr("Accepted as %1; ").arg(chosenType_) : tr("Rejected; ")) +
               outcome);
    Q_EMIT voted(boxId, vote == Vote::Accept);
    queue_.remove(position_); // voted: not for this expert any more
    updateSummary();
    showItem(queue_.isEmpty() ? 0 : position_ % int(queue_.size())); // boxes skipped with N last
}

void ReviewPage::next() {
    if (queue_.size() <= 1)
        return;
    showStatus(QString());
    showItem((position_ + 1) % int(queue_.size()));
}

void ReviewPage::buildPatterns() {
    if (!project_ || isBuildingPatterns())
        return;
    const std::string path = project_->path();
    const MergeOptions options = mergeOptionsOf(settings_);
    const int quorum = settings_.reviewQuorum;
    buildFeedback_ = new QtFeedback(this);
    QtFeedback* feedback = buildFeedback_;
    buildProgress_ =
        new QProgressDialog(tr("Cutting patterns from the images…"), tr("Cancel"), 0, 0, this);
    buildProgress_->setWindowModality(Qt::WindowModal);
    buildProgress_->setMinimumDuration(500);
    connect(buildProgress_, &QProgressDialog::canceled, feedback, &QtFeedback::requestCancel);
    connect(feedback, &QtFeedback::progressChanged, buildProgress_,
            [dialog = buildProgress_.data()](const QString&, qint64 done, qint64 total) {
                dialog->setRange(0, int(total));
                dialog->setValue(int(done));
            });
    auto count = std::make_shared<int>(0);
    auto error = std::make_shared<QString>();
    auto* watcher = new QFutureWatcher<void>(this);
    buildWatcher_ = watcher;
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, count, error] {
        watcher->deleteLater();
        buildWatcher_ = nullptr;
        if (buildProgress_)
            buildProgress_->deleteLater();
        if (buildFeedback_)
            buildFeedback_->deleteLater();
        if (!error->isEmpty()) {
            showStatus(*error, true);
            Q_EMIT errorOccurred(*error);
        } else {
            showStatus(*count == 1 ? tr("Made 1 pattern from the crowd's boxes.")
                                   : tr("Made %1 patterns from the crowd's boxes.").arg(*count));
            Q_EMIT patternsBuilt(*count);
        }
        updateSummary();
    });
    buildButton_->setEnabled(false);
    watcher->setFuture(QtConcurrent::run([path, options, quorum, feedback, count, error] {
        try {
            Project project = Project::open(path); // its own connection, on this thread
            *count = buildPatternsFromCrowd(project, options, quorum, *feedback);
        } catch (const CanceledError&) {
            *error = ReviewPage::tr("Building patterns was canceled; the patterns are unchanged.");
        } catch (const std::exception& e) {
            *error = QString::fromStdString(e.what());
        }
    }));
}

void ReviewPage::keyPressEvent(QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (mods != Qt::NoModifier) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (key == Qt::Key_A)
        accept();
    else if (key == Qt::Key_R)
        reject();
    else if (key == Qt::Key_N)
        next();
    else if (key >= Qt::Key_1 && key <= Qt::Key_9)
        chooseType(key - Qt::Key_1);
    else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace ig::ui
