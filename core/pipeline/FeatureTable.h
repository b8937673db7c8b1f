#pragma once

#include "project/Records.h"

#include <map>
#include <vector>

namespace ig {

class Project;

// The features of a project as a matrix: one row per image, one column per pattern (a
// labelling function), each cell the pattern's best match score on the image. Images missing
// a feature are not complete and get no row.
struct FeatureTable {
    std::vector<Id> patternIds;                   // column order
    std::map<Id, std::vector<float>> rows;        // image id -> scores, in column order
    std::map<Id, std::vector<FeatureRecord>> raw; // image id -> matches (for evidence)

    static FeatureTable load(const Project& project);
    // The same table with only the given columns (patterns), in that order.
    FeatureTable selectColumns(const std::vector<Id>& patternIds) const;
};

} // namespace ig
