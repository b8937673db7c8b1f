#include "augment/PolicyOperations.h"

#include "util/Error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

namespace ig {

void requireAugmentablePatterns(const std::vector<cv::Mat>& patterns, const std::string& who,
                                bool needAtLeastOne) {
    if (needAtLeastOne && patterns.empty()) {
        std::string subject = who;
        subject[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subject[0])));
        throw Error(Error::Kind::Input,
                    subject + " needs at least one pattern to learn from; add patterns first.");
    }
    for (size_t i = 0; i < patterns.size(); ++i) {
        const cv::Mat& p = patterns[i];
        const int type = p.type();
        if (p.empty() ||
            (type != CV_8UC1 && type != CV_8UC3 && type != CV_16UC1 && type != CV_16UC3))
            throw Error(Error::Kind::Input,
                        "Pattern " + std::to_string(i + 1) +
                            (p.empty() ? " is empty" : " has OpenCV type " + std::to_string(type)) +
                            "; " + who +
                            " needs non-empty 8- or 16-bit patterns with 1 or 3 "
                            "channels.");
    }
}

namespace {

constexpr double kMaxShear = 0.3;
constexpr double kMaxTranslateFraction = 0.45;
constexpr double kMaxRotateDegrees = 30.0;
constexpr double kMinFactor = 0.1;
constexpr double kFactorSpan = 1.8;
constexpr double kMaxCutoutFraction = 0.2;
constexpr double kMinResize = 0.5;

void validate(const cv::Mat& pattern, PolicyOp op, double magnitude) {
    if (pattern.empty())
        throw Error(Error::Kind::Input, "Cannot apply " + toString(op) +
                                            " to an empty pattern; give it a pattern with pixels.");
    const int type = pattern.type();
    if (type != CV_8UC1 && type != CV_8UC3 && type != CV_16UC1 && type != CV_16UC3)
        throw Error(Error::Kind::Input,
                    "Cannot augment a pattern of OpenCV type " + std::to_string(type) +
                        "; augmentation supports 8- or 16-bit patterns with 1 or 3 channels, so "
                        "convert the pattern to one of those first.");
    if (!(magnitude >= 0.0 && magnitude <= 1.0))
        throw Error(Error::Kind::Usage, "The magnitude of " + toString(op) + " is " +
                                            std::to_string(magnitude) +
                                            "; give a magnitude between 0 and 1.");
}

double maxValue(int depth) {
    return depth == CV_16U ? 65535.0 : 255.0;
}

double signedAmount(double magnitude, double maximum) {
    return (2.0 * magnitude - 1.0) * maximum;
}

cv::Scalar meanFill(const cv::Mat& pattern) {
    return cv::mean(pattern);
}

cv::Mat warp(const cv::Mat& pattern, const cv::Mat& forward) {
    cv::Mat out;
    cv::warpAffine(pattern, out, forward, pattern.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   meanFill(pattern));
    return out;
}

cv::Point2d centre(const cv::Mat& pattern) {
    return {(pattern.cols - 1) / 2.0, (pattern.rows - 1) / 2.0};
}

cv::Mat shear(const cv::Mat& pattern, double s, bool alongX) {
    if (s == 0.0)
        return pattern.clone();
    const cv::Point2d c = centre(pattern);
    const cv::Mat forward = alongX ? (cv::Mat_<double>(2, 3) << 1, s, -s * c.y, 0, 1, 0)
                                   : (cv::Mat_<double>(2, 3) << 1, 0, 0, s, 1, -s * c.x);
    return warp(pattern, forward);
}

cv::Mat translate(const cv::Mat& pattern, double dx, double dy) {
    if (dx == 0.0 && dy == 0.0)
        return pattern.clone();
    return warp(pattern, (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy));
}

cv::Mat rotate(const cv::Mat& pattern, double degrees) {
    if (degrees == 0.0)
        return pattern.clone();
    return warp(pattern, cv::getRotationMatrix2D(centre(pattern), degrees, 1.0));
}

// Per-value lookup for both depths: 8-bit through cv::LUT, 16-bit by a direct table.
template <typename F> cv::Mat mapValues(const cv::Mat& pattern, F f) {
    cv::Mat out(pattern.size(), pattern.type());
    if (pattern.depth() == CV_8U) {
        cv::Mat table(1, 256, CV_8U);
        for (int v = 0; v < 256; ++v)
            table.at<std::uint8_t>(v) = cv::saturate_cast<std::uint8_t>(f(v));
        cv::LUT(pattern, table, out);
        return out;
    }
    std::vector<std::uint16_t> table(65536);
    for (int v = 0; v < 65536; ++v)
        table[static_cast<size_t>(v)] = cv::saturate_cast<std::uint16_t>(f(v));
    const int values = pattern.cols * pattern.channels();
    for (int y = 0; y < pattern.rows; ++y) {
        const auto* in = pattern.ptr<std::uint16_t>(y);
        auto* o = out.ptr<std::uint16_t>(y);
        for (int i = 0; i < values; ++i)
            o[i] = table[in[i]];
    }
    return out;
}

cv::Mat solarize(const cv::Mat& pattern, double threshold) {
    const double top = maxValue(pattern.depth());
    return mapValues(pattern, [&](int v) { return v >= threshold ? top - v : double(v); });
}

cv::Mat posterize(const cv::Mat& pattern, int keptBits) {
    const int depthBits = pattern.depth() == CV_16U ? 16 : 8;
    const int mask = ~((1 << (depthBits - keptBits)) - 1);
    return mapValues(pattern, [&](int v) { return double(v & mask); });
}

// Runs `f` on each channel (as a single-channel image) and merges the results.
template <typename F> cv::Mat perChannel(const cv::Mat& pattern, F f) {
    if (pattern.channels() == 1)
        return f(pattern);
    std::vector<cv::Mat> planes;
    cv::split(pattern, planes);
    for (cv::Mat& plane : planes)
        plane = f(plane);
    cv::Mat out;
    cv::merge(planes, out);
    return out;
}

cv::Mat autoContrastPlane(const cv::Mat& plane) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(plane, &lo, &hi);
    if (hi <= lo)
        return plane.clone();
    const double scale = maxValue(plane.depth()) / (hi - lo);
    cv::Mat out;
    plane.convertTo(out, plane.type(), scale, -lo * scale);
    return out;
}

