#pragma once

#include "match/MatchOptions.h"
#include "match/MatchResult.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace ig {

class Feedback;

// Returns image `index` as CV_8UC1, or an empty cv::Mat when it cannot be read (the image is
// then reported as done with no results). Called from worker threads, several at once.
using MatchImageLoader = std::function<cv::Mat(size_t index)>;
// Receives the best match of every pattern (in pattern order) on image `index`, or an empty
// vector when the loader returned an empty image.
using MatchImageHandler =
    std::function<void(size_t index, const std::vector<MatchResult>& results)>;

// Matches every pattern against every image with the pyramid matcher: the feature matrix of
// the labeller, streamed.
//
// Images are loaded, matched against all patterns and released by a pool of worker threads
// (MatchOptions::threads); at most MatchOptions::imagesInFlight images are loaded or waiting
// for delivery at any time, so memory does not grow with imageCount.
//
// Threading of the callbacks: loadImage runs on worker threads, concurrently. onImageDone runs
// on the calling thread only, one call at a time, in increasing image order (0, 1, 2, ...), so
// it may write to a database connection owned by the caller.
//
// Progress: one stage "Matching patterns" of imageCount steps, advanced per delivered image.
// Cancel: feedback.cancel() stops claiming new images and drops the ones being matched; those
// already matched are still delivered in order (no gaps), then ig::CanceledError is thrown
// (unless every image had been delivered). Checked between patterns, so it takes effect
// within about one pair's time.
// Errors: invalid patterns throw ig::Error before any work; an exception from loadImage,
// matching or onImageDone stops the workers and is rethrown here.
void generateFeatures(size_t imageCount, const MatchImageLoader& loadImage,
                      const std::vector<cv::Mat>& patterns, const MatchOptions& options,
                      const MatchImageHandler& onImageDone, Feedback& feedback);

// Worker threads the matcher uses for `options` (options.threads, else cv::getNumThreads()).
int matchThreadCount(const MatchOptions& options);

} // namespace ig
