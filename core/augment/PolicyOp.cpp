#include "augment/PolicyOp.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>

namespace ig {

const std::vector<PolicyOp>& allPolicyOps() {
    static const std::vector<PolicyOp> ops = {
        PolicyOp::ShearX,       PolicyOp::ShearY,    PolicyOp::TranslateX, PolicyOp::TranslateY,
        PolicyOp::AutoContrast, PolicyOp::Rotate,    PolicyOp::Invert,     PolicyOp::Equalize,
        PolicyOp::Solarize,     PolicyOp::Posterize, PolicyOp::Contrast,   PolicyOp::Color,
        PolicyOp::Brightness,   PolicyOp::Sharpness, PolicyOp::Cutout,     PolicyOp::ResizeX,
        PolicyOp::ResizeY,      PolicyOp::FlipX,     PolicyOp::FlipY,
    };
    return ops;
}

std::string toString(PolicyOp op) {
    switch (op) {
    case PolicyOp::ShearX:
        return "ShearX";
    case PolicyOp::ShearY:
        return "ShearY";
    case PolicyOp::TranslateX:
        return "TranslateX";
    case PolicyOp::TranslateY:
        return "TranslateY";
    case PolicyOp::AutoContrast:
        return "AutoContrast";
    case PolicyOp::Rotate:
        return "Rotate";
    case PolicyOp::Invert:
        return "Invert";
    case PolicyOp::Equalize:
        return "Equalize";
    case PolicyOp::Solarize:
        return "Solarize";
    case PolicyOp::Posterize:
        return "Posterize";
    case PolicyOp::Contrast:
        return "Contrast";
    case PolicyOp::Color:
        return "Color";
    case PolicyOp::Brightness:
        return "Brightness";
    case PolicyOp::Sharpness:
        return "Sharpness";
    case PolicyOp::Cutout:
        return "Cutout";
    case PolicyOp::ResizeX:
        return "ResizeX";
    case PolicyOp::ResizeY:
        return "ResizeY";
    case PolicyOp::FlipX:
        return "FlipX";
    case PolicyOp::FlipY:
        return "FlipY";
    }
    throw Error(Error::Kind::Internal,
                "Unknown policy operation " + std::to_string(static_cast<int>(op)) + ".");
}

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
} // namespace

PolicyOp policyOpFromString(const std::string& name) {
    const std::string wanted = lower(name);
    std::string known;
    for (PolicyOp op : allPolicyOps()) {
        if (lower(toString(op)) == wanted)
            return op;
        known += (known.empty() ? "" : ", ") + toString(op);
    }
    throw Error(Error::Kind::Usage, "\"" + name +
                                        "\" is not an augmentation policy operation; use one of " +
                                        known + ".");
}

bool usesMagnitude(PolicyOp op) {
    switch (op) {
    case PolicyOp::AutoContrast:
    case PolicyOp::Invert:
    case PolicyOp::Equalize:
    case PolicyOp::FlipX:
    case PolicyOp::FlipY:
        return false;
    default:
        return true;
    }
}

} // namespace ig
