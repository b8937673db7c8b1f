#include "match/PreparedPattern.h"

#include "match/ImagePyramid.h"
#include "match/MatchInput.h"
#include "util/Error.h"

#include <algorithm>
#include <string>

namespace ig {

namespace {

// Coarse levels for a pattern of `size`: a level is only useful while the pattern still has
// some shape in it, so the shorter side must stay >= minPatternSide.
int chooseLevels(cv::Size size, const MatchOptions& options) {
    const int limit = options.levels >= 0 ? options.levels : options.maxAutoLevels;
    const int minSide = options.levels >= 0 ? 1 : std::max(1, options.minPatternSide);
    int levels = 0;
    while (levels < limit &&
           std::min(size.width >> (levels + 1), size.height >> (levels + 1)) >= minSide)
        ++levels;
    return levels;
}

} // namespace

PreparedPattern::PreparedPattern(const cv::Mat& pattern, const MatchOptions& options) {
    detail::requireGrey8(pattern, "pattern");
    if (pattern.rows > detail::kMaxPatternRows) {
        const std::string limit = std::to_string(detail::kMaxPatternRows);
        throw Error(Error::Kind::Input, "The pattern is " + std::to_string(pattern.rows) +
                                            " pixels tall, more than the " + limit +
                                            " a pattern may have; cut a smaller box.");
    }
    const std::vector<cv::Mat> levels =
        detail::buildPyramid(pattern.clone(), chooseLevels(pattern.size(), options));
    planes_.reserve(levels.size());
    for (const cv::Mat& level : levels)
        planes_.push_back(detail::makePatternPlane(level));
}

} // namespace ig
