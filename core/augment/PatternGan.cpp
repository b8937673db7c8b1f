#include "augment/PatternGan.h"
#include "augment/PolicyOperations.h"

#include "augment/GanDiffAugment.h"
#include "augment/GanNetworks.h"
#include "augment/SeedMixing.h"
#include "util/ByteStream.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

namespace ig {

using augment_detail::mixSeed;

namespace {

constexpr int kMaxAutoSide = 64;
constexpr int kMinSide = 16;
constexpr int kMaxSide = 256;
constexpr int kSideStep = 8;
constexpr int kGenerateChunk = 16;
constexpr double kAdamBeta1 = 0.5;
constexpr double kAdamBeta2 = 0.999;

constexpr std::uint64_t kShuffleSalt = 0x73687566; // "shuf"
constexpr std::uint64_t kNoiseSalt = 0x6e6f6973;   // "nois"
constexpr std::uint64_t kSizeSalt = 0x73697a65;    // "size"
constexpr std::uint64_t kAugmentSalt = 0x64696661; // "difa"

constexpr char kMagic[5] = {'I', 'G', 'G', 'A', 'N'};
// Version 1 stored a square "side"; version 2 stores "height" and "width".
constexpr std::uint8_t kFormatVersion = 2;

Error usage(const std::string& message) {
    return Error(Error::Kind::Usage, message);
}

Error damagedGenerator(const std::string& detail) {
    return Error(Error::Kind::Project,
                 "The stored GAN generator cannot be read (" + detail + "); train the GAN again.");
}

double maxValueOf(int depth) {
    return depth == CV_16U ? 65535.0 : 255.0;
}

int hardwareThreads() {
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Sets LibTorch's intra-op thread count for a scope (per calling thread with the OpenMP
// backend) and restores the previous count.
class TorchThreadScope {
public:
    explicit TorchThreadScope(int threads) : previous_(at::get_num_threads()) {
        at::set_num_threads(threads > 0 ? threads : hardwareThreads());
    }
    ~TorchThreadScope() { at::set_num_threads(previous_); }
    TorchThreadScope(const TorchThreadScope&) = delete;
    TorchThreadScope& operator=(const TorchThreadScope&) = delete;

private:
    int previous_;
};

torch::Device chooseDevice() {
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

bool validFrameSide(int side) {
    return side >= kMinSide && side <= kMaxSide && side % kSideStep == 0;
}

int chooseSide(const std::vector<cv::Mat>& patterns, int requested) {
    if (requested != 0) {
        if (!validFrameSide(requested))
            throw usage("The GAN's training side must be 0 (automatic) or a multiple of 8 from " +
                        std::to_string(kMinSide) + " to " + std::to_string(kMaxSide) + ", not " +
                        std::to_string(requested) + ".");
        return requested;
    }
    double sum = 0;
    for (const cv::Mat& p : patterns)
        sum += std::sqrt(double(p.cols) * double(p.rows));
    const double mean = std::min<double>(kMaxAutoSide, sum / double(patterns.size()));
    return std::max(kMinSide, static_cast<int>(mean) / kSideStep * kSideStep);
}

// The nearest multiple of 8 within 16..256.
int frameSide(double length) {
    const long rounded = std::lround(length / kSideStep) * kSideStep;
    return static_cast<int>(std::clamp<long>(rounded, kMinSide, kMaxSide));
}

// side x side, or (keepAspect) the same area at the geometric mean of the patterns' aspects:
// the geometric mean treats a pattern twice as tall and one twice as wide alike.
cv::Size chooseFrame(const std::vector<cv::Mat>& patterns, const GanOptions& options) {
    const int side = chooseSide(patterns, options.side);
    if (!options.keepAspect)
        return {side, side};
    double logAspect = 0; // log(height / width)
    for (const cv::Mat& p : patterns)
        logAspect += std::log(double(p.rows) / double(p.cols));
    const double stretch = std::exp(0.5 * logAspect / double(patterns.size()));
    return {frameSide(side / stretch), frameSide(side * stretch)};
}

void validateOptions(const GanOptions& options) {
    if (options.epochs < 1)
        throw usage("The GAN needs at least 1 training epoch, not " +
                    std::to_string(options.epochs) + ".");
    if (options.noiseSize < 1 || options.noiseSize > 4096)
        throw usage("The GAN's noise size must be between 1 and 4096, not " +
                    std::to_string(options.noiseSize) + ".");
    if (!(options.learningRate > 0.0) || !std::isfinite(options.learningRate))
        throw usage("The GAN's learning rate must be a positive number, not " +
                    std::to_string(options.learningRate) + ".");
    if (options.channels < 1 || options.channels > 512)
        throw usage("The GAN's channel count must be between 1 and 512, not " +
                    std::to_string(options.channels) + ".");
    if (options.batchSize < 1)
        throw usage("The GAN's batch size must be at least 1, not " +
                    std::to_string(options.batchSize) + ".");
    if (options.threads < 0)
        throw usage("The GAN's thread count must be 0 (all cores) or more, not " +
                    std::to_string(options.threads) + ".");
}

// [N, 1, frame height, frame width] in [-1, 1].
torch::Tensor trainingTensor(const std::vector<cv::Mat>& patterns, cv::Size frame) {
    torch::Tensor data =
        torch::empty({static_cast<long>(patterns.size()), 1, frame.height, frame.width});
    for (size_t i = 0; i < patterns.size(); ++i) {
        const cv::Mat& p = patterns[i];
        cv::Mat grey = p;
        if (p.channels() == 3)
            cv::cvtColor(p, grey, cv::COLOR_BGR2GRAY);
        cv::Mat scaled;
        grey.convertTo(scaled, CV_32F, 2.0 / maxValueOf(p.depth()), -1.0);
        const bool shrinking = p.cols >= frame.width && p.rows >= frame.height;
        cv::Mat framed(frame, CV_32F, data[static_cast<long>(i)].data_ptr<float>());
        cv::resize(scaled, framed, frame, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        CV_Assert(framed.ptr<float>() == data[static_cast<long>(i)].data_ptr<float>());
    }
    return data;
}

// Every pattern as it is, mirrored left-right, top-bottom and both: a crack stays a crack.
torch::Tensor withFlips(const torch::Tensor& data) {
    return torch::cat({data, data.flip({3}), data.flip({2}), data.flip({2, 3})});
}

// The sample indices of one epoch, shuffled, cut into ceil(count / batchSize) batches of
// near-equal size (no tiny last batch, which would upset batch norm and the RaGAN means).
std::vector<std::vector<int64_t>> epochBatches(int64_t count, int batchSize, std::mt19937_64& rng) {
    std::vector<int64_t> order(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i)
        order[static_cast<size_t>(i)] = i;
    for (size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[static_cast<size_t>(rng() % i)]);
    const int64_t batches = (count + batchSize - 1) / batchSize;
    std::vector<std::vector<int64_t>> out;
    for (int64_t b = 0; b < batches; ++b)
        out.emplace_back(order.begin() + b * count / batches,
                         order.begin() + (b + 1) * count / batches);
    return out;
}

void setRequiresGrad(torch::nn::Module& module, bool on) {
    for (torch::Tensor& p : module.parameters())
        p.set_requires_grad(on);
}

// The generator's state in a fixed order: parameters, then buffers (batch-norm statistics).
std::vector<std::pair<std::string, torch::Tensor>> stateOf(gan::GeneratorImpl& generator) {
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const auto& item : generator.named_parameters())
        state.emplace_back(item.key(), item.value());
    for (const auto& item : generator.named_buffers())
        state.emplace_back(item.key(), item.value());
    return state;
}

} // namespace

struct PatternGan::Impl {
    gan::GanShape shape;
    int outputType = CV_8UC1;
    std::vector<cv::Size> sizes;
    int threads = 1; // GanOptions::threads; a loaded generator uses one thread
    int epochs = 0;
    std::uint64_t seed = 0;
    torch::Device device = torch::Device(torch::kCPU);
    gan::Generator generator{nullptr};
    std::mutex mutex;
};

PatternGan::PatternGan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatternGan::PatternGan(PatternGan&&) noexcept = default;
PatternGan& PatternGan::operator=(PatternGan&&) noexcept = default;
PatternGan::~PatternGan() = default;

cv::Size PatternGan::frame() const {
    return {impl_->shape.width, impl_->shape.height};
}
int PatternGan::noiseSize() const {
    return impl_->shape.noiseSize;
}
int PatternGan::outputType() const {
    return impl_->outputType;
}
const std::vector<cv::Size>& PatternGan::outputSizes() const {
    return impl_->sizes;
}

PatternGan PatternGan::train(const std::vector<cv::Mat>& patterns, const GanOptions& options,
                             Feedback& feedback, const GanLossCallback& onEpoch) {
    validateOptions(options);
    requireAugmentablePatterns(patterns, "the GAN", true);
    TorchThreadScope threads(options.threads);

    auto impl = std::make_unique<Impl>();
    const cv::Size frame = chooseFrame(patterns, options);
    impl->shape.height = frame.height;
    impl->shape.width = frame.width;
    impl->shape.noiseSize = options.noiseSize;
    impl->shape.channels = options.channels;
    impl->outputType = patterns.front().type();
    for (const cv::Mat& p : patterns)
        impl->sizes.push_back(p.size());
    impl->threads = options.threads;
    impl->epochs = options.epochs;
    impl->seed = options.seed;
    impl->device = chooseDevice();
    const torch::Device device = impl->device;

    // All randomness comes from our own generators, so concurrent trainings neither share nor
    // disturb LibTorch's global one.
    torch::Generator random = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    std::mt19937_64 shuffleRandom(mixSeed(options.seed, {kShuffleSalt}));
    gan::Generator generator(impl->shape, random);
    gan::Discriminator discriminator(impl->shape, random);
    generator->to(device);
    discriminator->to(device);
    generator->train();
    discriminator->train();
    const auto adam = [&](std::vector<torch::Tensor> parameters) {
        return torch::optim::Adam(
            std::move(parameters),
            torch::optim::AdamOptions(options.learningRate).betas({kAdamBeta1, kAdamBeta2}));
    };
    torch::optim::Adam generatorOptimizer = adam(generator->parameters());
    torch::optim::Adam discriminatorOptimizer = adam(discriminator->parameters());
    std::mt19937_64 augmentRandom(mixSeed(options.seed, {kAugmentSalt}));
    // What the discriminator sees: with DiffAugment, real and generated images augmented alike.
    const auto discriminate = [&](const torch::Tensor& images) {
        return discriminator->forward(
            options.diffAugment ? gan::diffAugmented(images, augmentRandom) : images);
    };

    const torch::Tensor data = withFlips(trainingTensor(patterns, frame)).to(device);
    // RaGAN: D(x_r) = sigmoid(C(x_r) - mean C(x_f)) should be 1 for real, D(x_f) 0 for fake;
    // the generator's loss is the same with the targets swapped.
    const auto relativisticLoss = [&](const torch::Tensor& logits, int64_t n, bool realIsReal) {
        const torch::Tensor real = logits.slice(0, 0, n);
        const torch::Tensor fake = logits.slice(0, n);
        const torch::Tensor ones = torch::ones({n}, device);
        const torch::Tensor zeros = torch::zeros({n}, device);
        return 0.5 * (torch::binary_cross_entropy_with_logits(real - fake.mean(),
                                                              realIsReal ? ones : zeros) +
                      torch::binary_cross_entropy_with_logits(fake - real.mean(),
                                                              realIsReal ? zeros : ones));
    };

    feedback.beginStage("GAN", options.epochs);
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        feedback.throwIfCanceled();
        double dSum = 0, gSum = 0;
        const auto batches = epochBatches(data.size(0), options.batchSize, shuffleRandom);
        for (const std::vector<int64_t>& batch : batches) {
            const int64_t n = static_cast<int64_t>(batch.size());
            const torch::Tensor real =
                data.index_select(0, torch::tensor(batch, torch::kLong).to(device));

            // One generator pass serves both updates (as PyTorch's DCGAN example): the
            // discriminator sees it detached, the generator's update then backpropagates
            // through the freshly updated discriminator.
            const torch::Tensor fake =
                generator->forward(torch::randn({n, options.noiseSize}, random).to(device));
            const torch::Tensor dLoss =
                relativisticLoss(discriminate(torch::cat({real, fake.detach()})), n, true);
            discriminatorOptimizer.zero_grad();
            dLoss.backward();
            discriminatorOptimizer.step();

            setRequiresGrad(*discriminator, false);
            const torch::Tensor gLoss =
                relativisticLoss(discriminate(torch::cat({real, fake})), n, false);
            generatorOptimizer.zero_grad();
            gLoss.backward();
            generatorOptimizer.step();
            setRequiresGrad(*discriminator, true);
            dSum += dLoss.item<double>();
            gSum += gLoss.item<double>();
        }
        const double d = dSum / double(batches.size());
        const double g = gSum / double(batches.size());
        if (!std::isfinite(d) || !std::isfinite(g))
            throw Error(Error::Kind::Internal,
                        "The GAN's training diverged at epoch " + std::to_string(epoch) +
                            " (a loss is not a finite number); train again with a lower learning "
                            "rate or another seed.");
        if (onEpoch)
            onEpoch(epoch, d, g);
        feedback.advance();
    }
    generator->eval();
    impl->generator = generator;
    return PatternGan(std::move(impl));
}

std::vector<cv::Mat> PatternGan::generate(int count, std::uint64_t seed) const {
    if (count < 0)
        throw usage("Cannot generate " + std::to_string(count) + " patterns; give 0 or more.");
    std::lock_guard<std::mutex> lock(impl_->mutex);
    TorchThreadScope threads(impl_->threads);
    torch::NoGradGuard noGrad;
    impl_->generator->eval();

    torch::Generator random = at::make_generator<at::CPUGeneratorImpl>(mixSeed(seed, {kNoiseSalt}));
    std::mt19937_64 sizeRandom(mixSeed(seed, {kSizeSalt}));
    const cv::Size frame(impl_->shape.width, impl_->shape.height);
    const double top = maxValueOf(CV_MAT_DEPTH(impl_->outputType));
    const int depthType = CV_MAKETYPE(CV_MAT_DEPTH(impl_->outputType), 1);
    std::vector<cv::Mat> out;
    out.reserve(static_cast<size_t>(count));
    // One noise row per pattern and always full chunks: generate(n) is then exactly the start
    // of generate(m > n) (LibTorch's randn and the convolutions may compute differently for
    // other sizes).
    for (int start = 0; start < count; start += kGenerateChunk) {
        const int k = std::min(kGenerateChunk, count - start);
        torch::Tensor noise = torch::zeros({kGenerateChunk, impl_->shape.noiseSize});
        for (int i = 0; i < k; ++i)
            noise[i].copy_(torch::randn({impl_->shape.noiseSize}, random));
        const torch::Tensor images =
            impl_->generator->forward(noise.to(impl_->device)).to(torch::kCPU).contiguous();
        for (int i = 0; i < k; ++i) {
            const cv::Mat framed(frame, CV_32F, images[i].data_ptr<float>());
            const cv::Size size =
                impl_->sizes[static_cast<size_t>(sizeRandom() % impl_->sizes.size())];
            cv::Mat resized, pattern;
            const bool shrinking = size.width <= frame.width && size.height <= frame.height;
            cv::resize(framed, resized, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
            resized.convertTo(pattern, depthType, top / 2.0, top / 2.0);
            if (CV_MAT_CN(impl_->outputType) == 3)
                cv::cvtColor(pattern, pattern, cv::COLOR_GRAY2BGR);
            out.push_back(pattern);
        }
    }
    return out;
}

std::vector<std::uint8_t> PatternGan::serializeGenerator() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    nlohmann::json sizes = nlohmann::json::array();
    for (const cv::Size& s : impl_->sizes)
        sizes.push_back({s.width, s.height});
    const nlohmann::json header = {{"model", "ragan-dcgan-generator"},
                                   {"height", impl_->shape.height},
                                   {"width", impl_->shape.width},
                                   {"noiseSize", impl_->shape.noiseSize},
                                   {"channels", impl_->shape.channels},
                                   {"outputType", impl_->outputType},
                                   {"sizes", sizes},
                                   {"epochs", impl_->epochs},
                                   {"seed", std::to_string(impl_->seed)}};
    const std::string text = header.dump();
    ByteWriter out;
    out.bytes(kMagic, sizeof kMagic);
    out.u8(kFormatVersion);
    out.u32(static_cast<std::uint32_t>(text.size()));
    out.bytes(text.data(), text.size());
    const auto state = stateOf(*impl_->generator);
    out.u32(static_cast<std::uint32_t>(state.size()));
    for (const auto& [name, tensor] : state) {
        out.u32(static_cast<std::uint32_t>(name.size()));
        out.bytes(name.data(), name.size());
        const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        const bool isFloat = t.scalar_type() == torch::kFloat;
        if (!isFloat && t.scalar_type() != torch::kLong)
            throw Error(Error::Kind::Internal, "The GAN generator holds a tensor of an unexpected "
                                               "type; it cannot be saved.");
        out.u8(isFloat ? 0 : 1);
        out.u64(static_cast<std::uint64_t>(t.numel()));
        // Both types are stored in the machine's little-endian layout (x86-64, arm64).
        out.bytes(t.data_ptr(), static_cast<size_t>(t.numel()) * t.element_size());
    }
    out.u64(fnv1a(out.data().data(), out.data().size()));
    return std::move(out.data());
}

PatternGan PatternGan::deserialize(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < sizeof kMagic + 1 + 4 + 8 ||
        std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw damagedGenerator("it is not an Inspector Gadget GAN generator");
    const size_t body = bytes.size() - 8;
    std::uint64_t stored = 0;
    for (int i = 0; i < 8; ++i)
        stored |= std::uint64_t(bytes[body + static_cast<size_t>(i)]) << (8 * i);
    if (stored != fnv1a(bytes.data(), body))
        throw damagedGenerator("its checksum does not match, so it is damaged");

    ByteReader in(bytes.data(), body, damagedGenerator);
    in.take(sizeof kMagic);
    const int version = in.u8();
    if (version != 1 && version != kFormatVersion)
        throw damagedGenerator("it has format version " + std::to_string(version) +
                               ", which this version of Inspector Gadget does not know");
    auto impl = std::make_unique<Impl>();
    try {
        const std::uint32_t length = in.u32();
        const auto* text = reinterpret_cast<const char*>(in.take(length));
        const nlohmann::json header = nlohmann::json::parse(text, text + length);
        if (version == 1) {
            impl->shape.height = impl->shape.width = header.at("side").get<int>();
        } else {
            impl->shape.height = header.at("height").get<int>();
            impl->shape.width = header.at("width").get<int>();
        }
        impl->shape.noiseSize = header.at("noiseSize").get<int>();
        impl->shape.channels = header.at("channels").get<int>();
        impl->outputType = header.at("outputType").get<int>();
        for (const auto& s : header.at("sizes"))
            impl->sizes.emplace_back(s.at(0).get<int>(), s.at(1).get<int>());
        impl->epochs = header.at("epochs").get<int>();
        impl->seed = std::stoull(header.at("seed").get<std::string>());
    } catch (const nlohmann::json::exception& e) {
        throw damagedGenerator(std::string("its header is malformed: ") + e.what());
    } catch (const std::logic_error& e) {
        throw damagedGenerator(std::string("its header is malformed: ") + e.what());
    }
    const int type = impl->outputType;
    if (!validFrameSide(impl->shape.height) || !validFrameSide(impl->shape.width) ||
        impl->shape.noiseSize < 1 || impl->shape.noiseSize > 4096 || impl->shape.channels < 1 ||
        impl->shape.channels > 512 || impl->sizes.empty() ||
        (type != CV_8UC1 && type != CV_8UC3 && type != CV_16UC1 && type != CV_16UC3))
        throw damagedGenerator("its header describes an impossible network");
    for (const cv::Size& s : impl->sizes)
        if (s.width < 1 || s.height < 1)
            throw damagedGenerator("it lists an empty output size");

    torch::Generator unused = at::make_generator<at::CPUGeneratorImpl>(0);
    impl->generator = gan::Generator(impl->shape, unused);
    auto state = stateOf(*impl->generator);
    if (in.u32() != state.size())
        throw damagedGenerator("it holds a different number of tensors than the network");
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : state) {
        const std::uint32_t nameLength = in.u32();
        const auto* stored = reinterpret_cast<const char*>(in.take(nameLength));
        if (std::string(stored, nameLength) != name)
            throw damagedGenerator("it holds tensor \"" + std::string(stored, nameLength) +
                                   "\" where \"" + name + "\" belongs");
        const bool isFloat = in.u8() == 0;
        const std::uint64_t numel = in.u64();
        if (isFloat != (tensor.scalar_type() == torch::kFloat) ||
            numel != static_cast<std::uint64_t>(tensor.numel()))
            throw damagedGenerator("tensor \"" + name + "\" has the wrong size or type");
        const size_t size = static_cast<size_t>(numel) * tensor.element_size();
        std::memcpy(tensor.data_ptr(), in.take(size), size);
    }
    if (in.remaining() != 0)
        throw damagedGenerator("it has extra bytes at the end");
    impl->device = chooseDevice();
    impl->generator->to(impl->device);
    impl->generator->eval();
    return PatternGan(std::move(impl));
}

double benchmarkGanEpochSeconds(const std::vector<cv::Mat>& patterns, const GanOptions& options,
                                int epochs) {
    if (epochs < 1)
        throw usage("The GAN benchmark needs at least 1 epoch, not " + std::to_string(epochs) +
                    ".");
    GanOptions timed = options;
    timed.epochs = epochs + 1;
    using Clock = std::chrono::steady_clock;
    Clock::time_point afterWarmUp;
    Clock::time_point end;
    SilentFeedback feedback;
    PatternGan::train(patterns, timed, feedback, [&](int epoch, double, double) {
        if (epoch == 1)
            afterWarmUp = Clock::now();
        end = Clock::now();
    });
    return std::chrono::duration<double>(end - afterWarmUp).count() / epochs;
}

} // namespace ig
