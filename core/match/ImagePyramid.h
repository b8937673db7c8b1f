#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace ig::detail {

// Level 0 is `base` itself (shared, not copied); level l+1 is level l shrunk 2x by averaging
// 2 x 2 blocks (an odd last row or column is dropped), so position p at level l+1 covers
// positions 2p and 2p+1 at level l. Stops early when a level would be empty.
// Images and patterns go through the same function so their levels correspond exactly.
std::vector<cv::Mat> buildPyramid(const cv::Mat& base, int levels);

} // namespace ig::detail
