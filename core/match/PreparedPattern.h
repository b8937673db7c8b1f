#pragma once

#include "match/MatchOptions.h"
#include "match/NccKernel.h"

#include <opencv2/core.hpp>

#include <vector>

namespace ig {

// A pattern ready for pyramid matching: its levels and their pixel sums, computed once and
// reused for every image. Owns a copy of the pixels. Immutable after construction: any number
// of threads may use one instance at once.
class PreparedPattern {
public:
    // Throws ig::Error unless `pattern` is a non-empty CV_8UC1 matrix. The number of coarse
    // levels follows `options` (MatchOptions::levels, or automatic by the pattern's size).
    PreparedPattern(const cv::Mat& pattern, const MatchOptions& options);

    cv::Size size() const { return planes_.front().pixels.size(); }
    const cv::Mat& pixels() const { return planes_.front().pixels; }
    int coarseLevels() const { return static_cast<int>(planes_.size()) - 1; }
    const detail::PatternPlane& plane(int l) const { return planes_.at(static_cast<size_t>(l)); }

private:
    std::vector<detail::PatternPlane> planes_;
};

} // namespace ig
