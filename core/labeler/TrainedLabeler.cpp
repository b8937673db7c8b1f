#include "labeler/TrainedLabeler.h"

#include "util/Feedback.h"

#include <nlohmann/json.hpp>

namespace ig {

std::string TrainedLabeler::describeJson() const {
    nlohmann::json description = nlohmann::json::parse(model.describeJson());
    description["cvScore"] = tuning.cvScore;
    description["cvFolds"] = tuning.folds;
    description["cvMetric"] = model.numClasses() == 2 ? "f1" : "macro_f1";
    description["candidatesTried"] = tuning.tried.size();
    return description.dump();
}

TrainedLabeler fitLabeler(const LabeledData& data, const TuningOptions& options,
                          Feedback& feedback) {
    TuningResult tuning = tuneMlp(data, options, feedback);

    feedback.beginStage("Training the labeler", 1);
    MlpModel model = MlpModel::train(data, tuning.best, options.seed, &feedback);
    feedback.advance(1);
    return TrainedLabeler{std::move(model), std::move(tuning)};
}

} // namespace ig
