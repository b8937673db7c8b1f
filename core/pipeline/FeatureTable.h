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
    // The same with the project's patterns already read (their order is the column order).
    static FeatureTable load(const Project& project, const std::vector<PatternRecord>& patterns);

    // The labeler's row of a complete image (see LabelerFeatures.h for the layout).
    std::vector<float> labelerRow(Id imageId, const LabelerFeatureOptions& options) const;

    // For each of the given (complete) images, the columns whose pattern was cut from it, for
    // maskOwnPatterns(): by the pattern's recorded source image, its parent's for an augmented
    // pattern; a pattern with no recorded source (a pattern file) counts as cut from every one
    // of these images it matches with a score of at least kCopyScore.
    std::vector<std::vector<size_t>>
    patternsCutFrom(const std::vector<Id>& imageIds,
                    const std::vector<PatternRecord>& patterns) const;
    // The paper's 10 KolektorSDD pattern files score 0.9989-0.9998 on the dev images they were
    // cut from and at most 0.713 on any other image.
    static constexpr float kCopyScore = 0.99f;
};

} // namespace ig
