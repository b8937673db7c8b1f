#include "match/MatchBenchmark.h"

#include "match/ExactMatcher.h"
#include "match/MatchInput.h"
#include "match/PreparedImage.h"
#include "match/PreparedPattern.h"
#include "match/PyramidMatcher.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

namespace ig {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Sums of one worker, merged at the end.
struct Tally {
    long pairs = 0;
    long within001 = 0;
    long sameMaximum = 0;
    long sameLocation = 0;
    double maxDiff = 0;
    double exactSeconds = 0;
    double pyramidSeconds = 0;
    int unreadable = 0;

    void merge(const Tally& o) {
        pairs += o.pairs;
        within001 += o.within001;
        sameMaximum += o.sameMaximum;
        sameLocation += o.sameLocation;
        maxDiff = std::max(maxDiff, o.maxDiff);
        exactSeconds += o.exactSeconds;
        pyramidSeconds += o.pyramidSeconds;
        unreadable += o.unreadable;
    }
};

void benchmarkImage(const cv::Mat& image, const std::vector<cv::Mat>& patterns,
                    const std::vector<PreparedPattern>& prepared, const MatchOptions& options,
                    Tally& tally) {
    std::vector<MatchResult> exact(patterns.size()), pyramid(patterns.size());
    Clock::time_point start = Clock::now();
    for (size_t j = 0; j < patterns.size(); ++j)
        exact[j] = matchExact(image, patterns[j], options.method);
    tally.exactSeconds += secondsSince(start);

    start = Clock::now();
    const PreparedImage preparedImage(image, options);
    for (size_t j = 0; j < patterns.size(); ++j)
        pyramid[j] = matchPyramid(preparedImage, prepared[j], options);
    tally.pyramidSeconds += secondsSince(start);

    for (size_t j = 0; j < patterns.size(); ++j) {
        const double diff = std::fabs(exact[j].score - pyramid[j].score);
        ++tally.pairs;
        tally.maxDiff = std::max(tally.maxDiff, diff);
        if (diff <= 0.01)
            ++tally.within001;
        if (diff <= 1e-4) {
            ++tally.sameMaximum;
            if (std::abs(exact[j].x - pyramid[j].x) <= 2 &&
                std::abs(exact[j].y - pyramid[j].y) <= 2)
                ++tally.sameLocation;
        }
    }
}

} // namespace

MatchBenchmarkResult runMatchBenchmark(const MatchImageLoader& loadImage, size_t imageCount,
                                       const std::vector<cv::Mat>& patterns,
                                       const MatchOptions& options, int threads,
                                       Feedback& feedback) {
    std::vector<PreparedPattern> prepared;
    prepared.reserve(patterns.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
        detail::requireGrey8(patterns[i], "pattern " + std::to_string(i + 1));
        prepared.emplace_back(patterns[i], options);
    }
    const int workers = threads > 0 ? threads : matchThreadCount(options);
    feedback.beginStage("Benchmarking matchers", static_cast<long long>(imageCount));

    std::atomic<size_t> next{0};
    std::mutex mutex;
    Tally total;
    std::exception_ptr error;
    auto work = [&] {
        Tally mine;
        try {
            for (size_t i = next++; i < imageCount && !feedback.isCanceled(); i = next++) {
                const cv::Mat image = loadImage(i);
                if (image.empty())
                    ++mine.unreadable;
                else
                    benchmarkImage(image, patterns, prepared, options, mine);
                feedback.advance();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!error)
                error = std::current_exception();
            next = imageCount; // the others stop at their next image
        }
        std::lock_guard<std::mutex> lock(mutex);
        total.merge(mine);
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < workers; ++t)
        pool.emplace_back(work);
    for (std::thread& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
    feedback.throwIfCanceled();

    MatchBenchmarkResult result;
    result.pairs = total.pairs;
    result.threads = workers;
    result.unreadableImages = total.unreadable;
    if (total.pairs == 0)
        return result;
    // Busy seconds summed over workers; divided by the worker count that is the wall time the
    // method would need on its own with the same threads.
    result.exactPairsPerSec = total.pairs / (total.exactSeconds / workers);
    result.pyramidPairsPerSec = total.pairs / (total.pyramidSeconds / workers);
    result.ratio = result.pyramidPairsPerSec / result.exactPairsPerSec;
    result.fractionScoreWithin001 = static_cast<double>(total.within001) / total.pairs;
    result.fractionSameMaximum = static_cast<double>(total.sameMaximum) / total.pairs;
    result.fractionLocationWithin2px =
        total.sameMaximum > 0 ? static_cast<double>(total.sameLocation) / total.sameMaximum : 0;
    result.maxScoreDiff = total.maxDiff;
    return result;
}

} // namespace ig
