#include "labeler/LabeledData.h"

#include "util/Error.h"

#include <cmath>

namespace ig {

namespace {
Error inputError(const std::string& message) {
    return Error(Error::Kind::Input, message);
}
} // namespace

void validateLabeledData(const LabeledData& data) {
    if (data.numClasses < 2)
        throw inputError("The labeler needs at least two classes, but " +
                         std::to_string(data.numClasses) +
                         " were given; label dev images of every class first.");
    if (data.labels.empty())
        throw inputError("The labeler has no labelled examples; label some dev images first.");
    if (data.features.size() != data.labels.size())
        throw inputError("The labeler got " + std::to_string(data.features.size()) +
                         " feature rows for " + std::to_string(data.labels.size()) +
                         " labels; every labelled image needs exactly one feature row.");
    const size_t width = data.features[0].size();
    if (width == 0)
        throw inputError("The labeler got feature rows without any feature; match at least one "
                         "pattern against the images first.");
    for (size_t i = 0; i < data.features.size(); ++i) {
        if (data.features[i].size() != width)
            throw inputError("Feature row " + std::to_string(i) + " has " +
                             std::to_string(data.features[i].size()) + " values but row 0 has " +
                             std::to_string(width) +
                             "; recompute the features so every image has one per pattern.");
        for (float v : data.features[i])
            if (!std::isfinite(v))
                throw inputError("Feature row " + std::to_string(i) +
                                 " holds a value that is not a finite number; recompute the "
                                 "features of that image.");
    }
    for (size_t i = 0; i < data.labels.size(); ++i)
        if (data.labels[i] < 0 || data.labels[i] >= data.numClasses)
            throw inputError("Label " + std::to_string(data.labels[i]) + " of row " +
                             std::to_string(i) + " is not a class index in [0, " +
                             std::to_string(data.numClasses) + ").");
    if (!data.classNames.empty() && static_cast<int>(data.classNames.size()) != data.numClasses)
        throw inputError("The labeler got " + std::to_string(data.classNames.size()) +
                         " class names for " + std::to_string(data.numClasses) +
                         " classes; give one name per class or none.");
}

std::vector<int> classCounts(const std::vector<int>& labels, int numClasses) {
    std::vector<int> counts(static_cast<size_t>(std::max(numClasses, 0)), 0);
    for (int label : labels)
        if (label >= 0 && label < numClasses)
            ++counts[static_cast<size_t>(label)];
    return counts;
}

LabeledData subsetOf(const LabeledData& data, const std::vector<int>& indices) {
    LabeledData out;
    out.numClasses = data.numClasses;
    out.classNames = data.classNames;
    out.features.reserve(indices.size());
    out.labels.reserve(indices.size());
    for (int i : indices) {
        out.features.push_back(data.features.at(static_cast<size_t>(i)));
        out.labels.push_back(data.labels.at(static_cast<size_t>(i)));
    }
    return out;
}

std::vector<std::string> classNamesOf(const LabeledData& data) {
    if (!data.classNames.empty())
        return data.classNames;
    std::vector<std::string> names;
    for (int c = 0; c < data.numClasses; ++c)
        names.push_back(std::to_string(c));
    return names;
}

} // namespace ig
