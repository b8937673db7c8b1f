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

    // Binary: shifts `batch` (rows of this labeler's probabilities) so that the share `prior` of
    // it is called positive (PriorMatching.h), and decides at 0.5 from then on, where the shifted
    // probabilities put the call. Returns the logit shift. Leaves a multi-class batch alone.
    double matchPrior(std::vector<std::vector<double>>& batch, double prior);
};

// The refit of the search's winner on all of `data` (seed = options.seed), guarded against
// collapse: a model that calls every row of its own training data the same class learned
// nothing. Strong L2 can pull a network to its all-zero point, where every probability is the
// class prior (KolektorSDD, 500 augmented patterns, a random dev split: l2 100 won the search
// with CV F1 0.842 and its refit gave every image p = 0.4999983, F1 0). Such a refit is tried
// again with two other seeds, then the next candidates in the search's order (up to 5 in all)
// take the winner's place (the returned tuning's best, cvScore and threshold then describe the
// one used); when they all collapse, the winner's first refit is kept. `feedback` gets a message
// for each fallback. Progress: a one-step stage "Training the labeler". Throws ig::Error (Input)
// for invalid data, like tuneMlp().
// One refit, not an ensemble: on KolektorSDD (`gadget bench-splits P --splits 10`, throwaway
// builds) the mean probability of 5 refits from other seeds gave 0.631 +- 0.071 over 10 random
// dev splits, and of the search's 5 best candidates 0.631 +- 0.068, against 0.636 +- 0.075 for
// the one refit: L-BFGS with the tuned L2 lands near one solution whatever the start.
TrainedLabeler refitLabeler(const LabeledData& data, TuningResult tuning,
                            const TuningOptions& options, Feedback& feedback);

// tuneMlp() then refitLabeler(). Threading as tuneMlp().
TrainedLabeler fitLabeler(const LabeledData& data, const TuningOptions& options,
                          Feedback& feedback);

} // namespace ig
