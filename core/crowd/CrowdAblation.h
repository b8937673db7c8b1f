#pragma once

#include "crowd/BoxMerger.h"
#include "crowd/CrowdSimulation.h"
#include "match/MatchOptions.h"
#include "pipeline/LabelerStage.h"

#include <string>
#include <vector>

namespace ig {

class Feedback;

// The crowd workflow's ablation (the paper's question: does averaging and review matter?): a
// simulated crowd draws boxes on the dev images, and the weak labels are scored with the
// patterns taken four ways.
struct CrowdAblationOptions {
    CrowdSimulationOptions simulation;
    MergeOptions merge; // how the crowd's boxes are grouped and combined
    int quorum = 1;     // expert votes that decide an outlier
    MatchOptions match;
    LabelerStageOptions labeler;
};

struct CrowdAblationRow {
    std::string name; // "gold boxes", "no averaging", "averaging, no review", "full workflow"
    int patterns = 0;
    double score = 0;    // F1 of the defective class (binary) or macro F1, non-dev images
    double cvScore = 0;  // the labeler's dev cross-validation score
    double seconds = 0;  // patterns, features and labeler of this variant
    std::string skipped; // why the variant could not run (no patterns); empty when it ran
};

struct CrowdAblationResult {
    std::string metric;
    CrowdSimulationOptions simulation;
    CrowdSimulationReport crowd;
    std::vector<CrowdAblationRow> rows; // gold, (a), (b), (c)
    double seconds = 0;

    std::string toText() const;
    std::string toJson() const;
};

// On a scratch copy of the project beside it (image paths are relative; deleted afterwards, the
// project itself is only read): removes every box, writes the simulated crowd from the gold
// worker's boxes of the dev images (simulateCrowd) and the experts' votes (simulateReview), then
// for each variant replaces all patterns, computes the features and trains the labeler:
//   gold boxes            the gold boxes of the dev images (the reference)
//   (a) no averaging      every simulated box is a pattern
//   (b) averaging only    the merged groups of two or more workers; outliers dropped
//   (c) full workflow     groups and the outliers the experts accepted (buildPatternsFromCrowd)
// Needs gold labels, a dev split with two classes and gold boxes on the dev images.
CrowdAblationResult runCrowdAblation(const std::string& projectPath,
                                     const CrowdAblationOptions& options, Feedback& feedback);

} // namespace ig
