#include "ui/ImageView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ig::ui {

namespace {
// A neutral dark surround: judges grey levels better than the window colour does.
const QColor kBackground(0x30, 0x32, 0x36);
const QColor kMessageColor(0xc8, 0xcc, 0xd2);
} // namespace

ImageView::ImageView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent); // paintEvent fills every pixel
    horizontalScrollBar()->setSingleStep(24);
    verticalScrollBar()->setSingleStep(24);
    setMinimumSize(160, 120);
}

void ImageView::setImage(const DisplayImage& image) {
    image_ = image;
    message_.clear();
    if (fitMode_ || image_.isNull()) {
        fitToWindow();
    } else {
        applyZoom(zoom_, QPointF(viewport()->rect().center()), false);
        // centre the new image
        horizontalScrollBar()->setValue(
            (horizontalScrollBar()->minimum() + horizontalScrollBar()->maximum()) / 2);
        verticalScrollBar()->setValue(
            (verticalScrollBar()->minimum() + verticalScrollBar()->maximum()) / 2);
    }
    viewport()->update();
}

void ImageView::showMessage(const QString& message) {
    image_ = DisplayImage();
    message_ = message;
    updateScrollBars();
    viewport()->update();
    Q_EMIT pixelLeft();
}

double ImageView::fitZoom() const {
    if (image_.isNull())
        return 1.0;
    const QSize area = viewport()->size() - QSize(2 * kFitMargin, 2 * kFitMargin);
    return std::max(1e-3, std::min(double(std::max(1, area.width())) / image_.width(),
                                   double(std::max(1, area.height())) / image_.height()));
}

double ImageView::minZoom() const {
    return std::max(1e-3, std::min(fitZoom(), 1.0) / 8);
}

QSizeF ImageView::contentSize() const {
    return {image_.width() * zoom_, image_.height() * zoom_};
}

QPointF ImageView::contentOrigin() const {
    const QSizeF content = contentSize();
    const QSize area = viewport()->size();
    // Centred when smaller than the viewport, else placed by the scroll bars.
    const double x = content.width() <= area.width() ? (area.width() - content.width()) / 2
                                                     : -horizontalScrollBar()->value();
    const double y = content.height() <= area.height() ? (area.height() - content.height()) / 2
                                                       : -verticalScrollBar()->value();
    return {x, y};
}

QPointF ImageView::viewportToImage(QPointF viewportPos) const {
    return (viewportPos - contentOrigin()) / zoom_;
}

QPointF ImageView::imageToViewport(QPointF imagePos) const {
    return contentOrigin() + imagePos * zoom_;
}

QRectF ImageView::visibleImageRect() const {
    if (image_.isNull())
        return {};
    const QRectF area(viewportToImage(QPointF(0, 0)),
                      viewportToImage(QPointF(viewport()->width(), viewport()->height())));
    return area.intersected(QRectF(QPointF(0, 0), QSizeF(image_.size())));
}

void ImageView::updateScrollBars() {
    const QSizeF content = image_.isNull() ? QSizeF() : contentSize();
    const QSize area = viewport()->size();
    QScrollBar* h = horizontalScrollBar();
    QScrollBar* v = verticalScrollBar();
    h->setRange(0, std::max(0, int(std::ceil(content.width())) - area.width()));
    v->setRange(0, std::max(0, int(std::ceil(content.height())) - area.height()));
    h->setPageStep(area.width());
    v->setPageStep(area.height());
}

void ImageView::applyZoom(double zoom, QPointF anchor, bool fitMode) {
    const QPointF imagePoint = viewportToImage(anchor);
    const double old = zoom_;
    zoom_ = std::clamp(zoom, minZoom(), kMaxZoom);
    fitMode_ = fitMode;
    updateScrollBars();
    // Keep `imagePoint` under `anchor`; the scroll bars clamp at the edges.
    horizontalScrollBar()->setValue(int(std::lround(imagePoint.x() * zoom_ - anchor.x())));
    verticalScrollBar()->setValue(int(std::lround(imagePoint.y() * zoom_ - anchor.y())));
    viewport()->update();
    if (zoom_ != old)
        Q_EMIT zoomChanged(zoom_);
}

void ImageView::setZoom(double zoom, QPointF anchor) {
    if (!image_.isNull())
        applyZoom(zoom, anchor, false);
}

void ImageView::setZoom(double zoom) {
    setZoom(zoom, QPointF(viewport()->rect().center()));
}

