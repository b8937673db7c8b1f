#pragma once

#include "crowd/CrowdBox.h"

#include <vector>

namespace ig {

// How the boxes of one group become one pattern box.
enum class CombineMode {
    Average,      // mean of x, y, w, h: the usual crowd consensus
    Union,        // the smallest box holding every member: keeps everything anyone saw
    Intersection, // the part all members share (the average when a chain leaves none)
};

struct MergeOptions {
    // Two boxes of different workers link when their intersection over union reaches this.
    // 0.1, far below the 0.5 of object detection, because hand-drawn marks of thin defects differ
    // mostly in how much of the defect they cover: on the shared crowd sample worker 4 marked
    // only the lower end of the crack, and that box reaches IoU 0.106 with worker 0's box and
    // 0.160 with worker 3's (which reach 0.521 with each other), while every box around another
    // place has IoU 0. At 0.3 worker 4 would be sent to review although they saw the crack.
    // Wrong links stay cheap: a group never takes two boxes of one worker, and its agreement
    // shows how loosely it holds together.
    double iouThreshold = 0.1;
    CombineMode mode = CombineMode::Average;
    // How many workers looked at the image, for each group's support. 0: the number of
    // distinct workers among the boxes (never fewer than that).
    int workersWhoSawImage = 0;
};

struct MergedGroup {
    Rect rect;                     // the combined box
    std::vector<CrowdBox> members; // two or more, from different workers, in input order
    double agreement = 0;          // mean IoU over all pairs of members, 0 ... 1
    double support = 0;            // members / workers who saw the image, 0 ... 1
    std::string defectType;        // the majority of the members' types ("" when none has one)
};

struct MergeResult {
    std::vector<MergedGroup> groups; // ordered by their first member's position in the input
    std::vector<CrowdBox> outliers;  // boxes nobody else confirmed (or without area): for review
};

// Merges the boxes that several workers drew on ONE image.
//
// Boxes of different workers link when their IoU reaches options.iouThreshold; linked boxes
// form a group transitively (a chain A-B-C is one group even when A and C do not overlap), but a
// group never holds two boxes of one worker: links are taken strongest first, and a link that
// would join two groups sharing a worker is skipped (equal links in input order). So when a
// worker's two boxes both overlap a group, the better-overlapping one joins it and the other stays
// free to link elsewhere. Groups of two or more boxes are combined by options.mode; single boxes
// are outliers. The defect type is the members' majority; a tie goes to the type whose boxes
// overlap the combined box most, then to the alphabetically first. Throws ig::Error(Usage) when the
// threshold is not in (0, 1].
//
// Threading: a pure function.
MergeResult mergeBoxes(const std::vector<CrowdBox>& boxesOfOneImage, const MergeOptions& options);

} // namespace ig
