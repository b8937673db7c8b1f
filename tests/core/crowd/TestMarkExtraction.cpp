// Boxes from images the workers marked with red strokes: the shared crowd sample (five workers,
// three on the crack, two elsewhere) and drawn cases for strokes, margins, alpha and bad input.
#include "crowd/BoxMerger.h"
#include "crowd/MarkExtractor.h"
#include "util/Error.h"

#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <set>
#include <string>

using namespace ig;

namespace {

const std::string kSample = IG_SHARED_DATA "/crowd_sample/";
const cv::Scalar kRed(0, 0, 255); // BGR

cv::Mat readSample(const std::string& name) {
    cv::Mat image = cv::imread(kSample + name, cv::IMREAD_UNCHANGED);
    if (image.empty())
        qFatal("cannot read %s", (kSample + name).c_str());
    return image;
}

// The data README's recipe, written independently: the bounding box of ALL red pixels (HSV:
// S >= 200, V >= 200, hue red) with a 10 px margin, clipped to the image.
cv::Rect readmeBox(const cv::Mat& marked) {
    cv::Mat bgr = marked, hsv;
    if (marked.channels() == 4)
        cv::cvtColor(marked, bgr, cv::COLOR_BGRA2BGR);
    cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
    cv::Rect box;
    for (int y = 0; y < hsv.rows; ++y)
        for (int x = 0; x < hsv.cols; ++x) {
            const cv::Vec3b p = hsv.at<cv::Vec3b>(y, x);
            if (p[1] >= 200 && p[2] >= 200 && (p[0] <= 10 || p[0] >= 170))
                box = box.empty() ? cv::Rect(x, y, 1, 1) : (box | cv::Rect(x, y, 1, 1));
        }
    return cv::Rect(box.x - 10, box.y - 10, box.width + 20, box.height + 20) &
           cv::Rect(0, 0, marked.cols, marked.rows);
}

cv::Mat greyCanvas(int width = 300, int height = 120) {
    cv::Mat grey(height, width, CV_8UC1);
    cv::randu(grey, 60, 200); // a textured grey original
    cv::Mat bgr;
    cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
}

std::vector<CrowdBox> sampleBoxes() {
    const cv::Mat original = readSample("original.png");
    std::vector<CrowdBox> boxes;
    for (int worker = 0; worker < 5; ++worker) {
        for (const cv::Rect& r : extractMarkedBoxes(
                 original, readSample("marked_by_worker" + std::to_string(worker) + ".png")))
            boxes.push_back({Id(boxes.size() + 1), Id(worker),
                             Rect{double(r.x), double(r.y), double(r.width), double(r.height)},
                             "crack"});
    }
    return boxes;
}

} // namespace

