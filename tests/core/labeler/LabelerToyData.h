#pragma once

// Synthetic feature tables for the labeler tests and benchmark: Gaussian classes with a known
// Bayes rate, and pattern-score-like tables with the real class counts of the dev sets.
#include "labeler/LabeledData.h"

#include <cmath>
#include <cstdint>
#include <random>

namespace ig::toy {

// Normal variates from a fixed algorithm (Box-Muller), so the data are the same everywhere.
class Gaussian {
public:
    explicit Gaussian(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return (double(engine_() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
    double operator()(double mean = 0, double sd = 1) {
        const double u = uniform(), v = uniform();
        return mean + sd * std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    }

private:
    std::mt19937_64 engine_;
};

// `perClass` rows of each class; class c has mean centers[c] (other dims 0) and unit variance
// in `dims` dimensions.
inline LabeledData gaussianClasses(const std::vector<std::vector<double>>& centers, int perClass,
                                   int dims, double sd, std::uint64_t seed) {
    Gaussian g(seed);
    LabeledData data;
    data.numClasses = static_cast<int>(centers.size());
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < data.numClasses; ++c) {
            std::vector<float> row(static_cast<size_t>(dims));
            for (int d = 0; d < dims; ++d) {
                const double mean = d < static_cast<int>(centers[static_cast<size_t>(c)].size())
                                        ? centers[static_cast<size_t>(c)][static_cast<size_t>(d)]
                                        : 0.0;
                row[static_cast<size_t>(d)] = static_cast<float>(g(mean, sd));
            }
            data.features.push_back(row);
            data.labels.push_back(c);
        }
    return data;
}

// Pattern-match-like scores in [0, 1] for the given labels. Every row scores ~0.35 on every
// pattern. Patterns are dealt to the defect classes in turn; a row of a defect class scores ~0.7
// on one to three of its class's patterns and `ownShift` more on all of them (defects of one
// class look alike). With `class0IsGood` class 0 has no patterns (KSDD's good images) and 5% of
// its rows score high on one random pattern (false matches).
inline LabeledData patternScores(const std::vector<int>& labels, int numClasses, int patterns,
                                 bool class0IsGood, std::uint64_t seed, double ownShift = 0) {
    Gaussian g(seed);
    LabeledData data;
    data.numClasses = numClasses;
    data.labels = labels;
    const int first = class0IsGood ? 1 : 0;
    const int defectClasses = numClasses - first;
    auto clamp = [](double v) { return static_cast<float>(std::min(1.0, std::max(0.0, v))); };
    for (int label : labels) {
        std::vector<float> row;
        for (int p = 0; p < patterns; ++p)
            row.push_back(clamp(g(0.35, 0.08)));
        if (label >= first) {
            const int own = label - first; // patterns own, own + defectClasses, ...
            const int ownCount = (patterns - own + defectClasses - 1) / defectClasses;
            for (int p = own; p < patterns; p += defectClasses)
                row[static_cast<size_t>(p)] = clamp(row[static_cast<size_t>(p)] + ownShift);
            const int hits = 1 + static_cast<int>(g.uniform() * 3);
            for (int h = 0; h < hits && ownCount > 0; ++h) {
                const int p = own + defectClasses * static_cast<int>(g.uniform() * ownCount);
                row[static_cast<size_t>(p)] = clamp(g(0.7, 0.1));
            }
        } else if (g.uniform() < 0.05) {
            row[static_cast<size_t>(g.uniform() * patterns)] = clamp(g(0.65, 0.1));
        }
        data.features.push_back(row);
    }
    return data;
}

} // namespace ig::toy
