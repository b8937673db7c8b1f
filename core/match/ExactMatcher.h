#pragma once

#include "match/MatchMethod.h"
#include "match/MatchResult.h"

#include <opencv2/core.hpp>

namespace ig {

// The plain reference: cv::matchTemplate over every full-resolution position, then the best
// score (CcoeffNormed: max(|max|, |min|); CcorrNormed: max) and its top-left corner (the first
// in row-major order on ties). Same rules as the pyramid matcher for oversize patterns and
// patterns without signal (MatchResult.h). Both inputs must be CV_8UC1 (else ig::Error).
// Thread-safe (no shared state); slow — use matchPyramid for batch work.
MatchResult matchExact(const cv::Mat& image, const cv::Mat& pattern, MatchMethod method);

} // namespace ig
