// The policy operations on small hand-made images with known results: identities at the neutral
// magnitude, involutions, geometry of shear/rotate/translate, resize sizes, bit masks,
// thresholds, histograms, and type preservation for 8/16-bit grey and colour.
#include "augment/PolicyOperations.h"
#include "util/Error.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <set>

using namespace ig;

namespace {

const std::vector<int> kTypes = {CV_8UC1, CV_8UC3, CV_16UC1, CV_16UC3};

cv::Mat randomImage(int type, cv::Size size, std::uint64_t seed) {
    cv::Mat image(size, type);
    cv::RNG rng(seed);
    const double top = CV_MAT_DEPTH(type) == CV_16U ? 65535 : 255;
    rng.fill(image, cv::RNG::UNIFORM, 0, top + 1);
    return image;
}

cv::Mat row8(std::initializer_list<int> values) {
    cv::Mat row(1, static_cast<int>(values.size()), CV_8UC1);
    int i = 0;
    for (int v : values)
        row.at<std::uint8_t>(i++) = static_cast<std::uint8_t>(v);
    return row;
}

cv::Mat row16(std::initializer_list<int> values) {
    cv::Mat row(1, static_cast<int>(values.size()), CV_16UC1);
    int i = 0;
    for (int v : values)
        row.at<std::uint16_t>(i++) = static_cast<std::uint16_t>(v);
    return row;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

cv::Mat apply(const cv::Mat& image, PolicyOp op, double magnitude, std::uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    return applyPolicy(image, op, magnitude, rng);
}

cv::Point maxLocation(const cv::Mat& image) {
    cv::Point location;
    cv::minMaxLoc(image, nullptr, nullptr, nullptr, &location);
    return location;
}

// Intensity-weighted centre of the pixels brighter than `above`.
cv::Point2d centroid(const cv::Mat& image, double above) {
    double sx = 0, sy = 0, sw = 0;
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const double v = image.at<std::uint8_t>(y, x);
            if (v > above) {
                sx += v * x;
                sy += v * y;
                sw += v;
            }
        }
    return {sx / sw, sy / sw};
}

template <typename F> Error::Kind errorKindOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return Error::Kind::Internal; // "no error" is reported as a failing kind by the callers
}

} // namespace

