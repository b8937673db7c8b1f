#include "crowd/RectGeometry.h"

#include <algorithm>
#include <cmath>

namespace ig {

bool rectHasArea(const Rect& rect) {
    return std::isfinite(rect.x) && std::isfinite(rect.y) && std::isfinite(rect.w) &&
           std::isfinite(rect.h) && rect.w > 0 && rect.h > 0;
}

double rectArea(const Rect& rect) {
    return rectHasArea(rect) ? rect.w * rect.h : 0.0;
}

Rect rectIntersection(const Rect& a, const Rect& b) {
    const double left = std::max(a.x, b.x), top = std::max(a.y, b.y);
    const double right = std::min(a.x + a.w, b.x + b.w), bottom = std::min(a.y + a.h, b.y + b.h);
    if (!(right > left && bottom > top))
        return Rect{left, top, 0, 0};
    return Rect{left, top, right - left, bottom - top};
}

Rect rectBoundingUnion(const Rect& a, const Rect& b) {
    const double left = std::min(a.x, b.x), top = std::min(a.y, b.y);
    const double right = std::max(a.x + a.w, b.x + b.w), bottom = std::max(a.y + a.h, b.y + b.h);
    return Rect{left, top, right - left, bottom - top};
}

double rectIoU(const Rect& a, const Rect& b) {
    if (!rectHasArea(a) || !rectHasArea(b))
        return 0.0;
    const double common = rectArea(rectIntersection(a, b));
    const double either = rectArea(a) + rectArea(b) - common;
    return either > 0 ? common / either : 0.0;
}

} // namespace ig
