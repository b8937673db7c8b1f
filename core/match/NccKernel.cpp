#include "match/NccKernel.h"

#include "match/BufferPool.h"
#include "match/CorrelationKernels.h"

#include <algorithm>
#include <cmath>

namespace ig::detail {

namespace {

struct Scratch {
    std::vector<int32_t> colSum; // per region column: sum over the pattern height
    std::vector<uint32_t> colSq; // the same for squares (< 65536 rows * 255^2 < 2^32)
    // Per position of the current row: pattern x window products and window sums; integers,
    // exact in double (all stay far below 2^53).
    std::vector<double> dots;
    std::vector<double> sumI, sumI2;
    std::vector<float> num, var;
};

// colSum[c] += img[c], colSq[c] += img[c]^2 for c < n (vertical running window sums).
void addRow(const int16_t* img, int n, int32_t* colSum, uint32_t* colSq) {
    for (int c = 0; c < n; ++c) {
        const int32_t v = img[c];
        colSum[c] += v;
        colSq[c] += static_cast<uint32_t>(v * v);
    }
}

void subtractRow(const int16_t* img, int n, int32_t* colSum, uint32_t* colSq) {
    for (int c = 0; c < n; ++c) {
        const int32_t v = img[c];
        colSum[c] -= v;
        colSq[c] -= static_cast<uint32_t>(v * v);
    }
}

using Wide = __int128;

// Below this pattern area every product in the formulas below stays under 2^53
// (n * n * 255^2 < 2^53), so double arithmetic on the integer sums is exact.
constexpr double kExactDoubleArea = 360'000;

// r for `count` positions from exact integer sums (dots and window sums in the scratch); n is
// the pattern area:
//   CcoeffNormed: r = (n*dot - sumT*sumI) / sqrt((n*sumT2 - sumT^2) * (n*sumI2 - sumI^2))
//   CcorrNormed:  r = dot / sqrt(sumT2 * sumI2)
// The numerator and the window variance are exact (so "flat window" is an exact test); the
// division is in float.
void correlations(MatchMethod method, const PatternPlane& p, int count, Scratch& s, float* out) {
    const double n = static_cast<double>(p.area());
    const double sumT = static_cast<double>(p.sum), sumT2 = static_cast<double>(p.sumSq);
    s.num.resize(static_cast<size_t>(count));
    s.var.resize(static_cast<size_t>(count));
    double patternVar;
    if (method == MatchMethod::CcoeffNormed) {
        if (n < kExactDoubleArea) {
            patternVar = n * sumT2 - sumT * sumT;
            for (int i = 0; i < count; ++i) {
                s.var[i] = static_cast<float>(n * s.sumI2[i] - s.sumI[i] * s.sumI[i]);
                s.num[i] = static_cast<float>(n * s.dots[i] - sumT * s.sumI[i]);
            }
        } else {
            // Huge patterns: the same in 128-bit integers (the doubles hold exact integers).
            const Wide wn = p.area();
            patternVar = static_cast<double>(wn * p.sumSq - Wide(p.sum) * p.sum);
            for (int i = 0; i < count; ++i) {
                const Wide si = static_cast<long long>(s.sumI[i]);
                const Wide si2 = static_cast<long long>(s.sumI2[i]);
                const Wide dot = static_cast<long long>(s.dots[i]);
                s.var[i] = static_cast<float>(wn * si2 - si * si);
                s.num[i] = static_cast<float>(wn * dot - Wide(p.sum) * si);
            }
        }
    } else {
        patternVar = sumT2;
        for (int i = 0; i < count; ++i) {
            s.var[i] = static_cast<float>(s.sumI2[i]);
            s.num[i] = static_cast<float>(s.dots[i]);
        }
    }
    // Callers never score a pattern without signal (patternVar > 0).
    const float scale = static_cast<float>(1.0 / std::sqrt(std::max(patternVar, 1.0)));
    normaliseCorrelations(s.num.data(), s.var.data(), scale, count, out);
}

// Dot products of one row of positions: few positions (refinement windows) take the kernel
// that runs along pattern rows, many positions (full scans) the one that runs along the image
// row, which stays efficient for short pattern rows.
void rowDots(const ImagePlane& image, const PatternPlane& pattern, int y, int x0, int count,
             Scratch& s) {
    const int h = pattern.height();
    const bool scan = count >= kScanChunk / 2 && !image.pairs.empty();
    if (scan) {
        s.dots.assign(static_cast<size_t>((count + kScanChunk - 1) / kScanChunk * kScanChunk), 0);
        const int pairs = pattern.pairsPerRow;
        const int pairRun = std::min(pairs, kMaxStepsPerCall);
        const int rowRun = std::max(1, kMaxStepsPerCall / pairRun);
        const size_t imgStride = image.pairs.step1();
        for (int j0 = 0; j0 < pairs; j0 += pairRun)
            for (int r0 = 0; r0 < h; r0 += rowRun)
                scanPositions(pattern.pairs.data() + static_cast<size_t>(r0) * pairs + j0, pairs,
                              std::min(pairRun, pairs - j0), std::min(rowRun, h - r0),
                              image.pairs.ptr<int32_t>(y + r0) + x0 + 2 * j0, imgStride, count,
                              s.dots.data());
        return;
    }
    // Whole quads of positions; the extra ones past the row are computed and dropped (the
    // image padding keeps their reads in bounds).
    const int quads = (count + 3) / 4;
    s.dots.assign(static_cast<size_t>(quads) * 4, 0);
    const int blocks = pattern.paddedWidth / kPatternBlock;
    const int blockRun = std::min(blocks, kMaxStepsPerCall);
    const int rowRun = std::max(1, kMaxStepsPerCall / blockRun);
    const size_t tStride = static_cast<size_t>(pattern.paddedWidth);
    const size_t imgStride = image.wide.step1();
    for (int b0 = 0; b0 < blocks; b0 += blockRun)
        for (int r0 = 0; r0 < h; r0 += rowRun) {
            const int16_t* t = pattern.wide.data() + r0 * tStride + b0 * kPatternBlock;
            const int16_t* img = image.wide.ptr<int16_t>(y + r0) + x0 + b0 * kPatternBlock;
            for (int q = 0; q < quads; ++q)
                dot4Positions(t, tStride, std::min(blockRun, blocks - b0), std::min(rowRun, h - r0),
                              img + 4 * q, imgStride, &s.dots[static_cast<size_t>(q) * 4]);
        }
}

} // namespace

ImagePlane makeImagePlane(const cv::Mat& pixels, bool withPairs) {
    CV_Assert(pixels.type() == CV_8UC1);
    ImagePlane plane;
    plane.width = pixels.cols;
    plane.height = pixels.rows;
    plane.wide = takeBuffer(pixels.rows, pixels.cols + kImagePadding, CV_16SC1);
    cv::Mat inside = plane.wide(cv::Rect(0, 0, pixels.cols, pixels.rows));
    pixels.convertTo(inside, CV_16S);
    plane.wide(cv::Rect(pixels.cols, 0, kImagePadding, pixels.rows)).setTo(0);
    if (withPairs)
        addPairs(plane);
    return plane;
}

void addPairs(ImagePlane& plane) {
    plane.pairs = takeBuffer(plane.height, plane.width + kImagePadding, CV_32SC1);
    for (int y = 0; y < plane.height; ++y) {
        const int16_t* in = plane.wide.ptr<int16_t>(y);
        int32_t* out = plane.pairs.ptr<int32_t>(y);
        // The wide row's zero padding supplies in[x + 1] at the right edge and beyond.
        makePairRow(in, plane.width + kImagePadding - 1, out);
        out[plane.width + kImagePadding - 1] = 0;
    }
}

bool PatternPlane::hasSignal(MatchMethod method) const {
    if (pixels.empty())
        return false;
    if (method == MatchMethod::CcoeffNormed)
        return Wide(area()) * sumSq - Wide(sum) * sum > 0;
    return sumSq > 0;
}

PatternPlane makePatternPlane(const cv::Mat& pixels) {
    CV_Assert(pixels.type() == CV_8UC1 && pixels.rows <= kMaxPatternRows);
    PatternPlane p;
    p.pixels = pixels;
    p.paddedWidth = (pixels.cols + kPatternBlock - 1) / kPatternBlock * kPatternBlock;
    p.wide.assign(static_cast<size_t>(p.paddedWidth) * pixels.rows, 0);
    p.pairsPerRow = (pixels.cols + 1) / 2;
    p.pairs.assign(static_cast<size_t>(p.pairsPerRow) * pixels.rows, 0);
    for (int r = 0; r < pixels.rows; ++r) {
        const uint8_t* row = pixels.ptr<uint8_t>(r);
        for (int c = 0; c < pixels.cols; ++c) {
            p.wide[static_cast<size_t>(r) * p.paddedWidth + c] = row[c];
            // Low half = even column, high half = odd column.
            p.pairs[static_cast<size_t>(r) * p.pairsPerRow + c / 2] |=
                static_cast<int32_t>(static_cast<uint32_t>(row[c]) << (c % 2 ? 16 : 0));
            p.sum += row[c];
            p.sumSq += row[c] * row[c];
        }
    }
    return p;
}

void scorePositions(const ImagePlane& image, const PatternPlane& pattern, MatchMethod method,
                    const cv::Rect& positions, float* out) {
    const int w = pattern.width(), h = pattern.height();
    CV_Assert(positions.x >= 0 && positions.y >= 0 && positions.width > 0 && positions.height > 0 &&
              positions.x + positions.width - 1 + w <= image.width &&
              positions.y + positions.height - 1 + h <= image.height);
    thread_local Scratch s;
    const int regionWidth = positions.width + w - 1;
    // Column sums over the pattern height for the first position row, slid down afterwards.
    s.colSum.assign(static_cast<size_t>(regionWidth), 0);
    s.colSq.assign(static_cast<size_t>(regionWidth), 0);
    for (int r = 0; r < h; ++r)
        addRow(image.wide.ptr<int16_t>(positions.y + r) + positions.x, regionWidth, s.colSum.data(),
               s.colSq.data());
    for (int yi = 0; yi < positions.height; ++yi) {
        const int y = positions.y + yi;
        if (yi > 0) {
            addRow(image.wide.ptr<int16_t>(y + h - 1) + positions.x, regionWidth, s.colSum.data(),
                   s.colSq.data());
            subtractRow(image.wide.ptr<int16_t>(y - 1) + positions.x, regionWidth, s.colSum.data(),
                        s.colSq.data());
        }
        rowDots(image, pattern, y, positions.x, positions.width, s);
        // Window sums along the row: running sums over w column sums (integer adds keep the
        // dependency chain short; stored as double for the vectorised formulas).
        long long sumI = 0, sumI2 = 0;
        for (int c = 0; c < w; ++c) {
            sumI += s.colSum[c];
            sumI2 += s.colSq[c];
        }
        s.sumI.resize(static_cast<size_t>(positions.width));
        s.sumI2.resize(static_cast<size_t>(positions.width));
        s.sumI[0] = static_cast<double>(sumI);
        s.sumI2[0] = static_cast<double>(sumI2);
        for (int xi = 1; xi < positions.width; ++xi) {
            sumI += s.colSum[xi + w - 1] - s.colSum[xi - 1];
            sumI2 += static_cast<long long>(s.colSq[xi + w - 1]) - s.colSq[xi - 1];
            s.sumI[xi] = static_cast<double>(sumI);
            s.sumI2[xi] = static_cast<double>(sumI2);
        }
        correlations(method, pattern, positions.width, s,
                     out + static_cast<size_t>(yi) * positions.width);
    }
}

} // namespace ig::detail
