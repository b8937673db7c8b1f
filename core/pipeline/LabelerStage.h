#pragma once

#include "labeler/MlpTuning.h"
#include "pipeline/LabelerFeatures.h"
#include "project/Records.h"

#include <string>

namespace ig {

class Feedback;
class Project;

// How the labeler's probabilities become weak labels. KolektorSDD, `gadget bench-splits P
// --splits 10 [--decision dev-prior]`: paper split 0.696 -> 0.747, 10 random splits 0.636 +-
// 0.075 -> 0.626 +- 0.078; `gadget run P --augment both --seed 1|2`: 0.697 -> 0.699, 0.711 ->
// 0.699. It does not hold up beyond the paper split, so Model stays the default.
enum class LabelDecision {
    Model,    // the labeler's own call: binary at its threshold (0.5), else the most probable
    DevPrior, // binary: the dev set's share of positives is called positive (PriorMatching.h;
              // not with a tuned threshold); multi-class projects decide as with Model
};

std::string toString(LabelDecision decision); // "model" or "dev-prior"
// "model" or "dev-prior"; throws ig::Error (Usage) otherwise.
LabelDecision labelDecisionFromString(const std::string& name);

struct LabelerStageOptions {
    TuningOptions tuning;
    LabelerFeatureOptions features;
    LabelDecision decision = LabelDecision::Model;
    int evidenceMatches = 3; // best-matching patterns kept as evidence per image
};

struct LabelerStageResult {
    Id modelId = 0;
    double cvScore = 0;
    int folds = 0;
    std::string bestConfig;
    int devImages = 0;
    int labelledImages = 0; // weak labels written
    // With LabelDecision::DevPrior on a binary project: the dev set's share of positives and
    // the positive-class probability that now calls an image positive (before the shift).
    bool priorMatched = false;
    double devPrior = 0;
    double priorThreshold = 0.5;
};

// Trains the labeler on the dev images' features and gold labels (architecture chosen by
// cross-validation, winner refitted on the whole dev set), stores the model, and writes a weak
// label with its probability and evidence for every non-dev image that has all features (with
// LabelDecision::DevPrior, probabilities shifted so that the dev set's share of positives is
// called positive; the model record's parameters name the shift).
// Weak labels are replaced in one transaction, so a cancel leaves the previous ones.
LabelerStageResult trainAndLabel(Project& project, const LabelerStageOptions& options,
                                 Feedback& feedback);

} // namespace ig
