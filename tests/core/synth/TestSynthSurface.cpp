// Synthetic surfaces: the same seed gives the same pixels, boxes lie inside the image and around
// what was drawn (checked against the defect-free twin of the same surface), options are checked.
#include "synth/SurfaceGenerator.h"
#include "synth/SynthRandom.h"
#include "util/Error.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <map>
#include <set>

using namespace ig;

namespace {

bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

void expectUsageError(const SurfaceOptions& options) {
    try {
        generateSurface(options);
        QFAIL("bad surface options were accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), Error::Kind::Usage);
    }
}

} // namespace

class TestSynthSurface : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void randomStreamsArePinned() {
        // mt19937_64's 10000th output is fixed by the C++ standard; our transforms build on it.
        SynthRandom engine(5489);
        std::uint64_t value = 0;
        for (int i = 0; i < 10000; ++i)
            value = engine.next();
        QCOMPARE(value, std::uint64_t(9981545732273789042ULL));
        SynthRandom random(7);
        for (int i = 0; i < 1000; ++i) {
            const double u = random.uniform();
            QVERIFY(u >= 0 && u < 1);
            const int k = random.uniformInt(-3, 3);
            QVERIFY(k >= -3 && k <= 3);
        }
        QVERIFY(mixSeed(1, 1) != mixSeed(1, 2) && mixSeed(1, 1) != mixSeed(2, 1));
        QCOMPARE(mixSeed(0, 0), mixSeed(0, 0));
    }

    void sameSeedSamePixels() {
        SurfaceOptions options;
        options.seed = 42;
        options.defectProbability = 1;
        options.commutatorBars = true;
        const SynthImage first = generateSurface(options);
        const SynthImage second = generateSurface(options);
        QVERIFY(samePixels(first.pixels, second.pixels));
        QCOMPARE(first.defects.size(), second.defects.size());
        for (size_t i = 0; i < first.defects.size(); ++i) {
            QCOMPARE(first.defects[i].type, second.defects[i].type);
            QCOMPARE(first.defects[i].box, second.defects[i].box);
        }
        options.seed = 43;
        QVERIFY(!samePixels(generateSurface(options).pixels, first.pixels));
    }

    void sizeAndDepthAsAsked() {
        SurfaceOptions options;
        options.width = 161;
        options.height = 5278; // the tall strip the UI tests use
        options.seed = 3;
        options.defectProbability = 1;
        options.maxDefectsPerImage = 5;
        const SynthImage tall = generateSurface(options);
        QCOMPARE(tall.pixels.cols, 161);
        QCOMPARE(tall.pixels.rows, 5278);
        QCOMPARE(tall.pixels.type(), CV_8UC1);
        QVERIFY(!tall.defects.empty());

        options.width = 200;
        options.height = 300;
        options.bitDepth = 16;
        const SynthImage deep = generateSurface(options);
        QCOMPARE(deep.pixels.type(), CV_16UC1);
        options.bitDepth = 8;
        const SynthImage shallow = generateSurface(options);
        cv::Mat scaled;
        deep.pixels.convertTo(scaled, CV_8UC1, 1.0 / 257.0);
        QVERIFY(cv::norm(scaled, shallow.pixels, cv::NORM_INF) <= 1); // same surface, finer steps
        double low, high;
        cv::minMaxLoc(deep.pixels, &low, &high);
        QVERIFY(high > 255 * 40); // uses the 16-bit range
    }

