#pragma once

#include "pipeline/LabelerFeatures.h"
#include "project/Records.h"

#include <map>
#include <vector>

namespace ig {

class Project;

// The features of a project as matrices: one row per image, one column per pattern (a
// labelling function), each cell the pattern's best match score on the image (`rows`) and
// that score's prominence (`prominences`). Images missing a feature are not complete and get no
// row.
struct FeatureTable {
    std::vector<Id> patternIds;                   // column order
    std::map<Id, std::vector<float>> rows;        // image id -> scores, in column order
    std::map<Id, std::vector<float>> prominences; // image id -> prominences, in column order
    std::map<Id, std::vector<FeatureRecord>> raw; // image id -> matches (for evidence)

    static FeatureTable load(const Project& project);

    // The labeler's row of a complete image (see LabelerFeatures.h for the layout).
    std::vector<float> labelerRow(Id imageId, const LabelerFeatureOptions& options) const;
};

} // namespace ig