void ImageView::zoomIn() {
    setZoom(zoom_ * kZoomStep);
}

void ImageView::zoomOut() {
    setZoom(zoom_ / kZoomStep);
}

void ImageView::fitToWindow() {
    if (image_.isNull()) {
        fitMode_ = true;
        updateScrollBars();
        return;
    }
    applyZoom(fitZoom(), QPointF(viewport()->rect().center()), true);
}

void ImageView::fitToWidth() {
    if (image_.isNull())
        return;
    double zoom = double(viewport()->width()) / image_.width();
    // A vertical scroll bar will appear and take its width from the viewport.
    if (image_.height() * zoom > viewport()->height() && !verticalScrollBar()->isVisible())
        zoom =
            double(viewport()->width() - verticalScrollBar()->sizeHint().width()) / image_.width();
    const QPointF centre = viewportToImage(QPointF(viewport()->rect().center()));
    applyZoom(zoom, QPointF(viewport()->rect().center()), false);
    // Keep the vertical position the user was looking at; start at the top from a fit.
    verticalScrollBar()->setValue(int(std::lround(centre.y() * zoom_ - viewport()->height() / 2)));
}

void ImageView::showActualSize() {
    setZoom(1.0);
}

void ImageView::paintEvent(QPaintEvent* event) {
    QPainter painter(viewport());
    painter.fillRect(event->rect(), kBackground);
    if (image_.isNull()) {
        if (!message_.isEmpty()) {
            painter.setPen(kMessageColor);
            painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                             Qt::AlignCenter | Qt::TextWordWrap, message_);
        }
        return;
    }
    const QPointF origin = contentOrigin();
    const QRectF target(origin, contentSize());
    const QRectF visible = target.intersected(QRectF(event->rect()));
    if (visible.isEmpty())
        return;
    const int levelIndex = image_.levelForZoom(zoom_);
    const QImage& level = image_.level(levelIndex);
    const double sx = double(level.width()) / image_.width();
    const double sy = double(level.height()) / image_.height();
    const QRectF source((visible.left() - origin.x()) / zoom_ * sx,
                        (visible.top() - origin.y()) / zoom_ * sy, visible.width() / zoom_ * sx,
                        visible.height() / zoom_ * sy);
    // Smooth up to 3x; beyond, show crisp pixels for inspection.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 3.0);
    painter.drawImage(visible, level, source);
}

void ImageView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    if (fitMode_)
        fitToWindow();
    else
        updateScrollBars();
}

void ImageView::scrollContentsBy(int, int) {
    viewport()->update();
}

void ImageView::wheelEvent(QWheelEvent* event) {
    if (!(event->modifiers() & Qt::ControlModifier) || image_.isNull()) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    // Proportional to the wheel delta, so high-resolution wheels and touchpads zoom smoothly.
    double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        steps = event->pixelDelta().y() / 120.0;
    if (steps != 0)
        setZoom(zoom_ * std::pow(kZoomStep, steps), event->position());
    event->accept();
}

void ImageView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_F:
        fitToWindow();
        break;
    case Qt::Key_W:
        fitToWidth();
        break;
    case Qt::Key_1:
        showActualSize();
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ImageView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
        dragging_ = true;
        dragStart_ = event->position().toPoint();
        scrollAtDragStart_ = {horizontalScrollBar()->value(), verticalScrollBar()->value()};
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void ImageView::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_) {
        const QPoint delta = event->position().toPoint() - dragStart_;
        horizontalScrollBar()->setValue(scrollAtDragStart_.x() - delta.x());
        verticalScrollBar()->setValue(scrollAtDragStart_.y() - delta.y());
    }
    reportPixel(event->position());
    event->accept();
}

void ImageView::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_ && (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton)) {
        dragging_ = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

bool ImageView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::Leave)
        Q_EMIT pixelLeft();
    return QAbstractScrollArea::viewportEvent(event);
}

void ImageView::reportPixel(QPointF viewportPos) {
    if (image_.isNull())
        return;
    const QPointF p = viewportToImage(viewportPos);
    const int x = int(std::floor(p.x()));
    const int y = int(std::floor(p.y()));
    if (x < 0 || y < 0 || x >= image_.width() || y >= image_.height()) {
        Q_EMIT pixelLeft();
        return;
    }
    Q_EMIT pixelHovered(x, y, image_.valueText(x, y));
}

} // namespace ig::ui
