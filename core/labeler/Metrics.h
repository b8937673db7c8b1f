#pragma once

#include <vector>

namespace ig {

// Counts of (true class, predicted class) pairs. Plain data.
class ConfusionMatrix {
public:
    explicit ConfusionMatrix(int numClasses);
    // Throws ig::Error (Kind::Input) when the vectors differ in length or a class is out of range.
    static ConfusionMatrix from(const std::vector<int>& truth, const std::vector<int>& predicted,
                                int numClasses);

    void add(int truth, int predicted, long long count = 1);
    long long at(int truth, int predicted) const;
    int numClasses() const { return numClasses_; }
    long long total() const;
    long long truthCount(int cls) const;     // row sum: support
    long long predictedCount(int cls) const; // column sum

private:
    int numClasses_;
    std::vector<long long> counts_; // row-major, row = truth
};

struct ClassMetrics {
    double precision = 0; // 0 when the class was never predicted
    double recall = 0;    // 0 when the class never occurs
    double f1 = 0;        // 0 when precision + recall is 0
    long long support = 0;
};

// Precision, recall and F1 of every class, index = class.
std::vector<ClassMetrics> perClassMetrics(const ConfusionMatrix& matrix);
// F1 of `positiveClass` (one-vs-rest).
double binaryF1(const ConfusionMatrix& matrix, int positiveClass);
// Unweighted mean of the per-class F1 over all numClasses classes.
double macroF1(const ConfusionMatrix& matrix);
double accuracy(const ConfusionMatrix& matrix);

// Area under the ROC curve of `scores` for telling the rows with isPositive[i] from the others:
// the chance that a random positive row scores above a random negative one, ties counting half.
// Continuous where F1 on a few positives takes only a handful of values. 0.5 when either group is
// empty. Throws ig::Error (Kind::Input) when the vectors differ in length.
double rocAuc(const std::vector<double>& scores, const std::vector<bool>& isPositive);
// Unweighted mean over the classes present in `truth` of the one-vs-rest ROC AUC of that class's
// probability (probabilities[row][class]); for two classes whose probabilities sum to 1, both
// terms are the same binary AUC. Throws ig::Error (Kind::Input) for rows of another length.
double macroRocAuc(const std::vector<std::vector<double>>& probabilities,
                   const std::vector<int>& truth, int numClasses);

} // namespace ig
