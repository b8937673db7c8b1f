#pragma once

#include "project/Records.h"

#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include <optional>

namespace cv {
class Mat;
}

namespace ig {

class Feedback;
class Project;

// Replaces the project's crowd patterns with the dev images' boxes cut out of their images (8-bit
// grey, as matching uses them). Boxes are clipped to their image; a box of under 3 x 3 pixels
// after clipping is skipped and reported. Features of the replaced patterns go with them.
// Returns the number of patterns made.
int cutPatternsFromDevBoxes(Project& project, Feedback& feedback);

// Adds image files as crowd patterns (e.g. the paper's published patterns). Returns their ids.
std::vector<Id> importPatternFiles(Project& project, const std::vector<std::string>& files,
                                   const std::string& defectType, Feedback& feedback);

// A box rounded to pixels and clipped to an image of `imageSize`; none when under 3 x 3 pixels.
std::optional<cv::Rect> patternRectInImage(const Rect& box, const cv::Size& imageSize);

// A stored pattern's pixels as 8-bit grey. Throws ig::Error(Project) when the PNG is damaged.
cv::Mat decodePatternGrey8(const PatternRecord& pattern);
// PNG bytes of an image (8- or 16-bit).
std::vector<std::uint8_t> encodePng(const cv::Mat& image);

} // namespace ig
