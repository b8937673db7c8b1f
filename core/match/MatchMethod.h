#pragma once

#include <optional>
#include <string>

namespace ig {

// How a pattern is compared with an image window (both give scores in [-1, 1]).
enum class MatchMethod {
    // Mean-subtracted normalised cross-correlation (OpenCV TM_CCOEFF_NORMED). The score of a
    // pair is the largest |r| over all positions, so an inverted pattern matches too.
    CcoeffNormed,
    // Plain normalised cross-correlation, the Inspector Gadget paper's form (OpenCV
    // TM_CCORR_NORMED). The score of a pair is the largest r; it is >= 0 on 8-bit images.
    CcorrNormed,
};

// Stable lower-case names for files and command lines: "ccoeff-normed", "ccorr-normed".
std::string matchMethodName(MatchMethod method);
// Accepts the names above (and "ccoeff"/"ccorr"); nullopt for anything else.
std::optional<MatchMethod> parseMatchMethod(const std::string& name);

} // namespace ig
