#pragma once

#include "synth/SurfaceOptions.h"
#include "synth/SynthRandom.h"

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace ig {

// One defect drawn on its own: the grey-level offsets it adds to the surface (CV_32FC1, image
// size, zero elsewhere) and the box around the pixels it changes noticeably.
struct PaintedDefect {
    cv::Mat layer;
    cv::Rect box;
};

// Draws one defect of `type` (kSynthScratch, kSynthCrack or kSynthSpot) at a random place,
// keeping clear of the `occupied` boxes when the image leaves room. Scratches and cracks run
// roughly across the grain and spots are roundish, so one type looks alike from image to image
// (patterns cut from one image match the others) while size, bend and contrast vary.
// Throws ig::Error(Usage) for an unknown type.
//
// Threading: a pure function of its arguments; `random` must not be shared between threads.
PaintedDefect paintDefect(const std::string& type, cv::Size imageSize, GrainDirection grain,
                          double contrast, const std::vector<cv::Rect>& occupied,
                          SynthRandom& random);

} // namespace ig
