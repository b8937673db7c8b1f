// The demo data set: its files parse and agree with each other, it comes out the same every
// time, and its defects are what the pipeline can find: patterns cut from the dev set's boxes
// match defective images clearly better than clean ones (normalised cross-correlation).
#include "DemoSeparation.h"

#include "synth/DemoDataset.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ig;
using demo::Dataset;
using demo::readCsv;
using demo::readDataset;
namespace fs = std::filesystem;

namespace {

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path freshFolder(const std::string& name) {
    const fs::path folder = fs::path(IG_TEST_OUTPUT) / name;
    fs::remove_all(folder);
    return folder;
}

class CancelAfter : public Feedback {
public:
    explicit CancelAfter(long long steps) : steps_(steps) {}

protected:
    void onProgress(const std::string&, long long done, long long) override {
        if (done >= steps_)
            cancel();
    }

private:
    long long steps_;
};

} // namespace

class TestDemoDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void filesParseAndAgree() {
        const fs::path folder = freshFolder("synth_demo_files");
        DemoOptions options;
        options.imageCount = 40;
        options.width = 128;
        options.height = 320;
        options.devCount = 12;
        SilentFeedback feedback;
        const DemoDatasetSummary summary = writeDemoDataset(folder.string(), options, feedback);
        QCOMPARE(feedback.done(), 40LL);

        const Dataset data = readDataset(folder);
        QCOMPARE(int(data.labels.size()), 40);
        QCOMPARE(summary.images, 40);
        QCOMPARE(summary.defectiveImages, 10); // exactly a quarter
        int defective = 0, boxCount = 0;
        for (const auto& [image, label] : data.labels) {
            QVERIFY(label == 0 || label == 1);
            defective += label;
            const bool hasBoxes = data.boxes.count(image) > 0;
            QCOMPARE(hasBoxes, label == 1); // labels consistent with boxes
            const cv::Mat pixels =
                cv::imread((folder / "images" / image).string(), cv::IMREAD_UNCHANGED);
            QVERIFY2(!pixels.empty(), image.c_str());
            QCOMPARE(pixels.type(), CV_8UC1);
            QCOMPARE(pixels.size(), cv::Size(128, 320));
            if (hasBoxes)
                for (const auto& [box, type] : data.boxes.at(image)) {
                    ++boxCount;
                    QCOMPARE(box & cv::Rect(0, 0, 128, 320), box);
                    QVERIFY(!box.empty());
                    QVERIFY(type == "scratch" || type == "crack" || type == "spot");
                }
        }
        for (const auto& [image, unused] : data.boxes)
            QVERIFY(data.labels.count(image)); // no box of an unknown image
        QCOMPARE(defective, summary.defectiveImages);
        QCOMPARE(boxCount, summary.boxes);
        int typed = 0;
        for (const auto& [type, count] : summary.boxesPerType)
            typed += count;
        QCOMPARE(typed, summary.boxes);

        // Dev split: stratified, with several defective images, all of them known images.
        QCOMPARE(int(data.dev.size()), 12);
        QCOMPARE(summary.devImages, 12);
        int devDefective = 0;
        for (const auto& image : data.dev)
            devDefective += data.labels.at(image);
        QCOMPARE(devDefective, summary.devDefectiveImages);
        QVERIFY(devDefective >= options.minDevDefective && devDefective < 12);

