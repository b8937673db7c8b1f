#include "labeler/MlpModel.h"

#include "labeler/SeededRandom.h"
#include "labeler/TorchThreads.h"
#include "util/ByteStream.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstring>

#if defined(__x86_64__) || defined(__SSE__)
#include <xmmintrin.h>
#define IG_HAVE_MXCSR 1
#endif

namespace ig {

namespace {

// Plateau rule: every kIterationsPerCheck iterations the objective must drop by more than
// kPlateauRelative of its value plus kPlateauAbsolute, or training stops.
constexpr int kIterationsPerCheck = 10;
constexpr double kPlateauRelative = 1e-4;
constexpr double kPlateauAbsolute = 1e-7;
// L-BFGS memory; 10 like SciPy's L-BFGS-B (torch's default 100 only adds work on tiny data).
constexpr int kHistorySize = 10;

constexpr char kMagic[5] = {'I', 'G', 'M', 'L', 'P'};
constexpr std::uint8_t kFormatVersion = 1;

Error inputError(const std::string& message) {
    return Error(Error::Kind::Input, message);
}

Error damagedModel(const std::string& detail) {
    return Error(Error::Kind::Project, "The stored labeler model cannot be read (" + detail +
                                           "); train the labeler again.");
}

void validateConfig(const MlpConfig& config) {
    for (int width : config.hidden)
        if (width < 1 || width > (1 << 20))
            throw inputError("Hidden layer width " + std::to_string(width) +
                             " is not usable; choose widths between 1 and 1048576.");
    if (!(config.l2 >= 0) || !std::isfinite(config.l2))
        throw inputError("The L2 penalty must be a finite number >= 0, not " +
                         std::to_string(config.l2) + ".");
    if (config.maxIterations < 1)
        throw inputError("The labeler needs at least 1 training iteration, not " +
                         std::to_string(config.maxIterations) + ".");
}

torch::Tensor rowsToTensor(const std::vector<std::vector<float>>& rows, int featureCount) {
    torch::Tensor x = torch::empty({static_cast<long>(rows.size()), featureCount});
    float* out = x.data_ptr<float>();
    for (size_t i = 0; i < rows.size(); ++i) {
        if (static_cast<int>(rows[i].size()) != featureCount)
            throw inputError("Feature row " + std::to_string(i) + " has " +
                             std::to_string(rows[i].size()) + " values but the labeler expects " +
                             std::to_string(featureCount) +
                             "; recompute the features with the patterns the labeler was "
                             "trained on.");
        for (float v : rows[i])
            if (!std::isfinite(v))
                throw inputError("Feature row " + std::to_string(i) +
                                 " holds a value that is not a finite number; recompute the "
                                 "features of that image.");
        std::memcpy(out + i * static_cast<size_t>(featureCount), rows[i].data(),
                    sizeof(float) * static_cast<size_t>(featureCount));
    }
    return x;
}

// Treats denormal floats as zero in the calling thread while alive. Weights and gradients that
// decay towards zero under the L2 penalty otherwise turn denormal and slow training of large
// networks by 2-3x; such tiny values never change a prediction.
class FlushDenormals {
public:
#ifdef IG_HAVE_MXCSR
    FlushDenormals() : saved_(_mm_getcsr()) {
        _mm_setcsr(saved_ | 0x8040u);
    } // FTZ | DAZ
    ~FlushDenormals() {
        _mm_setcsr(saved_);
    }

private:
    unsigned saved_;
#endif
};

} // namespace

struct MlpModel::Impl {
    MlpConfig config;
    int featureCount = 0;
    int numClasses = 0;
    std::vector<std::string> classNames;
    std::vector<float> mean;
    std::vector<float> stddev;
    // weight [out, in] and bias [out] of every layer, hidden layers first, then the output.
    std::vector<torch::Tensor> weights;
    std::vector<torch::Tensor> biases;
    int iterations = 0;
    int evaluations = 0; // objective + gradient evaluations (line search included)
    double finalObjective = 0;
    int trainingExamples = 0;
    std::uint64_t seed = 0;

    torch::Tensor standardise(const torch::Tensor& x) const {
        const auto m = torch::from_blob(const_cast<float*>(mean.data()), {featureCount});
        const auto s = torch::from_blob(const_cast<float*>(stddev.data()), {featureCount});
        return (x - m) / s;
    }

    torch::Tensor logits(const torch::Tensor& standardised) const {
        torch::Tensor h = standardised;
        for (size_t layer = 0; layer < weights.size(); ++layer) {
            h = torch::nn::functional::linear(h, weights[layer], biases[layer]);
            if (layer + 1 < weights.size())
                h = torch::relu(h);
        }
        return h;
    }

