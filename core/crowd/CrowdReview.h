#pragma once

#include "crowd/BoxMerger.h"
#include "project/Records.h"

#include <set>
#include <string>
#include <vector>

namespace ig {

class Project;

enum class ReviewDecision { Pending, Accepted, Rejected };

// The experts' votes on one outlier box.
struct ReviewTally {
    int accepts = 0;
    int rejects = 0;
    ReviewDecision decision = ReviewDecision::Pending;
    std::string defectType; // on accept: the type most accept votes gave
};

// Counts the votes on ONE box. The box is decided once it has at least `quorum` votes and one
// side has more votes than the other (a tie waits for another expert). An accepted box takes the
// type most accept votes gave, ties to the alphabetically first; votes without a type give
// `fallbackType` (the type the worker chose). Throws ig::Error(Usage) when quorum < 1.
// Threading: a pure function.
ReviewTally tallyVotes(const std::vector<VoteRecord>& votesOfOneBox, int quorum,
                       const std::string& fallbackType);

// A box nobody else confirmed, for the experts.
struct ReviewItem {
    Id imageId = 0;
    CrowdBox box;                  // the outlier (box.id is its BoxRecord id)
    std::vector<CrowdBox> others;  // everyone else's finished boxes on the image
    std::vector<VoteRecord> votes; // on this box
    ReviewTally tally;
};

struct CrowdGroup {
    Id imageId = 0;
    MergedGroup group;
};

// The crowd's state: each image's finished boxes merged, outliers with their votes.
struct CrowdReview {
    std::vector<CrowdGroup> groups; // by image id, then as mergeBoxes orders them
    std::vector<ReviewItem> items;  // by image id, then box position in the merge input
    // Images holding a merged group or an accepted outlier: the defects found so far.
    std::set<Id> defectiveImages;
};

// Merges, per image, the boxes of the workers who finished it (Project::markImageDone): a box
// still being drawn on an image its author has not finished yet waits. Each image's support
// counts the workers who finished it. Reads the whole project once (boxes, votes, done rows).
// Throws ig::Error(Usage) for bad options or quorum.
// Threading: uses `project` on the calling thread only.
CrowdReview reviewCrowd(const Project& project, const MergeOptions& options, int quorum);

} // namespace ig
