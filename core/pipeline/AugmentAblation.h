#pragma once

#include "labeler/MlpTuning.h"
#include "match/MatchOptions.h"
#include "pipeline/AugmentOptions.h"
#include "pipeline/LabelerStage.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Feedback;

// The augmenter's ablation (the paper's table 5): the same project labelled without
// augmentation, with the policy search, with the GAN and with both, on its own dev set and
// optionally on random stratified dev splits of the same size. Also sweeps the number of new
// patterns and the GAN's share of them, for the defaults' sake: within a split the policy search
// and the generators are made once and reused by every count and share.
struct AugmentAblationOptions {
    std::vector<AugmentMode> modes{AugmentMode::None, AugmentMode::Policy, AugmentMode::Gan,
                                   AugmentMode::Both};
    AugmentOptions augment;              // everything but the mode, the count and the share
    std::vector<int> patternCounts{300}; // augment.patterns of each run
    std::vector<double> ganShares{0.5};  // augment.ganShare of each 'both' run
    MatchOptions match;
    TuningOptions tuning;
    LabelDecision decision = LabelDecision::Model;
    int randomSplits = 0;
    std::uint64_t splitSeed = 1;
};

struct AblationRow {
    std::string split; // "given" or "random 2"
    AugmentMode mode = AugmentMode::None;
    int requestedPatterns = 0; // --patterns (0 with mode none)
    double ganShare = 0;       // --gan-share (with mode both; else 0 or 1)
    int crowdPatterns = 0;
    int augmentedPatterns = 0;
    double score = 0;   // F1 of the defective class or macro F1 of the non-dev images
    double cvScore = 0; // the labeler's dev cross-validation score
    double seconds = 0; // wall time of the run (augmentation, matching, labeler)
};

struct AugmentAblationResult {
    std::string metric;
    std::string decision; // LabelDecision's name
    std::vector<AblationRow> rows;
    // The table, plus mean and spread per configuration (mode, count, share) over random splits.
    std::string toText() const;
    std::string toJson() const;
};

// Runs the pipeline once per (split, mode, count, share) on a scratch copy of the project next to
// it (image paths are relative), deleted afterwards; the project itself is only read. Features of
// the crowd patterns are shared between the modes of a split.
AugmentAblationResult runAugmentAblation(const std::string& projectPath,
                                         const AugmentAblationOptions& options, Feedback& feedback);

} // namespace ig
