#pragma once

#include <cstddef>
#include <vector>

namespace ig {

// What the labeler learns from. Every pattern (labelling function) gives each image its best
// match score and, by default, that score's prominence (MatchResult::prominence: how far it
// stands out of the image's score map). A labeler row holds a pattern's columns side by side:
// [score_0, prominence_0, score_1, prominence_1, ...].
//
// Measured on KolektorSDD (`gadget bench-splits P --splits 10 [--features score]
// [--keep-own-matches]`, 78 dev images of which 10 defective): F1 of the defective class over 10
// random dev splits, mean +- std: score only 0.507 +- 0.136; + masking 0.551 +- 0.134;
// + prominence 0.500 +- 0.067; both 0.623 +- 0.066 (the paper's split: 0.508 -> 0.602).
struct LabelerFeatureOptions {
    bool prominence = true;
    // A pattern matches the image it was cut from perfectly (score 1, a towering prominence),
    // which no other image does. Left in, the dev rows teach the labeler "a defect is a perfect
    // match", and the images it labels never have one: cross-validation looks good and recall
    // collapses. So in the dev rows each pattern's columns on its own source image are replaced
    // by the best value the pattern reached on the other dev images of that image's class. A
    // pattern without a recorded source (a pattern file) counts as cut from any dev image it
    // matches with a score of 0.99 or more (FeatureTable::patternsCutFrom).
    // The best value is optimistic (on KolektorSDD a masked cell averages 0.56 where the same
    // pattern scores 0.46 on a new crack), but the unbiased choices do worse: the mean over the
    // other images 0.551 +- 0.118, one of them drawn 0.541 +- 0.145, the best 0.636 +- 0.075
    // (`gadget bench-splits P --splits 10`, the statistic switched in a throwaway build).
    bool maskOwnPatterns = true;

    int columnsPerPattern() const { return prominence ? 2 : 1; }
};

// Appends one pattern's columns to a labeler row.
void appendPatternColumns(std::vector<float>& row, double score, double prominence,
                          const LabelerFeatureOptions& options);

// Masks each pattern's columns on the dev row it was cut from (see maskOwnPatterns above).
// `rows` and `labels` are the dev rows; ownPatterns[r] lists the patterns (column groups of
// `columnsPerPattern` columns) cut from row r. A row that is the only one of its class keeps its
// values, as nothing else says what the pattern scores elsewhere on that class.
void maskOwnPatterns(std::vector<std::vector<float>>& rows, const std::vector<int>& labels,
                     const std::vector<std::vector<size_t>>& ownPatterns, int columnsPerPattern);

} // namespace ig
