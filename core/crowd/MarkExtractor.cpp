#include "crowd/MarkExtractor.h"

#include "util/Error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <string>
#include <tuple>

namespace ig {
namespace {

void checkOptions(const MarkOptions& options) {
    auto inRange = [](int value, int low, int high) { return value >= low && value <= high; };
    if (!inRange(options.minSaturation, 0, 255) || !inRange(options.minValue, 0, 255) ||
        !inRange(options.maxHueDistance, 0, 90) || !inRange(options.marginPx, 0, 10000) ||
        options.minStrokePixels < 1)
        throw Error(Error::Kind::Usage,
                    "Mark detection options are out of range: saturation and value go from 0 to "
                    "255, the hue distance from 0 to 90, the margin from 0 px, and a stroke needs "
                    "at least 1 pixel.");
}

// 8-bit BGR, plus a mask of the visible pixels (all of them without alpha).
void toBgr8(const cv::Mat& image, cv::Mat& bgr, cv::Mat& visible) {
    cv::Mat eight = image;
    if (image.depth() == CV_16U)
        image.convertTo(eight, CV_8U, 1.0 / 257.0);
    else if (image.depth() != CV_8U)
        image.convertTo(eight, CV_8U);
    switch (eight.channels()) {
    case 1:
        cv::cvtColor(eight, bgr, cv::COLOR_GRAY2BGR);
        visible = cv::Mat(eight.size(), CV_8UC1, cv::Scalar(255));
        break;
    case 3:
        bgr = eight;
        visible = cv::Mat(eight.size(), CV_8UC1, cv::Scalar(255));
        break;
    case 4:
        cv::cvtColor(eight, bgr, cv::COLOR_BGRA2BGR);
        cv::extractChannel(eight, visible, 3);
        cv::threshold(visible, visible, 127, 255, cv::THRESH_BINARY);
        break;
    default:
        throw Error(Error::Kind::Input,
                    "A marked image must be grey, colour or colour with alpha; this one has " +
                        std::to_string(eight.channels()) + " channels.");
    }
}

cv::Mat redPixels(const cv::Mat& bgr, const MarkOptions& options) {
    cv::Mat hsv;
    cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV); // 8-bit: H 0 ... 179, S and V 0 ... 255
    cv::Mat low, high;
    cv::inRange(hsv, cv::Scalar(0, options.minSaturation, options.minValue),
                cv::Scalar(options.maxHueDistance, 255, 255), low);
    cv::inRange(hsv,
                cv::Scalar(180 - options.maxHueDistance, options.minSaturation, options.minValue),
                cv::Scalar(180, 255, 255), high);
    return low | high;
}

cv::Rect grown(const cv::Rect& box, int margin) {
    return {box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin};
}

} // namespace

std::vector<cv::Rect> extractMarkedBoxes(const cv::Mat& original, const cv::Mat& marked,
                                         const MarkOptions& options) {
    checkOptions(options);
    if (marked.empty())
        throw Error(Error::Kind::Input,
                    "The marked image is empty; give the copy of the image the worker drew on.");
    if (!original.empty() && original.size() != marked.size())
        throw Error(Error::Kind::Input,
                    "The marked image is " + std::to_string(marked.cols) + " x " +
                        std::to_string(marked.rows) + " pixels but the original is " +
                        std::to_string(original.cols) + " x " + std::to_string(original.rows) +
                        "; give the copy of the same image the worker drew on.");
    if (marked.channels() == 1)
        return {}; // a grey image carries no red strokes

    cv::Mat bgr, visible;
    toBgr8(marked, bgr, visible);
    cv::Mat marks = redPixels(bgr, options) & visible;
    if (!original.empty()) {
        cv::Mat originalBgr, ignored;
        toBgr8(original, originalBgr, ignored);
        marks &= ~redPixels(originalBgr, options);
    }

    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(marks, labels, stats, centroids, 8, CV_32S);
    std::vector<cv::Rect> clusters;
    for (int label = 1; label < count; ++label) { // 0 is the background
        if (stats.at<int>(label, cv::CC_STAT_AREA) < options.minStrokePixels)
            continue;
        clusters.push_back(grown(cv::Rect(stats.at<int>(label, cv::CC_STAT_LEFT),
                                          stats.at<int>(label, cv::CC_STAT_TOP),
                                          stats.at<int>(label, cv::CC_STAT_WIDTH),
                                          stats.at<int>(label, cv::CC_STAT_HEIGHT)),
                                 options.marginPx));
    }
    // Join clusters whose grown boxes overlap until none do (a join can create new overlaps).
    for (bool joined = true; joined;) {
        joined = false;
        for (size_t i = 0; i < clusters.size() && !joined; ++i)
            for (size_t j = i + 1; j < clusters.size() && !joined; ++j)
                if ((clusters[i] & clusters[j]).area() > 0) {
                    clusters[i] |= clusters[j];
                    clusters.erase(clusters.begin() + std::ptrdiff_t(j));
                    joined = true;
                }
    }
    const cv::Rect image(0, 0, marked.cols, marked.rows);
    for (auto& box : clusters)
        box &= image;
    std::sort(clusters.begin(), clusters.end(), [](const cv::Rect& a, const cv::Rect& b) {
        return std::tie(a.y, a.x) < std::tie(b.y, b.x);
    });
    return clusters;
}

} // namespace ig
