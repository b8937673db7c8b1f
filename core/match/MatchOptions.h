#pragma once

#include "match/MatchMethod.h"

namespace ig {

// Settings of the pyramid matcher and of the feature generator. The defaults were tuned on
// KolektorSDD (399 images x the 10 crack boxes of the dev set's defective images): the pyramid
// score is within 0.01 of the exact full-resolution search for 99.65% (CcoeffNormed) and 100%
// (CcorrNormed) of the pairs, at ~50x the pairs/s of cv::matchTemplate (MatchBenchmark.h).
// Images and patterns are matched as they are. Filtering both first did worse on KolektorSDD
// (`gadget bench-splits P --splits 10`, throwaway builds; F1 over 10 random dev splits against
// 0.636 +- 0.075 unfiltered): high-pass (minus a Gaussian blur) sigma 3 0.429 +- 0.093, sigma 10
// 0.509 +- 0.122; Gaussian blur sigma 2 0.615 +- 0.064; a 15-pixel horizontal box blur (along
// most cracks) 0.613 +- 0.064.
struct MatchOptions {
    MatchMethod method = MatchMethod::CcoeffNormed;

    // Pyramid levels above full resolution used for the coarse search (level l is the image
    // shrunk 2^l times). -1 = automatic: the most levels, up to maxAutoLevels, that keep the
    // pattern's shorter side at least minPatternSide pixels. 0 = exhaustive search at full
    // resolution (every score exact; slow for large patterns).
    int levels = -1;
    int maxAutoLevels = 3;
    int minPatternSide = 4;
    // Automatic levels only: a pair whose exhaustive full-resolution search takes at most this
    // many multiply-adds (positions x pattern pixels) is searched exhaustively, i.e. exactly:
    // small images and small patterns cost little anyway, and they are where a coarse level
    // would see too few pixels to rank positions.
    double exhaustiveWorkLimit = 4e6;

    // Candidates (local maxima) taken from the coarse search, and how many of them survive to
    // be refined at full resolution; levels in between keep a geometric interpolation. More
    // candidates = closer agreement with the exact search, more time.
    int candidates = 16;
    int finalCandidates = 3;
    // Extra pixels searched on each side of a candidate's projected position at each finer
    // level (the projection itself covers 2 x 2 positions).
    int refineMargin = 1;
    // The same for the first step below the coarse search, whose peaks are the least precise.
    int coarseRefineMargin = 3;

    // Worker threads for batch work; 0 = cv::getNumThreads() (honours cv::setNumThreads).
    int threads = 0;
    // Feature generator: at most this many images are between being claimed by a worker and
    // delivered to the caller (decoded pixels exist only while a worker matches an image, so
    // at most `threads` at once; the rest are small result lists); 0 = 2 x threads.
    int imagesInFlight = 0;
};

} // namespace ig
