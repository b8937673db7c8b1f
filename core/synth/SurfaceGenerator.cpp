#include "synth/SurfaceGenerator.h"

#include "synth/DefectPainter.h"
#include "synth/SurfaceTexture.h"
#include "synth/SynthRandom.h"
#include "util/Error.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace ig {
namespace {

// Random streams under the image seed (the texture uses stream 1): whether and which defects,
// and where and how they are drawn.
constexpr std::uint64_t kDecisionStream = 2;
constexpr std::uint64_t kDefectStream = 3;

} // namespace

void checkSurfaceOptions(const SurfaceOptions& options) {
    auto usage = [](const std::string& text) { throw Error(Error::Kind::Usage, text); };
    if (options.width < 16 || options.height < 16 || options.width > 20000 ||
        options.height > 20000)
        usage("A synthetic surface must be 16 to 20000 pixels wide and high, not " +
              std::to_string(options.width) + " x " + std::to_string(options.height) + ".");
    if (!(options.defectProbability >= 0 && options.defectProbability <= 1))
        usage("The defect probability must be between 0 and 1.");
    if (options.defectProbability > 0 && options.defectTypes.empty())
        usage("Choose at least one defect type (scratch, crack or spot), or set the defect "
              "probability to 0.");
    const auto known = synthDefectTypes();
    for (const auto& type : options.defectTypes)
        if (std::find(known.begin(), known.end(), type) == known.end())
            usage("Unknown synthetic defect type '" + type + "'; use scratch, crack or spot.");
    if (options.maxDefectsPerImage < 1 || options.maxDefectsPerImage > 20)
        usage("The number of defects per image must be between 1 and 20.");
    if (options.bitDepth != 8 && options.bitDepth != 16)
        usage("Synthetic surfaces are 8-bit or 16-bit; choose one of the two.");
    if (!(options.defectContrast > 0 && options.defectContrast <= 10))
        usage("The defect contrast must be above 0 and at most 10 (1 is normal).");
}

SynthImage generateSurface(const SurfaceOptions& options) {
    checkSurfaceOptions(options);
    cv::Mat surface = renderSurfaceTexture(options);

    SynthImage result;
    SynthRandom decision(mixSeed(options.seed, kDecisionStream));
    SynthRandom drawing(mixSeed(options.seed, kDefectStream));
    if (decision.chance(options.defectProbability)) {
        int count = 1; // one defect is the most likely, more become rarer
        while (count < options.maxDefectsPerImage && decision.chance(0.25))
            ++count;
        std::vector<cv::Rect> occupied;
        for (int i = 0; i < count; ++i) {
            const auto& type = options.defectTypes[size_t(
                decision.uniformInt(0, int(options.defectTypes.size()) - 1))];
            PaintedDefect painted = paintDefect(type, surface.size(), options.grain,
                                                options.defectContrast, occupied, drawing);
            if (painted.box.empty())
                continue;
            surface += painted.layer;
            occupied.push_back(painted.box);
            result.defects.push_back({type, painted.box});
        }
    }
    // convertTo rounds and saturates; 16-bit spreads the 8-bit scale over the full range.
    if (options.bitDepth == 16)
        surface.convertTo(result.pixels, CV_16UC1, 257.0);
    else
        surface.convertTo(result.pixels, CV_8UC1);
    return result;
}

} // namespace ig
