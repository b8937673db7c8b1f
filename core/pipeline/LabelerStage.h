#pragma once

#include "labeler/MlpTuning.h"
#include "pipeline/LabelerFeatures.h"
#include "project/Records.h"

#include <string>

namespace ig {

class Feedback;
class Project;

struct LabelerStageOptions {
    TuningOptions tuning;
    LabelerFeatureOptions features;
    int evidenceMatches = 3; // best-matching patterns kept as evidence per image
};

struct LabelerStageResult {
    Id modelId = 0;
    double cvScore = 0;
    int folds = 0;
    std::string bestConfig;
    int devImages = 0;
    int labelledImages = 0; // weak labels written
};

// Trains the labeler on the dev images' features and gold labels (architecture chosen by
// cross-validation, winner refitted on the whole dev set), stores the model, and writes a weak
// label with its probability and evidence for every non-dev image that has all features.
// Weak labels are replaced in one transaction, so a cancel leaves the previous ones.
LabelerStageResult trainAndLabel(Project& project, const LabelerStageOptions& options,
                                 Feedback& feedback);

} // namespace ig
