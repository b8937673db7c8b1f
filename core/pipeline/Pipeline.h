#pragma once

#include "match/MatchOptions.h"
#include "pipeline/AugmentStage.h"
#include "pipeline/FeatureStage.h"
#include "pipeline/LabelerStage.h"

#include <string>
#include <vector>

namespace ig {

class Feedback;
class Project;

struct PipelineOptions {
    // Where the crowd patterns come from: empty = the dev images' boxes (cut again only when
    // those boxes changed since the last run); else these image files (e.g. the paper's
    // published patterns).
    std::vector<std::string> patternFiles;
    AugmentOptions augment;
    MatchOptions match;
    LabelerStageOptions labeler;
};

struct PipelineResult {
    int patterns = 0;
    bool patternsRecut = false;
    AugmentStageResult augment;
    FeatureStageResult features; // both feature passes (crowd patterns, then augmented ones)
    LabelerStageResult labeler;
};

// The whole weak-labelling run: crowd patterns, their features (only what is missing),
// augmented patterns (policy search and/or GAN, kept while their inputs and options are the
// same) and their features, labeler tuning and training, weak labels for the non-dev images. Every
// stage commits its own results, so a cancel or crash leaves a consistent project that the next run
// continues from.
PipelineResult runPipeline(Project& project, const PipelineOptions& options, Feedback& feedback);

} // namespace ig
