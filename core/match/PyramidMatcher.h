#pragma once

#include "match/MatchOptions.h"
#include "match/MatchResult.h"
#include "match/PreparedImage.h"
#include "match/PreparedPattern.h"

namespace ig {

// Coarse-to-fine search for the best normalised cross-correlation of a pattern on an image:
//  1. at the coarsest usable level (MatchOptions::levels), every position is scored and the
//     `candidates` best local maxima are kept: several, because a peak that wins at full
//     resolution need not win at a coarse one;
//  2. at each finer level every surviving candidate is re-scored only in a small window around
//     its projection (2 x 2 positions plus `refineMargin` on each side, `coarseRefineMargin`
//     on the first step) and the best move on, down to `finalCandidates` windows at full
//     resolution;
//  3. the best full-resolution score wins. Full-resolution scores are exact (cv::matchTemplate's
//     values up to its float rounding); only the search is approximate: it can miss a peak
//     that is invisible at the coarse level (e.g. a near white-noise pattern), and then
//     returns a lower peak. Pairs whose exhaustive search is cheap
//     (MatchOptions::exhaustiveWorkLimit), levels = 0 and patterns too small for a coarse
//     level are searched exhaustively, i.e. exactly.
// Rules for oversize and signal-less patterns: MatchResult.h.
// Thread-safe: both inputs are read-only, scratch memory is per thread.
MatchResult matchPyramid(const PreparedImage& image, const PreparedPattern& pattern,
                         const MatchOptions& options);

} // namespace ig
