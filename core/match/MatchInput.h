#pragma once

#include <opencv2/core.hpp>

#include <string>

namespace ig::detail {

// Throws ig::Error (Kind::Input) unless `m` is a non-empty 8-bit single-channel matrix.
// `what` names the argument in the message ("image", "pattern 3").
void requireGrey8(const cv::Mat& m, const std::string& what);

// The central part of `pattern` that fits into `imageSize` (the pattern itself when it fits).
// Sets `cropped` when anything was cut. See MatchResult.h for why.
cv::Mat fitPatternToImage(const cv::Mat& pattern, cv::Size imageSize, bool& cropped);

} // namespace ig::detail
