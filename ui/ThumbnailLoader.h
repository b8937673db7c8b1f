#pragma once

#include <QCache>
#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QSize>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace ig::ui {

// Makes thumbnails on a private thread pool (ig::readImage -> shrink -> QImage, 16-bit through
// its min/max window) and caches them as pixmaps, up to a memory budget. Requests are served
// newest first and the queue is bounded, so when the user scrolls fast the rows now visible
// are served before the ones scrolled past, and stale requests are dropped. Each thumbnail is
// centred on a transparent canvas of boxSize() so every row's icon has the same geometry.
//
// Threading: the public API is for the GUI thread (it owns the cache and pixmaps); decoding
// runs on the pool and results come back as queued calls. The destructor drops the queue and
// waits for the images being decoded.
class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxQueued = 256;
    static constexpr int kCacheBudgetKiB = 64 * 1024;

    explicit ThumbnailLoader(QSize boxSize, QObject* parent = nullptr);
    ~ThumbnailLoader() override;

    QSize boxSize() const { return boxSize_; }

    // The cached thumbnail of image `id`, or nullptr (then request() it).
    const QPixmap* thumbnail(qint64 id) const;
    // Why image `id` has no thumbnail (it could not be read); empty if none.
    QString errorOf(qint64 id) const { return errors_.value(id); }
    // Queues image `id` at `path` unless it is cached or already queued.
    void request(qint64 id, const QString& path);
    // Forgets every thumbnail and queued request (e.g. another project was opened).
    void clear();

    // Thumbnails decoded since construction or the last clear(), failures included.
    int decodedCount() const { return decoded_; }
    int queuedCount() const;

Q_SIGNALS:
    void thumbnailReady(qint64 id);

private:
    struct Queue;
    void drainQueue(); // on a pool thread
    void deliver(quint64 generation, qint64 id, const QImage& image, const QString& error);

    const QSize boxSize_;
    std::unique_ptr<Queue> queue_;
    QThreadPool pool_;
    QCache<qint64, QPixmap> cache_;
    QHash<qint64, QString> errors_;
    QSet<qint64> pending_;
    quint64 generation_ = 0;
    int decoded_ = 0;
};

} // namespace ig::ui
