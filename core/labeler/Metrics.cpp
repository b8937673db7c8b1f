#include "labeler/Metrics.h"

#include "util/Error.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace ig {

ConfusionMatrix::ConfusionMatrix(int numClasses) : numClasses_(numClasses) {
    if (numClasses < 1)
        throw Error(Error::Kind::Input, "A confusion matrix needs at least one class, not " +
                                            std::to_string(numClasses) + ".");
    counts_.assign(static_cast<size_t>(numClasses) * static_cast<size_t>(numClasses), 0);
}

ConfusionMatrix ConfusionMatrix::from(const std::vector<int>& truth,
                                      const std::vector<int>& predicted, int numClasses) {
    if (truth.size() != predicted.size())
        throw Error(Error::Kind::Input, "Cannot compare " + std::to_string(truth.size()) +
                                            " true labels with " +
                                            std::to_string(predicted.size()) +
                                            " predictions; give one prediction per label.");
    ConfusionMatrix matrix(numClasses);
    for (size_t i = 0; i < truth.size(); ++i)
        matrix.add(truth[i], predicted[i]);
    return matrix;
}

void ConfusionMatrix::add(int truth, int predicted, long long count) {
    if (truth < 0 || truth >= numClasses_ || predicted < 0 || predicted >= numClasses_)
        throw Error(Error::Kind::Input, "Class pair (" + std::to_string(truth) + ", " +
                                            std::to_string(predicted) + ") is outside the " +
                                            std::to_string(numClasses_) +
                                            " classes of the confusion matrix.");
    counts_[static_cast<size_t>(truth * numClasses_ + predicted)] += count;
}

long long ConfusionMatrix::at(int truth, int predicted) const {
    return counts_.at(static_cast<size_t>(truth * numClasses_ + predicted));
}

long long ConfusionMatrix::total() const {
    long long sum = 0;
    for (long long c : counts_)
        sum += c;
    return sum;
}

long long ConfusionMatrix::truthCount(int cls) const {
    long long sum = 0;
    for (int p = 0; p < numClasses_; ++p)
        sum += at(cls, p);
    return sum;
}

long long ConfusionMatrix::predictedCount(int cls) const {
    long long sum = 0;
    for (int t = 0; t < numClasses_; ++t)
        sum += at(t, cls);
    return sum;
}

std::vector<ClassMetrics> perClassMetrics(const ConfusionMatrix& matrix) {
    std::vector<ClassMetrics> metrics;
    for (int c = 0; c < matrix.numClasses(); ++c) {
        ClassMetrics m;
        const long long truePositives = matrix.at(c, c);
        const long long predicted = matrix.predictedCount(c);
        m.support = matrix.truthCount(c);
        m.precision = predicted > 0 ? double(truePositives) / double(predicted) : 0.0;
        m.recall = m.support > 0 ? double(truePositives) / double(m.support) : 0.0;
        m.f1 = m.precision + m.recall > 0 ? 2.0 * m.precision * m.recall / (m.precision + m.recall)
                                          : 0.0;
        metrics.push_back(m);
    }
    return metrics;
}

double binaryF1(const ConfusionMatrix& matrix, int positiveClass) {
    if (positiveClass < 0 || positiveClass >= matrix.numClasses())
        throw Error(Error::Kind::Input, "The positive class " + std::to_string(positiveClass) +
                                            " is not one of the " +
                                            std::to_string(matrix.numClasses()) + " classes.");
    return perClassMetrics(matrix)[static_cast<size_t>(positiveClass)].f1;
}

double macroF1(const ConfusionMatrix& matrix) {
    double sum = 0;
    for (const ClassMetrics& m : perClassMetrics(matrix))
        sum += m.f1;
    return sum / matrix.numClasses();
}

double accuracy(const ConfusionMatrix& matrix) {
    const long long total = matrix.total();
    if (total == 0)
        return 0.0;
    long long correct = 0;
    for (int c = 0; c < matrix.numClasses(); ++c)
        correct += matrix.at(c, c);
    return double(correct) / double(total);
}

double rocAuc(const std::vector<double>& scores, const std::vector<bool>& isPositive) {
    if (scores.size() != isPositive.size())
        throw Error(Error::Kind::Input, "Cannot rank " + std::to_string(scores.size()) +
                                            " scores against " + std::to_string(isPositive.size()) +
                                            " labels; give one label per score.");
    // Mann-Whitney: the positives' rank sum, tied scores sharing their mean rank.
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    double positiveRanks = 0;
    long long positives = 0;
    for (size_t start = 0; start < order.size();) {
        size_t end = start;
        while (end < order.size() && scores[order[end]] == scores[order[start]])
            ++end;
        const double meanRank = (double(start) + double(end) + 1.0) / 2.0; // ranks are 1-based
        for (size_t i = start; i < end; ++i)
            if (isPositive[order[i]]) {
                positiveRanks += meanRank;
                ++positives;
            }
        start = end;
    }
    const long long negatives = static_cast<long long>(scores.size()) - positives;
    if (positives == 0 || negatives == 0)
        return 0.5;
    return (positiveRanks - double(positives) * double(positives + 1) / 2.0) /
           (double(positives) * double(negatives));
}

double macroRocAuc(const std::vector<std::vector<double>>& probabilities,
                   const std::vector<int>& truth, int numClasses) {
    if (probabilities.size() != truth.size())
        throw Error(Error::Kind::Input, "Cannot rank " + std::to_string(probabilities.size()) +
                                            " predictions against " + std::to_string(truth.size()) +
                                            " true labels.");
    double sum = 0;
    int present = 0;
    for (int c = 0; c < numClasses; ++c) {
        std::vector<double> scores;
        std::vector<bool> isClass;
        for (size_t i = 0; i < truth.size(); ++i) {
            if (probabilities[i].size() != static_cast<size_t>(numClasses))
                throw Error(Error::Kind::Input, "A row of class probabilities has " +
                                                    std::to_string(probabilities[i].size()) +
                                                    " entries; expected " +
                                                    std::to_string(numClasses) + ".");
            scores.push_back(probabilities[i][static_cast<size_t>(c)]);
            isClass.push_back(truth[i] == c);
        }
        if (std::find(truth.begin(), truth.end(), c) == truth.end())
            continue;
        sum += rocAuc(scores, isClass);
        ++present;
    }
    return present > 0 ? sum / present : 0.5;
}

} // namespace ig
