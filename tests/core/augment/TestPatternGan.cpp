// The pattern GAN trained for a few epochs on the real KolektorSDD crowd patterns: shapes,
// value ranges, losses, determinism, serialisation, cancel and bad input. (Whether a full
// training makes crack-like patterns is judged by eye with gan_benchmark; see its header.)
#include "augment/PatternGan.h"
#include "util/ByteStream.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

using namespace ig;

namespace {

std::vector<cv::Mat> ksddPatterns(int flags) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(IG_SHARED_DATA "/ksdd/patterns"))
        if (entry.path().extension() == ".jpg")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> patterns;
    for (const std::string& f : files)
        patterns.push_back(cv::imread(f, flags));
    return patterns;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

bool identical(const std::vector<cv::Mat>& a, const std::vector<cv::Mat>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!identical(a[i], b[i]))
            return false;
    return true;
}

// The bytes format version 1 wrote for a square generator: the same tensors, a header with one
// "side" instead of "height" and "width", and its own checksum.
std::vector<std::uint8_t> asFormatVersion1(const std::vector<std::uint8_t>& bytes, int side) {
    const size_t headerAt = 5 + 1 + 4;
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i)
        length |= std::uint32_t(bytes[5 + 1 + static_cast<size_t>(i)]) << (8 * i);
    std::string header(bytes.begin() + headerAt, bytes.begin() + headerAt + length);
    const std::string frame = "\"height\":" + std::to_string(side) + ",";
    const std::string width = ",\"width\":" + std::to_string(side);
    if (header.find(frame) == std::string::npos || header.find(width) == std::string::npos)
        return {};
    header.replace(header.find(frame), frame.size(), "\"side\":" + std::to_string(side) + ",");
    header.erase(header.find(width), width.size());
    ByteWriter out;
    out.bytes(bytes.data(), 5);
    out.u8(1);
    out.u32(static_cast<std::uint32_t>(header.size()));
    out.bytes(header.data(), header.size());
    out.bytes(bytes.data() + headerAt + length, bytes.size() - 8 - headerAt - length);
    out.u64(fnv1a(out.data().data(), out.data().size()));
    return std::move(out.data());
}

// The paper's GAN (a square frame, no DiffAugment), briefly; tests of the options set them.
GanOptions shortTraining(int epochs = 5) {
    GanOptions options;
    options.epochs = epochs;
    options.seed = 2024;
    options.threads = 1;
    options.keepAspect = false;
    options.diffAugment = false;
    return options;
}

template <typename F> Error::Kind errorKindOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return Error::Kind::Internal;
}

} // namespace

