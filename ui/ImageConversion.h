#pragma once

#include <QImage>
#include <QSize>

#include <opencv2/core/mat.hpp>

// Turning decoded images (cv::Mat as ig::readImage returns them: 8- or 16-bit, grey, BGR or BGRA)
// into QImages for display. 16-bit images have no natural 8-bit view: they are shown through an
// intensity window, by default the image's own min/max, so that a 12-bit sensor's dark image is
// not shown black.
//
// Threading: pure functions; safe on any thread (QImage without painting a font is thread-safe).
namespace ig::ui {

// Raw values [low, high] map to display [0, 255]; values outside are clipped.
struct IntensityWindow {
    double low = 0;
    double high = 255;
};

// The min/max over all channels; a constant image gets a window one value wide.
IntensityWindow minMaxWindow(const cv::Mat& image);

// BGR -> RGB and BGRA -> RGBA (grey unchanged), the channel order QImage expects.
cv::Mat toRgbOrder(const cv::Mat& image);

// 8-bit copy of `image` through `window` (any depth, same channels).
cv::Mat applyWindow(const cv::Mat& image, IntensityWindow window);

// Wraps an 8-bit grey/RGB/RGBA matrix (RGB order) as a QImage that shares its pixels and keeps
// them alive; no copy.
QImage wrapAsQImage(const cv::Mat& rgbImage8);

// A display QImage of a decoded image (BGR order, 8- or 16-bit; 16-bit through its min/max).
QImage toQImage(const cv::Mat& image);

// The image scaled down (never up) to fit `box`, keeping the aspect ratio, at least 1 x 1.
// Shrinks before windowing, so a large 16-bit image costs one pass over its pixels.
QImage makeThumbnail(const cv::Mat& image, QSize box);

// The size `imageSize` takes when scaled to fit `box` (never enlarged, at least 1 x 1).
QSize fittedSize(QSize imageSize, QSize box);

} // namespace ig::ui
