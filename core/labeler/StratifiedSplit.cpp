#include "labeler/StratifiedSplit.h"

#include "labeler/LabeledData.h"
#include "labeler/SeededRandom.h"
#include "util/Error.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace ig {

namespace {

std::vector<std::vector<int>> rowsByClass(const std::vector<int>& labels, int numClasses) {
    std::vector<std::vector<int>> rows(static_cast<size_t>(numClasses));
    for (size_t i = 0; i < labels.size(); ++i) {
        const int label = labels[i];
        if (label < 0 || label >= numClasses)
            throw Error(Error::Kind::Input,
                        "Label " + std::to_string(label) + " of row " + std::to_string(i) +
                            " is not a class index in [0, " + std::to_string(numClasses) + ").");
        rows[static_cast<size_t>(label)].push_back(static_cast<int>(i));
    }
    return rows;
}

} // namespace

int autoFoldCount(const std::vector<int>& labels, int numClasses, int maxFolds) {
    const std::vector<int> counts = classCounts(labels, numClasses);
    const auto smallest = std::min_element(counts.begin(), counts.end());
    if (smallest == counts.end() || *smallest < 2)
        throw Error(Error::Kind::Input,
                    "Class " + std::to_string(smallest - counts.begin()) + " has " +
                        std::to_string(smallest == counts.end() ? 0 : *smallest) +
                        " labelled dev examples; cross-validation needs at least 2 of every "
                        "class, so label more dev images of that class.");
    return std::max(2, std::min(maxFolds, *smallest));
}

std::vector<Fold> stratifiedKFold(const std::vector<int>& labels, int numClasses, int k,
                                  std::uint64_t seed) {
    if (k < 2)
        throw Error(Error::Kind::Input,
                    "Cross-validation needs at least 2 folds, not " + std::to_string(k) + ".");
    std::vector<std::vector<int>> rows = rowsByClass(labels, numClasses);
    for (int c = 0; c < numClasses; ++c)
        if (static_cast<int>(rows[static_cast<size_t>(c)].size()) < k)
            throw Error(Error::Kind::Input,
                        "Class " + std::to_string(c) + " has " +
                            std::to_string(rows[static_cast<size_t>(c)].size()) +
                            " labelled examples, fewer than the " + std::to_string(k) +
                            " cross-validation folds; use fewer folds or label more examples.");

    SeededRandom random(seed);
    std::vector<Fold> folds(static_cast<size_t>(k));
    size_t next = 0; // continue the deal where the previous class stopped: even fold sizes
    for (std::vector<int>& classRows : rows) {
        random.shuffle(classRows);
        for (int row : classRows) {
            folds[next].test.push_back(row);
            next = (next + 1) % folds.size();
        }
    }
    for (Fold& fold : folds) {
        std::sort(fold.test.begin(), fold.test.end());
        std::vector<bool> inTest(labels.size(), false);
        for (int row : fold.test)
            inTest[static_cast<size_t>(row)] = true;
        for (size_t i = 0; i < labels.size(); ++i)
            if (!inTest[i])
                fold.train.push_back(static_cast<int>(i));
    }
    return folds;
}

std::vector<int> stratifiedSubset(const std::vector<int>& labels, int numClasses, int size,
                                  std::uint64_t seed) {
    const int n = static_cast<int>(labels.size());
    if (size < 1 || size > n)
        throw Error(Error::Kind::Input, "A stratified subset of " + std::to_string(size) +
                                            " rows cannot be drawn from " + std::to_string(n) +
                                            " rows; choose a size between 1 and " +
                                            std::to_string(n) + ".");
    std::vector<std::vector<int>> rows = rowsByClass(labels, numClasses);

    // Largest-remainder quotas: exact share rounded down, leftovers to the largest fractions.
    std::vector<int> quota(static_cast<size_t>(numClasses));
    std::vector<double> fraction(static_cast<size_t>(numClasses));
    int assigned = 0;
    for (size_t c = 0; c < rows.size(); ++c) {
        const double exact = double(size) * double(rows[c].size()) / double(n);
        quota[c] = static_cast<int>(exact);
        fraction[c] = exact - quota[c];
        assigned += quota[c];
    }
    std::vector<size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return fraction[a] > fraction[b]; });
    for (size_t i = 0; assigned < size; i = (i + 1) % order.size()) {
        const size_t c = order[i];
        if (quota[c] < static_cast<int>(rows[c].size())) {
            ++quota[c];
            ++assigned;
        }
    }
    // Keep every present class represented when the size allows: a rare class must not vanish.
    const int present = static_cast<int>(
        std::count_if(rows.begin(), rows.end(), [](const auto& r) { return !r.empty(); }));
    if (size >= present) {
        for (size_t c = 0; c < rows.size(); ++c) {
            if (rows[c].empty() || quota[c] > 0)
                continue;
            const auto donor = std::max_element(quota.begin(), quota.end());
            --*donor;
            ++quota[c];
        }
    }

    SeededRandom random(seed);
    std::vector<int> subset;
    for (size_t c = 0; c < rows.size(); ++c) {
        random.shuffle(rows[c]);
        subset.insert(subset.end(), rows[c].begin(), rows[c].begin() + quota[c]);
    }
    std::sort(subset.begin(), subset.end());
    return subset;
}

} // namespace ig
