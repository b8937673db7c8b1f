#include "ui/BoxEditorView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <array>
#include <cmath>

namespace ig::ui {

namespace {

// Distinct on the dark surround and on grey metal; in the order of the keys 1-9.
const std::array<QColor, 9> kTypeColors = {
    QColor(0xff, 0x4d, 0x4f), QColor(0x3d, 0xd6, 0x8c), QColor(0x4d, 0xa3, 0xff),
    QColor(0xff, 0xc1, 0x07), QColor(0xc0, 0x84, 0xfc), QColor(0x22, 0xd3, 0xee),
    QColor(0xff, 0x8a, 0x3d), QColor(0xf4, 0x72, 0xb6), QColor(0xa3, 0xe6, 0x35)};
const QColor kUntypedColor(0xe8, 0xea, 0xed);
const QColor kReferenceColor(0xf0, 0xf2, 0xf5, 190);
const QColor kHighlightColor(0xff, 0xd4, 0x00);

// Handle i sits at (kHandleX[i], kHandleY[i]) of the box: 0 left/top, 1 right/bottom.
const std::array<double, 8> kHandleX = {0, 0.5, 1, 1, 1, 0.5, 0, 0};
const std::array<double, 8> kHandleY = {0, 0, 0, 0.5, 1, 1, 1, 0.5};

} // namespace

BoxEditorView::BoxEditorView(QWidget* parent) : ImageView(parent) {}

void BoxEditorView::setEditable(bool editable) {
    if (editable_ == editable)
        return;
    cancelDrag();
    editable_ = editable;
    if (!editable_)
        setMode(Mode::Select);
    viewport()->unsetCursor();
    viewport()->update();
}

void BoxEditorView::setMode(Mode mode) {
    if (mode_ == mode)
        return;
    if (drag_ == Drag::Draw)
        cancelDrag();
    mode_ = (editable_ ? mode : Mode::Select);
    if (mode_ == Mode::Draw)
        viewport()->setCursor(Qt::CrossCursor);
    else
        viewport()->unsetCursor();
    Q_EMIT modeChanged(mode_);
}

void BoxEditorView::setBoxes(const QVector<EditorBox>& boxes) {
    cancelDrag();
    boxes_ = boxes;
    if (selectedId_ != 0 && indexOf(selectedId_) < 0) {
        selectedId_ = 0;
        Q_EMIT selectionChanged(0);
    }
    viewport()->update();
}

void BoxEditorView::setReferenceBoxes(const QVector<EditorBox>& boxes) {
    reference_ = boxes;
    viewport()->update();
}

void BoxEditorView::setHighlightedBox(const std::optional<EditorBox>& box) {
    highlighted_ = box;
    viewport()->update();
}

void BoxEditorView::setDefectTypes(const QStringList& types) {
    types_ = types;
    viewport()->update();
}

QColor BoxEditorView::colorOfType(const QString& type) const {
    const int index = types_.indexOf(type);
    return index >= 0 ? kTypeColors[size_t(index) % kTypeColors.size()] : kUntypedColor;
}

void BoxEditorView::setSelectedId(qint64 id) {
    if (id != 0 && indexOf(id) < 0)
        id = 0;
    if (id == selectedId_)
        return;
    selectedId_ = id;
    viewport()->update();
    Q_EMIT selectionChanged(id);
}

int BoxEditorView::indexOf(qint64 id) const {
    for (int i = 0; i < boxes_.size(); ++i)
        if (boxes_[i].id == id)
            return i;
    return -1;
}

QRectF BoxEditorView::imageToViewport(const QRectF& r) const {
    return QRectF(imageToViewport(r.topLeft()), imageToViewport(r.bottomRight()));
}

void BoxEditorView::focusOn(const QRectF& r) {
    if (!hasImage() || r.isEmpty())
        return;
    const QSizeF area = viewport()->size();
    const double wanted =
        std::min(area.width() / (3 * r.width()), area.height() / (3 * r.height()));
    // Never beyond 100 % unless the whole image fits: the surroundings (other boxes, the
    // texture) matter as much as the box.
    setZoom(std::clamp(wanted, fitZoom(), std::max(fitZoom(), 1.0)));
    centerOn(r.center());
}

void BoxEditorView::centerOn(QPointF imagePoint) {
    if (!hasImage())
        return;
    // The scroll bars clamp at the image's edges.
    const QPointF offset = imageToViewport(imagePoint) -
                           QPointF(viewport()->width() / 2.0, viewport()->height() / 2.0);
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(std::lround(offset.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + int(std::lround(offset.y())));
}

QPointF BoxEditorView::handlePosition(const QRectF& v, int handle) const {
    return {v.left() + kHandleX[size_t(handle)] * v.width(),
            v.top() + kHandleY[size_t(handle)] * v.height()};
}

int BoxEditorView::handleAt(QPointF pos) const {
    const int index = indexOf(selectedId_);
    if (index < 0)
        return -1;
    const QRectF v = imageToViewport(boxes_[index].rect);
    int best = -1;
    double bestDistance = kGrabDistance;
    // Corners first: on a tiny box the edge handles lie on top of them.
    for (int handle : {0, 2, 4, 6, 1, 3, 5, 7}) {
        const QPointF d = handlePosition(v, handle) - pos;
        const double distance = std::max(std::abs(d.x()), std::abs(d.y()));
        if (distance < bestDistance) {
            best = handle;
            bestDistance = distance;
        }
    }
    return best;
}

int BoxEditorView::boxAt(QPointF pos) const {
    int best = -1;
    double bestArea = 0;
    for (int i = 0; i < boxes_.size(); ++i) {
        const QRectF v = imageToViewport(boxes_[i].rect)
                             .adjusted(-kGrabDistance / 2, -kGrabDistance / 2, kGrabDistance / 2,
                                       kGrabDistance / 2);
        const double area = v.width() * v.height();
        if (v.contains(pos) && (best < 0 || area < bestArea)) {
            best = i;
            bestArea = area;
        }
    }
    return best;
}

QRectF BoxEditorView::snapped(const QRectF& r) const {
    const QRectF n = r.normalized();
    const double w = image().width(), h = image().height();
    double left = std::clamp(std::round(n.left()), 0.0, w - 1);
    double top = std::clamp(std::round(n.top()), 0.0, h - 1);
    double right = std::clamp(std::round(n.right()), left + 1, w);
    double bottom = std::clamp(std::round(n.bottom()), top + 1, h);
    return QRectF(QPointF(left, top), QPointF(right, bottom));
}

QRectF BoxEditorView::moved(const QRectF& rect, QPointF delta) const {
    // Whole pixels, and the box stays inside the image.
    const double dx =
        std::clamp(std::round(delta.x()), -rect.left(), image().width() - rect.right());
    const double dy =
        std::clamp(std::round(delta.y()), -rect.top(), image().height() - rect.bottom());
    return rect.translated(dx, dy);
}

bool BoxEditorView::event(QEvent* event) {
    // While the view has focus its keys win over the window's single-key shortcuts (the browse
    // view's W, F, 1 ...), which mean something else here.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
        const bool plain = !(mods & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        const bool undoRedo =
            (mods == Qt::ControlModifier || mods == (Qt::ControlModifier | Qt::ShiftModifier)) &&
            (key->key() == Qt::Key_Z || key->key() == Qt::Key_Y);
        if ((plain && key->key() < Qt::Key_Shift) ||
            (plain && key->key() >= Qt::Key_Space && key->key() <= Qt::Key_AsciiTilde) ||
            undoRedo) {
            event->accept();
            return true;
        }
    }
    return ImageView::event(event);
}

void BoxEditorView::keyPressEvent(QKeyEvent* event) {
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool plain =
        !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    const int key = event->key();
    if (plain && key >= Qt::Key_0 && key <= Qt::Key_9) {
        event->ignore(); // defect types and votes: the owner's keys (not "actual size")
        return;
    }
    if (plain && key == Qt::Key_W) {
        if (!editable_) {
            event->ignore();
            return;
        }
        setMode(mode_ == Mode::Draw ? Mode::Select : Mode::Draw);
        event->accept();
        return;
    }
    if (plain && key == Qt::Key_Escape) {
        if (drag_ != Drag::None)
            cancelDrag();
        else if (mode_ == Mode::Draw)
            setMode(Mode::Select);
        else
            setSelectedId(0);
        event->accept();
        return;
    }
    if (editable_ && selectedId_ != 0 && drag_ == Drag::None && plain) {
        const double step = shift ? 10 : 1;
        switch (key) {
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
            Q_EMIT deleteRequested(selectedId_);
            event->accept();
            return;
        case Qt::Key_Left:
            nudge({-step, 0});
            event->accept();
            return;
        case Qt::Key_Right:
            nudge({step, 0});
            event->accept();
            return;
        case Qt::Key_Up:
            nudge({0, -step});
            event->accept();
            return;
        case Qt::Key_Down:
            nudge({0, step});
            event->accept();
            return;
        default:
            break;
        }
    }
    switch (key) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Minus:
    case Qt::Key_F:
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        if (plain) {
            ImageView::keyPressEvent(event); // zoom, fit, scroll
            return;
        }
        break;
    default:
        break;
    }
    event->ignore(); // D, A, Space, R, N, undo ...: the owner's
}

void BoxEditorView::nudge(QPointF delta) {
    const int index = indexOf(selectedId_);
    if (index < 0 || !hasImage())
        return;
    const QRectF target = moved(boxes_[index].rect, delta);
    if (target == boxes_[index].rect)
        return; // at the image's edge
    boxes_[index].rect = target;
    viewport()->update();
    Q_EMIT boxEdited(selectedId_, target);
}

void BoxEditorView::mousePressEvent(QMouseEvent* event) {
    if (!editable_ || !hasImage() || event->button() != Qt::LeftButton || drag_ != Drag::None) {
        ImageView::mousePressEvent(event);
        return;
    }
    const QPointF pos = event->position();
    pressViewport_ = pos;
    pressImage_ = viewportToImage(pos);
    movedEnough_ = false;
    if (mode_ == Mode::Draw) {
        const QRectF bounds(QPointF(0, 0), QSizeF(image().size()));
        if (!bounds.contains(pressImage_)) {
            ImageView::mousePressEvent(event);
            return;
        }
        drag_ = Drag::Draw;
        liveRect_ = QRectF(pressImage_, pressImage_);
        event->accept();
        return;
    }
    const int handle = handleAt(pos);
    if (handle >= 0) {
        drag_ = Drag::Resize;
        handle_ = handle;
        startRect_ = liveRect_ = boxes_[indexOf(selectedId_)].rect;
        event->accept();
        return;
    }
    const int index = boxAt(pos);
    if (index >= 0) {
        setSelectedId(boxes_[index].id);
        drag_ = Drag::Move;
        startRect_ = liveRect_ = boxes_[index].rect;
        viewport()->setCursor(Qt::SizeAllCursor);
        event->accept();
        return;
    }
    setSelectedId(0);
    ImageView::mousePressEvent(event); // pan
}

void BoxEditorView::mouseMoveEvent(QMouseEvent* event) {
    if (drag_ != Drag::None) {
        const QPointF pos = event->position();
        if (!movedEnough_ && (pos - pressViewport_).manhattanLength() >= kMinDragPixels)
            movedEnough_ = true;
        const QPointF delta = viewportToImage(pos) - pressImage_;
        if (drag_ == Drag::Draw) {
            liveRect_ = QRectF(pressImage_, viewportToImage(pos));
        } else if (drag_ == Drag::Move) {
            liveRect_ = movedEnough_ ? moved(startRect_, delta) : startRect_;
        } else if (movedEnough_) { // resize: the handle's edges follow the mouse
            const double hx = kHandleX[size_t(handle_)], hy = kHandleY[size_t(handle_)];
            QRectF r = startRect_;
            if (hx == 0)
                r.setLeft(startRect_.left() + delta.x());
            if (hx == 1)
                r.setRight(startRect_.right() + delta.x());
            if (hy == 0)
                r.setTop(startRect_.top() + delta.y());
            if (hy == 1)
                r.setBottom(startRect_.bottom() + delta.y());
            liveRect_ = snapped(r);
        }
        viewport()->update();
    } else {
        updateCursor(event->position());
    }
    ImageView::mouseMoveEvent(event); // pans when ImageView's own drag runs; reports the pixel
}

void BoxEditorView::mouseReleaseEvent(QMouseEvent* event) {
    if (drag_ != Drag::None && event->button() == Qt::LeftButton) {
        finishDrag();
        updateCursor(event->position());
        event->accept();
        return;
    }
    ImageView::mouseReleaseEvent(event);
    if (editable_)
        updateCursor(event->position());
}

void BoxEditorView::finishDrag() {
    const Drag drag = std::exchange(drag_, Drag::None);
    viewport()->update();
    if (!movedEnough_)
        return; // a click
    if (drag == Drag::Draw) {
        const QRectF r =
            snapped(liveRect_.intersected(QRectF(QPointF(0, 0), QSizeF(image().size()))));
        setMode(Mode::Select);
        if (!r.isEmpty())
            Q_EMIT boxDrawn(r);
        return;
    }
    const int index = indexOf(selectedId_);
    if (index < 0 || liveRect_ == startRect_)
        return;
    boxes_[index].rect = liveRect_; // shown until the owner sets the stored boxes
    Q_EMIT boxEdited(selectedId_, liveRect_);
}

void BoxEditorView::cancelDrag() {
    if (drag_ == Drag::None)
        return;
    drag_ = Drag::None;
    viewport()->update();
}

void BoxEditorView::updateCursor(QPointF pos) {
    if (!editable_ || !hasImage())
        return;
    if (mode_ == Mode::Draw) {
        viewport()->setCursor(Qt::CrossCursor);
        return;
    }
    const int handle = handleAt(pos);
    static const std::array<Qt::CursorShape, 8> kHandleCursors = {
        Qt::SizeFDiagCursor, Qt::SizeVerCursor, Qt::SizeBDiagCursor, Qt::SizeHorCursor,
        Qt::SizeFDiagCursor, Qt::SizeVerCursor, Qt::SizeBDiagCursor, Qt::SizeHorCursor};
    if (handle >= 0)
        viewport()->setCursor(kHandleCursors[size_t(handle)]);
    else if (boxAt(pos) >= 0)
        viewport()->setCursor(Qt::SizeAllCursor);
    else
        viewport()->unsetCursor();
}

void BoxEditorView::drawLabel(QPainter& painter, const QRectF& box, const QString& text,
                              const QColor& color) const {
    if (text.isEmpty())
        return;
    const QFontMetrics metrics(painter.font());
    const QSizeF size(metrics.horizontalAdvance(text) + 8, metrics.height() + 2);
    // Above the box, or inside it when there is no room above.
    QPointF at(box.left() - 1, box.top() - size.height() - 1);
    if (at.y() < 0)
        at.setY(box.top());
    const QRectF label(at, size);
    painter.fillRect(label, color);
    painter.setPen(color.lightness() > 140 ? QColor(0x14, 0x16, 0x1a) : Qt::white);
    painter.drawText(label, Qt::AlignCenter, text);
}

void BoxEditorView::paintEvent(QPaintEvent* event) {
    ImageView::paintEvent(event);
    if (!hasImage())
        return;
    QPainter painter(viewport());
    painter.setClipRect(event->rect());
    QFont font = painter.font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    painter.setFont(font);

    // Cosmetic pens: one width on screen at any zoom. Reference boxes: light dashes over a dark
    // line, visible on bright and dark surfaces alike, yet quieter than the boxes that matter.
    QPen shadowPen(QColor(0x14, 0x16, 0x1a, 110), 1);
    shadowPen.setCosmetic(true);
    QPen referencePen(kReferenceColor, 1, Qt::DashLine);
    referencePen.setCosmetic(true);
    painter.setBrush(Qt::NoBrush);
    for (const EditorBox& box : reference_) {
        const QRectF v = imageToViewport(box.rect);
        painter.setPen(shadowPen);
        painter.drawRect(v.translated(1, 1));
        painter.setPen(referencePen);
        painter.drawRect(v);
    }

    if (highlighted_) {
        const QRectF v = imageToViewport(highlighted_->rect);
        painter.fillRect(
            v, QColor(kHighlightColor.red(), kHighlightColor.green(), kHighlightColor.blue(), 36));
        QPen pen(kHighlightColor, 3);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawRect(v.adjusted(-2, -2, 2, 2)); // outside, so the defect stays visible
        drawLabel(painter, v.adjusted(-2, -2, 2, 2), highlighted_->type, kHighlightColor);
    }

    const bool dragging = drag_ == Drag::Move || drag_ == Drag::Resize;
    for (const EditorBox& box : boxes_) {
        const bool selected = box.id == selectedId_;
        const QRectF r = selected && dragging ? liveRect_ : box.rect;
        const QRectF v = imageToViewport(r);
        const QColor color = colorOfType(box.type);
        if (selected)
            painter.fillRect(v, QColor(color.red(), color.green(), color.blue(), 40));
        QPen pen(color, selected ? 2.5 : 2);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawRect(v);
        // Beside the handles of a selected box, so that they stay free to grab.
        drawLabel(painter,
                  selected && editable_ ? v.adjusted(kHandleSize / 2 + 2, -kHandleSize / 2, 0, 0)
                                        : v,
                  box.type, color);
    }

    if (drag_ == Drag::Draw && movedEnough_) {
        const QRectF v = imageToViewport(
            snapped(liveRect_.intersected(QRectF(QPointF(0, 0), QSizeF(image().size())))));
        QPen pen(Qt::white, 1.5, Qt::DashLine);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawRect(v);
    }

    const int selected = indexOf(selectedId_);
    if (editable_ && selected >= 0) {
        const QRectF v = imageToViewport(dragging ? liveRect_ : boxes_[selected].rect);
        painter.setPen(QPen(QColor(0x14, 0x16, 0x1a), 1));
        painter.setBrush(Qt::white);
        for (int handle = 0; handle < 8; ++handle) {
            const QPointF c = handlePosition(v, handle);
            painter.drawRect(
                QRectF(c.x() - kHandleSize / 2, c.y() - kHandleSize / 2, kHandleSize, kHandleSize));
        }
    }
}

} // namespace ig::ui
