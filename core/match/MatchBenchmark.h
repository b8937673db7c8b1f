#pragma once

#include "match/FeatureGenerator.h"
#include "match/MatchOptions.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <vector>

namespace ig {

class Feedback;

struct MatchBenchmarkResult {
    long pairs = 0;                       // (image, pattern) pairs compared
    double exactPairsPerSec = 0;          // matchExact (cv::matchTemplate over every position)
    double pyramidPairsPerSec = 0;        // matchPyramid, building each image's pyramid included
    double ratio = 0;                     // pyramidPairsPerSec / exactPairsPerSec
    double fractionScoreWithin001 = 0;    // pairs whose scores differ by <= 0.01
    double fractionSameMaximum = 0;       // pairs whose scores differ by <= 1e-4 (same peak)
    double fractionLocationWithin2px = 0; // of the same-maximum pairs: top-left within 2 px
    double maxScoreDiff = 0;              // largest |exact - pyramid| score
    int threads = 0;
    int unreadableImages = 0; // loader returned an empty image; not counted
};

// Runs the exact and the pyramid matcher on the same pairs with the same threads and compares
// them. Images stream through `threads` workers (0 = matchThreadCount(options)); each worker
// loads an image (not timed), matches every pattern exactly, then with the pyramid, timing both
// with a steady clock. Throughput = pairs / (summed busy time / threads), so decoding is
// excluded from both and both see the same machine load. Memory does not grow with imageCount.
// Progress: one stage "Benchmarking matchers", a step per image; cancel throws
// ig::CanceledError. Patterns must be CV_8UC1 (else ig::Error).
MatchBenchmarkResult runMatchBenchmark(const MatchImageLoader& loadImage, size_t imageCount,
                                       const std::vector<cv::Mat>& patterns,
                                       const MatchOptions& options, int threads,
                                       Feedback& feedback);

} // namespace ig
