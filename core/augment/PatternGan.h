#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace ig {

class Feedback;

struct GanOptions {
    // One epoch = one pass over the training set: every pattern in its four flips (as it is,
    // mirrored left-right, top-bottom, both), shuffled and cut into batches of about
    // `batchSize`; each batch makes one discriminator and one generator update. For the 10
    // KolektorSDD patterns that is 40 samples, 4 updates of each network per epoch.
    int epochs = 1000;
    int batchSize = 10;
    int noiseSize = 100;
    // Adam for both networks with betas (0.5, 0.999), the DCGAN setting.
    double learningRate = 1e-4;
    std::uint64_t seed = 0;
    // Square training side; 0 = automatic: the mean over patterns of sqrt(width * height),
    // capped at 64 and rounded down to a multiple of 8 (the generator doubles s/8 three times),
    // at least 16. An explicit side must be a multiple of 8 in 16..256. (The cap is 64, not the
    // paper's 100: at 96 px the default training's time budget gave only blurry blobs.)
    int side = 0;
    // false: train on side x side squares, as the paper. true: train on a frame of about the
    // same area (side^2) with the patterns' typical aspect ratio (the geometric mean of their
    // height / width), each side rounded to a multiple of 8 in 16..256. Long thin cracks then
    // keep their shape instead of being squeezed into a square and stretched back up to 7x
    // (KolektorSDD: 152 x 24 instead of 64 x 64).
    bool keepAspect = false;
    // DiffAugment (Zhao et al. 2020): the discriminator sees real and generated images under the
    // same random brightness, contrast, shift and cutout, so with few patterns it cannot just
    // memorise them. Not in the paper.
    //
    // Both stay off by default because they did not hold up across dev splits. KolektorSDD,
    // `gadget bench-augment P --splits 3 --modes gan both --gan-frame aspect --gan-diffaugment
    // on` (seed 1, 300 new patterns), against the square without DiffAugment: GAN alone 0.613
    // (0.603) on the paper split, 0.587 +- 0.180, min 0.379 (0.618 +- 0.060, min 0.581) on 3
    // random splits; both 0.708 (0.687) on the paper split but 0.669 +- 0.106, min 0.590
    // (0.685 +- 0.055, min 0.623) on the random ones. On the paper split alone, the frame gave
    // 0.676 and DiffAugment 0.656 for both. NEU-DET, both: 0.966 (0.969).
    bool diffAugment = false;
    // Width of the outermost layers (the inner ones have 2x and 4x); sets speed and capacity.
    int channels = 16;
    // LibTorch intra-op threads while training/generating; 0 = all hardware threads. 1 by
    // default: these networks are too small to gain much from more, and on a busy machine
    // OpenMP threads that wait for each other made an epoch several times slower (measured).
    // Results are bit-identical on the CPU for the same seed and thread count.
    int threads = 1;
};

// Called after every epoch with the epoch number (1-based) and the two losses.
using GanLossCallback =
    std::function<void(int epoch, double discriminatorLoss, double generatorLoss)>;

// A relativistic average GAN (RaGAN, Jolicoeur-Martineau 2018) with a spectrally normalised
// DCGAN-like discriminator, trained on the patterns to generate new ones (the Inspector Gadget
// paper's GAN augmentation).
//
// Training data: every pattern turned grey (colour by OpenCV's BGR->grey weights), scaled to
// [-1, 1] (from 0..255 or 0..65535), resized to the training frame (a square, or one frame of
// the patterns' typical aspect: GanOptions::keepAspect; a pattern of another aspect is squeezed
// into it and generate() stretches the output back), plus its three flipped copies (see
// GanOptions::epochs).
// generate() returns patterns of the first training pattern's type (grey copied into all
// channels for colour) at a size drawn at random from the training patterns' sizes.
// Runs on CUDA when LibTorch sees a GPU, else on the CPU.
//
// Cost (measured with tests/core/augment/gan_benchmark on the 2-core development machine while
// other builds ran): the default training on the 10 KolektorSDD patterns (side 64, 4 updates per
// epoch, 4000 in all) took 162-228 s on one thread; 0.12-0.29 s per epoch depending on load.
//
// Threading: one object may be shared between threads; generate() and serializeGenerator()
// are serialised by an internal mutex.
class PatternGan {
public:
    // Trains from scratch. Reports the stage "GAN" with one step per epoch and checks for cancel
    // between epochs (throws ig::CanceledError); `onEpoch` (optional) gets the losses, e.g. for a
    // live plot. Throws ig::Error for bad options or patterns, or if the losses diverge.
    static PatternGan train(const std::vector<cv::Mat>& patterns, const GanOptions& options,
                            Feedback& feedback, const GanLossCallback& onEpoch = {});

    // `count` new patterns; the same seed gives the same patterns.
    std::vector<cv::Mat> generate(int count, std::uint64_t seed) const;

    // The generator's weights and everything generate() needs (side, noise size, output type and
    // sizes), as a self-checking byte string for the project file.
    std::vector<std::uint8_t> serializeGenerator() const;
    // Throws ig::Error (Project) when the bytes are not an intact serializeGenerator() result.
    static PatternGan deserialize(const std::vector<std::uint8_t>& bytes);

    // The training frame: width x height of the images the generator makes.
    cv::Size frame() const;
    int noiseSize() const;
    int outputType() const;
    const std::vector<cv::Size>& outputSizes() const;

    PatternGan(PatternGan&&) noexcept;
    PatternGan& operator=(PatternGan&&) noexcept;
    ~PatternGan();

private:
    struct Impl;
    explicit PatternGan(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Mean wall-clock seconds per training epoch over `epochs` epochs (after one warm-up epoch that
// is not counted), with `options` as given (its epochs field is ignored). For a `bench` command.
double benchmarkGanEpochSeconds(const std::vector<cv::Mat>& patterns, const GanOptions& options,
                                int epochs);

} // namespace ig
