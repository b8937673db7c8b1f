#include "labeler/TrainedLabeler.h"

#include <algorithm>

#include "util/Feedback.h"

#include <nlohmann/json.hpp>

namespace ig {

std::string TrainedLabeler::describeJson() const {
    nlohmann::json description = nlohmann::json::parse(model.describeJson());
    description["cvScore"] = tuning.cvScore;
    description["cvFolds"] = tuning.folds;
    description["cvMetric"] = model.numClasses() == 2 ? "f1" : "macro_f1";
    description["candidatesTried"] = tuning.tried.size();
    description["threshold"] = tuning.threshold;
    return description.dump();
}

int TrainedLabeler::decide(const std::vector<double>& p) const {
    if (p.size() == 2) {
        const int positive = tuning.positiveClass;
        return p[static_cast<size_t>(positive)] >= tuning.threshold ? positive : 1 - positive;
    }
    return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

std::vector<int> TrainedLabeler::predict(const std::vector<std::vector<float>>& rows) const {
    std::vector<int> out;
    for (const auto& p : model.predictProba(rows))
        out.push_back(decide(p));
    return out;
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
