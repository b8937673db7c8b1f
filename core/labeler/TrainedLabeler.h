#pragma once

#include "labeler/MlpModel.h"
#include "labeler/MlpTuning.h"

#include <string>

namespace ig {

class Feedback;

// The labeler the pipeline uses: the configuration chosen by cross-validation, refitted on the
// whole dev set. Store it as a LabelerModelRecord with paramsJson = describeJson(),
// cvScore = tuning.cvScore and weights = model.serialize().
struct TrainedLabeler {
    MlpModel model;
    TuningResult tuning;

    // The model's JSON description plus the cross-validation facts (score, folds, metric,
    // candidates tried).
    std::string describeJson() const;

    // The class of one row of probabilities: binary problems call the positive class at
    // tuning.threshold, others take the most probable class.
    int decide(const std::vector<double>& probabilities) const;
    // predictProba + decide for every row.
    std::vector<int> predict(const std::vector<std::vector<float>>& rows) const;
};

// tuneMlp() then MlpModel::train() of the winner on all of `data` (seed = options.seed).
// Progress: the tuning stage, then a one-step refit stage. Threading as tuneMlp().
TrainedLabeler fitLabeler(const LabeledData& data, const TuningOptions& options,
                          Feedback& feedback);

} // namespace ig