    void looksLikeASurface() {
        // Mid-grey with texture, neither flat nor clipped.
        SurfaceOptions options;
        options.defectProbability = 0;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            options.seed = seed;
            const cv::Mat pixels = generateSurface(options).pixels;
            cv::Scalar mean, deviation;
            cv::meanStdDev(pixels, mean, deviation);
            QVERIFY2(mean[0] > 80 && mean[0] < 190, qPrintable(QString::number(mean[0])));
            QVERIFY2(deviation[0] > 4 && deviation[0] < 30,
                     qPrintable(QString::number(deviation[0])));
            QVERIFY(cv::countNonZero(pixels == 0) + cv::countNonZero(pixels == 255) <
                    int(pixels.total() / 1000));
        }
    }

    void boxesLieAroundWhatWasDrawn() {
        // The defect-free twin (same seed, probability 0) has the same texture, so the difference
        // is exactly the drawn defects: strong inside each box, faint outside all of them.
        std::map<std::string, int> seen;
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
            for (GrainDirection grain : {GrainDirection::AlongHeight, GrainDirection::AlongWidth}) {
                SurfaceOptions options;
                options.seed = seed;
                options.grain = grain;
                options.commutatorBars = seed % 2 == 0;
                options.defectProbability = 1;
                options.maxDefectsPerImage = 3;
                const SynthImage defective = generateSurface(options);
                options.defectProbability = 0;
                const SynthImage clean = generateSurface(options);
                QVERIFY(clean.defects.empty());
                QVERIFY(!defective.defects.empty());

                cv::Mat difference;
                cv::absdiff(defective.pixels, clean.pixels, difference);
                cv::Mat outside(difference.size(), CV_8UC1, cv::Scalar(255));
                const cv::Rect image(0, 0, defective.pixels.cols, defective.pixels.rows);
                double strongest = 0;
                for (const auto& defect : defective.defects) {
                    ++seen[defect.type];
                    QVERIFY(!defect.box.empty());
                    QCOMPARE(defect.box & image, defect.box); // inside the image
                    double low, high;
                    cv::minMaxLoc(difference(defect.box), &low, &high);
                    strongest = std::max(strongest, high);
                    QVERIFY2(high >= 20,
                             qPrintable(QString("%1 in seed %2 changes at most %3 grey levels")
                                            .arg(defect.type.c_str())
                                            .arg(seed)
                                            .arg(high)));
                    // The box is tight: the defect reaches across most of it.
                    const cv::Mat strong = difference(defect.box) >= 0.2 * high;
                    const cv::Rect reach = cv::boundingRect(strong);
                    QVERIFY(reach.width >= defect.box.width - 6 &&
                            reach.height >= defect.box.height - 6);
                    outside(defect.box).setTo(0);
                }
                // Boxes hold every pixel moved by a fifth of the defect's peak or more.
                double outsideMax;
                cv::minMaxLoc(difference, nullptr, &outsideMax, nullptr, nullptr, outside);
                QVERIFY2(
                    outsideMax <= 0.2 * strongest + 1,
                    qPrintable(QString("seed %1 changes %2 grey levels outside the boxes, peak %3")
                                   .arg(seed)
                                   .arg(outsideMax)
                                   .arg(strongest)));
            }
        }
        QCOMPARE(seen.size(), size_t(3)); // scratch, crack and spot all drawn
    }

    void onlyTheChosenTypesAreDrawn() {
        SurfaceOptions options;
        options.defectProbability = 1;
        options.defectTypes = {kSynthSpot};
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            options.seed = seed;
            for (const auto& defect : generateSurface(options).defects)
                QCOMPARE(defect.type, std::string(kSynthSpot));
        }
    }

    void defectProbabilityIsRespected() {
        SurfaceOptions options;
        options.width = 64;
        options.height = 64;
        options.defectProbability = 0.25;
        int defective = 0;
        for (std::uint64_t seed = 1; seed <= 400; ++seed) {
            options.seed = seed;
            defective += generateSurface(options).defects.empty() ? 0 : 1;
        }
        QVERIFY2(defective > 70 && defective < 130,
                 qPrintable(QString::number(defective))); // 100 +- 3 sd
    }

    void badOptionsAreRefused() {
        SurfaceOptions tooSmall;
        tooSmall.width = 10;
        expectUsageError(tooSmall);
        SurfaceOptions probability;
        probability.defectProbability = 1.5;
        expectUsageError(probability);
        SurfaceOptions unknown;
        unknown.defectTypes = {"dent"};
        expectUsageError(unknown);
        SurfaceOptions noTypes;
        noTypes.defectTypes.clear();
        expectUsageError(noTypes);
        noTypes.defectProbability = 0; // fine without types when nothing is drawn
        QVERIFY(generateSurface(noTypes).defects.empty());
        SurfaceOptions depth;
        depth.bitDepth = 12;
        expectUsageError(depth);
    }
};

QTEST_APPLESS_MAIN(TestSynthSurface)
#include "TestSynthSurface.moc"
