#include "pipeline/LabelSpace.h"

#include "project/Project.h"
#include "util/Error.h"

#include <algorithm>
#include <set>

namespace ig {

std::optional<int> LabelSpace::indexOf(const std::string& label) const {
    const auto it = std::find(classes.begin(), classes.end(), label);
    if (it == classes.end())
        return std::nullopt;
    return static_cast<int>(it - classes.begin());
}

LabelSpace LabelSpace::ofDevSet(const Project& project) {
    std::set<std::string> labels;
    for (const auto& image : project.images())
        if (image.isDev && image.goldLabel)
            labels.insert(*image.goldLabel);
    if (labels.size() < 2)
        throw Error(Error::Kind::Input,
                    "The dev set needs labelled images of at least two classes to train the "
                    "labeler (found " +
                        std::to_string(labels.size()) +
                        "). Import labels with 'gadget import-labels' and choose a dev set with "
                        "'gadget set-dev'.");
    LabelSpace space;
    space.classes.assign(labels.begin(), labels.end());
    space.binary = space.classes == std::vector<std::string>{"0", "1"};
    space.positiveClass = space.binary ? 1 : 0;
    return space;
}

} // namespace ig
