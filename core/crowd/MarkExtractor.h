#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <vector>

namespace ig {

// What counts as a worker's mark: a saturated, bright red pixel (HSV on OpenCV's 8-bit scales).
struct MarkOptions {
    int minSaturation = 200; // 0 ... 255
    int minValue = 200;      // 0 ... 255
    int maxHueDistance = 10; // from pure red, in OpenCV hue units (0 ... 180, 2 degrees each)
    int marginPx = 10;       // added around each stroke cluster, then clipped to the image
    int minStrokePixels = 5; // smaller red specks are noise (compression, stray clicks)
};

// Finds the boxes a worker marked by drawing bright red strokes on a copy of `original`.
//
// A pixel is a mark when it is red by `options` in `marked` and was not red in `original` (so a
// colour image's own red parts are not taken for marks), and, for 4-channel images, when it is
// not transparent (alpha >= 128). Marked pixels are grouped into 8-connected strokes; strokes of
// fewer than minStrokePixels pixels are dropped. Each stroke's bounding box grows by marginPx;
// strokes whose grown boxes overlap form one cluster (a defect marked with two or three short
// strokes gives one box), and each cluster gives one box: the union of its grown boxes, clipped
// to the image. Boxes are sorted top to bottom, then left to right.
//
// `marked` is BGR or BGRA (as cv::imread gives them), 8- or 16-bit; a grey image has no marks.
// `original` may be empty (then nothing is excluded); otherwise it must have the same size, grey
// or colour. Throws ig::Error(Input) for an empty marked image or different sizes, and
// ig::Error(Usage) for options out of range.
//
// Threading: a pure function.
std::vector<cv::Rect> extractMarkedBoxes(const cv::Mat& original, const cv::Mat& marked,
                                         const MarkOptions& options = {});

} // namespace ig
