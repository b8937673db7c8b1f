#include "synth/SurfaceTexture.h"

#include "synth/SynthRandom.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace ig {
namespace {

// Stream numbers under the image seed; defects use others (see SurfaceGenerator.cpp).
constexpr std::uint64_t kTextureStream = 1;

cv::Mat whiteNoise(int rows, int cols, SynthRandom& random) {
    cv::Mat noise(rows, cols, CV_32FC1);
    for (int y = 0; y < rows; ++y) {
        auto* row = noise.ptr<float>(y);
        for (int x = 0; x < cols; ++x)
            row[x] = static_cast<float>(random.normal());
    }
    return noise;
}

// Scales a zero-mean field to the given standard deviation, whatever blur shrank it to.
void normaliseTo(cv::Mat& field, double deviation) {
    cv::Scalar mean, stddev;
    cv::meanStdDev(field, mean, stddev);
    if (stddev[0] > 1e-9)
        field.convertTo(field, CV_32FC1, deviation / stddev[0], -mean[0] * deviation / stddev[0]);
}

// Noise blurred with different widths along and across the grain (in image axes).
cv::Mat blurredNoise(cv::Size size, double sigmaX, double sigmaY, double deviation,
                     SynthRandom& random) {
    // Pad so the blur does not see the border reflection as structure.
    const int padX = static_cast<int>(std::ceil(3 * sigmaX)) + 1;
    const int padY = static_cast<int>(std::ceil(3 * sigmaY)) + 1;
    cv::Mat noise = whiteNoise(size.height + 2 * padY, size.width + 2 * padX, random);
    cv::GaussianBlur(noise, noise, cv::Size(0, 0), sigmaX, sigmaY, cv::BORDER_REFLECT);
    cv::Mat field = noise(cv::Rect(padX, padY, size.width, size.height)).clone();
    normaliseTo(field, deviation);
    return field;
}

// Smooth illumination: a tilted plane plus a coarse random field upsampled with cubic
// interpolation.
cv::Mat illumination(cv::Size size, SynthRandom& random) {
    cv::Mat light(size, CV_32FC1);
    const double angle = random.uniform(0, 6.283185307179586);
    const double slope = random.uniform(8, 22) / std::max(size.width, size.height);
    const double cx = size.width / 2.0, cy = size.height / 2.0;
    for (int y = 0; y < size.height; ++y) {
        auto* row = light.ptr<float>(y);
        for (int x = 0; x < size.width; ++x)
            row[x] = static_cast<float>(slope *
                                        ((x - cx) * std::cos(angle) + (y - cy) * std::sin(angle)));
    }
    constexpr int kCell = 96;
    const int gridCols = size.width / kCell + 3, gridRows = size.height / kCell + 3;
    cv::Mat grid = whiteNoise(gridRows, gridCols, random) * 5.0;
    cv::Mat coarse;
    cv::resize(grid, coarse, cv::Size(gridCols * kCell, gridRows * kCell), 0, 0, cv::INTER_CUBIC);
    light += coarse(cv::Rect(kCell, kCell, size.width, size.height));
    return light;
}

// Small dark pits, part of a normal surface (KolektorSDD shows many): far smaller and fainter
// than the spot defects, so that they make matching harder without being defects themselves.
void addPits(cv::Mat& surface, SynthRandom& random) {
    const int count = static_cast<int>(surface.total() / 2500);
    for (int i = 0; i < count; ++i) {
        const double px = random.uniform(0, surface.cols), py = random.uniform(0, surface.rows);
        const double radius = random.uniform(0.7, 1.6), depth = random.uniform(8, 22);
        const int reach = static_cast<int>(std::ceil(3 * radius));
        for (int y = std::max(0, int(py) - reach); y <= std::min(surface.rows - 1, int(py) + reach);
             ++y)
            for (int x = std::max(0, int(px) - reach);
                 x <= std::min(surface.cols - 1, int(px) + reach); ++x) {
                const double d2 = (x + 0.5 - px) * (x + 0.5 - px) + (y + 0.5 - py) * (y + 0.5 - py);
                surface.at<float>(y, x) -=
                    static_cast<float>(depth * std::exp(-d2 / (2 * radius * radius)));
            }
    }
}

// Bars along the grain, each a little brighter or darker, parted by dark insulating gaps with
// soft edges, the way a commutator looks under a line camera.
void addCommutatorBars(cv::Mat& surface, bool alongHeight, SynthRandom& random) {
    const int across = alongHeight ? surface.cols : surface.rows;
    std::vector<float> profile(static_cast<size_t>(across), 0.f);
    const double pitch = random.uniform(0.35, 0.6) * across + 40;
    double position = random.uniform(0.15, 0.85) * pitch; // first gap
    double barLevel = random.uniform(-6, 6);
    double barStart = 0;
    auto fillBar = [&](double from, double to, double level) {
        for (int i = std::max(0, int(from)); i < std::min(across, int(std::ceil(to))); ++i)
            profile[size_t(i)] += static_cast<float>(level);
    };
    while (barStart < across) {
        const double gapCentre = position;
        fillBar(barStart, std::min<double>(across, gapCentre), barLevel);
        if (gapCentre >= across)
            break;
        const double halfGap = random.uniform(1.5, 3.0), depth = random.uniform(25, 40);
        for (int i = std::max(0, int(gapCentre - 12)); i < std::min(across, int(gapCentre + 12));
             ++i) {
            const double d = std::abs(i + 0.5 - gapCentre);
            const double edge = 1.0 / (1.0 + std::exp((d - halfGap) / 0.6)); // soft step
            const double bevel = 8.0 * std::exp(-(d - halfGap - 2.5) * (d - halfGap - 2.5) / 3.0);
            profile[size_t(i)] += static_cast<float>(-depth * edge + bevel);
        }
        barStart = gapCentre;
        barLevel = random.uniform(-6, 6);
        position += pitch * random.uniform(0.9, 1.1);
    }
    for (int y = 0; y < surface.rows; ++y) {
        auto* row = surface.ptr<float>(y);
        for (int x = 0; x < surface.cols; ++x)
            row[x] += profile[size_t(alongHeight ? x : y)];
    }
}

} // namespace

cv::Mat renderSurfaceTexture(const SurfaceOptions& options) {
    SynthRandom random(mixSeed(options.seed, kTextureStream));
    const cv::Size size(options.width, options.height);
    const bool alongHeight = options.grain == GrainDirection::AlongHeight;
    const double base = random.uniform(120, 150);

    cv::Mat surface(size, CV_32FC1, cv::Scalar(base));
    surface += illumination(size, random);
    // Brushing streaks: long along the grain, about a pixel across.
    const double along = random.uniform(10, 18), acrossSigma = random.uniform(0.6, 1.0);
    surface += alongHeight ? blurredNoise(size, acrossSigma, along, random.uniform(3, 5), random)
                           : blurredNoise(size, along, acrossSigma, random.uniform(3, 5), random);
    // Mottling a few pixels wide, slightly stretched along the grain, and the fine grain.
    const double mottle = random.uniform(1.6, 2.4);
    surface += alongHeight ? blurredNoise(size, mottle, 1.6 * mottle, random.uniform(4, 6), random)
                           : blurredNoise(size, 1.6 * mottle, mottle, random.uniform(4, 6), random);
    surface += blurredNoise(size, 0.6, 0.6, random.uniform(3, 4), random);
    addPits(surface, random);
    if (options.commutatorBars)
        addCommutatorBars(surface, alongHeight, random);
    return surface;
}

} // namespace ig
