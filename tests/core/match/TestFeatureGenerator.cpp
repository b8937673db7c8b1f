// The streaming feature generator: callback order and thread, counts, bounded images in
// flight, unreadable images, errors and cancel.
#include "match/FeatureGenerator.h"
#include "match/PyramidMatcher.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <thread>

using namespace ig;

namespace {

cv::Mat texture(int width, int height, unsigned seed) {
    cv::Mat m(height, width, CV_8UC1);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    cv::blur(m, m, cv::Size(3, 3));
    return m;
}

std::vector<cv::Mat> makePatterns() {
    return {texture(30, 12, 100), texture(9, 9, 101), texture(64, 20, 102)};
}

// Image i holds pattern (i % 3) at a place that depends on i.
cv::Mat makeImage(size_t i, const std::vector<cv::Mat>& patterns) {
    cv::Mat image = texture(200, 120, static_cast<unsigned>(i));
    const cv::Mat& p = patterns[i % patterns.size()];
    p.copyTo(image(
        cv::Rect(static_cast<int>(i * 7 % 100), static_cast<int>(i * 3 % 80), p.cols, p.rows)));
    return image;
}

class CountingFeedback : public Feedback {};

} // namespace

class TestFeatureGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversEveryImageInOrderOnTheCallingThread() {
        const std::vector<cv::Mat> patterns = makePatterns();
        MatchOptions options;
        options.threads = 3;
        options.imagesInFlight = 4;
        const size_t count = 40;
        std::atomic<size_t> delivered{0};
        std::atomic<int> loads{0}, tooFarAhead{0};
        std::vector<size_t> order;
        bool offThread = false, wrong = false;
        const auto caller = std::this_thread::get_id();
        CountingFeedback feedback;
        generateFeatures(
            count,
            [&](size_t i) {
                ++loads;
                // A worker may only start an image within imagesInFlight of delivery.
                if (i >= delivered.load() + 1 + static_cast<size_t>(options.imagesInFlight))
                    ++tooFarAhead;
                return makeImage(i, patterns);
            },
            patterns, options,
            [&](size_t i, const std::vector<MatchResult>& results) {
                offThread = offThread || std::this_thread::get_id() != caller;
                order.push_back(i);
                const cv::Mat image = makeImage(i, patterns);
                const PreparedImage prepared(image, options);
                if (results.size() != patterns.size())
                    wrong = true;
                for (size_t j = 0; j < results.size() && !wrong; ++j) {
                    const MatchResult want =
                        matchPyramid(prepared, PreparedPattern(patterns[j], options), options);
                    wrong = results[j].score != want.score || results[j].x != want.x ||
                            results[j].y != want.y;
                }
                // Its own pattern is found where it was pasted.
                const MatchResult& own = results[i % patterns.size()];
                wrong = wrong || own.score < 0.9999 || own.x != static_cast<int>(i * 7 % 100) ||
                        own.y != static_cast<int>(i * 3 % 80);
                ++delivered;
            },
            feedback);
        QVERIFY(!offThread);
        QVERIFY(!wrong);
        QCOMPARE(order.size(), count);
        for (size_t i = 0; i < count; ++i)
            QCOMPARE(order[i], i);
        QCOMPARE(loads.load(), static_cast<int>(count));
        QCOMPARE(tooFarAhead.load(), 0);
        QCOMPARE(feedback.total(), static_cast<long long>(count));
        QCOMPARE(feedback.done(), static_cast<long long>(count));
    }

    void unreadableImageIsReportedEmpty() {
        const std::vector<cv::Mat> patterns = makePatterns();
        MatchOptions options;
        options.threads = 2;
        std::vector<size_t> sizes;
        SilentFeedback feedback;
        generateFeatures(
            6, [&](size_t i) { return i == 3 ? cv::Mat() : makeImage(i, patterns); }, patterns,
            options, [&](size_t, const std::vector<MatchResult>& r) { sizes.push_back(r.size()); },
            feedback);
        QCOMPARE(sizes, (std::vector<size_t>{3, 3, 3, 0, 3, 3}));
    }

    void cancelStopsAndKeepsWhatWasDelivered() {
        const std::vector<cv::Mat> patterns = makePatterns();
        MatchOptions options;
        options.threads = 2;
        const size_t count = 200;
        std::vector<size_t> order;
        std::atomic<int> loadsAfterCancel{0};
        SilentFeedback feedback;
        bool canceled = false;
        try {
            generateFeatures(
                count,
                [&](size_t i) {
                    if (feedback.isCanceled())
                        ++loadsAfterCancel;
                    return makeImage(i, patterns);
                },
                patterns, options,
                [&](size_t i, const std::vector<MatchResult>&) {
                    order.push_back(i);
                    if (i == 10)
                        feedback.cancel();
                },
                feedback);
        } catch (const CanceledError&) {
            canceled = true;
        }
        QVERIFY(canceled);
        QVERIFY(order.size() >= 11);
        QVERIFY(order.size() < count);
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(order[i], i); // contiguous from 0: nothing skipped
        // At most the images already claimed when cancel came (one per worker) are loaded.
        QVERIFY(loadsAfterCancel.load() <= options.threads);
    }

    void loaderErrorStopsTheRun() {
        const std::vector<cv::Mat> patterns = makePatterns();
        MatchOptions options;
        options.threads = 2;
        size_t calls = 0;
        SilentFeedback feedback;
        bool thrown = false;
        try {
            generateFeatures(
                50,
                [&](size_t i) -> cv::Mat {
                    if (i == 7)
                        throw Error(Error::Kind::Input, "Image 7 is broken.");
                    return makeImage(i, patterns);
                },
                patterns, options, [&](size_t, const std::vector<MatchResult>&) { ++calls; },
                feedback);
        } catch (const Error& e) {
            thrown = e.kind() == Error::Kind::Input;
        }
        QVERIFY(thrown);
        QVERIFY(calls <= 7);
    }

    void handlerErrorStopsTheRun() {
        const std::vector<cv::Mat> patterns = makePatterns();
        SilentFeedback feedback;
        size_t calls = 0;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 generateFeatures(
                                     30, [&](size_t i) { return makeImage(i, patterns); }, patterns,
                                     MatchOptions{},
                                     [&](size_t, const std::vector<MatchResult>&) {
                                         if (++calls == 2)
                                             throw std::runtime_error("disk full");
                                     },
                                     feedback));
        QCOMPARE(calls, size_t(2));
    }

    void invalidPatternIsRejectedBeforeAnyLoad() {
        std::vector<cv::Mat> patterns = makePatterns();
        patterns.emplace_back(5, 5, CV_8UC3);
        int loads = 0;
        SilentFeedback feedback;
        QVERIFY_THROWS_EXCEPTION(Error,
                                 generateFeatures(
                                     5,
                                     [&](size_t) {
                                         ++loads;
                                         return cv::Mat();
                                     },
                                     patterns, MatchOptions{},
                                     [](size_t, const std::vector<MatchResult>&) {}, feedback));
        QCOMPARE(loads, 0);
    }

    void noImagesNoCalls() {
        SilentFeedback feedback;
        int calls = 0;
        generateFeatures(
            0, [](size_t) { return cv::Mat(); }, makePatterns(), MatchOptions{},
            [&](size_t, const std::vector<MatchResult>&) { ++calls; }, feedback);
        QCOMPARE(calls, 0);
    }
};

QTEST_APPLESS_MAIN(TestFeatureGenerator)
#include "TestFeatureGenerator.moc"
