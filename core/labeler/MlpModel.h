#pragma once

#include "labeler/LabeledData.h"
#include "labeler/MlpConfig.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ig {

class Feedback;

// A trained multi-layer perceptron (LibTorch, hidden behind a pimpl): inputs standardised with the
// training mean and standard deviation, ReLU hidden layers, softmax output over numClasses
// (binary problems use two outputs). Trained full-batch with L-BFGS (strong Wolfe line search,
// history 10), Glorot-uniform initial weights. Early stopping is a plateau rule, so that the
// refit on the whole dev set needs no held-out rows: training stops after
// config.maxIterations, or earlier when 10 iterations lower the objective by less than 1e-4 of
// its value (+1e-7), or when L-BFGS has converged. The L2 penalty, chosen by cross-validation,
// is the regulariser.
//
// Threading: a const MlpModel may be used from several threads at once (predictProba runs
// without autograd and touches no shared state). train() may run concurrently in several
// threads: its random initialisation uses its own generator seeded by `seed`, never the global
// torch one. Both run LibTorch with one intra-op thread in the calling thread (restoring the
// caller's count after): two OpenMP threads made training 20x slower on a busy 2-core machine;
// run trainings side by side instead (tuneMlp does).
class MlpModel {
public:
    // Trains on all of `data`. Deterministic for a given seed and data.
    // `cancel` (optional) is polled between blocks of iterations; when canceled, throws
    // ig::CanceledError. Throws ig::Error (Kind::Input) on unusable data or config.
    static MlpModel train(const LabeledData& data, const MlpConfig& config, std::uint64_t seed,
                          const Feedback* cancel = nullptr);

    // One row per input row: the probability of every class (rows sum to 1).
    // Throws ig::Error (Kind::Input) when a row has the wrong length or a non-finite value.
    std::vector<std::vector<double>>
    predictProba(const std::vector<std::vector<float>>& rows) const;
    // The most probable class of each row (ties go to the lower class index).
    std::vector<int> predict(const std::vector<std::vector<float>>& rows) const;

    // Self-contained bytes (format "IGMLP", versioned, checksummed) for the labeler_models BLOB.
    std::vector<std::uint8_t> serialize() const;
    // Throws ig::Error (Kind::Project) when the bytes are not a model this version can read.
    static MlpModel deserialize(const std::vector<std::uint8_t>& bytes);

    // JSON object: architecture, l2, class weighting, classes, feature count, training facts.
    std::string describeJson() const;

    const MlpConfig& config() const;
    int featureCount() const;
    int numClasses() const;
    const std::vector<std::string>& classNames() const;
    int iterations() const;        // L-BFGS iterations actually run
    int evaluations() const;       // objective and gradient evaluations, line search included
    double finalObjective() const; // training loss + penalty at the end
    int trainingExamples() const;

    // A moved-from model may only be assigned to or destroyed.
    MlpModel(MlpModel&&) noexcept;
    MlpModel& operator=(MlpModel&&) noexcept;
    MlpModel(const MlpModel&) = delete;
    MlpModel& operator=(const MlpModel&) = delete;
    ~MlpModel();

private:
    struct Impl;
    explicit MlpModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace ig
