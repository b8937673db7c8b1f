#include "match/PreparedImage.h"

#include "match/BufferPool.h"
#include "match/ImagePyramid.h"
#include "match/MatchInput.h"

#include <algorithm>

namespace ig {

PreparedImage::PreparedImage(const cv::Mat& image, const MatchOptions& options) {
    detail::requireGrey8(image, "image");
    const int wanted = options.levels >= 0 ? options.levels : options.maxAutoLevels;
    const std::vector<cv::Mat> pyramid = detail::buildPyramid(image, std::max(0, wanted));
    // Coarse levels are small and nearly always scanned in full: give them pair rows now.
    for (size_t l = 0; l < pyramid.size(); ++l)
        levels_.push_back(detail::makeImagePlane(pyramid[l], l > 0));
}

PreparedImage::~PreparedImage() {
    // The next image prepared on this thread reuses the buffers (see BufferPool.h).
    for (detail::ImagePlane& plane : levels_) {
        detail::giveBackBuffer(plane.wide);
        detail::giveBackBuffer(plane.pairs);
    }
}

const detail::ImagePlane& PreparedImage::levelForFullScan(int l) const {
    if (l == 0) {
        auto& base = const_cast<detail::ImagePlane&>(levels_.front());
        std::call_once(*fullResolutionPairs_, [&base] { detail::addPairs(base); });
    }
    return level(l);
}

} // namespace ig
