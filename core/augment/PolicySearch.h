#pragma once

#include "augment/PolicyOp.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ig {

class Feedback;

// The Inspector Gadget policy search (Heo et al. 2020, after AutoAugment): every combination of
// `policiesPerCombination` ops augments the train patterns, a caller-supplied scorer rates the
// augmented set (e.g. the labeler's F1 on held-out data), and the best combination wins.
struct PolicySearchOptions {
    int policiesPerCombination = 3;
    // Random magnitudes drawn per op and pattern (the paper's 10).
    int magnitudesPerPolicy = 10;
    // The ops to combine; empty means allPolicyOps().
    std::vector<PolicyOp> ops;
    std::uint64_t seed = 0;
    // Combinations scored at once; 0 = one per hardware thread.
    int threads = 0;
    // 0 = all C(ops, policiesPerCombination) combinations (969 for 19 ops choose 3); otherwise
    // that many combinations drawn at random (seeded) without repetition, for speed.
    int maxCombinations = 0;
    // 0 = no limit; otherwise at most this many new patterns per combination (a seeded subset).
    int maxNewPatterns = 0;
};

// How one augmented pattern set rates. `score` decides; among equal scores the higher `tieBreak`
// wins. A test F1 on a handful of positives takes few values, so many combinations tie on it
// (10 of 969 at the top on KolektorSDD's paper split); a continuous second measure (the
// pipeline's scorer uses the test ROC AUC) picks among them by how well the labeler ranks
// instead of by enumeration order.
struct SetRating {
    double score = 0.0;
    double tieBreak = 0.0;
    // Implicit from a plain score: a scorer without a tie-break returns just that.
    SetRating(double score = 0.0, double tieBreak = 0.0) : score(score), tieBreak(tieBreak) {}
};

// Rates one augmented pattern set: the train patterns (first, in order) followed by the new
// patterns of one combination. Higher is better; both numbers must be finite. Called from
// several threads at once, so it must be thread-safe.
using PatternSetScorer =
    std::function<SetRating(const std::vector<cv::Mat>& augmentedTrainPatterns)>;

struct CombinationScore {
    std::vector<PolicyOp> ops;
    double score = 0.0;
    double tieBreak = 0.0;
};

// a rates above b: a higher score, or the same score (within 1e-12) and a higher tie-break.
bool ratesAbove(const CombinationScore& a, const CombinationScore& b);
// The combination no other rates above; of full ties, the first. `tried` must not be empty.
const CombinationScore& bestOf(const std::vector<CombinationScore>& tried);

struct PolicySearchResult {
    std::vector<PolicyOp> best;
    double bestScore = 0.0;
    // Every combination tried, in enumeration order (all or the sampled subset).
    std::vector<CombinationScore> tried;
    // What augmentWithPolicies() needs to reproduce the winning set exactly.
    int magnitudesPerPolicy = 10;
    std::uint64_t seed = 0;
};

// Scores the combinations in parallel (options.threads workers) and returns the best one
// (ratesAbove); full ties go to the combination enumerated first, so the result does not depend
// on the thread count.
// Reports the stage "Policy search" with one step per combination; checks for cancel between
// combinations (throws ig::CanceledError). An exception from the scorer stops the search and is
// rethrown. Throws ig::Error (Usage/Input) for bad options or patterns.
PolicySearchResult searchPolicies(const std::vector<cv::Mat>& trainPatterns,
                                  const PolicySearchOptions& options,
                                  const PatternSetScorer& scorer, Feedback& feedback);

// The new patterns a combination makes: for each pattern, each op of the combination and each of
// `magnitudesPerPolicy` magnitudes drawn uniformly from [0, 1], one applyPolicy() result. Ops
// without a magnitude (Invert, Equalize, AutoContrast, FlipX, FlipY) give one pattern instead of
// `magnitudesPerPolicy` identical ones. So a pattern yields at most ops.size() *
// magnitudesPerPolicy new patterns (30 for the paper's 3 x 10); `maxOutput` > 0 then caps the
// total by keeping a seeded random subset (in the original order). Order: pattern by pattern,
// within a pattern op by op. The magnitudes (and cutout positions) depend only on (seed, pattern
// index, op, draw), so the same seed gives the same patterns in every combination that shares
// an op, and reproduces exactly the set the search scored. Threading: pure.
std::vector<cv::Mat> augmentWithPolicies(const std::vector<cv::Mat>& patterns,
                                         const std::vector<PolicyOp>& combination,
                                         int magnitudesPerPolicy, std::uint64_t seed,
                                         int maxOutput = 0);

// All combinations of `k` ops out of `ops`, in lexicographic order of their positions in `ops`.
std::vector<std::vector<PolicyOp>> policyCombinations(const std::vector<PolicyOp>& ops, int k);

// JSON for the project file and `gadget info`:
// {"best":["Brightness",...],"bestScore":0.5,"magnitudesPerPolicy":10,"seed":"42",
//  "tried":[{"ops":[...],"score":0.4,"tieBreak":0.8},...]}  (the seed as a string: JSON
// numbers lose 64 bits; results stored without tie-breaks read as 0).
std::string toJson(const PolicySearchResult& result);
// Throws ig::Error (Project) when the text is not such a JSON document.
PolicySearchResult policySearchResultFromJson(const std::string& json);

} // namespace ig
