#include "labeler/PriorMatching.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace ig {

namespace {

// Probabilities of exactly 0 or 1 (a confident float model) still get a finite logit.
constexpr double kEdge = 1e-12;

double logit(double p) {
    p = std::clamp(p, kEdge, 1.0 - kEdge);
    return std::log(p / (1.0 - p));
}

} // namespace

double priorMatchingShift(const std::vector<double>& positive, double prior) {
    if (positive.empty())
        return 0.0;
    std::vector<double> logits;
    logits.reserve(positive.size());
    for (double p : positive)
        logits.push_back(logit(p));
    std::sort(logits.begin(), logits.end(), std::greater<>());
    const size_t n = logits.size();
    const auto called = static_cast<size_t>(std::lround(std::clamp(prior, 0.0, 1.0) * double(n)));
    if (called == 0)
        return logits.front() + 1.0; // above every image
    if (called >= n)
        return logits.back() - 1.0; // below every image
    return (logits[called - 1] + logits[called]) / 2.0;
}

std::vector<double> shiftPositiveLogit(const std::vector<double>& probabilities, int positiveClass,
                                       double shift) {
    std::vector<double> out = probabilities;
    if (out.size() != 2 || positiveClass < 0 || positiveClass > 1)
        return out;
    const auto positive = static_cast<size_t>(positiveClass);
    const double shifted = 1.0 / (1.0 + std::exp(shift - logit(out[positive])));
    out[positive] = shifted;
    out[1 - positive] = 1.0 - shifted;
    return out;
}

double classPrior(const std::vector<int>& labels, int positiveClass) {
    if (labels.empty())
        return 0.0;
    const auto positives = std::count(labels.begin(), labels.end(), positiveClass);
    return double(positives) / double(labels.size());
}

double matchPrior(std::vector<std::vector<double>>& batch, int positiveClass, double prior) {
    std::vector<double> positive;
    positive.reserve(batch.size());
    for (const auto& row : batch)
        if (row.size() == 2)
            positive.push_back(row[static_cast<size_t>(positiveClass == 1)]);
    const double shift = priorMatchingShift(positive, prior);
    for (auto& row : batch)
        row = shiftPositiveLogit(row, positiveClass, shift);
    return shift;
}

} // namespace ig
