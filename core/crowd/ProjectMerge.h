#pragma once

#include <string>

namespace ig {

class Feedback;
class Project;

// What merging another worker's project added (counts of rows new to this project).
struct ProjectMergeReport {
    long long otherImages = 0;   // images in the other project
    long long matchedImages = 0; // of them, found in this project
    long long matchedByName = 0; // of those, by file name (content differs or is unknown)
    long long workersAdded = 0;
    long long boxesAdded = 0;
    long long boxesKnown = 0;   // already here (same worker, image, rectangle and type)
    long long boxesSkipped = 0; // on images this project does not hold
    long long doneAdded = 0;    // image_done marks
    long long votesAdded = 0;   // new votes, or a newer vote replacing this project's
    long long votesKnown = 0;
};

// Merges the crowd work of the project file `otherPath` (another worker's copy) into `project`:
// its workers (by name; a known worker keeps their role here), their boxes, image_done marks and
// review votes, in ONE transaction of `project`. Images are matched by content hash (when several
// images here share it, the one with the same file name, else the first), else by file name; a
// match must have the same size. Boxes on unmatched images are skipped and counted. A box
// identical in worker, image, rectangle and type is the same box, so merging twice adds nothing.
// A vote on a box by the same expert replaces this project's only when it is newer. The other
// project's undo journal, patterns, features and labels are not merged.
//
// Throws ig::Error(Project) when `otherPath` is not a project (or has a newer schema),
// ig::Error(Usage) when it is `project`'s own file, ig::CanceledError when canceled (nothing
// changed then). `otherPath` is opened read-only in intent (an older schema is migrated in
// place, as Project::open does).
// Threading: uses `project` on the calling thread only.
ProjectMergeReport mergeProject(Project& project, const std::string& otherPath, Feedback& feedback);

} // namespace ig
