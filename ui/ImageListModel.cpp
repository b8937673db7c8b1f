#include "ui/ImageListModel.h"

#include "ui/ImageConversion.h"
#include "ui/ThumbnailLoader.h"

#include <QFileInfo>
#include <QIcon>
#include <QPainter>

namespace ig::ui {

ImageListModel::ImageListModel(ThumbnailLoader* loader, QObject* parent)
    : QAbstractListModel(parent), loader_(loader) {
    connect(loader_, &ThumbnailLoader::thumbnailReady, this, &ImageListModel::onThumbnailReady);
}

void ImageListModel::setImages(std::vector<ImageRecord> images, QVector<QString> absolutePaths) {
    Q_ASSERT(images.size() == size_t(absolutePaths.size()));
    beginResetModel();
    images_ = std::move(images);
    paths_ = std::move(absolutePaths);
    rowOfId_.clear();
    for (size_t row = 0; row < images_.size(); ++row)
        rowOfId_.insert(images_[row].id, int(row));
    endResetModel();
}

void ImageListModel::clear() {
    setImages({}, {});
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(images_.size());
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ImageRecord& image = images_[size_t(index.row())];
    const QString& path = paths_.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = QFileInfo(QString::fromStdString(image.path)).fileName();
        QString details =
            tr("%1 × %2 px, %3-bit").arg(image.width).arg(image.height).arg(image.bitDepth);
        if (image.goldLabel)
            details += tr(", label %1").arg(QString::fromStdString(*image.goldLabel));
        if (image.isDev)
            details += tr(", dev");
        return name + QLatin1Char('\n') + details;
    }
    case Qt::DecorationRole: {
        if (const QPixmap* thumbnail = loader_->thumbnail(image.id)) {
            // The same pixmap when selected: the default selected mode tints the pixels.
            QIcon icon(*thumbnail);
            icon.addPixmap(*thumbnail, QIcon::Selected);
            return icon;
        }
        loader_->request(image.id, path);
        return placeholder(QSize(image.width, image.height));
    }
    case Qt::ToolTipRole: {
        const QString error = loader_->errorOf(image.id);
        return error.isEmpty() ? path : path + QLatin1Char('\n') + error;
    }
    case IdRole:
        return QVariant::fromValue<qint64>(image.id);
    case PathRole:
        return path;
    default:
        return {};
    }
}

void ImageListModel::onThumbnailReady(qint64 id) {
    const int row = rowOfId(id);
    if (row < 0)
        return;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, Qt::ToolTipRole});
}

const QPixmap& ImageListModel::placeholder(QSize imageSize) const {
    const QSize box = loader_->boxSize();
    const QSize fitted = fittedSize(imageSize, box);
    const quint64 key = (quint64(fitted.width()) << 32) | quint64(fitted.height());
    auto it = placeholders_.find(key);
    if (it == placeholders_.end()) {
        QPixmap pixmap(box);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        const QRect r(
            QPoint((box.width() - fitted.width()) / 2, (box.height() - fitted.height()) / 2),
            fitted);
        painter.fillRect(r, QColor(0, 0, 0, 28));
        it = placeholders_.insert(key, pixmap);
    }
    return *it;
}

} // namespace ig::ui
