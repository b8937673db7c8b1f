#include "match/ExactMatcher.h"

#include "match/MatchInput.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace ig {

MatchResult matchExact(const cv::Mat& image, const cv::Mat& pattern, MatchMethod method) {
    detail::requireGrey8(image, "image");
    detail::requireGrey8(pattern, "pattern");
    MatchResult result;
    const cv::Mat fitted = detail::fitPatternToImage(pattern, image.size(), result.patternCropped);
    // No correlation without signal: a constant pattern (CcoeffNormed; OpenCV would score it 1
    // everywhere) or an all-black one (CcorrNormed).
    double lowest = 0, highest = 0;
    cv::minMaxLoc(fitted, &lowest, &highest);
    if (method == MatchMethod::CcoeffNormed ? lowest == highest : highest == 0)
        return result;

    cv::Mat scores;
    cv::matchTemplate(image, fitted, scores,
                      method == MatchMethod::CcoeffNormed ? cv::TM_CCOEFF_NORMED
                                                          : cv::TM_CCORR_NORMED);
    double minScore = 0, maxScore = 0;
    cv::Point minAt, maxAt;
    cv::minMaxLoc(scores, &minScore, &maxScore, &minAt, &maxAt);
    const bool useMin = method == MatchMethod::CcoeffNormed && -minScore > maxScore;
    result.score = useMin ? -minScore : maxScore;
    const cv::Point at = useMin ? minAt : maxAt;
    result.x = at.x;
    result.y = at.y;
    result.valid = true;
    cv::Mat magnitudes = scores;
    if (method == MatchMethod::CcoeffNormed)
        magnitudes = cv::abs(scores);
    cv::Scalar mean, deviation;
    cv::meanStdDev(magnitudes, mean, deviation);
    result.prominence = deviation[0] > 1e-6 ? (result.score - mean[0]) / deviation[0] : 0.0;
    return result;
}

} // namespace ig
