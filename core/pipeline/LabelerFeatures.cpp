#include "pipeline/LabelerFeatures.h"

#include <algorithm>
#include <limits>

namespace ig {

void appendPatternColumns(std::vector<float>& row, double score, double prominence,
                          const LabelerFeatureOptions& options) {
    row.push_back(static_cast<float>(score));
    if (options.prominence)
        row.push_back(static_cast<float>(prominence));
}

void maskOwnPatterns(std::vector<std::vector<float>>& rows, const std::vector<int>& labels,
                     const std::vector<std::vector<size_t>>& ownPatterns, int columnsPerPattern) {
    const size_t perPattern = static_cast<size_t>(std::max(1, columnsPerPattern));
    // Replacements come from the original values: collect them all before writing any.
    struct Replacement {
        size_t row, column;
        float value;
    };
    std::vector<Replacement> replacements;
    for (size_t r = 0; r < rows.size() && r < ownPatterns.size(); ++r)
        for (size_t pattern : ownPatterns[r])
            for (size_t c = pattern * perPattern; c < (pattern + 1) * perPattern; ++c) {
                float best = -std::numeric_limits<float>::infinity();
                for (size_t other = 0; other < rows.size(); ++other)
                    if (other != r && labels[other] == labels[r] && c < rows[other].size())
                        best = std::max(best, rows[other][c]);
                if (best > -std::numeric_limits<float>::infinity() && c < rows[r].size())
                    replacements.push_back({r, c, best});
            }
    for (const Replacement& m : replacements)
        rows[m.row][m.column] = m.value;
}

} // namespace ig