class TestPolicyOperations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip() {
        QCOMPARE(allPolicyOps().size(), size_t(19));
        std::set<std::string> names;
        for (PolicyOp op : allPolicyOps()) {
            names.insert(toString(op));
            QVERIFY(policyOpFromString(toString(op)) == op);
        }
        QCOMPARE(names.size(), size_t(19));
        QVERIFY(policyOpFromString("shearx") == PolicyOp::ShearX);
        QVERIFY(policyOpFromString("FLIPY") == PolicyOp::FlipY);
        QVERIFY(errorKindOf([] { policyOpFromString("Blur"); }) == Error::Kind::Usage);
        try {
            policyOpFromString("Blur");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("Equalize") != std::string::npos);
        }
    }

    void neutralMagnitudeIsIdentity() {
        const std::vector<std::pair<PolicyOp, double>> neutral = {
            {PolicyOp::ShearX, 0.5},     {PolicyOp::ShearY, 0.5},     {PolicyOp::TranslateX, 0.5},
            {PolicyOp::TranslateY, 0.5}, {PolicyOp::Rotate, 0.5},     {PolicyOp::Contrast, 0.5},
            {PolicyOp::Color, 0.5},      {PolicyOp::Brightness, 0.5}, {PolicyOp::Sharpness, 0.5},
            {PolicyOp::ResizeX, 0.5},    {PolicyOp::ResizeY, 0.5},    {PolicyOp::Solarize, 0.0},
            {PolicyOp::Posterize, 0.0},  {PolicyOp::Cutout, 0.0}};
        for (int type : kTypes) {
            const cv::Mat image = randomImage(type, {23, 17}, 5);
            for (const auto& [op, m] : neutral) {
                const cv::Mat out = apply(image, op, m);
                if (!identical(out, image))
                    QFAIL(("not identity: " + toString(op) + " type " + std::to_string(type))
                              .c_str());
            }
            // Away from neutral the ops do change the pattern.
            for (const auto& [op, m] : neutral) {
                if (op == PolicyOp::Color && CV_MAT_CN(type) == 1)
                    continue; // documented: Color leaves grey patterns unchanged
                if (identical(apply(image, op, 1.0), image))
                    QFAIL(("no change at magnitude 1: " + toString(op)).c_str());
            }
        }
    }

    void involutions() {
        for (int type : kTypes) {
            const cv::Mat image = randomImage(type, {13, 9}, 7);
            for (PolicyOp op : {PolicyOp::Invert, PolicyOp::FlipX, PolicyOp::FlipY}) {
                const cv::Mat once = apply(image, op, 0.3);
                QVERIFY(!identical(once, image));
                QVERIFY(identical(apply(once, op, 0.9), image));
            }
        }
        cv::Mat grey = row8({0, 10, 255});
        QVERIFY(identical(apply(grey, PolicyOp::Invert, 0), row8({255, 245, 0})));
        cv::Mat wide = row16({1000, 65535});
        QVERIFY(identical(apply(wide, PolicyOp::Invert, 0), row16({64535, 0})));
        cv::Mat corner(5, 7, CV_8UC1, cv::Scalar(0));
        corner.at<std::uint8_t>(0, 0) = 200;
        QCOMPARE(maxLocation(apply(corner, PolicyOp::FlipX, 0)), cv::Point(6, 0));
        QCOMPARE(maxLocation(apply(corner, PolicyOp::FlipY, 0)), cv::Point(0, 4));
    }

    void shearGeometry() {
        // 21x21, centre (10, 10): ShearX moves (x, y) to x + s (y - 10); s = 0.3 (2m - 1).
        cv::Mat image(21, 21, CV_8UC1, cv::Scalar(0));
        image.at<std::uint8_t>(20, 10) = 255;
        QCOMPARE(maxLocation(apply(image, PolicyOp::ShearX, 1.0)), cv::Point(13, 20));
        QCOMPARE(maxLocation(apply(image, PolicyOp::ShearX, 0.0)), cv::Point(7, 20));
        QCOMPARE(int(apply(image, PolicyOp::ShearX, 1.0).at<std::uint8_t>(20, 13)), 255);
        cv::Mat right(21, 21, CV_8UC1, cv::Scalar(0));
        right.at<std::uint8_t>(10, 20) = 255;
        QCOMPARE(maxLocation(apply(right, PolicyOp::ShearY, 1.0)), cv::Point(20, 13));
        QCOMPARE(maxLocation(apply(right, PolicyOp::ShearY, 0.0)), cv::Point(20, 7));
        // A point on the centre row does not move under ShearX.
        QCOMPARE(maxLocation(apply(right, PolicyOp::ShearX, 1.0)), cv::Point(20, 10));
        QCOMPARE(policyParameter(PolicyOp::ShearX, 0.75), 0.15);
    }

    void translateGeometry() {
        cv::Mat image(20, 20, CV_8UC1, cv::Scalar(0));
        image.at<std::uint8_t>(5, 2) = 255;
        // 0.45 of 20 px = 9 px.
        QCOMPARE(maxLocation(apply(image, PolicyOp::TranslateX, 1.0)), cv::Point(11, 5));
        cv::Mat low(20, 20, CV_8UC1, cv::Scalar(0));
        low.at<std::uint8_t>(15, 4) = 255;
        QCOMPARE(maxLocation(apply(low, PolicyOp::TranslateY, 0.0)), cv::Point(4, 6));
        // Uncovered pixels take the mean (here 255 / 400 -> 1), not black.
        cv::Mat bright(20, 20, CV_8UC1, cv::Scalar(200));
        const cv::Mat moved = apply(bright, PolicyOp::TranslateX, 1.0);
        QCOMPARE(int(moved.at<std::uint8_t>(0, 0)), 200);
    }

    void rotateGeometry() {
        // +30 degrees (m = 1) turns counter-clockwise as displayed, about the centre (20, 20):
        // a point 15 px right of the centre goes to (20 + 15 cos 30, 20 - 15 sin 30).
        cv::Mat image(41, 41, CV_8UC1, cv::Scalar(0));
        image.at<std::uint8_t>(20, 35) = 255;
        const cv::Point2d ccw = centroid(apply(image, PolicyOp::Rotate, 1.0), 10);
        QVERIFY(std::abs(ccw.x - (20 + 15 * std::cos(CV_PI / 6))) < 0.6);
        QVERIFY(std::abs(ccw.y - (20 - 15 * std::sin(CV_PI / 6))) < 0.6);
        const cv::Point2d cw = centroid(apply(image, PolicyOp::Rotate, 0.0), 10);
        QVERIFY(std::abs(cw.y - (20 + 15 * std::sin(CV_PI / 6))) < 0.6);
        // A horizontal line through the centre becomes a line of slope -tan(15 deg) at m = 0.75.
        cv::Mat line(41, 41, CV_8UC1, cv::Scalar(0));
        line.row(20).setTo(255);
        const cv::Mat turned = apply(line, PolicyOp::Rotate, 0.75);
        for (int x : {8, 32}) {
            int bestY = 0;
            for (int y = 0; y < 41; ++y)
                if (turned.at<std::uint8_t>(y, x) > turned.at<std::uint8_t>(bestY, x))
                    bestY = y;
            const double expected = 20 - (x - 20) * std::tan(CV_PI / 12);
            QVERIFY2(std::abs(bestY - expected) <= 1.0, std::to_string(bestY).c_str());
        }
    }

    void resizeSizes() {
        for (int type : kTypes) {
            const cv::Mat image = randomImage(type, {40, 20}, 3);
            QCOMPARE(apply(image, PolicyOp::ResizeX, 1.0).size(), cv::Size(60, 20));
            QCOMPARE(apply(image, PolicyOp::ResizeX, 0.0).size(), cv::Size(20, 20));
            QCOMPARE(apply(image, PolicyOp::ResizeY, 0.25).size(), cv::Size(40, 15));
            QCOMPARE(apply(image, PolicyOp::ResizeY, 1.0).size(), cv::Size(40, 30));
            QCOMPARE(apply(image, PolicyOp::ResizeX, 1.0).type(), type);
        }
        const cv::Mat thin(1, 1, CV_8UC1, cv::Scalar(9));
        QCOMPARE(apply(thin, PolicyOp::ResizeX, 0.0).size(), cv::Size(1, 1));
    }

    void posterizeMasks() {
        const cv::Mat grey = row8({183, 255});                                       // 1011 0111
        QVERIFY(identical(apply(grey, PolicyOp::Posterize, 1.0), row8({176, 240}))); // 4 bits kept
        QVERIFY(identical(apply(grey, PolicyOp::Posterize, 0.5), row8({180, 252}))); // 6 bits kept
        QCOMPARE(policyParameter(PolicyOp::Posterize, 1.0, CV_8U), 4.0);
        QCOMPARE(policyParameter(PolicyOp::Posterize, 0.0, CV_8U), 8.0);
        const cv::Mat wide = row16({0xABCD});
        QCOMPARE(int(apply(wide, PolicyOp::Posterize, 1.0).at<std::uint16_t>(0)), 0xAB00);
        QCOMPARE(int(apply(wide, PolicyOp::Posterize, 0.25).at<std::uint16_t>(0)), 0xABCC);
        QCOMPARE(policyParameter(PolicyOp::Posterize, 1.0, CV_16U), 8.0);
        cv::Mat colour(1, 1, CV_8UC3, cv::Scalar(183, 7, 255));
        const cv::Vec3b c = apply(colour, PolicyOp::Posterize, 1.0).at<cv::Vec3b>(0);
        QVERIFY(c == cv::Vec3b(176, 0, 240));
    }

    void solarizeThresholds() {
        const cv::Mat grey = row8({100, 127, 128, 200});
        // m = 0.5: threshold 128, values >= 128 are inverted.
        QVERIFY(identical(apply(grey, PolicyOp::Solarize, 0.5), row8({100, 127, 127, 55})));
        QVERIFY(identical(apply(grey, PolicyOp::Solarize, 1.0), apply(grey, PolicyOp::Invert, 0)));
        const cv::Mat wide = row16({1000, 32767, 40000});
        QVERIFY(identical(apply(wide, PolicyOp::Solarize, 0.5), row16({1000, 32767, 25535})));
        QCOMPARE(policyParameter(PolicyOp::Solarize, 0.5, CV_16U), 32768.0);
    }

    void equalizeFlattens() {
        for (int depth : {CV_8U, CV_16U}) {
            const double top = depth == CV_16U ? 65535 : 255;
            cv::Mat image(64, 64, CV_MAKETYPE(depth, 1));
            cv::RNG rng(11);
            // A narrow band of values: 32 levels in 8 bits, 1000 in 16 bits.
            rng.fill(image, cv::RNG::UNIFORM, 0.40 * top,
                     depth == CV_16U ? 0.40 * top + 1000 : 0.40 * top + 32);
            const cv::Mat out = apply(image, PolicyOp::Equalize, 0);
            QCOMPARE(out.type(), image.type());
            double lo, hi;
            cv::minMaxLoc(out, &lo, &hi);
            QCOMPARE(lo, 0.0);
            QCOMPARE(hi, top);
            std::vector<int> bins(8, 0);
            for (int y = 0; y < out.rows; ++y)
                for (int x = 0; x < out.cols; ++x) {
                    const double v =
                        depth == CV_16U ? out.at<std::uint16_t>(y, x) : out.at<std::uint8_t>(y, x);
                    ++bins[std::min(7, int(v / (top + 1) * 8))];
                }
            const double expected = out.total() / 8.0;
            for (int count : bins)
                QVERIFY2(count > 0.5 * expected && count < 1.5 * expected,
                         std::to_string(count).c_str());
        }
        const cv::Mat flat(4, 4, CV_8UC1, cv::Scalar(77));
        QVERIFY(identical(apply(flat, PolicyOp::Equalize, 0), flat));
    }

    void autoContrastStretches() {
        cv::Mat grey = row8({50, 68, 101}); // scale 255 / 51 = 5
        QVERIFY(identical(apply(grey, PolicyOp::AutoContrast, 0), row8({0, 90, 255})));
        cv::Mat wide = row16({1000, 2000});
        QVERIFY(identical(apply(wide, PolicyOp::AutoContrast, 0), row16({0, 65535})));
        // Per channel, as PIL: each channel reaches 0 and 255.
        cv::Mat colour(1, 2, CV_8UC3);
        colour.at<cv::Vec3b>(0) = {10, 100, 0};
        colour.at<cv::Vec3b>(1) = {20, 200, 50};
        const cv::Mat out = apply(colour, PolicyOp::AutoContrast, 0);
        QVERIFY(out.at<cv::Vec3b>(0) == cv::Vec3b(0, 0, 0));
        QVERIFY(out.at<cv::Vec3b>(1) == cv::Vec3b(255, 255, 255));
    }

    void enhanceFactors() {
        // Contrast blends with the mean grey (120): 100 -> 120 - f 20, 140 -> 120 + f 20.
        cv::Mat two = row8({100, 140});
        QVERIFY(identical(apply(two, PolicyOp::Contrast, 1.0), row8({82, 158})));
        QVERIFY(identical(apply(two, PolicyOp::Contrast, 0.0), row8({118, 122})));
        // Brightness scales towards black, saturating.
        cv::Mat bright = row8({100, 200});
        QVERIFY(identical(apply(bright, PolicyOp::Brightness, 0.0), row8({10, 20})));
        QVERIFY(identical(apply(bright, PolicyOp::Brightness, 1.0), row8({190, 255})));
        cv::Mat wide = row16({60000});
        QCOMPARE(int(apply(wide, PolicyOp::Brightness, 0.0).at<std::uint16_t>(0)), 6000);
        // Color blends with the grey version: pure blue (BGR 255,0,0) has grey 29.
        cv::Mat blue(1, 1, CV_8UC3, cv::Scalar(255, 0, 0));
        const cv::Vec3b faded = apply(blue, PolicyOp::Color, 0.0).at<cv::Vec3b>(0);
        QVERIFY(std::abs(faded[0] - 52) <= 1 && std::abs(faded[1] - 26) <= 1 &&
                std::abs(faded[2] - 26) <= 1);
        // Sharpness blends with PIL's SMOOTH: a 100 dot on 50 smooths to 69.2.
        cv::Mat dot(5, 5, CV_8UC1, cv::Scalar(50));
        dot.at<std::uint8_t>(2, 2) = 100;
        QCOMPARE(int(apply(dot, PolicyOp::Sharpness, 0.0).at<std::uint8_t>(2, 2)), 72);
        QCOMPARE(int(apply(dot, PolicyOp::Sharpness, 1.0).at<std::uint8_t>(2, 2)), 128);
        QCOMPARE(int(apply(dot, PolicyOp::Sharpness, 0.0).at<std::uint8_t>(0, 0)), 50);
    }

    void cutoutFillsWithMean() {
        cv::Mat image(50, 50, CV_8UC1, cv::Scalar(0));
        image.colRange(25, 50).setTo(200); // mean 100
        const cv::Mat out = apply(image, PolicyOp::Cutout, 1.0, 42);
        const int filled = cv::countNonZero(out == 100);
        QVERIFY2(filled > 0 && filled <= 100, std::to_string(filled).c_str()); // 10 x 10 at most
        QCOMPARE(cv::countNonZero(out != image), filled);
        QVERIFY(identical(out, apply(image, PolicyOp::Cutout, 1.0, 42)));
        bool moved = false;
        for (std::uint64_t seed = 1; seed < 10 && !moved; ++seed)
            moved = !identical(out, apply(image, PolicyOp::Cutout, 1.0, seed));
        QVERIFY(moved);
        QCOMPARE(policyParameter(PolicyOp::Cutout, 1.0), 0.2);
    }

    void everyOpKeepsType() {
        for (int type : kTypes) {
            const cv::Mat image = randomImage(type, {31, 12}, 13);
            for (PolicyOp op : allPolicyOps())
                for (double m : {0.0, 0.37, 1.0}) {
                    const cv::Mat out = apply(image, op, m);
                    QCOMPARE(out.type(), type);
                    if (op != PolicyOp::ResizeX && op != PolicyOp::ResizeY)
                        QCOMPARE(out.size(), image.size());
                    QVERIFY(out.data != image.data);
                }
        }
    }

    void probabilityAndSubPolicy() {
        const cv::Mat image = randomImage(CV_8UC1, {8, 8}, 2);
        std::mt19937_64 rng(1);
        QVERIFY(identical(applyPolicy(image, Policy{PolicyOp::Invert, 0.0, 0.5}, rng), image));
        QVERIFY(identical(applyPolicy(image, Policy{PolicyOp::Invert, 1.0, 0.5}, rng),
                          apply(image, PolicyOp::Invert, 0)));
        int applied = 0;
        for (int i = 0; i < 400; ++i)
            applied +=
                identical(applyPolicy(image, Policy{PolicyOp::FlipX, 0.25, 0}, rng), image) ? 0 : 1;
        QVERIFY2(applied > 60 && applied < 140, std::to_string(applied).c_str());
        const cv::Mat twice =
            applySubPolicy(image, {{PolicyOp::Invert, 1.0, 0}, {PolicyOp::Invert, 1.0, 0}}, rng);
        QVERIFY(identical(twice, image));
    }

    void badInputIsRejected() {
        std::mt19937_64 rng(1);
        QVERIFY(errorKindOf([&] { applyPolicy(cv::Mat(), PolicyOp::Invert, 0.5, rng); }) ==
                Error::Kind::Input);
        QVERIFY(errorKindOf([&] {
                    applyPolicy(cv::Mat(4, 4, CV_32FC1, cv::Scalar(0)), PolicyOp::Invert, 0.5, rng);
                }) == Error::Kind::Input);
        const cv::Mat image(4, 4, CV_8UC1, cv::Scalar(3));
        QVERIFY(errorKindOf([&] { applyPolicy(image, PolicyOp::Rotate, 1.5, rng); }) ==
                Error::Kind::Usage);
        QVERIFY(errorKindOf([&] { applyPolicy(image, PolicyOp::Rotate, std::nan(""), rng); }) ==
                Error::Kind::Usage);
        QVERIFY(errorKindOf([&] {
                    applyPolicy(image, Policy{PolicyOp::Rotate, 2.0, 0.5}, rng);
                }) == Error::Kind::Usage);
    }
};

QTEST_APPLESS_MAIN(TestPolicyOperations)
#include "TestPolicyOperations.moc"
