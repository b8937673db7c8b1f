#pragma once

#include "match/MatchMethod.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace ig::detail {

// One pyramid level of an image, as the correlation kernels read it.
struct ImagePlane {
    int width = 0;
    int height = 0;
    cv::Mat wide;  // CV_16SC1: the pixels, then kImagePadding zero columns
    cv::Mat pairs; // CV_32SC1: (pixel x, pixel x+1) as two int16, then zero padding; may be
                   // empty (then only the few-position kernel is used)
};

// `withPairs` also builds the pair rows the full-scan kernel needs (4 bytes per pixel).
ImagePlane makeImagePlane(const cv::Mat& pixels, bool withPairs); // pixels: CV_8UC1
void addPairs(ImagePlane& plane);

// One pyramid level of a pattern.
struct PatternPlane {
    cv::Mat pixels;             // CV_8UC1
    std::vector<int16_t> wide;  // rows zero-padded to paddedWidth
    int paddedWidth = 0;        // width rounded up to kPatternBlock
    std::vector<int32_t> pairs; // rows of (pixel 2j, pixel 2j+1), pairsPerRow per row
    int pairsPerRow = 0;
    long long sum = 0;   // sum of pixels
    long long sumSq = 0; // sum of squared pixels
    int width() const { return pixels.cols; }
    int height() const { return pixels.rows; }
    long long area() const { return static_cast<long long>(pixels.cols) * pixels.rows; }
    // False when no correlation is defined: constant (CcoeffNormed) or all zero (CcorrNormed).
    bool hasSignal(MatchMethod method) const;
};

// Patterns may be at most this tall (column sums of squares are 32-bit).
constexpr int kMaxPatternRows = 65535;

PatternPlane makePatternPlane(const cv::Mat& pixels); // pixels: CV_8UC1

// Normalised correlation r of `pattern` at every top-left position (x, y) of `positions`
// (which must keep the pattern inside the image), written row-major to out[0 .. area).
// CcoeffNormed gives the signed r (callers take |r|). All sums are exact integers, so the
// only rounding is the final division; windows without signal score 0.
// Thread-safe: keeps its scratch buffers per thread.
void scorePositions(const ImagePlane& image, const PatternPlane& pattern, MatchMethod method,
                    const cv::Rect& positions, float* out);

} // namespace ig::detail
