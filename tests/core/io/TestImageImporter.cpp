#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

namespace {

const QString kKsdd = QString(IG_SHARED_DATA) + "/ksdd/images/";

const QStringList kNames = {"kos01_Part0.png", "kos01_Part1.png", "kos02_Part0.png",
                            "kos02_Part2.png", "kos03_Part3.png", "kos04_Part4.png"};

// Cancels after `after` images were done.
class CancelAfter : public ig::Feedback {
public:
    explicit CancelAfter(long long after) : after_(after) {}
    std::vector<std::string> messages;

protected:
    void onProgress(const std::string&, long long done, long long) override {
        if (done >= after_)
            cancel();
    }
    void onMessage(const std::string& text) override { messages.push_back(text); }

private:
    long long after_;
};

QString sha256Of(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

bool copyImage(const QString& name, const QString& toPath) {
    return QFile::copy(kKsdd + name, toPath);
}

} // namespace

class TestImageImporter : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    QString images_; // temp/images: the 6 images, a duplicate, a truncated and a garbage file

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(temp_.isValid());
        images_ = temp_.path() + "/images";
        QVERIFY(QDir().mkpath(images_));
        for (const QString& name : kNames)
            QVERIFY(copyImage(name, images_ + "/" + name));
        QVERIFY(copyImage(kNames[0], images_ + "/zz_copy_of_first.png"));
        QFile source(kKsdd + kNames[1]);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QFile cut(images_ + "/kos99_truncated.png");
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(source.readAll().left(20000));
        cut.close();
        QFile garbage(images_ + "/kos98_garbage.png");
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(3000, 'x'));
        garbage.close();
        QFile notes(images_ + "/notes.csv"); // not an image extension: ignored in folders
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("image,label\n");
    }

    void folderImportSkipsCorruptAndDuplicates() {
        ig::Project project = ig::Project::create((temp_.path() + "/a.gadget").toStdString());
        ig::SilentFeedback feedback;
        const ig::ImportReport report =
            ig::importImages(project, {images_.toStdString()}, feedback);
        QCOMPARE(report.added, 6);
        QCOMPARE(report.duplicates, 1);
        QCOMPARE(report.addedIds.size(), std::size_t(6));
        QCOMPARE(report.skipped.size(), std::size_t(2));
        std::vector<std::pair<std::string, std::string>> skipped = report.skipped;
        std::sort(skipped.begin(), skipped.end());
        QVERIFY(skipped[0].first.find("kos98_garbage.png") != std::string::npos);
        QVERIFY2(skipped[0].second.find("unknown format") != std::string::npos,
                 skipped[0].second.c_str());
        QVERIFY(skipped[1].first.find("kos99_truncated.png") != std::string::npos);
        QVERIFY2(skipped[1].second.find("truncated") != std::string::npos,
                 skipped[1].second.c_str());

        const std::vector<ig::ImageRecord> images = project.images();
        QCOMPARE(images.size(), std::size_t(6));
        for (int i = 0; i < 6; ++i) {
            const ig::ImageRecord& image = images[std::size_t(i)];
            QCOMPARE(QString::fromStdString(image.path), "images/" + kNames[i]); // sorted, relative
            QCOMPARE(image.width, 500);
            QVERIFY(image.height >= 1240 && image.height <= 1283);
            QCOMPARE(image.channels, 1);
            QCOMPARE(image.bitDepth, 8);
            QCOMPARE(QString::fromStdString(image.contentHash), sha256Of(kKsdd + kNames[i]));
            QCOMPARE(QString::fromStdString(project.absoluteImagePath(image)),
                     QDir::cleanPath(images_ + "/" + kNames[i]));
        }

        // Importing again adds nothing: all are duplicates, the broken files are still reported.
        const ig::ImportReport again = ig::importImages(project, {images_.toStdString()}, feedback);
        QCOMPARE(again.added, 0);
        QCOMPARE(again.duplicates, 7);
        QCOMPARE(again.skipped.size(), std::size_t(2));
    }

    void filesOutsideTheProjectFolderAreStoredAbsolute() {
        QTemporaryDir other;
        ig::Project project = ig::Project::create((other.path() + "/b.gadget").toStdString());
        ig::SilentFeedback feedback;
        const std::string outside = (kKsdd + kNames[2]).toStdString();
        const ig::ImportReport report = ig::importImages(project, {outside}, feedback);
        QCOMPARE(report.added, 1);
        QCOMPARE(project.images().at(0).path, QDir::cleanPath(kKsdd + kNames[2]).toStdString());
    }

    void listFilesAndMissingInputs() {
        ig::Project project = ig::Project::create((temp_.path() + "/c.gadget").toStdString());
        const QString list = temp_.path() + "/some.txt";
        QFile file(list);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# two images, relative to the list\r\n\nimages/" + kNames[3].toUtf8() +
                   "\r\n  images/" + kNames[4].toUtf8() + "  \nimages/missing.png\n");
        file.close();
        CancelAfter feedback(1000);
        const ig::ImportReport report = ig::importImages(
            project, {list.toStdString(), (temp_.path() + "/nothing-here").toStdString()},
            feedback);
        QCOMPARE(report.added, 2);
        QCOMPARE(report.skipped.size(), std::size_t(2));
        QVERIFY(report.skipped[0].first.find("nothing-here") != std::string::npos);
        QVERIFY(report.skipped[0].second.find("does not exist") != std::string::npos);
        QVERIFY(report.skipped[1].first.find("missing.png") != std::string::npos);
        QCOMPARE(feedback.messages.size(), std::size_t(2)); // each skipped input is told
        QCOMPARE(feedback.done(), 3LL);
        QCOMPARE(feedback.total(), 3LL);
    }

    // A cancel stops between images; what was imported before stays.
    void cancelKeepsWhatWasImported() {
        ig::Project project = ig::Project::create((temp_.path() + "/d.gadget").toStdString());
        CancelAfter feedback(2);
        bool canceled = false;
        try {
            ig::importImages(project, {images_.toStdString()}, feedback);
        } catch (const ig::CanceledError&) {
            canceled = true;
        }
        QVERIFY(canceled);
        QCOMPARE(project.images().size(), std::size_t(2));
        QCOMPARE(project.checkIntegrity(), std::string("ok"));
    }

    void colourJpegAndSixteenBitTiff() {
        QTemporaryDir other;
        const QString tiff = other.path() + "/deep.tif";
        QVERIFY(cv::imwrite(tiff.toStdString(), cv::Mat(30, 40, CV_16UC1, cv::Scalar(40000))));
        ig::Project project = ig::Project::create((other.path() + "/e.gadget").toStdString());
        ig::SilentFeedback feedback;
        const std::string neu = std::string(IG_SHARED_DATA) + "/neu/images/patches_7.jpg";
        const ig::ImportReport report =
            ig::importImages(project, {neu, tiff.toStdString()}, feedback);
        QCOMPARE(report.added, 2);
        const std::vector<ig::ImageRecord> images = project.images();
        QCOMPARE(images.at(0).width, 200);
        QCOMPARE(images.at(0).height, 200);
        QCOMPARE(images.at(0).channels, 3);
        QCOMPARE(images.at(0).bitDepth, 8);
        QCOMPARE(images.at(1).path, std::string("deep.tif"));
        QCOMPARE(images.at(1).width, 40);
        QCOMPARE(images.at(1).height, 30);
        QCOMPARE(images.at(1).channels, 1);
        QCOMPARE(images.at(1).bitDepth, 16);
    }
};

QTEST_GUILESS_MAIN(TestImageImporter)
#include "TestImageImporter.moc"