        // Nothing half-written is left behind: exactly the images and the three CSV files.
        std::set<std::string> entries;
        for (const auto& entry : fs::recursive_directory_iterator(folder))
            entries.insert(fs::relative(entry.path(), folder).generic_string());
        std::set<std::string> expected{"images", "labels.csv", "boxes.csv", "dev_split.csv"};
        for (int i = 0; i < options.imageCount; ++i)
            expected.insert("images/" + demoImageName(i, options.imageCount));
        QCOMPARE(entries, expected);
        // The layout is the KolektorSDD copy's.
        QCOMPARE(readCsv(IG_SHARED_DATA "/ksdd/boxes.csv").header,
                 readCsv(folder / "boxes.csv").header);
        QCOMPARE(readCsv(IG_SHARED_DATA "/ksdd/labels.csv").header,
                 readCsv(folder / "labels.csv").header);
    }

    void sameOptionsSameFiles() {
        DemoOptions options;
        options.imageCount = 12;
        options.width = 96;
        options.height = 200;
        options.devCount = 6;
        options.minDevDefective = 2;
        SilentFeedback feedback;
        const fs::path first = freshFolder("synth_demo_a"), second = freshFolder("synth_demo_b");
        writeDemoDataset(first.string(), options, feedback);
        writeDemoDataset(second.string(), options, feedback);
        for (const char* file : {"labels.csv", "boxes.csv", "dev_split.csv"})
            QCOMPARE(readBytes(first / file), readBytes(second / file));
        for (int i = 0; i < options.imageCount; ++i) {
            const std::string name = demoImageName(i, options.imageCount);
            QVERIFY2(readBytes(first / "images" / name) == readBytes(second / "images" / name),
                     name.c_str());
        }
        // Writing again over the same folder replaces the files with the same content.
        writeDemoDataset(first.string(), options, feedback);
        QCOMPARE(readBytes(first / "boxes.csv"), readBytes(second / "boxes.csv"));
        options.seed += 1;
        const fs::path third = freshFolder("synth_demo_c");
        writeDemoDataset(third.string(), options, feedback);
        QVERIFY(readBytes(third / "images" / demoImageName(0, 12)) !=
                readBytes(first / "images" / demoImageName(0, 12)));
    }

    void sixteenBitImages() {
        DemoOptions options;
        options.imageCount = 3;
        options.width = 64;
        options.height = 96;
        options.devCount = 0;
        options.bitDepth = 16;
        SilentFeedback feedback;
        const fs::path folder = freshFolder("synth_demo_16");
        writeDemoDataset(folder.string(), options, feedback);
        const cv::Mat pixels =
            cv::imread((folder / "images" / demoImageName(0, 3)).string(), cv::IMREAD_UNCHANGED);
        QCOMPARE(pixels.type(), CV_16UC1);
    }

    void cancelStopsAndReports() {
        DemoOptions options;
        options.imageCount = 200;
        options.width = 64;
        options.height = 96;
        CancelAfter feedback(3);
        const fs::path folder = freshFolder("synth_demo_cancel");
        QVERIFY_THROWS_EXCEPTION(CanceledError,
                                 writeDemoDataset(folder.string(), options, feedback));
        QVERIFY(!fs::exists(folder / "labels.csv")); // an incomplete data set has no labels.csv
        QVERIFY(feedback.done() < 200);
    }

    void badOptionsAreRefusedBeforeWriting() {
        SilentFeedback feedback;
        const fs::path folder = freshFolder("synth_demo_bad");
        DemoOptions options;
        options.devCount = options.imageCount + 1;
        QVERIFY_THROWS_EXCEPTION(Error, writeDemoDataset(folder.string(), options, feedback));
        DemoOptions types;
        types.defectTypes = {"dent"};
        QVERIFY_THROWS_EXCEPTION(Error, writeDemoDataset(folder.string(), types, feedback));
        QVERIFY(!fs::exists(folder));
        // A file where the folder should be.
        fs::create_directories(IG_TEST_OUTPUT);
        const fs::path file = fs::path(IG_TEST_OUTPUT) / "synth_demo_is_a_file";
        std::ofstream(file) << "x";
        try {
            writeDemoDataset(file.string(), DemoOptions{}, feedback);
            QFAIL("a file was taken for a folder");
        } catch (const Error& error) {
            QCOMPARE(error.kind(), Error::Kind::Input);
        }
    }

    void patternsFromDevBoxesFindTheDefects() {
        // The demo as the pipeline sees it: patterns cut from the dev set's defective images,
        // matched on every other image; per image the mean of the best scores.
        const fs::path folder = freshFolder("synth_demo_separation");
        DemoOptions options;
        options.imageCount = 60;
        options.devCount = 20;
        SilentFeedback feedback;
        writeDemoDataset(folder.string(), options, feedback);
        const demo::Separation separation = demo::measureSeparation(folder);
        qInfo("%d patterns; mean score %.3f on %d defective images, %.3f on %d clean ones (gap "
              "%.3f, AUC %.3f)",
              separation.patterns, separation.meanDefective, separation.defectiveImages,
              separation.meanClean, separation.cleanImages,
              separation.meanDefective - separation.meanClean, separation.auc);
        QVERIFY(separation.patterns >= 5);
        QVERIFY(separation.meanDefective > separation.meanClean + 0.04);
        QVERIFY(separation.auc > 0.85);
        for (const auto& [type, scores] : separation.perType)
            QVERIFY2(scores.first > scores.second,
                     type.c_str()); // each type's patterns find their kind
    }
};

QTEST_APPLESS_MAIN(TestDemoDataset)
#include "TestDemoDataset.moc"
