#pragma once

#include "project/Records.h"

#include <string>

namespace ig {

// A box one crowd worker drew on one image (the merge works on these, not on project rows, so
// it runs on boxes from any source: a project, a CSV file, marked images).
struct CrowdBox {
    Id id = 0;              // the caller's id for the box (a BoxRecord id, or an index)
    Id workerId = 0;        // who drew it
    Rect rect;              // image pixels
    std::string defectType; // may be empty
};

} // namespace ig
