#pragma once

#include "labeler/Metrics.h"
#include "pipeline/LabelSpace.h"

#include <string>

namespace ig {

class Project;

// How good the weak labels are against the gold labels of the non-dev images.
struct EvaluationReport {
    LabelSpace space;
    ConfusionMatrix matrix{2}; // rows = gold, columns = weak label
    std::vector<ClassMetrics> perClass;
    double score = 0;        // F1 of the defective class (binary) or macro F1
    double cvScore = 0;      // the labeler's dev-set cross-validation score
    long long evaluated = 0; // non-dev images with both a weak and a gold label
    long long weakWithoutGold = 0;

    std::string toText() const;
    std::string toJson() const;
};

// Throws ig::Error(Input) with what to do when there are no weak labels or no gold labels.
EvaluationReport evaluateWeakLabels(const Project& project);

} // namespace ig
