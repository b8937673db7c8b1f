#pragma once

#include "ui/ImageConversion.h"

#include <QImage>
#include <QString>
#include <QVector>

#include <opencv2/core/mat.hpp>

namespace ig::ui {

// An image ready to be shown at any zoom: its decoded pixels (for the value under the cursor)
// and a pyramid of 8-bit QImages, level k being level 0 halved k times. Zoomed-out views draw
// from the smallest level that is still at least as large as the screen image, so neither the
// cost of a repaint nor its aliasing depends on how large the original is.
//
// Threading: load() and fromMat() run on any thread (the app loads on a worker); a DisplayImage
// is an immutable value afterwards and its copies share pixels.
class DisplayImage {
public:
    // Levels stop halving once the longer side is at most this many pixels.
    static constexpr int kSmallestLevelSide = 256;

    DisplayImage() = default;

    // Reads `path` with ig::readImage; throws ig::Error (Kind::Input) naming the file.
    static DisplayImage load(const QString& path);
    // From a decoded image in OpenCV's BGR(A) order, 8- or 16-bit.
    static DisplayImage fromMat(const cv::Mat& image);

    bool isNull() const { return levels_.isEmpty(); }
    int width() const { return pixels_.cols; }
    int height() const { return pixels_.rows; }
    QSize size() const { return {pixels_.cols, pixels_.rows}; }
    int channels() const { return pixels_.channels(); }
    int bitDepth() const { return pixels_.depth() == CV_16U ? 16 : 8; }
    IntensityWindow window() const { return window_; }

    int levelCount() const { return levels_.size(); }
    const QImage& level(int index) const { return levels_.at(index); }
    // The smallest level whose scale is at least `zoom` (level 0 when zooming in).
    int levelForZoom(double zoom) const;

    // The raw value(s) at pixel (x, y), e.g. "137" or "R 12  G 200  B 7"; empty when outside.
    QString valueText(int x, int y) const;

private:
    cv::Mat pixels_; // RGB(A) order, original depth
    IntensityWindow window_;
    QVector<QImage> levels_;
};

} // namespace ig::ui
