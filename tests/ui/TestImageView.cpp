// ImageView: fit, zoom around the cursor, keys, drag to pan, the value under the cursor, and
// the time a zoom step + repaint takes on a KolektorSDD image, a synthetic 161 x 5278 image, a
// 16-bit image and an 8000 x 8000 image (reported, not asserted: machines are noisy).
#include "ui/DisplayImage.h"
#include "ui/ImageView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <vector>

using namespace ig::ui;

namespace {

void sendCtrlWheel(ImageView& view, QPoint pos, int delta) {
    QWheelEvent event(QPointF(pos), QPointF(view.viewport()->mapToGlobal(pos)), QPoint(),
                      QPoint(0, delta), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(view.viewport(), &event);
}

struct Timing {
    double averageMs = 0;
    double maxMs = 0;
    int steps = 0;
};

// Zooms in `steps` times then out again around the viewport centre, repainting after each
// step, and returns how long each step + repaint took.
Timing timeZoomSteps(ImageView& view, int steps) {
    std::vector<double> ms;
    const QPoint centre = view.viewport()->rect().center();
    for (int direction : {+1, -1}) {
        for (int i = 0; i < steps; ++i) {
            QElapsedTimer timer;
            timer.start();
            view.setZoom(direction > 0 ? view.zoom() * ImageView::kZoomStep
                                       : view.zoom() / ImageView::kZoomStep,
                         centre);
            view.viewport()->repaint();
            ms.push_back(timer.nsecsElapsed() / 1e6);
        }
    }
    Timing t;
    t.steps = int(ms.size());
    for (double m : ms)
        t.averageMs += m / ms.size();
    t.maxMs = *std::max_element(ms.begin(), ms.end());
    return t;
}

void report(const char* what, QSize size, const Timing& t) {
    qInfo("zoom step + repaint, %s %dx%d: average %.2f ms, max %.2f ms over %d steps", what,
          size.width(), size.height(), t.averageMs, t.maxMs, t.steps);
}

// A gradient with noise, like a lit metal surface; `depth` CV_8U or CV_16U.
cv::Mat syntheticSurface(int width, int height, int depth) {
    cv::Mat image(height, width, CV_32F);
    for (int y = 0; y < height; ++y) {
        float* row = image.ptr<float>(y);
        for (int x = 0; x < width; ++x)
            row[x] = 0.2f + 0.6f * float(y) / height + 0.1f * float(x) / width;
    }
    cv::Mat noise(height, width, CV_32F);
    cv::randn(noise, 0, 0.03);
    image += noise;
    cv::Mat out;
    image.convertTo(out, depth, depth == CV_16U ? 4095 : 255); // 12-bit range for 16-bit
    return out;
}

} // namespace

class TestImageView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        view_ = std::make_unique<ImageView>();
        view_->resize(1000, 700);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    }
    void cleanup() { view_.reset(); }

    void fitsAndZoomsAroundTheCursor() {
        const QString path = QStringLiteral(IG_SHARED_DATA "/ksdd/images/kos10_Part3.png");
        view_->setImage(DisplayImage::load(path));
        QVERIFY(view_->isFitMode());
        const QSize vp =
            view_->viewport()->size() - QSize(2 * ImageView::kFitMargin, 2 * ImageView::kFitMargin);
        const double fit = std::min(double(vp.width()) / view_->image().width(),
                                    double(vp.height()) / view_->image().height());
        QCOMPARE(view_->zoom(), fit);
        // The whole image is visible, centred.
        QCOMPARE(view_->visibleImageRect(), QRectF(QPointF(0, 0), QSizeF(view_->image().size())));

        QSignalSpy zoomSpy(view_.get(), &ImageView::zoomChanged);
        const QPoint cursor(view_->viewport()->width() / 2 + 60, 200);
        int anchoredX = 0, anchoredY = 0;
        for (int i = 0; i < 8; ++i) {
            const QPointF under = view_->viewportToImage(cursor);
            sendCtrlWheel(*view_, cursor, 120);
            // Along each axis where the image is larger than the viewport, the image point
            // under the cursor stays there (to within a screen pixel) unless the scroll bar
            // hit its end; along the others the image stays centred.
            const QPointF after = view_->imageToViewport(under);
            const QSizeF content = QSizeF(view_->image().size()) * view_->zoom();
            auto atEnd = [](const QScrollBar* bar) {
                return bar->value() == bar->minimum() || bar->value() == bar->maximum();
            };
            if (content.width() > view_->viewport()->width()) {
                if (!atEnd(view_->horizontalScrollBar())) {
                    QVERIFY2(qAbs(after.x() - cursor.x()) <= 1.0,
                             qPrintable(QString::number(after.x())));
                    ++anchoredX;
                }
            } else {
                QCOMPARE(view_->imageToViewport(QPointF(view_->image().width() / 2.0, 0)).x(),
                         view_->viewport()->width() / 2.0);
            }
            if (content.height() > view_->viewport()->height()) {
                QVERIFY2(qAbs(after.y() - cursor.y()) <= 1.0,
                         qPrintable(QString::number(after.y())));
                ++anchoredY;
            }
        }
        QCOMPARE(zoomSpy.size(), 8);
        QVERIFY(anchoredX >= 1 && anchoredY == 8);
        QVERIFY(qAbs(view_->zoom() - fit * std::pow(ImageView::kZoomStep, 8)) < 1e-9);
        QVERIFY(!view_->isFitMode());

        // A plain wheel scrolls instead of zooming.
        const double zoom = view_->zoom();
        const int scrollY = view_->verticalScrollBar()->value();
        QWheelEvent scroll(QPointF(cursor), QPointF(view_->viewport()->mapToGlobal(cursor)),
                           QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                           Qt::NoScrollPhase, false);
        QApplication::sendEvent(view_->viewport(), &scroll);
        QCOMPARE(view_->zoom(), zoom);
        QVERIFY(view_->verticalScrollBar()->value() > scrollY);

        // Keys: + and - step by kZoomStep, 1 is 100 %, F fits again.
        QTest::keyClick(view_.get(), Qt::Key_Plus);
        QVERIFY(qAbs(view_->zoom() - zoom * ImageView::kZoomStep) < 1e-9);
        QTest::keyClick(view_.get(), Qt::Key_Minus);
        QVERIFY(qAbs(view_->zoom() - zoom) < 1e-9);
        QTest::keyClick(view_.get(), Qt::Key_1);
        QCOMPARE(view_->zoom(), 1.0);
        QTest::keyClick(view_.get(), Qt::Key_F);
        QVERIFY(view_->isFitMode());
        QCOMPARE(view_->zoom(), fit);
        QTest::keyClick(view_.get(), Qt::Key_W);
        QVERIFY(view_->zoom() > fit);
        QVERIFY(view_->image().width() * view_->zoom() <= view_->viewport()->width() + 0.5);
    }

    void dragPansAndReportsPixels() {
        cv::Mat raw = syntheticSurface(3000, 2000, CV_16U);
        view_->setImage(DisplayImage::fromMat(raw));
        view_->showActualSize();
        QCOMPARE(view_->zoom(), 1.0);
        QScrollBar* h = view_->horizontalScrollBar();
        QScrollBar* v = view_->verticalScrollBar();
        QVERIFY(h->maximum() > 0 && v->maximum() > 0);
        const QPoint start(500, 400);
        const int h0 = h->value(), v0 = v->value();
        QTest::mousePress(view_->viewport(), Qt::LeftButton, {}, start);
        QTest::mouseMove(view_->viewport(), start + QPoint(-60, -40));
        QTest::mouseMove(view_->viewport(), start + QPoint(-120, -90));
        QTest::mouseRelease(view_->viewport(), Qt::LeftButton, {}, start + QPoint(-120, -90));
        QCOMPARE(h->value(), h0 + 120);
        QCOMPARE(v->value(), v0 + 90);

        // Hovering reports the raw 16-bit value of the pixel under the cursor.
        QSignalSpy hovered(view_.get(), &ImageView::pixelHovered);
        const QPoint at(300, 250);
        QTest::mouseMove(view_->viewport(), at);
        QTRY_VERIFY(!hovered.isEmpty());
        const QPointF p = view_->viewportToImage(at);
        const int x = int(p.x()), y = int(p.y());
        QCOMPARE(hovered.last().at(0).toInt(), x);
        QCOMPARE(hovered.last().at(1).toInt(), y);
        QCOMPARE(hovered.last().at(2).toString(), QString::number(raw.at<quint16>(y, x)));
    }

    void ksddZoomIsFast() {
        view_->setImage(
            DisplayImage::load(QStringLiteral(IG_SHARED_DATA "/ksdd/images/kos10_Part3.png")));
        report("KolektorSDD", view_->image().size(), timeZoomSteps(*view_, 12));
    }

    void tallSyntheticImage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tall.png"));
        QVERIFY(cv::imwrite(path.toStdString(), syntheticSurface(161, 5278, CV_8U)));
        const DisplayImage image = DisplayImage::load(path);
        QCOMPARE(image.size(), QSize(161, 5278));
        QCOMPARE(image.bitDepth(), 8);
        view_->setImage(image);
        QVERIFY(view_->isFitMode());
        QCOMPARE(view_->zoom(),
                 double(view_->viewport()->height() - 2 * ImageView::kFitMargin) / 5278);
        report("synthetic tall 8-bit", image.size(), timeZoomSteps(*view_, 20));
        QTest::keyClick(view_.get(), Qt::Key_W); // fit width: the long axis scrolls
        QVERIFY(view_->verticalScrollBar()->maximum() > 0);
        view_->viewport()->repaint();
    }

    void sixteenBitImage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deep.png"));
        QVERIFY(cv::imwrite(path.toStdString(), syntheticSurface(640, 1600, CV_16U)));
        const DisplayImage image = DisplayImage::load(path);
        QCOMPARE(image.bitDepth(), 16);
        double low = 0, high = 0;
        cv::minMaxLoc(cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED), &low, &high);
        QCOMPARE(image.window().low, low);
        QCOMPARE(image.window().high, high);
        QVERIFY(high > 3000); // a 12-bit range: shown as is, it would be dark
        view_->setImage(image);
        QTest::keyClick(view_.get(), Qt::Key_F);
        report("synthetic 16-bit", image.size(), timeZoomSteps(*view_, 12));
        // The windowed display spans the 8-bit range although the raw values are 12-bit.
        const QImage level = image.level(0);
        int darkest = 255, brightest = 0;
        for (int y = 0; y < level.height(); y += 7)
            for (int x = 0; x < level.width(); x += 7) {
                darkest = std::min(darkest, qGray(level.pixel(x, y)));
                brightest = std::max(brightest, qGray(level.pixel(x, y)));
            }
        QVERIFY(darkest < 30 && brightest > 225);
    }

    void hugeImage() {
        // 8000 x 8000: loading takes a while, zooming must not (only the visible part of one
        // pyramid level is drawn).
        cv::Mat big = syntheticSurface(8000, 8000, CV_8U);
        QElapsedTimer timer;
        timer.start();
        const DisplayImage image = DisplayImage::fromMat(big);
        qInfo("8000x8000 pyramid built in %lld ms (%d levels)", timer.elapsed(),
              image.levelCount());
        big.release();
        view_->setImage(image);
        report("8000x8000 from fit", image.size(), timeZoomSteps(*view_, 20));
        view_->showActualSize();
        report("8000x8000 from 100%", image.size(), timeZoomSteps(*view_, 8));
    }

private:
    std::unique_ptr<ImageView> view_;
};

QTEST_MAIN(TestImageView)
#include "TestImageView.moc"
