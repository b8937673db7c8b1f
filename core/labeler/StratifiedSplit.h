#pragma once

#include <cstdint>
#include <vector>

namespace ig {

struct Fold {
    std::vector<int> train; // row indices, ascending
    std::vector<int> test;  // row indices, ascending
};

// The fold count used when none is given: min(maxFolds, smallest class count), so every test
// fold holds at least one example of every class. Throws ig::Error (Kind::Input) when that is
// below 2 (a class with a single example cannot be cross-validated).
int autoFoldCount(const std::vector<int>& labels, int numClasses, int maxFolds = 5);

// Stratified k-fold: each class's rows are shuffled (seeded) and dealt round-robin over the k
// folds, continuing where the previous class stopped, so class proportions and fold sizes differ
// by at most one row. Every row is in exactly one test fold. Throws ig::Error (Kind::Input) when
// k < 2 or some class has fewer than k rows.
std::vector<Fold> stratifiedKFold(const std::vector<int>& labels, int numClasses, int k,
                                  std::uint64_t seed);

// A random subset of `size` rows with the class proportions of `labels` (largest-remainder
// rounding; every class present keeps at least one row when size allows). Different seeds give
// different subsets of the same size and class counts. Returns ascending indices.
// Throws ig::Error (Kind::Input) when size is not in [1, labels.size()].
std::vector<int> stratifiedSubset(const std::vector<int>& labels, int numClasses, int size,
                                  std::uint64_t seed);

} // namespace ig
