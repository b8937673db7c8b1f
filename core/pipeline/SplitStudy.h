#pragma once

#include "labeler/MlpTuning.h"
#include "match/MatchOptions.h"
#include "pipeline/LabelerFeatures.h"
#include "pipeline/LabelerStage.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Feedback;
class Project;

// How much a result depends on which images the dev set holds. With 78 dev images of which 10
// are defective, one split's F1 can swing by 0.3; a method is judged by its mean and spread
// over several random stratified dev splits of the same size and class counts.
struct SplitStudyOptions {
    int randomSplits = 10;
    std::uint64_t seed = 1;
    MatchOptions match;
    TuningOptions tuning;
    LabelerFeatureOptions features;
    // Each split's own dev prior with DevPrior. DevPrior and tuning.tuneThreshold both place
    // the call: runSplitStudy refuses the two together.
    LabelDecision decision = LabelDecision::Model;
};

struct SplitOutcome {
    std::string name; // "given" or "random 3"
    int devImages = 0;
    int patterns = 0;   // boxes on the split's dev images
    double score = 0;   // F1 of the defective class (binary) or macro F1, on the other images
    double cvScore = 0; // the labeler's cross-validation score on the split's dev images
};

struct SplitStudyResult {
    std::string metric;
    std::string decision;                          // "model", "dev-prior" or "tuned-threshold"
    SplitOutcome given;                            // the project's own dev set
    std::vector<SplitOutcome> random;              // random stratified splits of the same size
    double mean = 0, stddev = 0, min = 0, max = 0; // over the random splits
    long long pairsMatched = 0;
    double seconds = 0;

    std::string toText() const;
    std::string toJson() const;
};

// Runs the pipeline (patterns = the boxes of each split's dev images, features, labeler) on the
// project's dev set and on random stratified dev splits of the same size, without writing to
// the project. Needs gold labels on the images and boxes on the defective ones (as imported
// from a data set's box file). Features are computed once for every pattern any split needs.
// Throws ig::Error (Usage) for DevPrior with a tuned threshold.
SplitStudyResult runSplitStudy(const Project& project, const SplitStudyOptions& options,
                               Feedback& feedback);

} // namespace ig
