#pragma once

#include <string>
#include <vector>

namespace ig {

// The AutoAugment operations the pattern augmenter draws from (Cubuk et al. 2019), plus the two
// one-axis resizes and the two flips of the Inspector Gadget paper (Heo et al. 2020).
// How each op reads its magnitude is documented at applyPolicy() in PolicyOperations.h.
enum class PolicyOp {
    ShearX,
    ShearY,
    TranslateX,
    TranslateY,
    AutoContrast,
    Rotate,
    Invert,
    Equalize,
    Solarize,
    Posterize,
    Contrast,
    Color,
    Brightness,
    Sharpness,
    Cutout,
    ResizeX,
    ResizeY,
    FlipX,
    FlipY,
};

// All 19 ops in declaration order (the order policy combinations are enumerated in).
const std::vector<PolicyOp>& allPolicyOps();

// The op's name as written above ("ShearX"); stable, used in project files and JSON.
std::string toString(PolicyOp op);
// Parses a name written by toString(), ignoring ASCII case; throws ig::Error (Usage) otherwise.
PolicyOp policyOpFromString(const std::string& name);

// False for the ops that ignore their magnitude: AutoContrast, Invert, Equalize, FlipX, FlipY.
bool usesMagnitude(PolicyOp op);

// One AutoAugment sub-policy step: apply `op` at `magnitude` (in [0, 1]) with `probability`.
struct Policy {
    PolicyOp op = PolicyOp::Invert;
    double probability = 1.0;
    double magnitude = 0.5;
};

} // namespace ig
