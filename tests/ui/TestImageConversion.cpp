// ImageConversion and DisplayImage: cv::Mat -> QImage (8/16-bit, grey/colour), thumbnails,
// the zoom pyramid and the pixel values shown under the cursor.
#include "ui/DisplayImage.h"
#include "ui/ImageConversion.h"

#include "util/Error.h"

#include <QDir>
#include <QTest>

#include <opencv2/core.hpp>

using namespace ig::ui;

class TestImageConversion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eightBitGreyKeepsValues() {
        cv::Mat grey(2, 3, CV_8U);
        for (int i = 0; i < 6; ++i)
            grey.data[i] = uchar(i * 40);
        const QImage image = toQImage(grey);
        QCOMPARE(image.format(), QImage::Format_Grayscale8);
        QCOMPARE(image.size(), QSize(3, 2));
        QCOMPARE(qGray(image.pixel(2, 1)), 200);
        QCOMPARE(qGray(image.pixel(0, 0)), 0);
    }

    void oddWidthRowsAreNotSheared() {
        // 161 px rows are not 4-byte aligned: the QImage must use the matrix's stride.
        cv::Mat grey(3, 161, CV_8U, cv::Scalar(0));
        grey.at<uchar>(2, 160) = 255;
        grey.at<uchar>(1, 0) = 77;
        const QImage image = toQImage(grey);
        QCOMPARE(qGray(image.pixel(160, 2)), 255);
        QCOMPARE(qGray(image.pixel(0, 1)), 77);
        QCOMPARE(qGray(image.pixel(159, 2)), 0);
    }

    void sixteenBitUsesMinMaxWindow() {
        cv::Mat raw = (cv::Mat_<quint16>(1, 3) << 1000, 3000, 5000);
        const IntensityWindow window = minMaxWindow(raw);
        QCOMPARE(window.low, 1000.0);
        QCOMPARE(window.high, 5000.0);
        const QImage image = toQImage(raw);
        QCOMPARE(qGray(image.pixel(0, 0)), 0);
        QVERIFY(qAbs(qGray(image.pixel(1, 0)) - 128) <= 1);
        QCOMPARE(qGray(image.pixel(2, 0)), 255);
    }

    void constantSixteenBitImageDoesNotDivideByZero() {
        cv::Mat raw(4, 4, CV_16U, cv::Scalar(700));
        const IntensityWindow window = minMaxWindow(raw);
        QVERIFY(window.high > window.low);
        const QImage image = toQImage(raw);
        QCOMPARE(image.size(), QSize(4, 4));
        QCOMPARE(qGray(image.pixel(3, 3)), 0);
    }

    void colourIsSwappedToRgb() {
        cv::Mat bgr(1, 1, CV_8UC3, cv::Scalar(10, 20, 30)); // B, G, R
        const QImage image = toQImage(bgr);
        QCOMPARE(qRed(image.pixel(0, 0)), 30);
        QCOMPARE(qGreen(image.pixel(0, 0)), 20);
        QCOMPARE(qBlue(image.pixel(0, 0)), 10);
    }

    void thumbnailsFitTheBoxKeepingAspect() {
        QCOMPARE(fittedSize(QSize(500, 1257), QSize(72, 96)), QSize(38, 96));
        QCOMPARE(fittedSize(QSize(161, 5278), QSize(72, 96)), QSize(3, 96));
        QCOMPARE(fittedSize(QSize(10, 10), QSize(72, 96)), QSize(10, 10)); // never enlarged
        QCOMPARE(fittedSize(QSize(5278, 1), QSize(72, 96)), QSize(72, 1)); // at least 1 px

        cv::Mat wide(100, 1000, CV_16U);
        cv::randu(wide, 0, 4096);
        const QImage thumbnail = makeThumbnail(wide, QSize(72, 96));
        QCOMPARE(thumbnail.size(), QSize(72, 7));
        QCOMPARE(thumbnail.format(), QImage::Format_Grayscale8);
    }

    void pyramidHalvesUntilSmall() {
        cv::Mat grey(600, 1000, CV_8U, cv::Scalar(90));
        const DisplayImage image = DisplayImage::fromMat(grey);
        QCOMPARE(image.size(), QSize(1000, 600));
        QCOMPARE(image.levelCount(), 3);
        QCOMPARE(image.level(1).size(), QSize(500, 300));
        QCOMPARE(image.level(2).size(), QSize(250, 150));
        QCOMPARE(qGray(image.level(2).pixel(100, 100)), 90);
        QCOMPARE(image.levelForZoom(2.0), 0);
        QCOMPARE(image.levelForZoom(1.0), 0);
        QCOMPARE(image.levelForZoom(0.6), 0);
        QCOMPARE(image.levelForZoom(0.5), 1);
        QCOMPARE(image.levelForZoom(0.3), 1);
        QCOMPARE(image.levelForZoom(0.2), 2);
        QCOMPARE(image.levelForZoom(0.01), 2);
    }

    void valueTextShowsRawValues() {
        cv::Mat raw(2, 2, CV_16U, cv::Scalar(0));
        raw.at<quint16>(1, 0) = 4095;
        const DisplayImage grey = DisplayImage::fromMat(raw);
        QCOMPARE(grey.bitDepth(), 16);
        QCOMPARE(grey.valueText(0, 1), QStringLiteral("4095"));
        QVERIFY(grey.valueText(2, 0).isEmpty());
        QVERIFY(grey.valueText(-1, 0).isEmpty());

        cv::Mat bgr(1, 1, CV_8UC3, cv::Scalar(10, 20, 30));
        QCOMPARE(DisplayImage::fromMat(bgr).valueText(0, 0), QStringLiteral("R 30  G 20  B 10"));
    }

    void loadsRealImageAndReportsMissingFiles() {
        const QString path = QStringLiteral(IG_SHARED_DATA "/ksdd/images/kos01_Part0.png");
        const DisplayImage image = DisplayImage::load(path);
        QCOMPARE(image.width(), 500);
        QVERIFY(image.height() > 1200);
        QCOMPARE(image.bitDepth(), 8);
        QCOMPARE(image.channels(), 1);
        QVERIFY(image.levelCount() >= 3);

        try {
            DisplayImage::load(QDir::temp().filePath(QStringLiteral("no-such-image.png")));
            QFAIL("a missing image must throw");
        } catch (const ig::Error& e) {
            QCOMPARE(e.kind(), ig::Error::Kind::Input);
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("no-such-image.png")));
        }
    }
};

QTEST_GUILESS_MAIN(TestImageConversion)
#include "TestImageConversion.moc"
