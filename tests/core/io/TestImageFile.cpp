#include "io/ImageFile.h"
#include "util/Error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QDir>
#include <QFile>
#include <QtTest>

#include <filesystem>

#include <unistd.h>

namespace {

const QString kKsddImage = QString(IG_SHARED_DATA) + "/ksdd/images/kos01_Part0.png";
const QString kNeuImage = QString(IG_SHARED_DATA) + "/neu/images/crazing_1.jpg";

QString outputDir() {
    const QString dir = QString(IG_TEST_OUTPUT) + "/TestImageFile";
    QDir().mkpath(dir);
    return dir;
}

QByteArray readBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString writeBytes(const QString& name, const QByteArray& bytes) {
    const QString path = outputDir() + "/" + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(bytes);
    return path;
}

// The message of the ig::Error(Input) that reading `path` throws ("" when none is thrown).
std::string readError(const QString& path) {
    try {
        ig::readImage(path.toStdString());
    } catch (const ig::Error& e) {
        if (e.kind() != ig::Error::Kind::Input)
            return "wrong kind: " + std::string(e.what());
        return e.what();
    }
    return "";
}

std::string probeError(const QString& path) {
    try {
        ig::probeImage(path.toStdString());
    } catch (const ig::Error& e) {
        return e.kind() == ig::Error::Kind::Input ? e.what() : "wrong kind";
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A test image with a ramp, so equality checks are meaningful.
cv::Mat rampImage(int type, int rows, int cols) {
    cv::Mat image(rows, cols, type);
    const double maxValue = CV_MAT_DEPTH(type) == CV_16U ? 65535.0 : 255.0;
    std::vector<cv::Mat> planes;
    for (int c = 0; c < CV_MAT_CN(type); ++c) {
        cv::Mat plane(rows, cols, CV_MAKETYPE(CV_MAT_DEPTH(type), 1));
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                const double v =
                    std::fmod((x * 31 + y * 17 + c * 101) * maxValue / 997.0, maxValue);
                if (CV_MAT_DEPTH(type) == CV_16U)
                    plane.at<std::uint16_t>(y, x) = std::uint16_t(v);
                else
                    plane.at<std::uint8_t>(y, x) = std::uint8_t(v);
            }
        planes.push_back(plane);
    }
    cv::merge(planes, image);
    return image;
}

bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

void setBe32(QByteArray& bytes, int offset, quint32 value) {
    for (int i = 0; i < 4; ++i)
        bytes[offset + i] = char((value >> (24 - 8 * i)) & 0xFF);
}

} // namespace

class TestImageFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(
            cv::imwrite((outputDir() + "/source.bmp").toStdString(), rampImage(CV_8UC3, 40, 41)));
        QVERIFY(
            cv::imwrite((outputDir() + "/source.tiff").toStdString(), rampImage(CV_16UC3, 40, 41)));
    }

    void realKsddPng() {
        const cv::Mat image = ig::readImage(kKsddImage.toStdString());
        QCOMPARE(image.type(), CV_8UC1);
        QCOMPARE(image.cols, 500);
        QVERIFY(image.rows >= 1240 && image.rows <= 1283);
        const ig::ImageInfo info = ig::probeImage(kKsddImage.toStdString());
        QCOMPARE(info.width, image.cols);
        QCOMPARE(info.height, image.rows);
        QCOMPARE(info.channels, 1);
        QCOMPARE(info.bitDepth, 8);
        QVERIFY(samePixels(ig::readImageGrey8(kKsddImage.toStdString()), image));
    }

    void realNeuJpeg() {
        const cv::Mat image = ig::readImage(kNeuImage.toStdString());
        QCOMPARE(image.type(), CV_8UC3);
        QCOMPARE(image.size(), cv::Size(200, 200));
        const ig::ImageInfo info = ig::probeImage(kNeuImage.toStdString());
        QCOMPARE(info.width, 200);
        QCOMPARE(info.height, 200);
        QCOMPARE(info.channels, 3);
        QCOMPARE(info.bitDepth, 8);
        const cv::Mat grey = ig::readImageGrey8(kNeuImage.toStdString());
        QCOMPARE(grey.type(), CV_8UC1);
        QCOMPARE(grey.size(), image.size());
    }

    // Written with OpenCV in every supported format and depth, read back unchanged, and the
    // header probe agrees with what decoding gives.
    void roundTrip_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type");
        QTest::newRow("png 16-bit grey") << "grey16.png" << CV_16UC1;
        QTest::newRow("png 16-bit colour") << "colour16.png" << CV_16UC3;
        QTest::newRow("png 8-bit rgba") << "rgba8.png" << CV_8UC4;
        QTest::newRow("tiff 16-bit grey") << "grey16.tif" << CV_16UC1;
        QTest::newRow("tiff 16-bit colour") << "colour16.tiff" << CV_16UC3;
        QTest::newRow("tiff 8-bit grey") << "grey8.tif" << CV_8UC1;
        QTest::newRow("tiff 8-bit colour") << "colour8.tif" << CV_8UC3;
        QTest::newRow("bmp grey") << "grey.bmp" << CV_8UC1;
        QTest::newRow("bmp colour") << "colour.bmp" << CV_8UC3;
        QTest::newRow("bmp odd width") << "odd.bmp" << CV_8UC3; // row padding
    }
    void roundTrip() {
        QFETCH(QString, name);
        QFETCH(int, type);
        const cv::Mat original = rampImage(type, 37, name == "odd.bmp" ? 51 : 64);
        const QString path = outputDir() + "/" + name;
        QVERIFY(cv::imwrite(path.toStdString(), original));
        const cv::Mat image = ig::readImage(path.toStdString());
        QVERIFY2(samePixels(image, original), qPrintable(name));
        const ig::ImageInfo info = ig::probeImage(path.toStdString());
        QCOMPARE(info.width, original.cols);
        QCOMPARE(info.height, original.rows);
        QCOMPARE(info.channels, original.channels());
        QCOMPARE(info.bitDepth, original.depth() == CV_16U ? 16 : 8);
    }

    void grey8StretchesSixteenBit() {
        cv::Mat image(4, 4, CV_16UC1, cv::Scalar(1000));
        image.at<std::uint16_t>(0, 0) = 1000;
        image.at<std::uint16_t>(1, 1) = 3000;
        image.at<std::uint16_t>(2, 2) = 2000;
        const cv::Mat grey = ig::toGrey8(image);
        QCOMPARE(grey.type(), CV_8UC1);
        QCOMPARE(int(grey.at<std::uint8_t>(0, 0)), 0);
        QCOMPARE(int(grey.at<std::uint8_t>(1, 1)), 255);
        QVERIFY(qAbs(int(grey.at<std::uint8_t>(2, 2)) - 127.5) <= 0.5); // half way
        const QString path = outputDir() + "/stretch16.png";
        QVERIFY(cv::imwrite(path.toStdString(), image));
        QVERIFY(samePixels(ig::readImageGrey8(path.toStdString()), grey));
    }

    void truncatedFilesAreReportedAsTruncated_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("keep");
        QTest::newRow("png 60%") << kKsddImage << "cut.png" << 0.6;
        QTest::newRow("png without IEND") << kKsddImage << "no-iend.png" << -12.0;
        QTest::newRow("jpeg 70%") << kNeuImage << "cut.jpg" << 0.7;
        QTest::newRow("jpeg without EOI") << kNeuImage << "no-eoi.jpg" << -2.0;
        QTest::newRow("bmp 50%") << outputDir() + "/source.bmp"
                                 << "cut.bmp" << 0.5;
        QTest::newRow("tiff 50%") << outputDir() + "/source.tiff"
                                  << "cut.tif" << 0.5;
    }
    void truncatedFilesAreReportedAsTruncated() {
        QFETCH(QString, source);
        QFETCH(QString, name);
        QFETCH(double, keep);
        const QByteArray bytes = readBytes(source);
        QVERIFY(!bytes.isEmpty());
        const int size = keep > 0 ? int(bytes.size() * keep) : int(bytes.size() + keep);
        const QString path = writeBytes(name, bytes.left(size));
        const std::string error = readError(path);
        QVERIFY2(contains(error, "truncated"), error.c_str());
        QVERIFY2(contains(error, path.toStdString()), error.c_str());
    }

    void corruptPngDataIsAnInputError() {
        QByteArray bytes = readBytes(kKsddImage);
        for (int i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
            bytes[i] = char(bytes[i] ^ 0x5A); // inside IDAT: the chunk CRC no longer matches
        const QString path = writeBytes("corrupt.png", bytes);
        const std::string error = readError(path);
        QVERIFY2(contains(error, "corrupt"), error.c_str());
        QVERIFY2(contains(error, path.toStdString()), error.c_str());
    }

    void notAnImage() {
        QByteArray garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.append(char((i * 7919) % 251));
        const QString path = writeBytes("garbage.png", garbage);
        for (const std::string& error : {readError(path), probeError(path)}) {
            QVERIFY2(contains(error, "unknown format"), error.c_str());
            QVERIFY2(contains(error, path.toStdString()), error.c_str());
        }
    }

    void emptyMissingAndFolder() {
        const QString empty = writeBytes("empty.png", QByteArray());
        std::string error = readError(empty);
        QVERIFY2(contains(error, "empty") && contains(error, empty.toStdString()), error.c_str());
        QVERIFY2(contains(probeError(empty), "empty"), probeError(empty).c_str());

        const QString missing = outputDir() + "/does-not-exist.png";
        error = readError(missing);
        QVERIFY2(contains(error, "does not exist") && contains(error, missing.toStdString()),
                 error.c_str());
        QVERIFY(contains(probeError(missing), "does not exist"));

        error = readError(outputDir());
        QVERIFY2(contains(error, "folder"), error.c_str());

        // Links that lead nowhere say so, not "does not exist".
        const std::string loopA = (outputDir() + "/loop-a.png").toStdString();
        const std::string loopB = (outputDir() + "/loop-b.png").toStdString();
        const std::string dangling = (outputDir() + "/dangling.png").toStdString();
        std::error_code ec;
        for (const std::string& link : {loopA, loopB, dangling})
            std::filesystem::remove(link, ec);
        std::filesystem::create_symlink(loopB, loopA);
        std::filesystem::create_symlink(loopA, loopB);
        std::filesystem::create_symlink("gone.png", dangling);
        error = readError(QString::fromStdString(loopA));
        QVERIFY2(contains(error, "loop of symbolic links") && contains(error, loopA),
                 error.c_str());
        error = readError(QString::fromStdString(dangling));
        QVERIFY2(contains(error, "symbolic link to 'gone.png'"), error.c_str());
    }

    void permissionDenied() {
        if (geteuid() == 0)
            QSKIP("root reads every file; permissions cannot be tested");
        const QString path = writeBytes("locked.png", readBytes(kKsddImage));
        QFile::setPermissions(path, QFileDevice::WriteOwner);
        const std::string error = readError(path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(contains(error, "permission"), error.c_str());
    }

    // A header claiming a huge image is refused before OpenCV allocates anything.
    void hugeHeadersAreRefusedBeforeDecoding() {
        QByteArray png = readBytes(kKsddImage);
        setBe32(png, 16, 100000); // IHDR width
        setBe32(png, 20, 100000); // IHDR height (the CRC is not checked before the limit)
        const QString pngPath = writeBytes("huge.png", png);
        std::string error = readError(pngPath);
        QVERIFY2(contains(error, "100000 x 100000") && contains(error, "limit"), error.c_str());
        QVERIFY(contains(probeError(pngPath), "limit"));

        QByteArray jpeg = readBytes(kNeuImage);
        const int sof = jpeg.indexOf(QByteArray("\xFF\xC0", 2));
        QVERIFY(sof > 0);
        jpeg[sof + 5] = char(0xFF); // height 65535
        jpeg[sof + 6] = char(0xFF);
        jpeg[sof + 7] = char(0xFF); // width 65535
        jpeg[sof + 8] = char(0xFF);
        const QString jpegPath = writeBytes("huge.jpg", jpeg);
        error = readError(jpegPath);
        QVERIFY2(contains(error, "65535 x 65535") && contains(error, "limit"), error.c_str());
    }

    void zeroSizeHeaderIsCorrupt() {
        QByteArray png = readBytes(kKsddImage);
        setBe32(png, 16, 0);
        const QString path = writeBytes("zero.png", png);
        const std::string error = readError(path);
        QVERIFY2(contains(error, "corrupt"), error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestImageFile)
#include "TestImageFile.moc"
