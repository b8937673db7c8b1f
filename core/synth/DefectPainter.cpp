#include "synth/DefectPainter.h"

#include "util/Error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace ig {
namespace {

constexpr double kPi = 3.141592653589793;
constexpr double kDegree = kPi / 180.0;
constexpr int kMargin = 4; // defects keep this far from the border, so their box stays whole

// A point of a stroke with the contrast and half-width (Gaussian sigma) the stroke has there.
struct StrokePoint {
    cv::Point2d position;
    double amplitude;
    double sigma;
};
using Stroke = std::vector<StrokePoint>;

// A shape before placement: strokes and blobs around the origin.
struct Blob {
    cv::Point2d centre;
    double sigmaX, sigmaY, angle, amplitude;
};
struct Shape {
    std::vector<Stroke> strokes;
    std::vector<Blob> blobs;
};

cv::Rect2d reachOf(const Shape& shape) {
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    auto include = [&](cv::Point2d p, double reach) {
        x0 = std::min(x0, p.x - reach), y0 = std::min(y0, p.y - reach);
        x1 = std::max(x1, p.x + reach), y1 = std::max(y1, p.y + reach);
    };
    for (const auto& stroke : shape.strokes)
        for (const auto& point : stroke)
            include(point.position, 3.5 * point.sigma);
    for (const auto& blob : shape.blobs)
        include(blob.centre, 3.5 * std::max(blob.sigmaX, blob.sigmaY));
    return {x0, y0, x1 - x0, y1 - y0};
}

void scaleShape(Shape& shape, double factor) {
    for (auto& stroke : shape.strokes)
        for (auto& point : stroke)
            point.position *= factor;
    for (auto& blob : shape.blobs)
        blob.centre *= factor, blob.sigmaX *= factor, blob.sigmaY *= factor;
}

void moveShape(Shape& shape, cv::Point2d offset) {
    for (auto& stroke : shape.strokes)
        for (auto& point : stroke)
            point.position += offset;
    for (auto& blob : shape.blobs)
        blob.centre += offset;
}

// Keeps, per pixel, the stronger of what is there and the new value: where strokes cross or a
// branch leaves the trunk the line does not get twice as dark.
void combineStronger(float& pixel, double value) {
    if (std::abs(value) > std::abs(pixel))
        pixel = static_cast<float>(value);
}

// Renders a polyline with a Gaussian cross-section; amplitude and sigma are interpolated along
// each segment, so the line is anti-aliased and its strength may vary along its length.
void renderStroke(cv::Mat& layer, const Stroke& stroke) {
    if (stroke.size() < 2)
        return;
    double reach = 0;
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (const auto& point : stroke) {
        reach = std::max(reach, 3.5 * point.sigma);
        x0 = std::min(x0, point.position.x), y0 = std::min(y0, point.position.y);
        x1 = std::max(x1, point.position.x), y1 = std::max(y1, point.position.y);
    }
    const int left = std::max(0, int(std::floor(x0 - reach))),
              top = std::max(0, int(std::floor(y0 - reach)));
    const int right = std::min(layer.cols - 1, int(std::ceil(x1 + reach))),
              bottom = std::min(layer.rows - 1, int(std::ceil(y1 + reach)));
    for (int y = top; y <= bottom; ++y) {
        auto* row = layer.ptr<float>(y);
        for (int x = left; x <= right; ++x) {
            const cv::Point2d pixel(x + 0.5, y + 0.5);
            double bestDistance2 = 1e18, amplitude = 0, sigma = 1;
            for (size_t i = 0; i + 1 < stroke.size(); ++i) {
                const cv::Point2d a = stroke[i].position, b = stroke[i + 1].position;
                const cv::Point2d ab = b - a;
                const double length2 = ab.dot(ab);
                const double t =
                    length2 > 0 ? std::clamp((pixel - a).dot(ab) / length2, 0.0, 1.0) : 0.0;
                const cv::Point2d nearest = a + t * ab;
                const double distance2 = (pixel - nearest).dot(pixel - nearest);
                if (distance2 < bestDistance2) {
                    bestDistance2 = distance2;
                    amplitude = (1 - t) * stroke[i].amplitude + t * stroke[i + 1].amplitude;
                    sigma = (1 - t) * stroke[i].sigma + t * stroke[i + 1].sigma;
                }
            }
            if (bestDistance2 <= reach * reach)
                combineStronger(row[x], amplitude * std::exp(-bestDistance2 / (2 * sigma * sigma)));
        }
    }
}

// Renders a group of elliptic Gaussian blobs as one soft spot whose peak is the strongest
// blob amplitude (the sum is rescaled so overlapping blobs do not pile up).
void renderBlobs(cv::Mat& layer, const std::vector<Blob>& blobs) {
    if (blobs.empty())
        return;
    Shape only;
    only.blobs = blobs;
    const cv::Rect2d reach = reachOf(only);
    const cv::Rect area =
        cv::Rect(int(std::floor(reach.x)), int(std::floor(reach.y)),
                 int(std::ceil(reach.width)) + 2, int(std::ceil(reach.height)) + 2) &
        cv::Rect(0, 0, layer.cols, layer.rows);
    if (area.empty())
        return;
    cv::Mat sum(area.size(), CV_64FC1, cv::Scalar(0));
    double strongest = 0;
    for (const auto& blob : blobs) {
        strongest = std::max(strongest, std::abs(blob.amplitude));
        const double c = std::cos(blob.angle), s = std::sin(blob.angle);
        for (int y = 0; y < area.height; ++y)
            for (int x = 0; x < area.width; ++x) {
                const double dx = area.x + x + 0.5 - blob.centre.x,
                             dy = area.y + y + 0.5 - blob.centre.y;
                const double u = (c * dx + s * dy) / blob.sigmaX,
                             v = (-s * dx + c * dy) / blob.sigmaY;
                sum.at<double>(y, x) += blob.amplitude * std::exp(-0.5 * (u * u + v * v));
            }
    }
    double low, high;
    cv::minMaxLoc(sum, &low, &high);
    const double peak = std::max(std::abs(low), std::abs(high));
    const double scale = peak > 0 ? strongest / peak : 0;
    for (int y = 0; y < area.height; ++y)
        for (int x = 0; x < area.width; ++x)
            combineStronger(layer.at<float>(area.y + y, area.x + x), sum.at<double>(y, x) * scale);
}

// The direction across the grain: scratches and cracks run roughly this way, as cracks do
// across commutator bars.
double acrossGrain(GrainDirection grain) {
    return grain == GrainDirection::AlongHeight ? 0.0 : 90 * kDegree;
}

// Room for a defect's length across the grain.
double roomAcross(cv::Size size, GrainDirection grain) {
    return (grain == GrainDirection::AlongHeight ? size.width : size.height) - 2.0 * kMargin;
}

Shape makeScratch(cv::Size size, GrainDirection grain, double contrast, SynthRandom& random) {
    const double length =
        std::clamp(random.uniform(0.35, 0.7) * roomAcross(size, grain), 12.0, 240.0);
    const double angle = acrossGrain(grain) + random.uniform(-6, 6) * kDegree;
    const cv::Point2d direction(std::cos(angle), std::sin(angle)),
        normal(-direction.y, direction.x);
    const cv::Point2d start = -0.5 * length * direction, end = 0.5 * length * direction;
    const cv::Point2d control = random.uniform(-0.05, 0.05) * length * normal; // gentle bend
    const bool bright = random.chance(0.7); // scratches catch the light more often than not
    const double amplitude = (bright ? random.uniform(55, 80) : -random.uniform(45, 65)) * contrast;
    const double sigma = random.uniform(1.0, 1.4);
    const double wobblePhase = random.uniform(0, 2 * kPi), wobbleCycles = random.uniform(1, 3);

    Stroke stroke;
    const int points = std::max(3, int(length / 2));
    for (int i = 0; i < points; ++i) {
        const double t = double(i) / (points - 1);
        const cv::Point2d position =
            (1 - t) * (1 - t) * start + 2 * (1 - t) * t * control + t * t * end;
        const double taper = std::pow(std::min({1.0, t / 0.12, (1 - t) / 0.12}), 0.7);
        const double wobble = 0.85 + 0.15 * std::sin(2 * kPi * wobbleCycles * t + wobblePhase);
        stroke.push_back({position, amplitude * taper * wobble, sigma});
    }
    Shape shape;
    shape.strokes.push_back(std::move(stroke));
    return shape;
}

// A jagged random walk that keeps returning to its main heading.
Stroke crackWalk(cv::Point2d start, double heading, double length, double amplitude, double sigma,
                 bool taperToEnd, SynthRandom& random) {
    Stroke walk;
    cv::Point2d position = start;
    double deviation = 0, travelled = 0;
    walk.push_back({position, amplitude, sigma});
    while (travelled < length) {
        deviation = 0.6 * deviation + random.uniform(-0.45, 0.45);
        const double step = random.uniform(3, 6);
        position +=
            step * cv::Point2d(std::cos(heading + deviation), std::sin(heading + deviation));
        travelled += step;
        const double fade = taperToEnd ? std::max(0.15, 1 - travelled / length) : 1.0;
        walk.push_back({position, amplitude * fade * random.uniform(0.75, 1.0),
                        sigma * random.uniform(0.8, 1.2) * (taperToEnd ? std::sqrt(fade) : 1.0)});
    }
    return walk;
}

Shape makeCrack(cv::Size size, GrainDirection grain, double contrast, SynthRandom& random) {
    const double length =
        std::clamp(random.uniform(0.3, 0.6) * roomAcross(size, grain), 12.0, 220.0);
    const double heading = acrossGrain(grain) + random.uniform(-6, 6) * kDegree;
    const double amplitude = -random.uniform(65, 95) * contrast;
    const double sigma = random.uniform(1.1, 1.6);

    Shape shape;
    const Stroke trunk =
        crackWalk(cv::Point2d(0, 0), heading, length, amplitude, sigma, false, random);
    // A faint dark halo: the crack's edges are chipped.
    Stroke halo = trunk;
    for (auto& point : halo)
        point.amplitude *= 0.3, point.sigma = 3.5;
    const int branches = random.uniformInt(0, 2);
    for (int b = 0; b < branches; ++b) {
        const auto& from =
            trunk[size_t(random.uniformInt(int(trunk.size() / 5), int(trunk.size() * 4 / 5)))];
        const double turn = (random.chance(0.5) ? 1 : -1) * random.uniform(25, 60) * kDegree;
        shape.strokes.push_back(crackWalk(from.position, heading + turn,
                                          random.uniform(0.2, 0.45) * length, 0.8 * amplitude,
                                          0.7 * sigma, true, random));
    }
    shape.strokes.insert(shape.strokes.begin(), trunk);
    shape.strokes.push_back(std::move(halo));
    // Centre the crack on the origin so placement treats every shape alike.
    const cv::Rect2d reach = reachOf(shape);
    moveShape(shape, -cv::Point2d(reach.x + reach.width / 2, reach.y + reach.height / 2));
    return shape;
}

Shape makeSpot(cv::Size size, double contrast, SynthRandom& random) {
    const double radius = std::min(random.uniform(9, 16), std::min(size.width, size.height) / 8.0);
    const bool dark = random.chance(0.65);
    const double amplitude = (dark ? -random.uniform(60, 90) : random.uniform(55, 80)) * contrast;
    Shape shape;
    const int parts = random.uniformInt(2, 3); // a few overlapping lobes make an irregular outline
    for (int i = 0; i < parts; ++i) {
        const cv::Point2d centre(0.35 * radius * random.normal(), 0.35 * radius * random.normal());
        shape.blobs.push_back({centre, radius * random.uniform(0.45, 0.7),
                               radius * random.uniform(0.45, 0.7), random.uniform(0, kPi),
                               amplitude * random.uniform(0.6, 1.0)});
    }
    return shape;
}

Shape makeShape(const std::string& type, cv::Size size, GrainDirection grain, double contrast,
                SynthRandom& random) {
    if (type == kSynthScratch)
        return makeScratch(size, grain, contrast, random);
    if (type == kSynthCrack)
        return makeCrack(size, grain, contrast, random);
    if (type == kSynthSpot)
        return makeSpot(size, contrast, random);
    throw Error(Error::Kind::Usage,
                "Unknown synthetic defect type '" + type + "'; use scratch, crack or spot.");
}

// The box around the pixels the defect moves by at least a fifth of its peak, plus 2 px.
cv::Rect footprint(const cv::Mat& layer) {
    double low, high;
    cv::minMaxLoc(layer, &low, &high);
    const double threshold = 0.2 * std::max(std::abs(low), std::abs(high));
    if (threshold <= 0)
        return {};
    cv::Mat strong = cv::abs(layer) >= threshold;
    const cv::Rect box = cv::boundingRect(strong);
    const cv::Rect grown(box.x - 2, box.y - 2, box.width + 4, box.height + 4);
    return grown & cv::Rect(0, 0, layer.cols, layer.rows);
}

} // namespace

