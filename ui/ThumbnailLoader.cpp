#include "ui/ThumbnailLoader.h"

#include "ui/ImageConversion.h"

#include "io/ImageFile.h"

#include <QMetaObject>
#include <QPainter>

#include <deque>
#include <exception>
#include <mutex>

namespace ig::ui {

struct ThumbnailLoader::Queue {
    struct Request {
        qint64 id;
        QString path;
        quint64 generation;
    };
    std::mutex mutex;
    std::deque<Request> requests; // newest at the back
    int runners = 0;              // pool tasks draining the queue
    bool stopped = false;
};

namespace {

// The thumbnail centred on a transparent box-sized canvas, with a hairline frame so that dark
// and light images both stand out from the list's background.
QImage composeOnCanvas(const QImage& thumbnail, QSize box) {
    QImage canvas(box, QImage::Format_ARGB32_Premultiplied);
    canvas.fill(Qt::transparent);
    QPainter painter(&canvas);
    const QPoint topLeft((box.width() - thumbnail.width()) / 2,
                         (box.height() - thumbnail.height()) / 2);
    painter.drawImage(topLeft, thumbnail);
    painter.setPen(QColor(0, 0, 0, 60));
    painter.drawRect(QRect(topLeft, thumbnail.size()).adjusted(0, 0, -1, -1));
    return canvas;
}

// A placeholder for images that cannot be read: a crossed-out box.
QPixmap brokenPixmap(QSize box) {
    QPixmap pixmap(box);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(QPointF(0, 0), QSizeF(box))
                         .adjusted(box.width() * 0.2, box.height() * 0.2, -box.width() * 0.2,
                                   -box.height() * 0.2);
    painter.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 2));
    painter.drawRect(r);
    painter.drawLine(r.topLeft(), r.bottomRight());
    painter.drawLine(r.topRight(), r.bottomLeft());
    return pixmap;
}

} // namespace

ThumbnailLoader::ThumbnailLoader(QSize boxSize, QObject* parent)
    : QObject(parent), boxSize_(boxSize), queue_(std::make_unique<Queue>()) {
    pool_.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    cache_.setMaxCost(kCacheBudgetKiB);
}

ThumbnailLoader::~ThumbnailLoader() {
    {
        std::lock_guard<std::mutex> lock(queue_->mutex);
        queue_->stopped = true;
        queue_->requests.clear();
    }
    pool_.waitForDone();
}

const QPixmap* ThumbnailLoader::thumbnail(qint64 id) const {
    return cache_.object(id);
}

int ThumbnailLoader::queuedCount() const {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    return int(queue_->requests.size());
}

void ThumbnailLoader::request(qint64 id, const QString& path) {
    if (cache_.contains(id) || pending_.contains(id))
        return;
    pending_.insert(id);
    bool startRunner = false;
    {
        std::lock_guard<std::mutex> lock(queue_->mutex);
        queue_->requests.push_back({id, path, generation_});
        if (queue_->requests.size() > kMaxQueued) {
            // The oldest request is for a row long scrolled past; it is asked again if seen.
            pending_.remove(queue_->requests.front().id);
            queue_->requests.pop_front();
        }
        if (queue_->runners < pool_.maxThreadCount()) {
            ++queue_->runners;
            startRunner = true;
        }
    }
    if (startRunner)
        pool_.start([this] { drainQueue(); });
}

void ThumbnailLoader::drainQueue() {
    for (;;) {
        Queue::Request request;
        {
            std::lock_guard<std::mutex> lock(queue_->mutex);
            if (queue_->stopped || queue_->requests.empty()) {
                --queue_->runners;
                return;
            }
            request = std::move(queue_->requests.back());
            queue_->requests.pop_back();
        }
        QImage image;
        QString error;
        try {
            image = composeOnCanvas(
                makeThumbnail(ig::readImage(request.path.toStdString()), boxSize_), boxSize_);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        // The destructor waits for this task, so `this` outlives the queued call's posting;
        // Qt drops the call if the loader is gone by the time it would run.
        QMetaObject::invokeMethod(
            this,
            [this, generation = request.generation, id = request.id, image, error] {
                deliver(generation, id, image, error);
            },
            Qt::QueuedConnection);
    }
}

void ThumbnailLoader::deliver(quint64 generation, qint64 id, const QImage& image,
                              const QString& error) {
    if (generation != generation_)
        return; // made for a project that is no longer shown
    pending_.remove(id);
    ++decoded_;
    auto pixmap = std::make_unique<QPixmap>(error.isEmpty() ? QPixmap::fromImage(image)
                                                            : brokenPixmap(boxSize_));
    const int costKiB = std::max(1, pixmap->width() * pixmap->height() * 4 / 1024);
    if (!error.isEmpty())
        errors_.insert(id, error);
    cache_.insert(id, pixmap.release(), costKiB); // QCache takes ownership
    Q_EMIT thumbnailReady(id);
}

void ThumbnailLoader::clear() {
    {
        std::lock_guard<std::mutex> lock(queue_->mutex);
        queue_->requests.clear();
    }
    ++generation_;
    pending_.clear();
    cache_.clear();
    errors_.clear();
    decoded_ = 0;
}

} // namespace ig::ui
