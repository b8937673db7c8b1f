#pragma once

#include "project/Records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPixmap>
#include <QVector>

#include <vector>

namespace ig::ui {

class ThumbnailLoader;

// The images of a project as a list: name and size as text, the thumbnail as decoration.
// Thumbnails are requested lazily from data(), which views only call for rows they paint, so
// opening a project of thousands of images decodes only what is on screen; until a thumbnail
// arrives the row shows a grey placeholder of the image's aspect ratio, so nothing jumps.
//
// Threading: GUI thread only.
class ImageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64 image id
        PathRole,                  // absolute file path
    };

    explicit ImageListModel(ThumbnailLoader* loader, QObject* parent = nullptr);

    // Replaces the list; `absolutePaths[i]` is where `images[i]` lies on disk. Cached
    // thumbnails are kept (ids are per project: clear the loader when the project changes).
    void setImages(std::vector<ImageRecord> images, QVector<QString> absolutePaths);
    void clear();

    const ImageRecord& record(int row) const { return images_.at(size_t(row)); }
    QString absolutePath(int row) const { return paths_.at(row); }
    int rowOfId(qint64 id) const { return rowOfId_.value(id, -1); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void onThumbnailReady(qint64 id);
    const QPixmap& placeholder(QSize imageSize) const;

    ThumbnailLoader* loader_;
    std::vector<ImageRecord> images_;
    QVector<QString> paths_;
    QHash<qint64, int> rowOfId_;
    mutable QHash<quint64, QPixmap> placeholders_; // by fitted width << 32 | height
};

} // namespace ig::ui
