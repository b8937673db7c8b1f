#pragma once

#include "synth/SynthImage.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

// Which way the surface was brushed or rolled: the fine streaks (and commutator bars) run along it.
enum class GrainDirection { AlongHeight, AlongWidth };

// What generateSurface draws. The texture depends only on size, seed, grain, bars and bit depth;
// the defects use their own random streams, so the same options with defectProbability = 0 give
// the defect-free twin of the same surface.
struct SurfaceOptions {
    int width = 256;  // 16 ... 20000 pixels
    int height = 640; // 16 ... 20000 pixels
    std::uint64_t seed = 1;
    double defectProbability = 0.25; // chance that the image carries defects at all, 0 ... 1
    std::vector<std::string> defectTypes =
        synthDefectTypes(); // drawn uniformly; names from SynthImage.h
    int maxDefectsPerImage =
        2; // a defective image carries 1 ... this many defects (1 is the most likely)
    GrainDirection grain = GrainDirection::AlongHeight;
    bool commutatorBars = false; // copper bars with dark insulating gaps, along the grain
    int bitDepth = 8;            // 8 or 16
    double defectContrast = 1.0; // scales every defect's contrast; below 1 makes them harder to see
};

} // namespace ig
