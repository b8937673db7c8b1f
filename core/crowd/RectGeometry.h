#pragma once

#include "project/Records.h"

namespace ig {

// Geometry of axis-aligned boxes (ig::Rect: x, y, w, h in image pixels, doubles).
// Threading: pure functions.

// True when the box has finite coordinates and a positive width and height.
bool rectHasArea(const Rect& rect);
double rectArea(const Rect& rect); // 0 for a box without area
// The common part of two boxes; a box of zero width and height when they do not overlap.
Rect rectIntersection(const Rect& a, const Rect& b);
// The smallest box holding both.
Rect rectBoundingUnion(const Rect& a, const Rect& b);
// Intersection over union, 0 ... 1; 0 when either box has no area.
double rectIoU(const Rect& a, const Rect& b);

} // namespace ig
