#pragma once

namespace ig {

class Feedback;
class Project;
struct MergeOptions;

// Turns the crowd's work into patterns (the labelling functions): each group of boxes that two
// or more workers drew around one place becomes a pattern of origin 'crowd' (the group's combined
// box), and each outlier box that the experts accepted by `quorum` (see tallyVotes) a pattern of
// origin 'reviewed' with the type they gave. Only boxes on images their authors finished count
// (see reviewCrowd). Rejected and undecided boxes stay in the project with their votes.
//
// The pixels are cut from the images as 8-bit grey (16-bit through the image's own min/max, as
// matching reads them), the box rounded to whole pixels and clipped to the image; a box of under
// 3 x 3 pixels after clipping is skipped and reported through feedback.message(). Images are read
// in parallel, one at a time per thread, so memory does not grow with their number.
//
// Replaces the project's 'crowd' and 'reviewed' patterns (and with them their features and the
// patterns augmented from them) in one transaction. Returns the number of patterns made.
// Throws ig::Error(Input) when an image cannot be read, ig::CanceledError when canceled (the
// project is unchanged then), ig::Error(Usage) for bad options.
//
// Threading: uses `project` on the calling thread only.
int buildPatternsFromCrowd(Project& project, const MergeOptions& options, int quorum,
                           Feedback& feedback);

} // namespace ig
