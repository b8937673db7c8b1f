#pragma once

#include "match/MatchOptions.h"
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
    MatchOptions match;
    LabelerStageOptions labeler;
};

struct PipelineResult {
    int patterns = 0;
    bool patternsRecut = false;
    FeatureStageResult features;
    LabelerStageResult labeler;
};

// The whole weak-labelling run: patterns, features (only what is missing), labeler tuning and
// training, weak labels for the non-dev images. Every stage commits its own results, so a
// cancel or crash leaves a consistent project that the next run continues from.
PipelineResult runPipeline(Project& project, const PipelineOptions& options, Feedback& feedback);

} // namespace ig