// Histogram equalisation as OpenCV's equalizeHist, for 256 or 65536 bins: the first occupied
// level maps to 0, the cumulative count of the rest spreads over the full range.
cv::Mat equalizePlane(const cv::Mat& plane) {
    const bool wide = plane.depth() == CV_16U;
    const size_t bins = wide ? 65536 : 256;
    std::vector<long long> histogram(bins, 0);
    for (int y = 0; y < plane.rows; ++y) {
        if (wide) {
            const auto* p = plane.ptr<std::uint16_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                ++histogram[p[x]];
        } else {
            const auto* p = plane.ptr<std::uint8_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                ++histogram[p[x]];
        }
    }
    const long long total = static_cast<long long>(plane.total());
    size_t first = 0;
    while (histogram[first] == 0)
        ++first;
    if (histogram[first] == total)
        return plane.clone();
    const double scale = maxValue(plane.depth()) / double(total - histogram[first]);
    std::vector<double> table(bins, 0.0);
    long long cumulative = 0;
    for (size_t v = first + 1; v < bins; ++v) {
        cumulative += histogram[v];
        table[v] = cumulative * scale;
    }
    return mapValues(plane, [&](int v) { return table[static_cast<size_t>(v)]; });
}

// out = degenerate + f (in - degenerate), saturated to the pattern's type.
cv::Mat blend(const cv::Mat& pattern, const cv::Mat& degenerate, double factor) {
    cv::Mat in32, deg32, out;
    pattern.convertTo(in32, CV_32F);
    degenerate.convertTo(deg32, CV_32F);
    cv::addWeighted(in32, factor, deg32, 1.0 - factor, 0.0, out);
    out.convertTo(out, pattern.type());
    return out;
}

