#pragma once

#include "augment/PolicyOp.h"
#include "match/MatchOptions.h"
#include "pipeline/AugmentOptions.h"

#include <vector>

namespace ig {

class Feedback;
class Project;

struct AugmentStageResult {
    bool upToDate = false; // the project's augmented patterns were made with these options
    int crowdPatterns = 0;
    int policyPatterns = 0;
    int ganPatterns = 0;
    std::vector<PolicyOp> policy;  // the combination the search chose
    double policyScore = 0;        // its mean test score on the dev splits
    bool policyScoreIsAuc = false; // that score is a ROC AUC (PolicyStageOptions::rankByAuc)
    int combinationsTried = 0;
    bool policyReused = false; // the search's result was stored from an earlier run
    int ganReused = 0;         // generators reused from an earlier run (per defect type)
    double policySeconds = 0, ganSeconds = 0;
};

// Makes options.patterns new patterns from the crowd patterns ('crowd' and 'reviewed') with the
// policy search (PolicyStage), the GAN (GanStage) or both (where the GAN can learn from the
// policy patterns too: AugmentOptions::ganLearnsFromPolicyPatterns), and stores them (origin
// 'policy' with their parent, or 'gan'), the search's scores and the generators' weights (table
// augmenters). A stored search result or generator made from the same inputs and options is reused
// instead of searching or training again (so changing --patterns or --gan-share only regenerates).
// Does nothing when the augmented patterns were made from these inputs with these options. The old
// augmentation is replaced in one transaction at the end, so a cancel or error leaves the project
// as it was. The policy search needs the crowd patterns' features on the dev images (run
// computeFeatures first).
AugmentStageResult augmentPatterns(Project& project, const AugmentOptions& options,
                                   const MatchOptions& match, Feedback& feedback);

// What the project's augmenters learnt, for `gadget info`: a few lines of text, or "" when the
// project holds no augmentation.
std::string describeAugmentation(const Project& project);

} // namespace ig