PaintedDefect paintDefect(const std::string& type, cv::Size imageSize, GrainDirection grain,
                          double contrast, const std::vector<cv::Rect>& occupied,
                          SynthRandom& random) {
    Shape shape = makeShape(type, imageSize, grain, contrast, random);

    // Shrink what does not fit (tiny images), then try a few places clear of other defects.
    cv::Rect2d reach = reachOf(shape);
    const double roomX = imageSize.width - 2.0 * kMargin, roomY = imageSize.height - 2.0 * kMargin;
    const double fit = std::min({1.0, roomX / reach.width, roomY / reach.height});
    if (fit < 1.0) {
        scaleShape(shape, fit * 0.98);
        reach = reachOf(shape);
    }
    cv::Point2d offset;
    for (int attempt = 0; attempt < 30; ++attempt) {
        const double x = random.uniform(
            kMargin, std::max<double>(kMargin, imageSize.width - kMargin - reach.width));
        const double y = random.uniform(
            kMargin, std::max<double>(kMargin, imageSize.height - kMargin - reach.height));
        offset = cv::Point2d(x - reach.x, y - reach.y);
        const cv::Rect placed(int(x), int(y), int(std::ceil(reach.width)),
                              int(std::ceil(reach.height)));
        const bool clear =
            std::none_of(occupied.begin(), occupied.end(),
                         [&](const cv::Rect& other) { return (placed & other).area() > 0; });
        if (clear)
            break;
    }
    moveShape(shape, offset);

    PaintedDefect painted;
    painted.layer = cv::Mat::zeros(imageSize, CV_32FC1);
    for (const auto& stroke : shape.strokes)
        renderStroke(painted.layer, stroke);
    renderBlobs(painted.layer, shape.blobs);
    painted.box = footprint(painted.layer);
    return painted;
}

} // namespace ig
