#pragma once

#include "crowd/CrowdSettings.h"
#include "project/Project.h"

#include <QImage>
#include <QVector>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace ig::ui {

class BoxEditorView;
class DisplayImage;

// What a worker sees before their first task: one lesson per defect type of the project, with
// the type's description (QA writes it here; stored in the project's settings), up to three
// example images with the defect boxed, and a practice image on which the worker boxes the
// defect; the answer counts when a box overlaps the known one with IoU >= kPassIoU. Examples
// and practice come from the project's patterns the crowd or the experts accepted (origin
// 'crowd' or 'reviewed', with their source image and box): the last one of a type is the
// practice, the ones before it the examples (a single pattern serves as both). A type without
// such patterns is a reading lesson only. Passing every lesson is recorded (setTutorialPassed).
//
// Keys on the practice image: W draw, Del delete, Space check, N (or Enter) next lesson once
// passed; Ctrl+wheel, +/- zoom, F fit. After two wrong answers the known box is shown dashed.
//
// Threading: GUI thread only; images are read and cropped on a worker.
class TutorialPage : public QWidget {
    Q_OBJECT
public:
    static constexpr double kPassIoU = 0.3;

    explicit TutorialPage(QWidget* parent = nullptr);
    ~TutorialPage() override;

    // True when some defect type has a description or an accepted pattern to show.
    static bool hasContent(const Project& project);

    // Starts with the first lesson. `worker` may edit descriptions when they are QA.
    void start(std::shared_ptr<Project> project, const WorkerRecord& worker);
    void stop();

    int lessonCount() const { return int(lessons_.size()); }
    int lessonIndex() const { return index_; }
    QString lessonType() const;
    bool lessonPassed() const { return passed_; }
    bool hasPractice() const;
    // The practice image's known box (image pixels); empty without practice.
    QRectF practiceAnswer() const;
    BoxEditorView* practiceView() const { return view_; }
    // Examples shown for the lesson once its images are read.
    int exampleCount() const { return exampleCount_; }

public Q_SLOTS:
    // Checks the boxes drawn on the practice image; true when one matches.
    bool check();
    void nextLesson();
    void saveDescription();

Q_SIGNALS:
    // The lesson's images are read and shown.
    void lessonShown(int index);
    void checked(bool passed, double bestIoU);
    // Every lesson passed; recorded in the project.
    void finished();
    void errorOccurred(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Lesson {
        QString type;
        QString description;
        struct Example {
            QString path;
            QRectF box;
        };
        QVector<Example> examples;
        std::optional<Example> practice;
    };
    struct Loaded; // the lesson's images, read on a worker

    void showLesson(int index);
    void lessonLoaded(int index, const Loaded& loaded);
    void updateButtons();

    std::shared_ptr<Project> project_;
    WorkerRecord worker_;
    QVector<Lesson> lessons_;
    int index_ = -1;
    bool passed_ = false;
    int attempts_ = 0;
    int exampleCount_ = 0;
    qint64 nextBoxId_ = 1;
    QObject* watcher_ = nullptr;

    QLabel* titleLabel_;
    QPlainTextEdit* description_;
    QPushButton* saveButton_;
    QLabel* examplesTitle_;
    QVector<QLabel*> exampleLabels_;
    QLabel* practiceLabel_;
    BoxEditorView* view_;
    QLabel* resultLabel_;
    QPushButton* checkButton_;
    QPushButton* nextButton_;
};

} // namespace ig::ui
