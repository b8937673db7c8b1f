#pragma once

#include <string>
#include <vector>

namespace ig {

// A table of examples for the labeler: one feature row per image (the best pattern-match score
// of each pattern), one class index per row. Plain data; safe to share read-only between threads.
struct LabeledData {
    std::vector<std::vector<float>> features; // rows x featureCount, every row the same length
    std::vector<int> labels;                  // one per row, each in [0, numClasses)
    int numClasses = 2;
    // Optional display names of the classes (index = class). Empty means "0", "1", ...
    std::vector<std::string> classNames;

    int featureCount() const { return features.empty() ? 0 : static_cast<int>(features[0].size()); }
    int size() const { return static_cast<int>(labels.size()); }
};

// Throws ig::Error (Kind::Input) with a sentence saying what to fix when the table is unusable:
// no rows, ragged rows, non-finite values, labels out of range, fewer than two classes, or
// classNames of the wrong length.
void validateLabeledData(const LabeledData& data);

// Number of rows of each class, index = class.
std::vector<int> classCounts(const std::vector<int>& labels, int numClasses);

// The rows `indices` of `data`, in that order (same classes and names).
LabeledData subsetOf(const LabeledData& data, const std::vector<int>& indices);

// Class names to show: data.classNames or "0", "1", ... when none were given.
std::vector<std::string> classNamesOf(const LabeledData& data);

} // namespace ig