class TestMarkExtraction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crowdSampleGivesOneBoxPerWorker() {
        const cv::Mat original = readSample("original.png");
        const std::vector<cv::Rect> expected{{269, 88, 116, 119},
                                             {1212, 458, 52, 42},
                                             {417, 0, 176, 28},
                                             {261, 134, 112, 72},
                                             {288, 181, 64, 55}};
        for (int worker = 0; worker < 5; ++worker) {
            const cv::Mat marked = readSample("marked_by_worker" + std::to_string(worker) + ".png");
            QCOMPARE(marked.channels(), 4); // RGBA as the README says
            const auto boxes = extractMarkedBoxes(original, marked);
            QCOMPARE(boxes.size(), size_t(1));
            QCOMPARE(boxes.front(), expected[size_t(worker)]);
            QCOMPARE(boxes.front(),
                     readmeBox(marked)); // one stroke each: same as the README's recipe
            QCOMPARE(extractMarkedBoxes(cv::Mat(), marked),
                     boxes); // the grey original holds no red
        }
    }

    void crowdSampleMergesWorkers034AndLeaves1And2ForReview() {
        const auto boxes = sampleBoxes();
        QCOMPARE(boxes.size(), size_t(5));
        const MergeResult result = mergeBoxes(boxes, MergeOptions{});
        QCOMPARE(result.groups.size(), size_t(1));
        std::set<Id> workers;
        for (const auto& member : result.groups.front().members)
            workers.insert(member.workerId);
        QCOMPARE(workers, (std::set<Id>{0, 3, 4}));
        std::set<Id> outliers;
        for (const auto& outlier : result.outliers)
            outliers.insert(outlier.workerId);
        QCOMPARE(outliers, (std::set<Id>{1, 2}));
        const auto& group = result.groups.front();
        QVERIFY(std::abs(group.rect.x - 818.0 / 3) < 1e-9 &&
                std::abs(group.rect.y - 403.0 / 3) < 1e-9);
        QVERIFY(std::abs(group.rect.w - 292.0 / 3) < 1e-9 && std::abs(group.rect.h - 82.0) < 1e-9);
        QVERIFY(std::abs(group.agreement - 0.2624) < 0.001); // IoU 0.521, 0.106, 0.160
        QCOMPARE(group.support, 3.0 / 5.0);
        QCOMPARE(group.defectType, std::string("crack"));

        // Why the default threshold is 0.1: at 0.3 worker 4's partial mark would go to review.
        MergeOptions strict;
        strict.iouThreshold = 0.3;
        const MergeResult strictResult = mergeBoxes(boxes, strict);
        QCOMPARE(strictResult.groups.size(), size_t(1));
        QCOMPARE(strictResult.groups.front().members.size(), size_t(2));
        QCOMPARE(strictResult.outliers.size(), size_t(3));
    }

    void separateStrokesGiveSeparateBoxes() {
        const cv::Mat original = greyCanvas();
        cv::Mat marked = original.clone();
        cv::line(marked, {20, 30}, {60, 40}, kRed, 3);
        cv::line(marked, {200, 80}, {260, 90}, kRed, 3);
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(2));
        QVERIFY(boxes[0].contains({20, 30}) && boxes[0].contains({60, 40}));
        QVERIFY(boxes[1].contains({200, 80}) && boxes[1].contains({260, 90}));
        QVERIFY((boxes[0] & boxes[1]).empty());
    }

    void nearbyStrokesAreOneCluster() {
        // Two strokes 12 px apart: their 10 px margins overlap, so one defect, one box.
        const cv::Mat original = greyCanvas();
        cv::Mat marked = original.clone();
        cv::line(marked, {50, 50}, {90, 50}, kRed, 2);
        cv::line(marked, {103, 52}, {140, 58}, kRed, 2);
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(1));
        QVERIFY(boxes[0].contains({50, 50}) && boxes[0].contains({140, 58}));
        QCOMPARE(boxes[0].x, 49 - 10); // the 2 px line reaches one pixel past its end points
    }

    void marginIsClippedToTheImage() {
        const cv::Mat original = greyCanvas();
        cv::Mat marked = original.clone();
        cv::line(marked, {0, 2}, {30, 2}, kRed, 3);
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(boxes[0].x, 0);
        QCOMPARE(boxes[0].y, 0);
        QVERIFY(boxes[0].br().x <= marked.cols && boxes[0].br().y <= marked.rows);
    }

    void redOfTheOriginalIsNotAMark() {
        cv::Mat original = greyCanvas();
        cv::rectangle(original, cv::Rect(100, 40, 30, 30), kRed, cv::FILLED); // a red part
        cv::Mat marked = original.clone();
        cv::line(marked, {200, 20}, {240, 30}, kRed, 3);
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(1));
        QVERIFY(boxes[0].contains({220, 25}));
        QCOMPARE(extractMarkedBoxes(cv::Mat(), marked).size(), size_t(2)); // without the original
    }

    void onlySaturatedBrightRedCounts() {
        const cv::Mat original = greyCanvas();
        cv::Mat marked = original.clone();
        cv::line(marked, {20, 20}, {60, 20}, cv::Scalar(0, 0, 150), 3);     // dark red: V too low
        cv::line(marked, {20, 60}, {60, 60}, cv::Scalar(150, 150, 255), 3); // pink: S too low
        cv::line(marked, {20, 100}, {60, 100}, cv::Scalar(0, 255, 0), 3);   // green
        cv::line(marked, {150, 60}, {190, 60}, cv::Scalar(20, 10, 250), 3); // red enough
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(1));
        QVERIFY(boxes[0].contains({170, 60}));
    }

    void specksAndTransparentPixelsAreIgnored() {
        const cv::Mat original = greyCanvas();
        cv::Mat marked;
        cv::cvtColor(original, marked, cv::COLOR_BGR2BGRA);
        marked.at<cv::Vec4b>(10, 10) = cv::Vec4b(0, 0, 255, 255); // a speck of 2 pixels
        marked.at<cv::Vec4b>(10, 11) = cv::Vec4b(0, 0, 255, 255);
        cv::line(marked, {100, 60}, {150, 60}, cv::Scalar(0, 0, 255, 0), 3); // invisible stroke
        cv::line(marked, {200, 60}, {250, 60}, cv::Scalar(0, 0, 255, 255), 3);
        const auto boxes = extractMarkedBoxes(original, marked);
        QCOMPARE(boxes.size(), size_t(1));
        QVERIFY(boxes[0].contains({225, 60}));
    }

    void sixteenBitAndGreyImages() {
        const cv::Mat original = greyCanvas();
        cv::Mat marked = original.clone();
        cv::line(marked, {40, 40}, {90, 50}, kRed, 3);
        cv::Mat marked16;
        marked.convertTo(marked16, CV_16U, 257.0);
        QCOMPARE(extractMarkedBoxes(original, marked16), extractMarkedBoxes(original, marked));
        cv::Mat grey;
        cv::cvtColor(marked, grey, cv::COLOR_BGR2GRAY);
        QVERIFY(extractMarkedBoxes(original, grey).empty());
    }

    void badInputIsRefused() {
        const cv::Mat original = greyCanvas();
        auto expectError = [&](const cv::Mat& o, const cv::Mat& m, const MarkOptions& options,
                               Error::Kind kind) {
            try {
                extractMarkedBoxes(o, m, options);
                QFAIL("bad input was accepted");
            } catch (const Error& error) {
                QCOMPARE(error.kind(), kind);
                QVERIFY(std::string(error.what()).size() > 20);
            }
        };
        expectError(original, cv::Mat(), {}, Error::Kind::Input);
        expectError(original, greyCanvas(301, 120), {}, Error::Kind::Input);
        MarkOptions bad;
        bad.minSaturation = 300;
        expectError(original, original, bad, Error::Kind::Usage);
    }
};

QTEST_APPLESS_MAIN(TestMarkExtraction)
#include "TestMarkExtraction.moc"
