#include "ui/DisplayImage.h"

#include "io/ImageFile.h"

#include <QCoreApplication>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace ig::ui {

namespace {

QImage::Format formatFor(int channels) {
    switch (channels) {
    case 3:
        return QImage::Format_RGB888;
    case 4:
        return QImage::Format_RGBA8888;
    default:
        return QImage::Format_Grayscale8;
    }
}

// Half of `source` (rounded up, at least 1 px) by area averaging, into a QImage that owns its
// pixels; OpenCV writes straight into the QImage's buffer.
QImage halve(const QImage& source, int channels) {
    const int w = std::max(1, (source.width() + 1) / 2);
    const int h = std::max(1, (source.height() + 1) / 2);
    QImage half(w, h, formatFor(channels));
    const int type = CV_8UC(channels);
    const cv::Mat from(source.height(), source.width(), type,
                       const_cast<uchar*>(source.constBits()),
                       static_cast<size_t>(source.bytesPerLine()));
    cv::Mat to(h, w, type, half.bits(), static_cast<size_t>(half.bytesPerLine()));
    cv::resize(from, to, to.size(), 0, 0, cv::INTER_AREA);
    return half;
}

} // namespace

DisplayImage DisplayImage::load(const QString& path) {
    return fromMat(ig::readImage(path.toStdString()));
}

DisplayImage DisplayImage::fromMat(const cv::Mat& image) {
    DisplayImage result;
    if (image.empty())
        return result;
    result.pixels_ = toRgbOrder(image);
    cv::Mat display8 = result.pixels_;
    if (result.pixels_.depth() != CV_8U) {
        result.window_ = minMaxWindow(result.pixels_);
        display8 = applyWindow(result.pixels_, result.window_);
    }
    result.levels_.append(wrapAsQImage(display8));
    while (std::max(result.levels_.last().width(), result.levels_.last().height()) >
           kSmallestLevelSide)
        result.levels_.append(halve(result.levels_.last(), display8.channels()));
    return result;
}

int DisplayImage::levelForZoom(double zoom) const {
    int best = 0;
    for (int k = 1; k < levels_.size(); ++k) {
        const double scale = double(levels_[k].width()) / levels_[0].width();
        const double scaleY = double(levels_[k].height()) / levels_[0].height();
        if (std::min(scale, scaleY) < zoom * 0.999)
            break;
        best = k;
    }
    return best;
}

QString DisplayImage::valueText(int x, int y) const {
    if (pixels_.empty() || x < 0 || y < 0 || x >= pixels_.cols || y >= pixels_.rows)
        return {};
    auto value = [&](int channel) -> int {
        if (pixels_.depth() == CV_16U)
            return pixels_.ptr<quint16>(y)[x * pixels_.channels() + channel];
        return pixels_.ptr<uchar>(y)[x * pixels_.channels() + channel];
    };
    if (pixels_.channels() == 1)
        return QString::number(value(0));
    QString text = QCoreApplication::translate("ig::ui::DisplayImage", "R %1  G %2  B %3")
                       .arg(value(0))
                       .arg(value(1))
                       .arg(value(2));
    if (pixels_.channels() == 4)
        text += QCoreApplication::translate("ig::ui::DisplayImage", "  A %1").arg(value(3));
    return text;
}

} // namespace ig::ui
