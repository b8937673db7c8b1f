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
    // Generators trained in this call, one per defect type (weights in the blob, the training's
    // signature in params["signature"]); types whose generator was reused have none here.
    std::vector<AugmenterRecord> trained;
    std::vector<Id> reused; // augmenters whose generator was reused
};

// The GAN options beyond the paper's training that are on ("keep_aspect", "diff_augment"), for
// signatures: a signature names them only when on, so what was stored before they existed (all
// off) stays valid.
std::vector<std::string> ganOptionsBeyondThePaper(const GanOptions& options);

// Trains one PatternGan per defect type of the crowd patterns (a GAN that mixed crack and spot
// patterns would make hybrids of both) and generates `count` new patterns in all, shared between
// the types in proportion to their pattern counts. Each GAN trains for options.gan.epochs
// epochs but at most options.ganMaxUpdates generator updates (see AugmentOptions), seeded from
// options.seed and the type. A generator in `previous` trained on the same patterns with the
// same options is used instead of training again. `crowd` and `pixels` are parallel (pixels =
// the decoded patterns). When they hold more than the crowd's patterns (the policy patterns,
// AugmentOptions::ganLearnsFromPolicyPatterns), `otherInputs` says what those are: it enters the
// generators' signature (their ids are not known yet) and their stored parameters.
// Progress and cancel: the "GAN" stage per type trained.
// Threading: pure apart from `feedback`.
GanStageResult trainGansAndGenerate(const std::vector<PatternRecord>& crowd,
                                    const std::vector<cv::Mat>& pixels, int count,
                                    const AugmentOptions& options,
                                    const std::vector<AugmenterRecord>& previous,
                                    Feedback& feedback, const std::string& otherInputs = "");

} // namespace ig
