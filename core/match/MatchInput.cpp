#include "match/MatchInput.h"

#include "util/Error.h"

#include <algorithm>

namespace ig::detail {

void requireGrey8(const cv::Mat& m, const std::string& what) {
    if (m.empty())
        throw Error(Error::Kind::Input,
                    "The " + what + " is empty; give an image with at least one pixel.");
    if (m.type() != CV_8UC1 || m.dims != 2)
        throw Error(Error::Kind::Input, "The " + what + " is not an 8-bit grey image (it has " +
                                            std::to_string(m.channels()) +
                                            " channel(s) of depth code " +
                                            std::to_string(m.depth()) +
                                            "); convert it to 8-bit greyscale before matching.");
}

cv::Mat fitPatternToImage(const cv::Mat& pattern, cv::Size imageSize, bool& cropped) {
    const int w = std::min(pattern.cols, imageSize.width);
    const int h = std::min(pattern.rows, imageSize.height);
    cropped = w != pattern.cols || h != pattern.rows;
    if (!cropped)
        return pattern;
    return pattern(cv::Rect((pattern.cols - w) / 2, (pattern.rows - h) / 2, w, h));
}

} // namespace ig::detail
