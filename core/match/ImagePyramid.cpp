#include "match/ImagePyramid.h"

#include <opencv2/imgproc.hpp>

namespace ig::detail {

std::vector<cv::Mat> buildPyramid(const cv::Mat& base, int levels) {
    std::vector<cv::Mat> pyramid{base};
    for (int l = 1; l <= levels; ++l) {
        const cv::Mat& finer = pyramid.back();
        const int w = finer.cols / 2;
        const int h = finer.rows / 2;
        if (w < 1 || h < 1)
            break;
        cv::Mat coarser;
        // An exact factor of 2 takes OpenCV's fast 2 x 2 averaging path.
        cv::resize(finer(cv::Rect(0, 0, 2 * w, 2 * h)), coarser, cv::Size(w, h), 0, 0,
                   cv::INTER_AREA);
        pyramid.push_back(coarser);
    }
    return pyramid;
}

} // namespace ig::detail
