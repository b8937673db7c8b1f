#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Project;
struct MergeOptions;

// The crowd workflow's settings, stored in the project's settings table (keys "crowd.*") so that
// every worker's app and the CLI agree on them.
//
// Threading: the functions below use `project` on the calling thread only.
struct CrowdSettings {
    // The defect types workers choose with the keys 1-9 (the first nine), in this order.
    std::vector<std::string> defectTypes;
    // Workers get images until this many images hold an accepted defect (0: no target).
    int targetDefectiveImages = 10;
    // How many workers annotate each image; an image done by this many is not handed out again.
    int workersPerImage = 3;
    // An outlier box is decided once it has at least this many expert votes and one side has
    // more of them than the other (a tie waits for another vote).
    int reviewQuorum = 1;
    // Boxes of different workers belong together from this overlap (IoU) on; see MergeOptions.
    double mergeIouThreshold = 0.1;
    // Fixes each worker's random order of images, so that a session can be replayed.
    std::uint64_t samplerSeed = 1;
};

// Reads the settings; missing keys take the defaults above, and missing defect types are the
// types of the project's boxes (sorted), else {"defect"}. Throws ig::Error(Project) naming the
// key when a stored value is malformed.
CrowdSettings loadCrowdSettings(const Project& project);
// Validates (ig::Error(Usage) saying which value is wrong) and stores all the settings at once.
void saveCrowdSettings(Project& project, const CrowdSettings& settings);
MergeOptions mergeOptionsOf(const CrowdSettings& settings);

// What a defect type looks like, in words, for the tutorial (QA edits it); "" when unset.
std::string defectDescription(const Project& project, const std::string& defectType);
void setDefectDescription(Project& project, const std::string& defectType, const std::string& text);

// Whether the worker passed the tutorial (they see it before their first task otherwise).
bool tutorialPassed(const Project& project, std::int64_t workerId);
void setTutorialPassed(Project& project, std::int64_t workerId);

} // namespace ig
