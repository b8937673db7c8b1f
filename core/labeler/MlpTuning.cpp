#include "labeler/MlpTuning.h"

#include "labeler/Metrics.h"
#include "labeler/MlpModel.h"
#include "labeler/SeededRandom.h"
#include "labeler/StratifiedSplit.h"
#include "labeler/TorchThreads.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

namespace ig {

namespace {

constexpr int kMinWidthExponent = 2; // widths start at 4

Error usage(const std::string& message) {
    return Error(Error::Kind::Usage, message);
}

void validateOptions(const TuningOptions& options, const LabeledData& data) {
    if (options.l2Values.empty())
        throw usage("The labeler search needs at least one L2 value to try.");
    for (double l2 : options.l2Values)
        if (!(l2 >= 0) || !std::isfinite(l2))
            throw usage("Every L2 value of the labeler search must be a finite number >= 0.");
    if (options.maxLayers < 1 || options.maxLayers > 8)
        throw usage("The labeler search can try 1 to 8 hidden layers, not " +
                    std::to_string(options.maxLayers) + ".");
    if (options.maxWidthCount < 1 || options.maxWidth < 0)
        throw usage("The labeler search needs at least one hidden layer width to try.");
    if (options.folds < 0 || options.folds == 1 || options.maxFolds < 2)
        throw usage("Cross-validation needs at least 2 folds (or 0 for automatic).");
    if (options.threads < 0)
        throw usage("The number of labeler threads must be 0 (all cores) or more.");
    if (data.numClasses == 2 && (options.positiveClass < 0 || options.positiveClass > 1))
        throw usage("The positive class of a binary labeler must be 0 or 1, not " +
                    std::to_string(options.positiveClass) + ".");
}

// Pooled out-of-fold score and log-loss of one candidate.
CandidateResult scoreCandidate(const MlpConfig& config,
                               const std::vector<std::vector<double>>& probabilities,
                               const LabeledData& data, int positiveClass, bool tuneThreshold) {
    CandidateResult result;
    result.config = config;
    ConfusionMatrix matrix(data.numClasses);
    double logLoss = 0;
    for (size_t i = 0; i < probabilities.size(); ++i) {
        const std::vector<double>& p = probabilities[i];
        const int predicted = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
        const int truth = data.labels[i];
        matrix.add(truth, predicted);
        logLoss -= std::log(std::max(p[static_cast<size_t>(truth)], 1e-15));
    }
    result.logLoss = logLoss / static_cast<double>(probabilities.size());
    result.score = data.numClasses == 2 ? binaryF1(matrix, positiveClass) : macroF1(matrix);
    if (data.numClasses == 2 && tuneThreshold) {
        // Every distinct out-of-fold probability is a threshold worth trying.
        std::vector<double> thresholds;
        for (const auto& p : probabilities)
            thresholds.push_back(p[static_cast<size_t>(positiveClass)]);
        std::sort(thresholds.begin(), thresholds.end());
        for (double t : thresholds) {
            ConfusionMatrix m(2);
            for (size_t i = 0; i < probabilities.size(); ++i)
                m.add(data.labels[i], probabilities[i][static_cast<size_t>(positiveClass)] >= t
                                          ? positiveClass
                                          : 1 - positiveClass);
            const double f1 = binaryF1(m, positiveClass);
            if (f1 > result.score + 1e-12) {
                result.score = f1;
                result.threshold = t;
            }
        }
    }
    return result;
}

} // namespace

bool ranksAbove(const CandidateResult& a, const CandidateResult& b, int featureCount,
                int numClasses) {
    if (std::abs(a.score - b.score) > 1e-12)
        return a.score > b.score;
    if (std::abs(a.logLoss - b.logLoss) > 1e-12)
        return a.logLoss < b.logLoss;
    return a.config.parameterCount(featureCount, numClasses) <
           b.config.parameterCount(featureCount, numClasses);
}

std::vector<int> candidateWidths(int featureCount, int maxWidthCount, int maxWidth) {
    int top = kMinWidthExponent;
    while (top < 30 && (1LL << top) <= featureCount) // first power of two above the count
        ++top;
    while (maxWidth > 0 && top > kMinWidthExponent && (1LL << top) > maxWidth)
        --top;
    std::vector<int> exponents;
    for (int e = kMinWidthExponent; e <= top; ++e)
        exponents.push_back(e);
    const int m = static_cast<int>(exponents.size());
    if (maxWidthCount >= 1 && m > maxWidthCount) {
        std::vector<int> kept;
        if (maxWidthCount == 1) {
            kept.push_back(exponents[static_cast<size_t>(m / 2)]);
        } else {
            for (int i = 0; i < maxWidthCount; ++i)
                kept.push_back(exponents[static_cast<size_t>(
                    std::lround(double(i) * (m - 1) / (maxWidthCount - 1)))]);
        }
        exponents = kept;
    }
    std::vector<int> widths;
    for (int e : exponents)
        widths.push_back(1 << e);
    return widths;
}

std::vector<MlpConfig> candidateConfigs(int featureCount, const TuningOptions& options) {
    const std::vector<int> widths =
        candidateWidths(featureCount, options.maxWidthCount, options.maxWidth);
    std::vector<std::vector<int>> architectures;
    for (int depth = 1; depth <= options.maxLayers; ++depth) {
        const bool constant = depth == 1 || options.shapes != LayerShapes::Halving;
        const bool halving = depth > 1 && options.shapes != LayerShapes::Constant;
        if (constant)
            for (int w : widths)
                architectures.push_back(std::vector<int>(static_cast<size_t>(depth), w));
        if (halving)
            for (int w : widths) {
                if ((w >> (depth - 1)) < (1 << kMinWidthExponent))
                    continue;
                std::vector<int> layers;
                for (int i = 0; i < depth; ++i)
                    layers.push_back(w >> i);
                architectures.push_back(layers);
            }
    }
    std::vector<MlpConfig> configs;
    for (const std::vector<int>& hidden : architectures)
        for (double l2 : options.l2Values) {
            MlpConfig config;
            config.hidden = hidden;
            config.l2 = l2;
            config.maxIterations = options.maxIterations;
            config.classWeighting = options.classWeighting;
            configs.push_back(config);
        }
    return configs;
}

TuningResult tuneMlp(const LabeledData& data, const TuningOptions& options, Feedback& feedback) {
    const auto start = std::chrono::steady_clock::now();
    validateLabeledData(data);
    validateOptions(options, data);

    const int k = options.folds > 0 ? options.folds
                                    : autoFoldCount(data.labels, data.numClasses, options.maxFolds);
    const std::vector<Fold> folds =
        stratifiedKFold(data.labels, data.numClasses, k, SeededRandom::mix(options.seed, 0xF01D));
    std::vector<LabeledData> trainSets;
    std::vector<std::vector<std::vector<float>>> testRows;
    for (const Fold& fold : folds) {
        trainSets.push_back(subsetOf(data, fold.train));
        testRows.push_back(subsetOf(data, fold.test).features);
    }

    const std::vector<MlpConfig> candidates = candidateConfigs(data.featureCount(), options);
    struct Job {
        size_t candidate;
        size_t fold;
        long long cost;
    };
    std::vector<Job> jobs;
    for (size_t c = 0; c < candidates.size(); ++c)
        for (size_t f = 0; f < folds.size(); ++f)
            jobs.push_back({c, f,
                            candidates[c].parameterCount(data.featureCount(), data.numClasses) *
                                static_cast<long long>(folds[f].train.size())});
    // Longest jobs first, so the last ones to finish are short and no worker idles long.
    std::stable_sort(jobs.begin(), jobs.end(),
                     [](const Job& a, const Job& b) { return a.cost > b.cost; });

    // Out-of-fold probabilities: [candidate][row][class]; each job writes its own rows only.
    std::vector<std::vector<std::vector<double>>> outOfFold(
        candidates.size(), std::vector<std::vector<double>>(data.labels.size()));
    std::vector<std::atomic<int>> foldsLeft(candidates.size());
    for (auto& left : foldsLeft)
        left.store(static_cast<int>(folds.size()));

    feedback.beginStage("Tuning the labeler", static_cast<long long>(candidates.size()));
    const int hardware = std::max(1u, std::thread::hardware_concurrency());
    const int workerCount = std::max(1, std::min(options.threads > 0 ? options.threads : hardware,
                                                 static_cast<int>(jobs.size())));
    const int callerTorchThreads = torchThreads();
    std::atomic<size_t> nextJob{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;

    auto work = [&]() {
        // One LibTorch thread per worker (see ScopedTorchThreads); set once here so that
        // MlpModel's own guard has nothing to change per training.
        setTorchThreads(1);
        while (!stop.load() && !feedback.isCanceled()) {
            const size_t j = nextJob.fetch_add(1);
            if (j >= jobs.size())
                break;
            const Job& job = jobs[j];
            try {
                const MlpModel model =
                    MlpModel::train(trainSets[job.fold], candidates[job.candidate],
                                    SeededRandom::mix(options.seed, job.fold), &feedback);
                std::vector<std::vector<double>> probabilities =
                    model.predictProba(testRows[job.fold]);
                const std::vector<int>& rows = folds[job.fold].test;
                for (size_t r = 0; r < rows.size(); ++r)
                    outOfFold[job.candidate][static_cast<size_t>(rows[r])] =
                        std::move(probabilities[r]);
                if (foldsLeft[job.candidate].fetch_sub(1) == 1)
                    feedback.advance(1);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                stop.store(true);
            }
        }
    };
    std::vector<std::thread> workers;
    try {
        for (int i = 0; i < workerCount; ++i)
            workers.emplace_back(work);
    } catch (const std::system_error&) {
        if (workers.empty()) // no thread at all: give up; otherwise fewer workers do it all
            throw Error(Error::Kind::Internal, "The labeler could not start a worker thread; "
                                               "close other programs and try again.");
    }
    for (std::thread& worker : workers)
        worker.join();
    setTorchThreads(callerTorchThreads); // the workers changed LibTorch's default count
    if (failure)
        std::rethrow_exception(failure);
    feedback.throwIfCanceled();

    TuningResult result;
    result.folds = k;
    for (size_t c = 0; c < candidates.size(); ++c)
        result.tried.push_back(scoreCandidate(candidates[c], outOfFold[c], data,
                                              options.positiveClass, options.tuneThreshold));
    const CandidateResult* best = &result.tried.front();
    for (const CandidateResult& candidate : result.tried)
        if (ranksAbove(candidate, *best, data.featureCount(), data.numClasses))
            best = &candidate;
    result.best = best->config;
    result.cvScore = best->score;
    result.threshold = best->threshold;
    result.positiveClass = options.positiveClass;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::ostringstream summary;
    summary << "Labeler search: " << candidates.size() << " candidates, " << k
            << "-fold cross-validation, best " << result.best.toString() << " with "
            << (data.numClasses == 2 ? "F1 " : "macro F1 ") << result.cvScore << ".";
    feedback.message(summary.str());
    return result;
}

} // namespace ig