class TestPatternGan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsAndGeneratesKolektorPatterns() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        QCOMPARE(patterns.size(), size_t(10));
        std::vector<std::pair<int, double>> losses;
        SilentFeedback feedback;
        const PatternGan gan = PatternGan::train(patterns, shortTraining(), feedback,
                                                 [&](int epoch, double d, double g) {
                                                     losses.emplace_back(epoch, d);
                                                     losses.emplace_back(epoch, g);
                                                 });
        QCOMPARE(losses.size(), size_t(10));
        for (size_t i = 0; i < losses.size(); ++i) {
            QCOMPARE(losses[i].first, int(i / 2) + 1);
            QVERIFY(std::isfinite(losses[i].second) && losses[i].second > 0);
        }
        QCOMPARE(feedback.stage(), std::string("GAN"));
        QCOMPARE(feedback.total(), 5LL);
        QCOMPARE(feedback.done(), 5LL);
        // Mean sqrt(w h) of the 10 patterns is 114 -> capped at 64 (a multiple of 8).
        QCOMPARE(gan.frame(), cv::Size(64, 64));
        QCOMPARE(gan.noiseSize(), 100);
        QCOMPARE(gan.outputType(), CV_8UC1);

        std::set<std::pair<int, int>> inputSizes;
        for (const cv::Mat& p : patterns)
            inputSizes.insert({p.cols, p.rows});
        const std::vector<cv::Mat> generated = gan.generate(40, 9);
        QCOMPARE(generated.size(), size_t(40));
        std::set<std::pair<int, int>> usedSizes;
        for (const cv::Mat& p : generated) {
            QCOMPARE(p.type(), CV_8UC1);
            QVERIFY(inputSizes.count({p.cols, p.rows}) == 1);
            usedSizes.insert({p.cols, p.rows});
            cv::Scalar mean, stddev;
            cv::meanStdDev(p, mean, stddev);
            QVERIFY2(stddev[0] > 0.5, std::to_string(stddev[0]).c_str()); // not constant
            QVERIFY(mean[0] > 5 && mean[0] < 250);
        }
        QVERIFY(usedSizes.size() >= 5); // sizes are drawn from all inputs
        QVERIFY(!identical(generated[0], generated[1]));

        QVERIFY(identical(gan.generate(6, 9),
                          std::vector<cv::Mat>(generated.begin(), generated.begin() + 6)));
        QVERIFY(!identical(gan.generate(6, 10), gan.generate(6, 9)));
        QCOMPARE(gan.generate(0, 1).size(), size_t(0));
    }

    void sameSeedSameGenerator() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        SilentFeedback f1, f2, f3;
        const PatternGan a = PatternGan::train(patterns, shortTraining(3), f1);
        const PatternGan b = PatternGan::train(patterns, shortTraining(3), f2);
        QVERIFY(identical(a.generate(8, 4), b.generate(8, 4)));
        QVERIFY(a.serializeGenerator() == b.serializeGenerator());
        GanOptions other = shortTraining(3);
        other.seed = 2025;
        const PatternGan c = PatternGan::train(patterns, other, f3);
        QVERIFY(!identical(a.generate(8, 4), c.generate(8, 4)));
    }

    void serializationRoundTrip() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        SilentFeedback feedback;
        const PatternGan gan = PatternGan::train(patterns, shortTraining(3), feedback);
        const std::vector<std::uint8_t> bytes = gan.serializeGenerator();
        const PatternGan loaded = PatternGan::deserialize(bytes);
        QCOMPARE(loaded.frame(), gan.frame());
        QVERIFY(loaded.outputSizes() == gan.outputSizes());
        QVERIFY(identical(loaded.generate(12, 77), gan.generate(12, 77)));
        QVERIFY(loaded.serializeGenerator() == bytes);

        std::vector<std::uint8_t> damaged = bytes;
        damaged[damaged.size() / 2] ^= 0x40;
        QVERIFY(errorKindOf([&] { PatternGan::deserialize(damaged); }) == Error::Kind::Project);
        std::vector<std::uint8_t> truncated(bytes.begin(), bytes.begin() + 100);
        QVERIFY(errorKindOf([&] { PatternGan::deserialize(truncated); }) == Error::Kind::Project);
        QVERIFY(errorKindOf([&] { PatternGan::deserialize({}); }) == Error::Kind::Project);
    }

    void readsSquareGeneratorsOfFormatVersion1() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        SilentFeedback feedback;
        GanOptions options = shortTraining(1);
        options.side = 16;
        const PatternGan gan = PatternGan::train(patterns, options, feedback);
        const std::vector<std::uint8_t> version1 = asFormatVersion1(gan.serializeGenerator(), 16);
        QVERIFY(!version1.empty());
        const PatternGan loaded = PatternGan::deserialize(version1);
        QCOMPARE(loaded.frame(), cv::Size(16, 16));
        QVERIFY(identical(loaded.generate(5, 3), gan.generate(5, 3)));
    }

    // KolektorSDD's patterns are about 6x wider than tall: with keepAspect the GAN learns them
    // in a frame of that shape and the same area as the 64 x 64 square.
    void keepAspectTrainsInThePatternsShape() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        GanOptions options = shortTraining(2);
        options.keepAspect = true;
        SilentFeedback feedback;
        const PatternGan gan = PatternGan::train(patterns, options, feedback);
        // Geometric mean of height / width is 0.172: 64 / sqrt(0.172) = 154 -> 152 wide,
        // 64 * sqrt(0.172) = 26.6 -> 24 high (nearest multiples of 8).
        QCOMPARE(gan.frame(), cv::Size(152, 24));
        std::set<std::pair<int, int>> inputSizes;
        for (const cv::Mat& p : patterns)
            inputSizes.insert({p.cols, p.rows});
        for (const cv::Mat& p : gan.generate(10, 1))
            QVERIFY(inputSizes.count({p.cols, p.rows}) == 1);
        const PatternGan loaded = PatternGan::deserialize(gan.serializeGenerator());
        QCOMPARE(loaded.frame(), cv::Size(152, 24));
        QVERIFY(identical(loaded.generate(4, 2), gan.generate(4, 2)));

        // Tall patterns get the transposed frame.
        std::vector<cv::Mat> tall;
        for (const cv::Mat& p : patterns)
            tall.push_back(p.t());
        QCOMPARE(PatternGan::train(tall, options, feedback).frame(), cv::Size(24, 152));
        // A square frame when the aspects cancel out: each pattern also lying on its side.
        std::vector<cv::Mat> both = patterns;
        both.insert(both.end(), tall.begin(), tall.end());
        QCOMPARE(PatternGan::train(both, options, feedback).frame(), cv::Size(64, 64));
    }

    // DiffAugment changes what the discriminator sees, so the same seed trains another
    // generator; it stays seeded and its losses finite.
    void diffAugmentTrainsDeterministically() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        GanOptions options = shortTraining(3);
        options.diffAugment = true;
        SilentFeedback f1, f2, f3;
        std::vector<double> losses;
        const PatternGan a = PatternGan::train(patterns, options, f1, [&](int, double d, double g) {
            losses.push_back(d);
            losses.push_back(g);
        });
        QCOMPARE(losses.size(), size_t(6));
        for (double loss : losses)
            QVERIFY(std::isfinite(loss) && loss > 0);
        const PatternGan b = PatternGan::train(patterns, options, f2);
        QVERIFY(a.serializeGenerator() == b.serializeGenerator());
        const PatternGan plain = PatternGan::train(patterns, shortTraining(3), f3);
        QVERIFY(!identical(a.generate(4, 1), plain.generate(4, 1)));
    }

    void colourAndSixteenBitKeepTheirType() {
        const std::vector<cv::Mat> colour = ksddPatterns(cv::IMREAD_COLOR);
        QCOMPARE(colour.front().type(), CV_8UC3);
        GanOptions options = shortTraining(2);
        options.side = 32;
        SilentFeedback f1, f2;
        const PatternGan fromColour = PatternGan::train(colour, options, f1);
        for (const cv::Mat& p : fromColour.generate(3, 1)) {
            QCOMPARE(p.type(), CV_8UC3);
            std::vector<cv::Mat> planes;
            cv::split(p, planes);
            QCOMPARE(cv::norm(planes[0], planes[2], cv::NORM_INF), 0.0); // grey in all channels
        }
        std::vector<cv::Mat> wide;
        for (const cv::Mat& p : ksddPatterns(cv::IMREAD_GRAYSCALE)) {
            cv::Mat w;
            p.convertTo(w, CV_16U, 257.0);
            wide.push_back(w);
        }
        const PatternGan fromWide = PatternGan::train(wide, options, f2);
        QCOMPARE(fromWide.frame(), cv::Size(32, 32));
        for (const cv::Mat& p : fromWide.generate(3, 1)) {
            QCOMPARE(p.type(), CV_16UC1);
            double lo, hi;
            cv::minMaxLoc(p, &lo, &hi);
            QVERIFY(hi > 1000); // spans the 16-bit range, not 0..255
        }
    }

    void cancelAndBadInput() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        SilentFeedback canceled;
        canceled.cancel();
        bool thrown = false;
        try {
            PatternGan::train(patterns, shortTraining(), canceled);
        } catch (const CanceledError&) {
            thrown = true;
        }
        QVERIFY(thrown);

        SilentFeedback feedback;
        GanOptions bad = shortTraining();
        bad.epochs = 0;
        QVERIFY(errorKindOf([&] { PatternGan::train(patterns, bad, feedback); }) ==
                Error::Kind::Usage);
        bad = shortTraining();
        bad.side = 20;
        QVERIFY(errorKindOf([&] { PatternGan::train(patterns, bad, feedback); }) ==
                Error::Kind::Usage);
        bad = shortTraining();
        bad.learningRate = -1;
        QVERIFY(errorKindOf([&] { PatternGan::train(patterns, bad, feedback); }) ==
                Error::Kind::Usage);
        QVERIFY(errorKindOf([&] { PatternGan::train({}, shortTraining(), feedback); }) ==
                Error::Kind::Input);
        QVERIFY(errorKindOf([&] {
                    PatternGan::train({cv::Mat(8, 8, CV_32F)}, shortTraining(), feedback);
                }) == Error::Kind::Input);
    }

    void benchmarkMeasuresEpochs() {
        const std::vector<cv::Mat> patterns = ksddPatterns(cv::IMREAD_GRAYSCALE);
        const double seconds = benchmarkGanEpochSeconds(patterns, shortTraining(), 2);
        QVERIFY(seconds > 0 && seconds < 30);
        qInfo("GAN epoch on the 10 KSDD patterns, 1 thread: %.3f s", seconds);
    }
};

QTEST_APPLESS_MAIN(TestPatternGan)
#include "TestPatternGan.moc"
