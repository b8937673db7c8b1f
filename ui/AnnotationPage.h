#pragma once

#include "crowd/CrowdSettings.h"
#include "project/Project.h"

#include <QSet>
#include <QVector>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QToolButton;

namespace ig::ui {

class AsyncImageLoader;
class BoxEditorView;
class DefectTypeBar;
class DisplayImage;

// The crowd worker's screen: the images the TaskSampler hands out, one at a time, to box the
// defects on (BoxEditorView) and mark done.
//
// Keys (while the image has focus): W draw a box, 1-9 defect type of the selected box or of the
// next box, Del delete, arrows nudge (Shift: 10 px), Space image done (no box means "no defect")
// and on to the next, D / A next / previous image, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo / redo,
// Ctrl+wheel and +/- zoom, F fit.
//
// Every change is written to the project at once (mouse release or key press) through the
// project's box edit journal, so undo and redo reach back across restarts; undoing an edit of
// another image shows that image. A (previous) goes back through the images this worker
// finished, in the order they finished them, then this session's skipped ones.
//
// Threading: GUI thread only; the project is used on the GUI thread, images decode on a worker.
class AnnotationPage : public QWidget {
    Q_OBJECT
public:
    explicit AnnotationPage(QWidget* parent = nullptr);
    ~AnnotationPage() override;

    // Starts annotating as `worker`: reads the crowd settings and continues with the sampler's
    // next image. Errors reading the project are shown on the page and reported.
    void start(std::shared_ptr<Project> project, const WorkerRecord& worker);
    // Lets go of the project (e.g. when it closes).
    void stop();
    bool isActive() const { return project_ != nullptr; }

    BoxEditorView* view() const { return view_; }
    qint64 currentImageId() const { return current_; }
    bool isLoading() const;
    QString currentType() const { return currentType_; }
    const CrowdSettings& settings() const { return settings_; }
    // "Defective images found: 7 of 10", as shown.
    QString progressText() const;

public Q_SLOTS:
    void nextImage();     // D
    void previousImage(); // A
    void markDone();      // Space
    void undo();
    void redo();
    void chooseType(int index); // 0-based: key 1 is index 0

Q_SIGNALS:
    // The image is decoded and shown with the worker's boxes.
    void imageShown(qint64 imageId);
    // The sampler has nothing more for this worker; `reason` is the text shown.
    void noMoreImages(const QString& reason);
    void errorOccurred(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void pickNext();
    void showImage(qint64 imageId);
    void showLoaded(qint64 imageId, const DisplayImage& image);
    void reloadBoxes(qint64 selectId = -1); // -1 keeps the selection
    void navigateTo(qint64 imageId);
    void onBoxDrawn(const QRectF& rect);
    void onBoxEdited(qint64 id, const QRectF& rect);
    void onDeleteRequested(qint64 id);
    void applyUndoRedo(bool undo);
    bool write(const std::function<void()>& change);
    void showStatus(const QString& text, bool error = false);
    void updateTypeBar();
    void updateImageLabel();
    void updateProgress(int defectiveFound);
    void updateButtons();
    QString typeOfBox(qint64 id) const;

    std::shared_ptr<Project> project_;
    WorkerRecord worker_;
    CrowdSettings settings_;
    QString currentType_;
    qint64 current_ = 0;
    qint64 selectAfterLoad_ = 0;
    QVector<qint64> history_; // images of this worker, in the order shown
    int historyPos_ = -1;     // == history_.size() past the end (nothing left)
    QSet<qint64> skipped_;    // passed over with D this session, not finished
    int defectiveFound_ = 0;

    AsyncImageLoader* loader_;
    BoxEditorView* view_;
    QLabel* workerLabel_;
    QLabel* imageLabel_;
    QLabel* progressLabel_;
    DefectTypeBar* typeBar_;
    QLabel* modeLabel_;
    QLabel* statusLabel_;
    QToolButton* previousButton_;
    QToolButton* drawButton_;
    QToolButton* undoButton_;
    QToolButton* redoButton_;
    QToolButton* doneButton_;
    QToolButton* nextButton_;
};

} // namespace ig::ui
