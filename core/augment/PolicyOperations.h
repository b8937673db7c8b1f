#pragma once

#include "augment/PolicyOp.h"

#include <opencv2/core.hpp>

#include <random>
#include <string>
#include <vector>

namespace ig {

// Throws ig::Error(Input) naming the first pattern that is empty or not 8/16-bit with 1 or 3
// channels (and when there is none, with `needAtLeastOne`). `who` names the caller in the
// message ("the GAN", "augmentation").
void requireAugmentablePatterns(const std::vector<cv::Mat>& patterns, const std::string& who,
                                bool needAtLeastOne);

// Applies one policy operation to a pattern and returns a new image; the input is not changed.
// Supported pattern types: CV_8UC1, CV_8UC3, CV_16UC1, CV_16UC3 (colour is OpenCV's BGR order).
// 16-bit patterns are taken to use the full range 0..65535. Other types, an empty pattern or a
// magnitude outside [0, 1] throw ig::Error.
//
// The magnitude m in [0, 1] maps linearly onto each op's AutoAugment range (m = 0.5 is the
// identity for the signed and factor ops; m = 0 is the identity for the "strength" ops). A
// uniform m therefore gives AutoAugment's "random level with random sign" distribution:
//   ShearX/ShearY       shear s = 0.3 (2m - 1), about the pattern centre: ShearX moves a pixel
//                       to x + s (y - cy), ShearY to y + s (x - cx).
//   TranslateX/Y        shift = 0.45 (2m - 1) of the pattern's width/height (AutoAugment's 150 px
//                       of a 331 px image, as a fraction so it suits any pattern size);
//                       positive moves the content right/down.
//   Rotate              angle = 30 (2m - 1) degrees about the centre, positive counter-clockwise
//                       as displayed.
//   Solarize            threshold t = (1 - m) * 256 (8-bit) or (1 - m) * 65536 (16-bit); every
//                       value >= t is inverted. m = 0 is the identity, m = 1 inverts all.
//   Posterize           clears the round(m * depth / 2) lowest bits: 8-bit keeps 8..4 bits (the
//                       AutoAugment range), 16-bit keeps 16..8 bits (the same share of its depth).
//   Contrast, Color,    factor f = 0.1 + 1.8 m (0.1..1.9, 1 = identity at m = 0.5), blending as
//   Brightness,         PIL's ImageEnhance does: out = degenerate + f (in - degenerate) with the
//   Sharpness           degenerate image = constant mean grey (Contrast), the grey version
//                       (Color; grey patterns are returned unchanged), black (Brightness), the
//                       3x3 PIL SMOOTH filtered image with its border kept (Sharpness).
//   Cutout              a rectangle of round(0.2 m W) x round(0.2 m H) pixels centred at a
//                       random pixel drawn from `rng` (clipped at the border), filled with the
//                       pattern's mean per channel. m = 0 is the identity.
//   ResizeX/ResizeY     scales only the width/height by 0.5 + m (0.5..1.5); the size changes.
//   AutoContrast        per channel, stretches min..max to the full range (magnitude ignored).
//   Invert              max - value (255 or 65535) (magnitude ignored).
//   Equalize            per channel histogram equalisation, 256 or 65536 bins (ignored).
//   FlipX               mirrors left-right (x -> W-1-x); FlipY mirrors top-bottom (ignored).
// Shear, translate and rotate keep the pattern size, interpolate bilinearly and fill uncovered
// pixels with the pattern's mean per channel: for template matching a mean fill changes the
// correlation far less than black (or replicated edge streaks) would.
//
// `rng` is used only by Cutout (the position). Threading: pure; call from any thread with one
// rng per thread.
cv::Mat applyPolicy(const cv::Mat& pattern, PolicyOp op, double magnitude, std::mt19937_64& rng);

// Applies policy.op at policy.magnitude with policy.probability (one draw from `rng`);
// otherwise returns a copy.
cv::Mat applyPolicy(const cv::Mat& pattern, const Policy& policy, std::mt19937_64& rng);

// An AutoAugment sub-policy: the steps in order, each with its own probability.
cv::Mat applySubPolicy(const cv::Mat& pattern, const std::vector<Policy>& steps,
                       std::mt19937_64& rng);

// The op's parameter at `magnitude` for a pattern of `depth` (CV_8U or CV_16U), in the units
// listed above: shear factor, translate fraction, degrees, threshold, bits kept, factor, cutout
// fraction, scale; 0 for the ops without a magnitude. For tests, logs and the GUI.
double policyParameter(PolicyOp op, double magnitude, int depth = CV_8U);

// A uniform number in [0, 1) from 53 bits of `rng`, the same on every platform (unlike
// std::uniform_real_distribution).
double uniformUnit(std::mt19937_64& rng);

} // namespace ig
