#pragma once

#include "match/MatchOptions.h"
#include "project/Records.h"

#include <functional>

namespace ig {

class Feedback;
class Project;

struct FeatureStageResult {
    int images = 0;        // images matched in this run
    int skippedImages = 0; // images already complete (all patterns matched before)
    int unreadable = 0;    // images that could not be read (reported through feedback)
    long long pairs = 0;   // (image, pattern) pairs matched in this run
};

// Matches every pattern of the project against every image and stores each best score and
// location as a feature. Only missing (image, pattern) pairs are computed, so re-running after
// new patterns or images redoes only what changed, and a cancel keeps every image finished so
// far (features are committed in batches as images complete). Images stream through a bounded
// number of workers, so memory does not grow with the number of images.
// `only` (optional) restricts the work to the patterns it accepts.
FeatureStageResult computeFeatures(Project& project, const MatchOptions& options,
                                   Feedback& feedback,
                                   const std::function<bool(const PatternRecord&)>& only = {});

} // namespace ig
