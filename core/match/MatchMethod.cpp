#include "match/MatchMethod.h"

namespace ig {

std::string matchMethodName(MatchMethod method) {
    return method == MatchMethod::CcoeffNormed ? "ccoeff-normed" : "ccorr-normed";
}

std::optional<MatchMethod> parseMatchMethod(const std::string& name) {
    if (name == "ccoeff-normed" || name == "ccoeff")
        return MatchMethod::CcoeffNormed;
    if (name == "ccorr-normed" || name == "ccorr")
        return MatchMethod::CcorrNormed;
    return std::nullopt;
}

} // namespace ig
