#include "labeler/MlpConfig.h"

#include "util/Error.h"

#include <sstream>

namespace ig {

long long MlpConfig::parameterCount(int featureCount, int numClasses) const {
    long long count = 0;
    long long in = featureCount;
    for (int width : hidden) {
        count += in * width + width;
        in = width;
    }
    return count + in * numClasses + numClasses;
}

std::string MlpConfig::toString() const {
    std::ostringstream out;
    out << "hidden [";
    for (size_t i = 0; i < hidden.size(); ++i)
        out << (i ? ", " : "") << hidden[i];
    out << "], l2 " << l2;
    return out.str();
}

bool operator==(const MlpConfig& a, const MlpConfig& b) {
    return a.hidden == b.hidden && a.l2 == b.l2 && a.maxIterations == b.maxIterations &&
           a.classWeighting == b.classWeighting;
}

std::string toString(ClassWeighting weighting) {
    return weighting == ClassWeighting::Balanced ? "balanced" : "none";
}

ClassWeighting classWeightingFromString(const std::string& name) {
    if (name == "balanced")
        return ClassWeighting::Balanced;
    if (name == "none")
        return ClassWeighting::None;
    throw Error(Error::Kind::Input,
                "Unknown class weighting \"" + name + "\"; use \"balanced\" or \"none\".");
}

} // namespace ig
