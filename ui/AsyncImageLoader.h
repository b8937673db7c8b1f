#pragma once

#include "ui/DisplayImage.h"

#include <QObject>
#include <QString>

namespace ig::ui {

// Decodes images for display on a worker thread, one at a time: while one decodes, only the
// latest further request is kept (a worker flipping through images with D D D waits for the
// last one only). Results arrive on the thread that owns the loader.
//
// Threading: create, use and delete on the GUI thread; the destructor waits for a running
// decode.
class AsyncImageLoader : public QObject {
    Q_OBJECT
public:
    explicit AsyncImageLoader(QObject* parent = nullptr);
    ~AsyncImageLoader() override;

    // `tag` comes back with the result (e.g. the image id).
    void load(const QString& path, qint64 tag);
    bool isLoading() const { return running_; }

Q_SIGNALS:
    void loaded(qint64 tag, const ig::ui::DisplayImage& image);
    // `message` is the ig::Error text (a full sentence).
    void failed(qint64 tag, const QString& message);

private:
    void start(const QString& path, qint64 tag);

    struct Pending {
        QString path;
        qint64 tag = 0;
    };
    bool running_ = false;
    bool hasQueued_ = false;
    Pending queued_;
    QObject* watcher_ = nullptr; // the running decode's QFutureWatcher
};

} // namespace ig::ui
