#pragma once

#include "crowd/CrowdReview.h"
#include "crowd/CrowdSettings.h"
#include "project/Project.h"

#include <QPointer>
#include <QVector>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressDialog;
class QPushButton;

namespace ig::ui {

class AsyncImageLoader;
class BoxEditorView;
class DefectTypeBar;
class DisplayImage;
class QtFeedback;

// The experts' screen: each outlier box (a box no other worker confirmed, see reviewCrowd) in
// its image, zoomed to it, with the other workers' boxes drawn dimmer; the expert accepts it
// (with a defect type) or rejects it. The project's quorum decides (tallyVotes); a box already
// decided, drawn by this expert, or voted on by them is not shown.
//
// Keys: A accept, R reject, 1-9 the type to accept with (the worker's type at first), N next
// box without voting; Ctrl+wheel, +/- zoom, F fit. Votes are written at once. "Build patterns"
// turns merged groups and accepted boxes into patterns (buildPatternsFromCrowd) in the
// background, on its own connection to the project.
//
// Threading: GUI thread only (images decode and patterns are built on workers).
class ReviewPage : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPage(QWidget* parent = nullptr);
    ~ReviewPage() override;

    // Reads the outliers waiting for this expert and shows the first.
    void start(std::shared_ptr<Project> project, const WorkerRecord& expert);
    void stop();
    bool isActive() const { return project_ != nullptr; }

    BoxEditorView* view() const { return view_; }
    int queueSize() const { return int(queue_.size()); }
    int position() const { return position_; }
    // The box shown now; 0 when none is left.
    qint64 currentBoxId() const;
    QString chosenType() const { return chosenType_; }
    bool isBuildingPatterns() const;

public Q_SLOTS:
    void accept();
    void reject();
    void next();
    void chooseType(int index); // 0-based: key 1 is index 0
    void buildPatterns();

Q_SIGNALS:
    void itemShown(qint64 boxId);
    void voted(qint64 boxId, bool accepted);
    void queueFinished();
    void patternsBuilt(int count);
    void errorOccurred(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void reload();
    void showItem(int position);
    void showLoaded(qint64 imageId, const DisplayImage& image);
    void presentItem();
    void vote(Vote vote);
    void updatePanel();
    void updateSummary();
    void showStatus(const QString& text, bool error = false);

    std::shared_ptr<Project> project_;
    WorkerRecord expert_;
    CrowdSettings settings_;
    QVector<ReviewItem> queue_;
    int position_ = 0;
    qint64 shownImageId_ = 0; // the image in the view
    QString chosenType_;

    AsyncImageLoader* loader_;
    BoxEditorView* view_;
    QLabel* titleLabel_;
    QLabel* detailsLabel_;
    QLabel* votesLabel_;
    DefectTypeBar* typeBar_;
    QPushButton* acceptButton_;
    QPushButton* rejectButton_;
    QPushButton* nextButton_;
    QLabel* summaryLabel_;
    QPushButton* buildButton_;
    QLabel* statusLabel_;
    QPointer<QtFeedback> buildFeedback_;
    QPointer<QProgressDialog> buildProgress_;
    QObject* buildWatcher_ = nullptr;
};

} // namespace ig::ui
