#pragma once

#include "pipeline/AugmentOptions.h"
#include "project/Records.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace ig {

class Feedback;

struct GanStageResult {
    struct Generated {
        std::string defectType;
        cv::Mat pixels;
    };
    std::vector<Generated> patterns;
    std::vector<AugmenterRecord> generators; // one per defect type, weights in the blob
};

// Trains one PatternGan per defect type of the crowd patterns (a GAN that mixed crack and spot
// patterns would make hybrids of both) and generates `count` new patterns in all, shared between
// the types in proportion to their pattern counts. Each GAN trains for options.gan.epochs
// epochs but at most options.ganMaxUpdates generator updates (see AugmentOptions), seeded from
// options.seed and the type. `crowd` and `pixels` are parallel (pixels = the decoded patterns).
// Progress and cancel: the "GAN" stage per type. Threading: pure apart from `feedback`.
GanStageResult trainGansAndGenerate(const std::vector<PatternRecord>& crowd,
                                    const std::vector<cv::Mat>& pixels, int count,
                                    const AugmentOptions& options, Feedback& feedback);

} // namespace ig
