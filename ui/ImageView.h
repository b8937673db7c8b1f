#pragma once

#include "ui/DisplayImage.h"

#include <QAbstractScrollArea>
#include <QPoint>
#include <QPointF>

namespace ig::ui {

// Shows one image with smooth zoom and pan. Painting draws only the part of the image inside
// the exposed rectangle, from the pyramid level that matches the zoom (see DisplayImage), so a
// zoom step costs about one viewport of pixels whatever the image size; nothing is rescaled
// as a whole when the zoom changes.
//
// Controls: Ctrl+wheel zooms around the cursor; +/- zoom around the centre; F fits the image,
// W fits its width, 1 shows it at 100 %; drag with the left or middle button, the scroll bars
// or the wheel pan. Zoom is kept between an eighth of min(fit, 100 %) and 64x.
//
// Threading: GUI thread only.
class ImageView : public QAbstractScrollArea {
    Q_OBJECT
public:
    static constexpr double kZoomStep = 1.25;
    static constexpr double kMaxZoom = 64.0;
    // Screen pixels left around a fitted image, so that its edges are visible.
    static constexpr int kFitMargin = 8;

    explicit ImageView(QWidget* parent = nullptr);

    // Shows `image`, fitted to the view when in fit mode (the initial mode), else at the
    // current zoom, centred.
    void setImage(const DisplayImage& image);
    // Shows no image but `message` (e.g. "Loading…" or why the image cannot be shown).
    void showMessage(const QString& message);
    const DisplayImage& image() const { return image_; }
    bool hasImage() const { return !image_.isNull(); }

    double zoom() const { return zoom_; }
    // True while the view re-fits the image whenever it is resized.
    bool isFitMode() const { return fitMode_; }
    double fitZoom() const;

    // Viewport coordinates <-> image pixel coordinates (continuous: pixel (0,0) spans [0,1)).
    QPointF viewportToImage(QPointF viewportPos) const;
    QPointF imageToViewport(QPointF imagePos) const;
    // The part of the image inside the viewport, in image pixels.
    QRectF visibleImageRect() const;

    // Sets the zoom keeping the image point under `anchor` (viewport coordinates) in place.
    void setZoom(double zoom, QPointF anchor);
    void setZoom(double zoom);

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void fitToWidth();
    void showActualSize();

Q_SIGNALS:
    void zoomChanged(double zoom);
    // The pixel under the mouse and its raw value text; pixelLeft() when it leaves the image.
    void pixelHovered(int x, int y, const QString& valueText);
    void pixelLeft();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    QPointF contentOrigin() const; // where image pixel (0,0) lies in the viewport
    QSizeF contentSize() const;
    void updateScrollBars();
    void applyZoom(double zoom, QPointF anchor, bool fitMode);
    void reportPixel(QPointF viewportPos);
    double minZoom() const;

    DisplayImage image_;
    QString message_;
    double zoom_ = 1.0;
    bool fitMode_ = true;
    bool dragging_ = false;
    QPoint dragStart_;
    QPoint scrollAtDragStart_;
};

} // namespace ig::ui