cv::Mat greyOf(const cv::Mat& pattern) {
    cv::Mat grey;
    if (pattern.channels() == 1)
        return pattern;
    cv::cvtColor(pattern, grey, cv::COLOR_BGR2GRAY);
    return grey;
}

cv::Mat contrast(const cv::Mat& pattern, double factor) {
    if (factor == 1.0)
        return pattern.clone();
    const double mean = std::round(cv::mean(greyOf(pattern))[0]);
    cv::Mat out;
    pattern.convertTo(out, pattern.type(), factor, (1.0 - factor) * mean);
    return out;
}

cv::Mat color(const cv::Mat& pattern, double factor) {
    if (factor == 1.0 || pattern.channels() == 1)
        return pattern.clone();
    cv::Mat grey3;
    cv::cvtColor(greyOf(pattern), grey3, cv::COLOR_GRAY2BGR);
    return blend(pattern, grey3, factor);
}

cv::Mat brightness(const cv::Mat& pattern, double factor) {
    cv::Mat out;
    pattern.convertTo(out, pattern.type(), factor, 0.0);
    return out;
}

cv::Mat sharpness(const cv::Mat& pattern, double factor) {
    if (factor == 1.0 || pattern.rows < 3 || pattern.cols < 3)
        return pattern.clone();
    // PIL's SMOOTH kernel; PIL leaves the one-pixel border of the degenerate image unfiltered.
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, 1, 1, 1, 5, 1, 1, 1, 1) / 13.0f;
    cv::Mat smooth;
    cv::filter2D(pattern, smooth, CV_32F, kernel);
    cv::Mat original32;
    pattern.convertTo(original32, CV_32F);
    const cv::Rect inner(1, 1, pattern.cols - 2, pattern.rows - 2);
    cv::Mat degenerate = original32.clone();
    smooth(inner).copyTo(degenerate(inner));
    cv::Mat out;
    cv::addWeighted(original32, factor, degenerate, 1.0 - factor, 0.0, out);
    out.convertTo(out, pattern.type());
    return out;
}

cv::Mat cutout(const cv::Mat& pattern, double fraction, std::mt19937_64& rng) {
    const int w = static_cast<int>(std::lround(fraction * pattern.cols));
    const int h = static_cast<int>(std::lround(fraction * pattern.rows));
    // The position is drawn even for an empty rectangle so the rng stream does not depend on m.
    const int cx = static_cast<int>(uniformUnit(rng) * pattern.cols);
    const int cy = static_cast<int>(uniformUnit(rng) * pattern.rows);
    cv::Mat out = pattern.clone();
    if (w <= 0 || h <= 0)
        return out;
    const cv::Rect box =
        cv::Rect(cx - w / 2, cy - h / 2, w, h) & cv::Rect(0, 0, out.cols, out.rows);
    out(box).setTo(meanFill(pattern));
    return out;
}

