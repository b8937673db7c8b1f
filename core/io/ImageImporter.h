#pragma once

#include "project/Records.h"

#include <string>
#include <utility>
#include <vector>

namespace ig {

class Feedback;
class Project;

struct ImportReport {
    int added = 0;
    int duplicates = 0;                                       // same content already in the project
    std::vector<std::pair<std::string, std::string>> skipped; // path, reason
    std::vector<Id> addedIds;
};

// Imports image files into `project`: each argument is an image file, a folder (its images,
// sorted by name, not recursive) or a text list (.txt/.lst, one path per line, relative to the
// list). Unreadable or corrupt files are reported in `skipped` and the rest still imported; an
// image whose content is already in the project is counted as a duplicate and not added.
// Reports progress and honours cancel through `feedback`; each image is committed on its own so
// a cancel keeps what was imported.
//
// With keepSameContent, a *different* file whose bytes equal an image already in the project is
// added too (with a note): public data sets such as KolektorSDD ship byte-identical images under
// different names, and their published splits and figures count every name. The very same file
// is still never added twice.
struct ImageImportOptions {
    bool keepSameContent = false;
};

// The image files named by `inputs` (files, folders, list files; see importImages), in order.
// Inputs that do not exist or folders without images go to report.skipped.
std::vector<std::string> expandImageInputs(const std::vector<std::string>& inputs,
                                           ImportReport& report, Feedback& feedback);

ImportReport importImages(Project& project, const std::vector<std::string>& inputs,
                          Feedback& feedback, const ImageImportOptions& options = {});

} // namespace ig
