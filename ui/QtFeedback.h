#pragma once

#include "util/Feedback.h"

#include <QObject>
#include <QString>

namespace ig::ui {

// An ig::Feedback that turns the engine's progress reports into Qt signals, so a progress
// dialog can follow work running on another thread; cancel() (or requestCancel()) asks the
// work to stop at its next check.
//
// Threading: the signals are emitted on the reporting worker thread; connect them to GUI
// objects with the default (auto) connection, which queues them into the GUI thread. Create
// and delete the object on the GUI thread, after the work using it has finished.
class QtFeedback : public QObject, public ig::Feedback {
    Q_OBJECT
public:
    explicit QtFeedback(QObject* parent = nullptr) : QObject(parent) {}

public Q_SLOTS:
    void requestCancel() { cancel(); }

Q_SIGNALS:
    // `total` is 0 when the amount of work is not known.
    void progressChanged(const QString& stage, qint64 done, qint64 total);
    void messageReported(const QString& text);

protected:
    void onProgress(const std::string& stage, long long done, long long total) override;
    void onMessage(const std::string& text) override;
};

} // namespace ig::ui
