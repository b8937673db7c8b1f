#pragma once

#include "labeler/MlpTuning.h"
#include "match/MatchOptions.h"
#include "pipeline/AugmentOptions.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Feedback;

// The augmenter's ablation (the paper's table 5): the same project labelled without
// augmentation, with the policy search, with the GAN and with both, on its own dev set and
// optionally on random stratified dev splits of the same size.
struct AugmentAblationOptions {
    std::vector<AugmentMode> modes{AugmentMode::None, AugmentMode::Policy, AugmentMode::Gan,
                                   AugmentMode::Both};
    AugmentOptions augment; // everything but the mode
    MatchOptions match;
    TuningOptions tuning;
    int randomSplits = 0;
    std::uint64_t splitSeed = 1;
};

struct AblationRow {
    std::string split; // "given" or "random 2"
    AugmentMode mode = AugmentMode::None;
    int crowdPatterns = 0;
    int augmentedPatterns = 0;
    double score = 0;   // F1 of the defective class or macro F1 of the non-dev images
    double cvScore = 0; // the labeler's dev cross-validation score
    double seconds = 0; // wall time of the run (augmentation, matching, labeler)
};

struct AugmentAblationResult {
    std::string metric;
    std::vector<AblationRow> rows;
    std::string toText() const; // the table, plus mean and spread per mode over random splits
    std::string toJson() const;
};

// Runs the pipeline once per (split, mode) on a scratch copy of the project next to it (image
// paths are relative), deleted afterwards; the project itself is only read. Features of the
// crowd patterns are shared between the modes of a split.
AugmentAblationResult runAugmentAblation(const std::string& projectPath,
                                         const AugmentAblationOptions& options, Feedback& feedback);

} // namespace ig
