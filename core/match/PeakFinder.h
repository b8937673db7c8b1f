#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace ig::detail {

struct Peak {
    float score; // larger is better
    int x, y;
};

// Orders by score, ties row-major first (as cv::minMaxLoc picks).
bool betterPeak(const Peak& a, const Peak& b);

// The `keep` best local maxima (>= all 8 neighbours) of a row-major score map, best first.
// A plateau may yield several neighbouring peaks. The global maximum is always among them.
std::vector<Peak> findPeaks(const std::vector<float>& map, cv::Size size, size_t keep);

// The best position of a row-major map whose top-left corner is `origin`.
Peak bestPeak(const std::vector<float>& map, cv::Size size, cv::Point origin);

} // namespace ig::detail
