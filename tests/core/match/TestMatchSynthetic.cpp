// Small synthetic cases with known answers, checked against a brute-force reference.
#include "match/CorrelationKernels.h"
#include "match/ExactMatcher.h"
#include "match/NccKernel.h"
#include "match/PyramidMatcher.h"
#include "util/Error.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace ig;

namespace {

cv::Mat noise(int width, int height, unsigned seed) {
    cv::Mat m(height, width, CV_8UC1);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

// Smooth random texture (noise blurred by box averaging), closer to real surfaces than white
// noise: neighbouring positions correlate, so coarse levels carry information.
cv::Mat texture(int width, int height, unsigned seed) {
    cv::Mat n = noise(width, height, seed), f;
    n.convertTo(f, CV_32F);
    cv::Mat k = cv::Mat::ones(5, 5, CV_32F) / 25.f;
    cv::Mat out;
    cv::filter2D(f, out, -1, k, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    out.convertTo(out, CV_8U, 3.0, -250.0); // stretch the contrast back
    return out;
}

// r at one position in plain double arithmetic, straight from the definitions.
double bruteForce(const cv::Mat& image, const cv::Mat& pattern, int x, int y, MatchMethod m) {
    const double n = pattern.total();
    double st = 0, si = 0;
    for (int r = 0; r < pattern.rows; ++r)
        for (int c = 0; c < pattern.cols; ++c) {
            st += pattern.at<uint8_t>(r, c);
            si += image.at<uint8_t>(y + r, x + c);
        }
    const double mt = m == MatchMethod::CcoeffNormed ? st / n : 0;
    const double mi = m == MatchMethod::CcoeffNormed ? si / n : 0;
    double num = 0, tt = 0, ii = 0;
    for (int r = 0; r < pattern.rows; ++r)
        for (int c = 0; c < pattern.cols; ++c) {
            const double t = pattern.at<uint8_t>(r, c) - mt;
            const double i = image.at<uint8_t>(y + r, x + c) - mi;
            num += t * i;
            tt += t * t;
            ii += i * i;
        }
    return tt > 1e-9 && ii > 1e-9 ? num / std::sqrt(tt * ii) : 0.0;
}

struct Best {
    double score;
    int x, y;
};

Best bruteForceBest(const cv::Mat& image, const cv::Mat& pattern, MatchMethod m) {
    Best best{-1, 0, 0};
    for (int y = 0; y + pattern.rows <= image.rows; ++y)
        for (int x = 0; x + pattern.cols <= image.cols; ++x) {
            double r = bruteForce(image, pattern, x, y, m);
            if (m == MatchMethod::CcoeffNormed)
                r = std::fabs(r);
            if (r > best.score + 1e-12)
                best = {r, x, y};
        }
    return best;
}

MatchOptions optionsFor(MatchMethod method, int levels = -1) {
    MatchOptions o;
    o.method = method;
    o.levels = levels;
    return o;
}

MatchResult pyramid(const cv::Mat& image, const cv::Mat& pattern, const MatchOptions& o) {
    return matchPyramid(PreparedImage(image, o), PreparedPattern(pattern, o), o);
}

const MatchMethod kMethods[] = {MatchMethod::CcoeffNormed, MatchMethod::CcorrNormed};

} // namespace

class TestMatchSynthetic : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Every position's r from both kernels (few positions along pattern rows, many positions
    // along image rows), in every instruction set this CPU has, equals the textbook formula.
    void kernelEqualsBruteForceEverywhere_data() {
        QTest::addColumn<int>("variant");
        QTest::newRow("best") << int(detail::KernelVariant::Best);
        QTest::newRow("avx512") << int(detail::KernelVariant::Avx512);
        QTest::newRow("avx2") << int(detail::KernelVariant::Avx2);
        QTest::newRow("sse2") << int(detail::KernelVariant::Sse2);
        QTest::newRow("generic") << int(detail::KernelVariant::Generic);
    }
    void kernelEqualsBruteForceEverywhere() {
        QFETCH(int, variant);
        if (!detail::useKernelVariant(static_cast<detail::KernelVariant>(variant)))
            QSKIP("This CPU lacks the instruction set.");
        struct Restore {
            ~Restore() { detail::useKernelVariant(detail::KernelVariant::Best); }
        } restore;
        const cv::Mat image = noise(70, 23, 1);
        for (cv::Size size :
             {cv::Size(1, 1), cv::Size(3, 2), cv::Size(17, 5), cv::Size(33, 9), cv::Size(70, 4)}) {
            const cv::Mat pattern = noise(size.width, size.height, 2);
            const detail::ImagePlane plane = detail::makeImagePlane(image, true);
            const detail::PatternPlane pat = detail::makePatternPlane(pattern);
            for (MatchMethod m : kMethods) {
                const cv::Rect all(0, 0, image.cols - size.width + 1, image.rows - size.height + 1);
                // Whole rows (scan kernel where wide enough) and 3-wide windows (quad kernel).
                std::vector<cv::Rect> windows{all};
                for (int x = 0; x < all.width; x += 3)
                    windows.emplace_back(x, 0, std::min(3, all.width - x), all.height);
                for (const cv::Rect& w : windows) {
                    std::vector<float> out(static_cast<size_t>(w.area()));
                    detail::scorePositions(plane, pat, m, w, out.data());
                    for (int yi = 0; yi < w.height; ++yi)
                        for (int xi = 0; xi < w.width; ++xi) {
                            const double want = bruteForce(image, pattern, w.x + xi, w.y + yi, m);
                            const double got = out[static_cast<size_t>(yi) * w.width + xi];
                            if (std::fabs(want - got) > 1e-6)
                                QFAIL(qPrintable(QString("r(%1,%2) = %3, want %4 (pattern %5x%6)")
                                                     .arg(w.x + xi)
                                                     .arg(w.y + yi)
                                                     .arg(got)
                                                     .arg(want)
                                                     .arg(size.width)
                                                     .arg(size.height)));
                        }
                }
            }
        }
    }

    // A large bright pattern pushes the integer lanes of every kernel towards their limit; the
    // sums are split so that none overflows.
    void largeBrightPatternDoesNotOverflow_data() { kernelEqualsBruteForceEverywhere_data(); }
    void largeBrightPatternDoesNotOverflow() {
        QFETCH(int, variant);
        if (!detail::useKernelVariant(static_cast<detail::KernelVariant>(variant)))
            QSKIP("This CPU lacks the instruction set.");
        struct Restore {
            ~Restore() { detail::useKernelVariant(detail::KernelVariant::Best); }
        } restore;
        // Nearly all 255, with a few darker pixels so both methods have something to measure.
        cv::Mat image(603, 640, CV_8UC1, cv::Scalar(255));
        cv::Mat pattern(600, 600, CV_8UC1, cv::Scalar(255));
        for (int i = 0; i < 40; ++i) {
            image.at<uint8_t>(i * 15 % 603, i * 37 % 640) = 200;
            pattern.at<uint8_t>(i * 13 % 600, i * 41 % 600) = 180;
        }
        const detail::ImagePlane plane = detail::makeImagePlane(image, true);
        const detail::PatternPlane pat = detail::makePatternPlane(pattern);
        for (MatchMethod m : kMethods) {
            // 33 positions per row take the scan kernel, 2 the quad kernel.
            for (const cv::Rect& w : {cv::Rect(0, 0, 33, 2), cv::Rect(7, 1, 2, 2)}) {
                std::vector<float> out(static_cast<size_t>(w.area()));
                detail::scorePositions(plane, pat, m, w, out.data());
                for (int yi = 0; yi < w.height; ++yi)
                    for (int xi = 0; xi < w.width; ++xi) {
                        const double want = bruteForce(image, pattern, w.x + xi, w.y + yi, m);
                        const double got = out[static_cast<size_t>(yi) * w.width + xi];
                        QVERIFY2(std::fabs(want - got) < 1e-5,
                                 qPrintable(QString("%1 vs %2").arg(got).arg(want)));
                    }
            }
        }
    }

    void exactAndExhaustiveEqualBruteForce() {
        const cv::Mat image = texture(90, 60, 3);
        for (cv::Size size : {cv::Size(2, 2), cv::Size(9, 4), cv::Size(25, 16)}) {
            const cv::Mat pattern = texture(size.width, size.height, 4);
            for (MatchMethod m : kMethods) {
                const Best want = bruteForceBest(image, pattern, m);
                const MatchResult exact = matchExact(image, pattern, m);
                const MatchResult full = pyramid(image, pattern, optionsFor(m, 0));
                QVERIFY(exact.valid && full.valid);
                QVERIFY(std::fabs(exact.score - want.score) < 1e-4);
                QVERIFY(std::fabs(full.score - want.score) < 1e-6);
                QCOMPARE(full.x, want.x);
                QCOMPARE(full.y, want.y);
                QCOMPARE(exact.x, want.x);
                QCOMPARE(exact.y, want.y);
            }
        }
    }

    void pastedPatternIsFoundAtItsPlace_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::newRow("wide") << 120 << 24 << 57 << 131;
        QTest::newRow("tall") << 20 << 90 << 3 << 40;
        QTest::newRow("corner") << 64 << 64 << 0 << 0;
        QTest::newRow("far edge") << 48 << 30 << 320 - 48 << 240 - 30;
        QTest::newRow("tiny") << 5 << 4 << 200 << 17;
    }
    void pastedPatternIsFoundAtItsPlace() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, x);
        QFETCH(int, y);
        cv::Mat image = texture(320, 240, 5);
        const cv::Mat pattern = texture(width, height, 6);
        pattern.copyTo(image(cv::Rect(x, y, width, height)));
        for (MatchMethod m : kMethods) {
            for (const MatchResult& r :
                 {matchExact(image, pattern, m), pyramid(image, pattern, optionsFor(m))}) {
                QVERIFY(r.valid);
                QVERIFY2(r.score > 0.9999, qPrintable(QString::number(r.score)));
                QCOMPARE(r.x, x);
                QCOMPARE(r.y, y);
            }
        }
    }

    // Prominence = (best - mean) / std of the whole score map, checked against the brute-force
    // map for the exhaustive search (top level 0): a pasted copy stands far out of its texture;
    // the same pattern on a texture without it does not.
    void prominenceIsHowFarTheBestStandsOut() {
        cv::Mat image = texture(90, 70, 21);
        const cv::Mat pattern = texture(16, 12, 22);
        const MatchOptions exhaustive = optionsFor(MatchMethod::CcoeffNormed, 0);
        const MatchResult without = pyramid(image, pattern, exhaustive);
        pattern.copyTo(image(cv::Rect(40, 30, 16, 12)));
        const MatchResult with = pyramid(image, pattern, exhaustive);

        double sum = 0, sumSquares = 0, n = 0;
        for (int y = 0; y + pattern.rows <= image.rows; ++y)
            for (int x = 0; x + pattern.cols <= image.cols; ++x) {
                const double r =
                    std::fabs(bruteForce(image, pattern, x, y, MatchMethod::CcoeffNormed));
                sum += r;
                sumSquares += r * r;
                ++n;
            }
        const double mean = sum / n, deviation = std::sqrt(sumSquares / n - mean * mean);
        QVERIFY(std::fabs(with.prominence - (with.score - mean) / deviation) < 1e-3);
        QVERIFY2(with.prominence > without.prominence + 2,
                 qPrintable(QString("%1 vs %2").arg(with.prominence).arg(without.prominence)));
        // The exact matcher takes the same statistics of the full map.
        QVERIFY(std::fabs(matchExact(image, pattern, MatchMethod::CcoeffNormed).prominence -
                          with.prominence) < 1e-3);
        // The pyramid's coarse-level statistics (a 4 x 3 pattern there) tell them apart less.
        const MatchOptions coarse = optionsFor(MatchMethod::CcoeffNormed, 2);
        const double coarseWith = pyramid(image, pattern, coarse).prominence;
        const double coarseWithout = pyramid(texture(90, 70, 21), pattern, coarse).prominence;
        QVERIFY2(coarseWith > coarseWithout + 1,
                 qPrintable(QString("%1 vs %2").arg(coarseWith).arg(coarseWithout)));
    }

    // An inverted copy correlates with r = -1: CcoeffNormed takes |r| and finds it;
    // the paper's plain form does not.
    void negatedPatternIsFoundByCcoeff() {
        cv::Mat image = texture(300, 200, 7);
        const cv::Mat pattern = texture(60, 20, 8);
        cv::Mat inverted = 255 - pattern;
        inverted.copyTo(image(cv::Rect(111, 99, 60, 20)));
        const MatchOptions o = optionsFor(MatchMethod::CcoeffNormed);
        for (const MatchResult& r :
             {matchExact(image, pattern, o.method), pyramid(image, pattern, o)}) {
            QVERIFY(r.score > 0.9999);
            QCOMPARE(r.x, 111);
            QCOMPARE(r.y, 99);
        }
        const MatchResult plain = pyramid(image, pattern, optionsFor(MatchMethod::CcorrNormed));
        QVERIFY(plain.score < 0.999);
    }

    // Larger than the image: the centre part that fits is matched and flagged.
    void oversizePatternIsCentreCropped() {
        const cv::Mat image = texture(80, 50, 9);
        cv::Mat pattern = texture(120, 40, 10); // wider, not taller
        image(cv::Rect(0, 5, 80, 40)).copyTo(pattern(cv::Rect(20, 0, 80, 40)));
        for (MatchMethod m : kMethods) {
            for (const MatchResult& r :
                 {matchExact(image, pattern, m), pyramid(image, pattern, optionsFor(m))}) {
                QVERIFY(r.valid);
                QVERIFY(r.patternCropped);
                QVERIFY(r.score > 0.9999);
                QCOMPARE(r.x, 0);
                QCOMPARE(r.y, 5);
            }
        }
        const cv::Mat huge = texture(200, 300, 11); // larger both ways
        const MatchResult r = pyramid(image, huge, optionsFor(MatchMethod::CcoeffNormed));
        QVERIFY(r.patternCropped && r.valid);
        QCOMPARE(r.x, 0);
        QCOMPARE(r.y, 0);
        QVERIFY(std::fabs(r.score - matchExact(image, huge, MatchMethod::CcoeffNormed).score) <
                1e-4);
    }

    void signalFreeInputGivesNoNaN() {
        const cv::Mat textured = texture(100, 80, 12);
        const cv::Mat flat(80, 100, CV_8UC1, cv::Scalar(128));
        const cv::Mat black(80, 100, CV_8UC1, cv::Scalar(0));
        const cv::Mat constantPattern(10, 10, CV_8UC1, cv::Scalar(77));
        const cv::Mat blackPattern(10, 10, CV_8UC1, cv::Scalar(0));
        const cv::Mat pattern = texture(10, 10, 13);
        for (MatchMethod m : kMethods) {
            const MatchOptions o = optionsFor(m);
            for (const cv::Mat& img : {textured, flat, black})
                for (const cv::Mat& pat : {constantPattern, blackPattern, pattern})
                    for (const MatchResult& r : {matchExact(img, pat, m), pyramid(img, pat, o)})
                        QVERIFY(std::isfinite(r.score) && r.score >= 0 && r.score <= 1);
            // A pattern without signal has no correlation: invalid, score 0.
            const cv::Mat noSignal =
                m == MatchMethod::CcoeffNormed ? constantPattern : blackPattern;
            for (const MatchResult& r :
                 {matchExact(textured, noSignal, m), pyramid(textured, noSignal, o)}) {
                QVERIFY(!r.valid);
                QCOMPARE(r.score, 0.0);
            }
        }
        // Flat windows score 0 under CcoeffNormed (as OpenCV), so a flat image gives 0.
        QCOMPARE(pyramid(flat, pattern, optionsFor(MatchMethod::CcoeffNormed)).score, 0.0);
        QVERIFY(pyramid(flat, pattern, optionsFor(MatchMethod::CcoeffNormed)).valid);
        // The plain form of a constant pattern on a textured image is defined (mean / rms).
        const MatchResult plain =
            pyramid(textured, constantPattern, optionsFor(MatchMethod::CcorrNormed));
        QVERIFY(plain.valid && plain.score > 0.5);
    }

    // The pattern's detail sits only in its last (odd) row, which coarse levels drop: the
    // matcher must not trust that signal-free coarse level.
    void detailLostAtCoarseLevelFallsBack() {
        cv::Mat image = texture(200, 150, 14);
        cv::Mat pattern(17, 40, CV_8UC1, cv::Scalar(100));
        texture(40, 1, 15).copyTo(pattern.row(16));
        pattern.copyTo(image(cv::Rect(61, 77, 40, 17)));
        for (MatchMethod m : kMethods) {
            const MatchResult r = pyramid(image, pattern, optionsFor(m));
            const MatchResult e = matchExact(image, pattern, m);
            QVERIFY(r.valid);
            QVERIFY(std::fabs(r.score - e.score) < 1e-4);
        }
    }

    // Tiny patterns get fewer levels (none below 2 x minPatternSide); the pyramid is forced
    // here (exhaustiveWorkLimit 0), as the image is small enough for an exhaustive search.
    void tinyPatternsMatchLikeExact() {
        cv::Mat image = texture(150, 100, 16);
        for (cv::Size size : {cv::Size(1, 1), cv::Size(2, 3), cv::Size(4, 4), cv::Size(7, 3),
                              cv::Size(9, 8), cv::Size(16, 12)}) {
            const cv::Mat pattern = texture(size.width, size.height, 17);
            for (MatchMethod m : kMethods) {
                MatchOptions o = optionsFor(m);
                o.exhaustiveWorkLimit = 0;
                const MatchResult r = pyramid(image, pattern, o);
                const MatchResult e = matchExact(image, pattern, m);
                QCOMPARE(r.valid, e.valid);
                QVERIFY2(std::fabs(r.score - e.score) < 1e-4,
                         qPrintable(QString("%1 vs %2").arg(r.score).arg(e.score)));
            }
        }
    }

    // A small, nearly white-noise pattern at an odd offset: a coarse level would blur it away,
    // but the search is cheap enough to be exhaustive, so it is found exactly.
    void cheapPairsAreSearchedExhaustively() {
        cv::Mat image = noise(200, 120, 18);
        const cv::Mat pattern = noise(9, 9, 19);
        pattern.copyTo(image(cv::Rect(49, 21, 9, 9)));
        for (MatchMethod m : kMethods) {
            const MatchResult r = pyramid(image, pattern, optionsFor(m));
            QVERIFY(r.score > 0.9999);
            QCOMPARE(r.x, 49);
            QCOMPARE(r.y, 21);
        }
    }

    void degenerateSizes() {
        const cv::Mat one(1, 1, CV_8UC1, cv::Scalar(200));
        const cv::Mat row = noise(50, 1, 20), column = noise(1, 40, 21);
        const cv::Mat same = texture(37, 23, 22);
        for (MatchMethod m : kMethods) {
            const MatchOptions o = optionsFor(m);
            for (const cv::Mat& img : {one, row, column, same})
                for (const cv::Mat& pat : {one, row, column, same}) {
                    const MatchResult r = pyramid(img, pat, o);
                    const MatchResult e = matchExact(img, pat, m);
                    QCOMPARE(r.valid, e.valid);
                    QCOMPARE(r.patternCropped, e.patternCropped);
                    QVERIFY(std::isfinite(r.score) && std::fabs(r.score - e.score) < 1e-4);
                }
            // A pattern as large as the image has one position.
            const MatchResult r = pyramid(same, same, o);
            QVERIFY(r.valid && r.score > 0.9999 && r.x == 0 && r.y == 0 && !r.patternCropped);
        }
    }

    void rejectsNonGreyInput() {
        const cv::Mat colour(50, 50, CV_8UC3, cv::Scalar::all(9));
        const cv::Mat deep(50, 50, CV_16UC1, cv::Scalar::all(9));
        const cv::Mat grey = texture(50, 50, 18);
        const cv::Mat pattern = texture(8, 8, 19);
        const MatchOptions o;
        auto kindOf = [](auto&& call) {
            try {
                call();
            } catch (const Error& e) {
                return e.kind();
            }
            return Error::Kind::Internal;
        };
        QCOMPARE(kindOf([&] { matchExact(colour, pattern, o.method); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { matchExact(grey, deep, o.method); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { PreparedImage(colour, o); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { PreparedPattern(deep, o); }), Error::Kind::Input);
        QCOMPARE(kindOf([&] { PreparedImage(cv::Mat(), o); }), Error::Kind::Input);
    }

    void methodNamesRoundTrip() {
        for (MatchMethod m : kMethods)
            QCOMPARE(parseMatchMethod(matchMethodName(m)), std::optional<MatchMethod>(m));
        QCOMPARE(parseMatchMethod("sqdiff"), std::optional<MatchMethod>());
    }
};

QTEST_APPLESS_MAIN(TestMatchSynthetic)
#include "TestMatchSynthetic.moc"
