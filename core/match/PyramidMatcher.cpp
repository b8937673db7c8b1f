#include "match/PyramidMatcher.h"

#include "match/MatchInput.h"
#include "match/PeakFinder.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ig {

namespace {

using detail::Peak;

// Scores of a window of positions, turned into "larger is better" (|r| for CcoeffNormed).
void scoreWindow(const detail::ImagePlane& image, const detail::PatternPlane& pattern,
                 MatchMethod method, const cv::Rect& window, std::vector<float>& scores) {
    scores.resize(static_cast<size_t>(window.area()));
    detail::scorePositions(image, pattern, method, window, scores.data());
    if (method == MatchMethod::CcoeffNormed)
        for (float& s : scores)
            s = std::fabs(s);
}

// Mean and standard deviation of a whole score map, for MatchResult::prominence.
struct MapSpread {
    double mean = 0;
    double std = 0;

    explicit MapSpread(const std::vector<float>& map) {
        double sum = 0, sumSquares = 0;
        for (float v : map) {
            sum += v;
            sumSquares += double(v) * v;
        }
        const double n = std::max<double>(1, static_cast<double>(map.size()));
        mean = sum / n;
        std = std::sqrt(std::max(0.0, sumSquares / n - mean * mean));
    }
    double prominence(double best) const { return std > 1e-6 ? (best - mean) / std : 0.0; }
};

// How many candidates are refined into level `level` when the coarse search ran at `top`:
// geometric from options.candidates (just below the top) to options.finalCandidates (level 0).
size_t candidatesInto(int level, int top, const MatchOptions& options) {
    const double first = std::max(1, options.candidates);
    const double last = std::max(1, std::min(options.finalCandidates, options.candidates));
    if (top <= 1)
        return static_cast<size_t>(std::lround(std::sqrt(first * last)));
    const double t = static_cast<double>(level) / (top - 1);
    return static_cast<size_t>(std::max(1L, std::lround(last * std::pow(first / last, t))));
}

} // namespace

MatchResult matchPyramid(const PreparedImage& image, const PreparedPattern& pattern,
                         const MatchOptions& options) {
    const cv::Size imageSize = image.size();
    if (pattern.size().width > imageSize.width || pattern.size().height > imageSize.height) {
        bool cropped = false;
        const cv::Mat fitted = detail::fitPatternToImage(pattern.pixels(), imageSize, cropped);
        MatchResult result = matchPyramid(image, PreparedPattern(fitted, options), options);
        result.patternCropped = true;
        return result;
    }
    const MatchMethod method = options.method;
    if (!pattern.plane(0).hasSignal(method))
        return MatchResult{};

    // A coarse level whose pattern lost all signal (e.g. detail only in a dropped odd row)
    // cannot rank positions; start below it.
    int top = std::min(pattern.coarseLevels(), image.coarseLevels());
    const double exhaustiveWork = static_cast<double>(imageSize.width - pattern.size().width + 1) *
                                  (imageSize.height - pattern.size().height + 1) *
                                  pattern.size().area();
    if (options.levels < 0 && exhaustiveWork <= options.exhaustiveWorkLimit)
        top = 0;
    while (top > 0 && !pattern.plane(top).hasSignal(method))
        --top;

    // 1. Every position at the top level.
    thread_local std::vector<float> scores;
    const detail::ImagePlane& coarse = image.levelForFullScan(top);
    const detail::PatternPlane& coarsePattern = pattern.plane(top);
    const cv::Size positions(coarse.width - coarsePattern.width() + 1,
                             coarse.height - coarsePattern.height() + 1);
    scoreWindow(coarse, coarsePattern, method, cv::Rect(cv::Point(), positions), scores);
    // Taken now: `scores` is reused for the refinement windows below.
    const MapSpread spread(scores);
    std::vector<Peak> candidates =
        top == 0 ? std::vector<Peak>{detail::bestPeak(scores, positions, cv::Point())}
                 : detail::findPeaks(scores, positions, static_cast<size_t>(options.candidates));

    // 2. Refine level by level in small windows around each candidate's projection.
    std::vector<Peak> refined;
    for (int level = top - 1; level >= 0; --level) {
        const detail::ImagePlane& img = image.level(level);
        const detail::PatternPlane& pat = pattern.plane(level);
        const int maxX = img.width - pat.width();
        const int maxY = img.height - pat.height();
        const size_t keep = candidatesInto(level, top, options);
        if (candidates.size() > keep)
            candidates.resize(keep);
        refined.clear();
        // The coarse peaks are the least precise: the first step searches wider.
        const int margin =
            std::max(0, level == top - 1 ? options.coarseRefineMargin : options.refineMargin);
        for (const Peak& c : candidates) {
            const int x0 = std::max(0, 2 * c.x - margin), x1 = std::min(maxX, 2 * c.x + 1 + margin);
            const int y0 = std::max(0, 2 * c.y - margin), y1 = std::min(maxY, 2 * c.y + 1 + margin);
            const cv::Rect window(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            scoreWindow(img, pat, method, window, scores);
            const Peak best = detail::bestPeak(scores, window.size(), window.tl());
            const bool seen = std::any_of(refined.begin(), refined.end(), [&](const Peak& r) {
                return r.x == best.x && r.y == best.y;
            });
            if (!seen)
                refined.push_back(best);
        }
        std::sort(refined.begin(), refined.end(), detail::betterPeak);
        candidates.swap(refined);
    }

    // 3. The best full-resolution candidate; its score is exact.
    MatchResult result;
    result.score = candidates.front().score;
    result.prominence = spread.prominence(result.score);
    result.x = candidates.front().x;
    result.y = candidates.front().y;
    result.valid = true;
    return result;
}

} // namespace ig
