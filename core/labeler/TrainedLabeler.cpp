#include "labeler/TrainedLabeler.h"

#include "labeler/PriorMatching.h"
#include "labeler/SeededRandom.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

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

double TrainedLabeler::matchPrior(std::vector<std::vector<double>>& batch, double prior) {
    if (model.numClasses() != 2)
        return 0.0;
    tuning.threshold = 0.5;
    return ig::matchPrior(batch, tuning.positiveClass, prior);
}

namespace {

constexpr int kSeedsPerCandidate = 3;
// Candidates tried in all: the refit of a big network on NEU-DET takes tens of seconds, and when
// five candidates collapse the dev set itself is the problem.
constexpr size_t kMaxCandidates = 5;

// A model that gives every row of its own training data the same class, or the same
// probabilities (to 1e-6: its output no longer depends on the input).
bool collapsed(const TrainedLabeler& labeler, const LabeledData& data) {
    const auto probabilities = labeler.model.predictProba(data.features);
    bool oneClass = true, constant = true;
    const int firstCall = labeler.decide(probabilities.front());
    for (const auto& p : probabilities) {
        oneClass = oneClass && labeler.decide(p) == firstCall;
        for (size_t c = 0; c < p.size(); ++c)
            constant = constant && std::abs(p[c] - probabilities.front()[c]) < 1e-6;
    }
    return oneClass || constant;
}

} // namespace

TrainedLabeler refitLabeler(const LabeledData& data, TuningResult tuning,
                            const TuningOptions& options, Feedback& feedback) {
    validateLabeledData(data);
    feedback.beginStage("Training the labeler", 1);
    std::vector<CandidateResult> order = tuning.tried;
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return ranksAbove(a, b, data.featureCount(), data.numClasses);
    });
    const auto winner = std::find_if(order.begin(), order.end(),
                                     [&](const auto& c) { return c.config == tuning.best; });
    if (winner != order.end()) // the winner first, whatever ties the sort left
        std::rotate(order.begin(), winner, winner + 1);
    else
        order.insert(order.begin(), {tuning.best, tuning.cvScore, 0, tuning.threshold});
    order.resize(std::min(order.size(), kMaxCandidates));

    std::optional<TrainedLabeler> first;
    for (const CandidateResult& candidate : order) {
        for (int attempt = 0; attempt < kSeedsPerCandidate; ++attempt) {
            const std::uint64_t seed =
                attempt == 0 ? options.seed : SeededRandom::mix(options.seed, 0x5EED + attempt);
            TuningResult used = tuning;
            used.best = candidate.config;
            used.cvScore = candidate.score;
            used.threshold = candidate.threshold;
            TrainedLabeler labeler{MlpModel::train(data, candidate.config, seed, &feedback),
                                   std::move(used)};
            if (!collapsed(labeler, data)) {
                feedback.advance(1);
                return labeler;
            }
            feedback.throwIfCanceled();
            feedback.message("The labeler " + candidate.config.toString() +
                             " called every dev image the same class when trained on all of "
                             "them" +
                             (attempt + 1 < kSeedsPerCandidate
                                  ? "; training it again from another start."
                                  : "; trying the next candidate of the search."));
            if (!first)
                first = std::move(labeler);
        }
    }
    feedback.message("The search's best labeler candidates all call every dev image the same "
                     "class; keeping the winner. Add dev images of the rare classes, or more "
                     "patterns.");
    feedback.advance(1);
    return std::move(*first);
}

TrainedLabeler fitLabeler(const LabeledData& data, const TuningOptions& options,
                          Feedback& feedback) {
    return refitLabeler(data, tuneMlp(data, options, feedback), options, feedback);
}

} // namespace ig