cv::Mat resizeAxis(const cv::Mat& pattern, double scale, bool alongX) {
    if (scale == 1.0)
        return pattern.clone();
    const int w =
        alongX ? std::max(1, static_cast<int>(std::lround(scale * pattern.cols))) : pattern.cols;
    const int h =
        alongX ? pattern.rows : std::max(1, static_cast<int>(std::lround(scale * pattern.rows)));
    cv::Mat out;
    cv::resize(pattern, out, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

} // namespace

double uniformUnit(std::mt19937_64& rng) {
    return double(rng() >> 11) * (1.0 / 9007199254740992.0);
}

double policyParameter(PolicyOp op, double m, int depth) {
    switch (op) {
    case PolicyOp::ShearX:
    case PolicyOp::ShearY:
        return signedAmount(m, kMaxShear);
    case PolicyOp::TranslateX:
    case PolicyOp::TranslateY:
        return signedAmount(m, kMaxTranslateFraction);
    case PolicyOp::Rotate:
        return signedAmount(m, kMaxRotateDegrees);
    case PolicyOp::Solarize:
        return (1.0 - m) * (maxValue(depth) + 1.0);
    case PolicyOp::Posterize: {
        const int bits = depth == CV_16U ? 16 : 8;
        return bits - static_cast<int>(std::lround(m * bits / 2.0));
    }
    case PolicyOp::Contrast:
    case PolicyOp::Color:
    case PolicyOp::Brightness:
    case PolicyOp::Sharpness:
        return kMinFactor + kFactorSpan * m;
    case PolicyOp::Cutout:
        return kMaxCutoutFraction * m;
    case PolicyOp::ResizeX:
    case PolicyOp::ResizeY:
        return kMinResize + m;
    case PolicyOp::AutoContrast:
    case PolicyOp::Invert:
    case PolicyOp::Equalize:
    case PolicyOp::FlipX:
    case PolicyOp::FlipY:
        return 0.0;
    }
    return 0.0;
}

cv::Mat applyPolicy(const cv::Mat& pattern, PolicyOp op, double magnitude, std::mt19937_64& rng) {
    validate(pattern, op, magnitude);
    const double p = policyParameter(op, magnitude, pattern.depth());
    switch (op) {
    case PolicyOp::ShearX:
        return shear(pattern, p, true);
    case PolicyOp::ShearY:
        return shear(pattern, p, false);
    case PolicyOp::TranslateX:
        return translate(pattern, p * pattern.cols, 0.0);
    case PolicyOp::TranslateY:
        return translate(pattern, 0.0, p * pattern.rows);
    case PolicyOp::Rotate:
        return rotate(pattern, p);
    case PolicyOp::AutoContrast:
        return perChannel(pattern, autoContrastPlane);
    case PolicyOp::Invert: {
        cv::Mat out;
        cv::bitwise_not(pattern, out); // 255 - v for 8 bits, 65535 - v for 16 bits
        return out;
    }
    case PolicyOp::Equalize:
        return perChannel(pattern, equalizePlane);
    case PolicyOp::Solarize:
        return solarize(pattern, p);
    case PolicyOp::Posterize:
        return posterize(pattern, static_cast<int>(p));
    case PolicyOp::Contrast:
        return contrast(pattern, p);
    case PolicyOp::Color:
        return color(pattern, p);
    case PolicyOp::Brightness:
        return brightness(pattern, p);
    case PolicyOp::Sharpness:
        return sharpness(pattern, p);
    case PolicyOp::Cutout:
        return cutout(pattern, p, rng);
    case PolicyOp::ResizeX:
        return resizeAxis(pattern, p, true);
    case PolicyOp::ResizeY:
        return resizeAxis(pattern, p, false);
    case PolicyOp::FlipX: {
        cv::Mat out;
        cv::flip(pattern, out, 1);
        return out;
    }
    case PolicyOp::FlipY: {
        cv::Mat out;
        cv::flip(pattern, out, 0);
        return out;
    }
    }
    throw Error(Error::Kind::Internal,
                "Unknown policy operation " + std::to_string(static_cast<int>(op)) + ".");
}

cv::Mat applyPolicy(const cv::Mat& pattern, const Policy& policy, std::mt19937_64& rng) {
    if (!(policy.probability >= 0.0 && policy.probability <= 1.0))
        throw Error(Error::Kind::Usage, "The probability of " + toString(policy.op) + " is " +
                                            std::to_string(policy.probability) +
                                            "; give a probability between 0 and 1.");
    validate(pattern, policy.op, policy.magnitude);
    if (uniformUnit(rng) >= policy.probability)
        return pattern.clone();
    return applyPolicy(pattern, policy.op, policy.magnitude, rng);
}

cv::Mat applySubPolicy(const cv::Mat& pattern, const std::vector<Policy>& steps,
                       std::mt19937_64& rng) {
    cv::Mat out = pattern.clone();
    for (const Policy& step : steps)
        out = applyPolicy(out, step, rng);
    return out;
}

} // namespace ig
