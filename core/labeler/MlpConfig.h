#pragma once

#include <string>
#include <vector>

namespace ig {

// How much each example counts in the training loss.
enum class ClassWeighting {
    None,     // every example weighs 1
    Balanced, // weight n / (numClasses * count of its class): rare classes count as much as common
};

// One MLP architecture with its training settings. Plain data.
struct MlpConfig {
    std::vector<int> hidden{16}; // widths of the hidden layers (ReLU), input to output order
    // L2 penalty on the weights (not the biases), scaled like scikit-learn's `alpha`:
    // loss = weighted mean cross-entropy + l2 / (2 n) * sum of squared weights.
    double l2 = 0.1;
    int maxIterations = 200; // L-BFGS iterations at most
    ClassWeighting classWeighting = ClassWeighting::Balanced;

    // Weights and biases of the network for this input and output size.
    long long parameterCount(int featureCount, int numClasses) const;
    // Short human-readable form, e.g. "hidden [16, 8], l2 0.1".
    std::string toString() const;
};

bool operator==(const MlpConfig& a, const MlpConfig& b);

std::string toString(ClassWeighting weighting);
// Throws ig::Error (Kind::Input) for an unknown name.
ClassWeighting classWeightingFromString(const std::string& name);

} // namespace ig