    nlohmann::json describe() const {
        return {{"model", "mlp"},
                {"activation", "relu"},
                {"output", "softmax"},
                {"solver", "lbfgs"},
                {"hidden", config.hidden},
                {"l2", config.l2},
                {"maxIterations", config.maxIterations},
                {"classWeighting", toString(config.classWeighting)},
                {"featureCount", featureCount},
                {"numClasses", numClasses},
                {"classes", classNames},
                {"inputStandardised", true},
                {"iterations", iterations},
                {"evaluations", evaluations},
                {"finalObjective", finalObjective},
                {"trainingExamples", trainingExamples},
                {"seed", seed}};
    }
};

MlpModel::MlpModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MlpModel::MlpModel(MlpModel&&) noexcept = default;
MlpModel& MlpModel::operator=(MlpModel&&) noexcept = default;
MlpModel::~MlpModel() = default;

MlpModel MlpModel::train(const LabeledData& data, const MlpConfig& config, std::uint64_t seed,
                         const Feedback* cancel) {
    validateLabeledData(data);
    validateConfig(config);
    torch::NoGradGuard noGradForSetup;
    const FlushDenormals flushDenormals;
    const ScopedTorchThreads oneThread(1);

    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->featureCount = data.featureCount();
    impl->numClasses = data.numClasses;
    impl->classNames = classNamesOf(data);
    impl->trainingExamples = data.size();
    impl->seed = seed;
    const int n = data.size();
    const int featureCount = impl->featureCount;

    // Standardisation statistics in double: population mean and standard deviation; a
    // (numerically) constant feature keeps scale 1, so it becomes ~0 instead of amplified noise.
    impl->mean.assign(static_cast<size_t>(featureCount), 0.f);
    impl->stddev.assign(static_cast<size_t>(featureCount), 1.f);
    for (int f = 0; f < featureCount; ++f) {
        double sum = 0, sumSq = 0;
        for (const auto& row : data.features)
            sum += row[static_cast<size_t>(f)];
        const double mean = sum / n;
        for (const auto& row : data.features) {
            const double d = row[static_cast<size_t>(f)] - mean;
            sumSq += d * d;
        }
        const double sd = std::sqrt(sumSq / n);
        impl->mean[static_cast<size_t>(f)] = static_cast<float>(mean);
        impl->stddev[static_cast<size_t>(f)] = sd > 1e-6 ? static_cast<float>(sd) : 1.f;
    }
    const torch::Tensor x = impl->standardise(rowsToTensor(data.features, featureCount));
    const torch::Tensor y =
        torch::tensor(std::vector<int64_t>(data.labels.begin(), data.labels.end()), torch::kLong);

    torch::Tensor classWeight;
    if (config.classWeighting == ClassWeighting::Balanced) {
        const std::vector<int> counts = classCounts(data.labels, data.numClasses);
        std::vector<float> w;
        for (int count : counts)
            w.push_back(count > 0 ? float(n) / float(data.numClasses * count) : 0.f);
        classWeight = torch::tensor(w);
    }

    // Glorot-uniform weights and biases (as scikit-learn's MLP), from our own seeded stream so
    // parallel trainings neither share nor disturb LibTorch's global generator.
    SeededRandom random(seed);
    int in = featureCount;
    std::vector<int> outs = config.hidden;
    outs.push_back(data.numClasses);
    std::vector<torch::Tensor> parameters;
    for (int out : outs) {
        const double limit = std::sqrt(6.0 / (in + out));
        torch::Tensor w = torch::empty({out, in});
        torch::Tensor b = torch::empty({out});
        for (torch::Tensor* t : {&w, &b}) {
            float* p = t->data_ptr<float>();
            for (int64_t i = 0; i < t->numel(); ++i)
                p[i] = static_cast<float>((2.0 * random.uniform() - 1.0) * limit);
        }
        w.set_requires_grad(true);
        b.set_requires_grad(true);
        impl->weights.push_back(w);
        impl->biases.push_back(b);
        parameters.push_back(w);
        parameters.push_back(b);
        in = out;
    }

    const double penaltyScale = config.l2 / (2.0 * n);
    auto objective = [&]() {
        torch::Tensor loss = torch::nn::functional::cross_entropy(
            impl->logits(x), y,
            torch::nn::functional::CrossEntropyFuncOptions().weight(classWeight));
        if (penaltyScale > 0) {
            torch::Tensor squares = torch::zeros({});
            for (const torch::Tensor& w : impl->weights)
                squares = squares + w.pow(2).sum();
            loss = loss + penaltyScale * squares;
        }
        return loss;
    };

    torch::optim::LBFGS optimizer(parameters, torch::optim::LBFGSOptions(1.0)
                                                  .max_iter(kIterationsPerCheck)
                                                  .history_size(kHistorySize)
                                                  .line_search_fn("strong_wolfe"));
    const std::string stateKey = c10::guts::to_string(parameters.front().unsafeGetTensorImpl());
    auto iterationsSoFar = [&]() -> int {
        auto it = optimizer.state().find(stateKey);
        if (it == optimizer.state().end())
            return 0;
        return static_cast<int>(static_cast<torch::optim::LBFGSParamState&>(*it->second).n_iter());
    };

    double previous;
    {
        torch::NoGradGuard noGrad;
        previous = objective().item<double>();
    }
    while (iterationsSoFar() < config.maxIterations) {
        if (cancel && cancel->isCanceled())
            throw CanceledError();
        const int before = iterationsSoFar();
        const int chunk = std::min(kIterationsPerCheck, config.maxIterations - before);
        static_cast<torch::optim::LBFGSOptions&>(optimizer.param_groups()[0].options())
            .max_iter(chunk)
            .max_eval(chunk * 5 / 4 + 1);
        std::vector<torch::Tensor> snapshot;
        for (const torch::Tensor& p : parameters)
            snapshot.push_back(p.detach().clone());
        optimizer.step([&]() {
            torch::AutoGradMode gradients(true); // step() itself runs without autograd
            optimizer.zero_grad();
            torch::Tensor loss = objective();
            loss.backward();
            ++impl->evaluations;
            return loss;
        });
        double current;
        {
            torch::NoGradGuard noGrad;
            current = objective().item<double>();
        }
        if (!std::isfinite(current)) { // diverged: keep the last good weights
            for (size_t i = 0; i < parameters.size(); ++i)
                parameters[i].detach().copy_(snapshot[i]);
            break;
        }
        const bool plateau =
            previous - current <= kPlateauRelative * std::abs(previous) + kPlateauAbsolute;
        previous = current;
        if (plateau || iterationsSoFar() == before)
            break;
    }
    impl->iterations = iterationsSoFar();
    impl->finalObjective = previous;
    for (size_t i = 0; i < impl->weights.size(); ++i) {
        impl->weights[i] = impl->weights[i].detach().set_requires_grad(false);
        impl->biases[i] = impl->biases[i].detach().set_requires_grad(false);
    }
    return MlpModel(std::move(impl));
}

std::vector<std::vector<double>>
MlpModel::predictProba(const std::vector<std::vector<float>>& rows) const {
    std::vector<std::vector<double>> result;
    if (rows.empty())
        return result;
    torch::NoGradGuard noGrad;
    const ScopedTorchThreads oneThread(1);
    const torch::Tensor x = impl_->standardise(rowsToTensor(rows, impl_->featureCount));
    const torch::Tensor probabilities =
        torch::softmax(impl_->logits(x).to(torch::kDouble), 1).contiguous();
    const double* p = probabilities.data_ptr<double>();
    const size_t classes = static_cast<size_t>(impl_->numClasses);
    result.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        result.emplace_back(p + i * classes, p + (i + 1) * classes);
    return result;
}

std::vector<int> MlpModel::predict(const std::vector<std::vector<float>>& rows) const {
    std::vector<int> labels;
    for (const auto& probabilities : predictProba(rows))
        labels.push_back(static_cast<int>(
            std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin()));
    return labels;
}

std::vector<std::uint8_t> MlpModel::serialize() const {
    ByteWriter out;
    out.bytes(kMagic, sizeof kMagic);
    out.u8(kFormatVersion);
    const std::string header = impl_->describe().dump();
    out.u32(static_cast<std::uint32_t>(header.size()));
    out.bytes(header.data(), header.size());
    for (float v : impl_->mean)
        out.f32(v);
    for (float v : impl_->stddev)
        out.f32(v);
    for (size_t layer = 0; layer < impl_->weights.size(); ++layer)
        for (const torch::Tensor& t : {impl_->weights[layer], impl_->biases[layer]}) {
            const torch::Tensor c = t.contiguous();
            const float* p = c.data_ptr<float>();
            for (int64_t i = 0; i < c.numel(); ++i)
                out.f32(p[i]);
        }
    out.u64(fnv1a(out.data().data(), out.data().size()));
    return std::move(out.data());
}

MlpModel MlpModel::deserialize(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < sizeof kMagic + 1 + 4 + 8 ||
        std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw damagedModel("it is not an Inspector Gadget MLP model");
    const size_t body = bytes.size() - 8;
    std::uint64_t stored = 0;
    for (int i = 0; i < 8; ++i)
        stored |= std::uint64_t(bytes[body + static_cast<size_t>(i)]) << (8 * i);
    if (stored != fnv1a(bytes.data(), body))
        throw damagedModel("its checksum does not match, so it is damaged");

    ByteReader in(bytes.data(), body, damagedModel);
    in.take(sizeof kMagic);
    const std::uint8_t version = in.u8();
    if (version != kFormatVersion)
        throw damagedModel("it has format version " + std::to_string(version) +
                           ", this program reads version " + std::to_string(kFormatVersion));
    const std::uint32_t headerSize = in.u32();
    const auto* headerBytes = reinterpret_cast<const char*>(in.take(headerSize));

    auto impl = std::make_unique<Impl>();
    try {
        const nlohmann::json header = nlohmann::json::parse(std::string(headerBytes, headerSize));
        impl->config.hidden = header.at("hidden").get<std::vector<int>>();
        impl->config.l2 = header.at("l2").get<double>();
        impl->config.maxIterations = header.at("maxIterations").get<int>();
        impl->config.classWeighting =
            classWeightingFromString(header.at("classWeighting").get<std::string>());
        impl->featureCount = header.at("featureCount").get<int>();
        impl->numClasses = header.at("numClasses").get<int>();
        impl->classNames = header.at("classes").get<std::vector<std::string>>();
        impl->iterations = header.at("iterations").get<int>();
        impl->evaluations = header.at("evaluations").get<int>();
        impl->finalObjective = header.at("finalObjective").get<double>();
        impl->trainingExamples = header.at("trainingExamples").get<int>();
        impl->seed = header.at("seed").get<std::uint64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw damagedModel(std::string("its description is malformed: ") + e.what());
    } catch (const Error&) {
        throw damagedModel("its class weighting is unknown");
    }
    if (impl->featureCount < 1 || impl->featureCount > (1 << 24) || impl->numClasses < 2 ||
        impl->numClasses > (1 << 16) || impl->config.hidden.size() > 64 ||
        static_cast<int>(impl->classNames.size()) != impl->numClasses)
        throw damagedModel("its sizes are inconsistent");
    for (int width : impl->config.hidden)
        if (width < 1 || width > (1 << 20))
            throw damagedModel("a hidden layer width is out of range");

    // Check the payload size before allocating anything it asks for.
    const unsigned long long expectedFloats =
        2ULL * static_cast<unsigned>(impl->featureCount) +
        static_cast<unsigned long long>(
            impl->config.parameterCount(impl->featureCount, impl->numClasses));
    if (expectedFloats * 4 != in.remaining())
        throw damagedModel("its weights do not match its architecture");
    for (std::vector<float>* v : {&impl->mean, &impl->stddev})
        for (int f = 0; f < impl->featureCount; ++f)
            v->push_back(in.f32());
    int inputs = impl->featureCount;
    std::vector<int> outs = impl->config.hidden;
    outs.push_back(impl->numClasses);
    for (int outputs : outs) {
        torch::Tensor w = torch::empty({outputs, inputs});
        torch::Tensor b = torch::empty({outputs});
        for (torch::Tensor* t : {&w, &b}) {
            float* p = t->data_ptr<float>();
            for (int64_t i = 0; i < t->numel(); ++i)
                p[i] = in.f32();
        }
        impl->weights.push_back(w);
        impl->biases.push_back(b);
        inputs = outputs;
    }
    return MlpModel(std::move(impl));
}

std::string MlpModel::describeJson() const {
    return impl_->describe().dump();
}

const MlpConfig& MlpModel::config() const {
    return impl_->config;
}
int MlpModel::featureCount() const {
    return impl_->featureCount;
}
int MlpModel::numClasses() const {
    return impl_->numClasses;
}
const std::vector<std::string>& MlpModel::classNames() const {
    return impl_->classNames;
}
int MlpModel::iterations() const {
    return impl_->iterations;
}
int MlpModel::evaluations() const {
    return impl_->evaluations;
}
double MlpModel::finalObjective() const {
    return impl_->finalObjective;
}
int MlpModel::trainingExamples() const {
    return impl_->trainingExamples;
}

} // namespace ig
