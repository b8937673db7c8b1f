#pragma once

#include "ui/ImageView.h"

#include <QColor>
#include <QRectF>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ig::ui {

// A box on the image, in image pixels (continuous: pixel (0,0) spans [0,1)).
struct EditorBox {
    qint64 id = 0;
    QRectF rect;
    QString type;
};

// The image view with boxes drawn over it: the worker's own boxes to draw, select, move, resize,
// nudge and delete; other workers' boxes drawn dimmer for reference; and one highlighted box
// (the one under review).
//
// It extends ImageView rather than being a QGraphicsView: ImageView already paints only the
// exposed part from the matching DisplayImage pyramid level, so a repaint costs one viewport of
// pixels at any zoom, on 161 x 5278 and 8000 x 8000 images alike; the few boxes are painted over
// it in screen space, which keeps pens and handles the same size on screen at any zoom without
// per-item transforms.
//
// The view only reports edits; its owner writes them and sets the boxes back (setBoxes), so what
// is shown is what is stored. boxDrawn/boxEdited are emitted when the mouse is released or a
// nudge key pressed, never during a drag. Box edges snap to whole pixels inside the image.
//
// Mouse: in draw mode (W) a left drag draws a box; otherwise a left press on the selected box's
// handle resizes, on a box selects and moves it, on empty space deselects and pans. Keys: W draw
// mode, Esc cancels / leaves draw mode / deselects, Del or Backspace deletes the selected box,
// arrows nudge it by 1 px (Shift: 10 px), F fit, +/- zoom. Other plain keys (digits, letters,
// Space) and Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y go to the parent widget, and win over the window's
// shortcuts while the view has focus.
//
// Threading: GUI thread only.
class BoxEditorView : public ImageView {
    Q_OBJECT
public:
    enum class Mode { Select, Draw };
    // Handle squares and pens keep these screen sizes at any zoom.
    static constexpr double kHandleSize = 9;
    static constexpr double kGrabDistance = 7;  // how near a handle or edge the press must be
    static constexpr double kMinDragPixels = 4; // shorter drags are clicks

    explicit BoxEditorView(QWidget* parent = nullptr);

    // Off: no drawing or editing (review); the mouse still pans and the wheel zooms.
    void setEditable(bool editable);
    bool isEditable() const { return editable_; }
    void setMode(Mode mode);
    Mode mode() const { return mode_; }

    // The editable boxes. The selection stays when its box is still there.
    void setBoxes(const QVector<EditorBox>& boxes);
    const QVector<EditorBox>& boxes() const { return boxes_; }
    // Drawn dimmer, never edited.
    void setReferenceBoxes(const QVector<EditorBox>& boxes);
    void setHighlightedBox(const std::optional<EditorBox>& box);
    // Box colours follow the type's position in this list (the keys 1-9).
    void setDefectTypes(const QStringList& types);
    QColor colorOfType(const QString& type) const;

    qint64 selectedId() const { return selectedId_; }
    void setSelectedId(qint64 id);
    bool isDragging() const { return drag_ != Drag::None; }

    // Zooms so that `imageRect` fills about a third of the view (never less than fitting the
    // whole image, never over 100 % unless the image fits) and centres it.
    void focusOn(const QRectF& imageRect);
    // Scrolls so that `imagePoint` lies in the middle of the view (as far as the image allows).
    void centerOn(QPointF imagePoint);
    QRectF imageToViewport(const QRectF& imageRect) const;
    using ImageView::imageToViewport;

Q_SIGNALS:
    void boxDrawn(const QRectF& rect);
    void boxEdited(qint64 id, const QRectF& rect);
    void deleteRequested(qint64 id);
    void selectionChanged(qint64 id);
    void modeChanged(ig::ui::BoxEditorView::Mode mode);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    enum class Drag { None, Draw, Move, Resize };

    int indexOf(qint64 id) const;
    // The handle (0-7 clockwise from top-left) of the selected box under `pos`, or -1.
    int handleAt(QPointF viewportPos) const;
    // The smallest box under `pos` (so a box inside another can be picked), or -1.
    int boxAt(QPointF viewportPos) const;
    QPointF handlePosition(const QRectF& viewportRect, int handle) const;
    QRectF snapped(const QRectF& imageRect) const;
    QRectF moved(const QRectF& rect, QPointF delta) const;
    void updateCursor(QPointF viewportPos);
    void finishDrag();
    void cancelDrag();
    void nudge(QPointF delta);
    void drawLabel(QPainter& painter, const QRectF& box, const QString& text,
                   const QColor& color) const;

    bool editable_ = true;
    Mode mode_ = Mode::Select;
    QVector<EditorBox> boxes_;
    QVector<EditorBox> reference_;
    std::optional<EditorBox> highlighted_;
    QStringList types_;
    qint64 selectedId_ = 0;

    Drag drag_ = Drag::None;
    int handle_ = -1;
    QPointF pressViewport_;
    QPointF pressImage_;
    QRectF startRect_; // the dragged box at the press
    QRectF liveRect_;  // the dragged or drawn box now
    bool movedEnough_ = false;
};

} // namespace ig::ui
