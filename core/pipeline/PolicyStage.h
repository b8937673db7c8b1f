#pragma once

#include "augment/PolicySearch.h"
#include "match/MatchOptions.h"
#include "pipeline/AugmentOptions.h"
#include "project/Records.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Feedback;
class Project;

// The paper's policy search on a project's dev set. For each of options.repeats random
// stratified splits of the dev images into a train and a test part: the crowd patterns not cut
// from test images are the train patterns; every combination of three operations augments them
// (10 random magnitudes per operation), a labeler (the default MlpConfig, seeded) is trained on
// the train images' features of the train patterns plus the new ones and scored on the test
// images (F1 of the defective class, or macro F1; with options.rankByAuc the ROC AUC, the F1
// breaking ties). The features are the final labeler's (options.features): with masking, a
// train pattern and every new pattern made from it are masked on the train image it was cut
// from, as the labeler stage does. The combination with the best mean score over the splits
// wins (ties: the higher mean test ROC AUC with options.breakTiesByAuc, then the first in
// enumeration order).
//
// Cost: a combination's new patterns are the union of its operations' (augmentWithPolicies draws
// every magnitude from the seed and the pattern's position alone), so each operation's patterns
// are matched against the dev images once per split and a combination costs one labeler
// training per split. Needs the crowd patterns' features on the dev images (computeFeatures).
//
// Reads the project only (from the calling thread). Progress: the matching and "Policy search"
// stages per split; cancel throws ig::CanceledError. Throws ig::Error (Input) when a split has
// no train pattern or the dev set cannot be split.
PolicySearchResult searchPoliciesOnDevSet(const Project& project,
                                          const std::vector<PatternRecord>& crowdPatterns,
                                          const PolicyStageOptions& options, std::uint64_t seed,
                                          const MatchOptions& match, Feedback& feedback);

// How searchPoliciesOnDevSet scores a combination, in words (stored with its result).
std::string describePolicyScorer(const PolicyStageOptions& options);

struct AugmentedPattern {
    size_t parent = 0; // index into the patterns given
    cv::Mat pixels;
};

// The chosen combination applied to every pattern (augmentWithPolicies), then `count` of the
// results kept (a seeded subset, in order), each with the index of the pattern it came from.
// One combination, as in the paper: the search's top 3, a third of the patterns each, gave
// 0.708 / 0.730 / 0.677 on KolektorSDD's paper split against 0.771 / 0.687 / 0.687 for the best
// alone (`gadget run P --augment policy --seed 1|2|3`, the same searches; throwaway build).
std::vector<AugmentedPattern> applyPolicies(const std::vector<cv::Mat>& patterns,
                                            const std::vector<PolicyOp>& combination,
                                            int magnitudesPerPolicy, std::uint64_t seed, int count);

} // namespace ig
