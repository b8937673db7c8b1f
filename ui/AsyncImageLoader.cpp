#include "ui/AsyncImageLoader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <memory>

namespace ig::ui {

namespace {
struct LoadResult {
    DisplayImage image;
    QString error;
};
} // namespace

AsyncImageLoader::AsyncImageLoader(QObject* parent) : QObject(parent) {}

AsyncImageLoader::~AsyncImageLoader() {
    if (auto* watcher = static_cast<QFutureWatcher<void>*>(watcher_)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
    }
}

void AsyncImageLoader::load(const QString& path, qint64 tag) {
    if (running_) {
        queued_ = {path, tag};
        hasQueued_ = true;
        return;
    }
    start(path, tag);
}

void AsyncImageLoader::start(const QString& path, qint64 tag) {
    running_ = true;
    auto result = std::make_shared<LoadResult>();
    auto* watcher = new QFutureWatcher<void>(this);
    watcher_ = watcher;
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, tag, result] {
        watcher->deleteLater();
        watcher_ = nullptr;
        running_ = false;
        if (hasQueued_) { // a newer wish: this result is stale
            hasQueued_ = false;
            start(queued_.path, queued_.tag);
            return;
        }
        if (result->error.isEmpty())
            Q_EMIT loaded(tag, result->image);
        else
            Q_EMIT failed(tag, result->error);
    });
    watcher->setFuture(QtConcurrent::run([path, result] {
        try {
            result->image = DisplayImage::load(path);
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
    }));
}

} // namespace ig::ui
