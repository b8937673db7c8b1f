#include "ui/ImageConversion.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

namespace ig::ui {

IntensityWindow minMaxWindow(const cv::Mat& image) {
    if (image.empty())
        return {};
    double low = 0, high = 0;
    cv::minMaxLoc(image.reshape(1), &low, &high);
    if (high <= low)
        high = low + 1;
    return {low, high};
}

cv::Mat toRgbOrder(const cv::Mat& image) {
    cv::Mat rgb;
    switch (image.channels()) {
    case 3:
        cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
        return rgb;
    case 4:
        cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGBA);
        return rgb;
    default:
        return image;
    }
}

cv::Mat applyWindow(const cv::Mat& image, IntensityWindow window) {
    const double width = std::max(window.high - window.low, 1e-9);
    const double scale = 255.0 / width;
    cv::Mat out;
    image.convertTo(out, CV_8U, scale, -window.low * scale); // saturates outside the window
    return out;
}

QImage wrapAsQImage(const cv::Mat& rgbImage8) {
    CV_Assert(rgbImage8.depth() == CV_8U);
    QImage::Format format = QImage::Format_Grayscale8;
    if (rgbImage8.channels() == 3)
        format = QImage::Format_RGB888;
    else if (rgbImage8.channels() == 4)
        format = QImage::Format_RGBA8888;
    // QImage's cleanup hook owns a reference to the matrix, so the pixels live exactly as long
    // as the last QImage copy that uses them.
    auto keeper = std::make_unique<cv::Mat>(rgbImage8);
    const cv::Mat& m = *keeper;
    QImage image(
        m.data, m.cols, m.rows, static_cast<qsizetype>(m.step), format,
        [](void* mat) { delete static_cast<cv::Mat*>(mat); }, keeper.get());
    keeper.release(); // now owned by the QImage's cleanup function
    return image;
}

QImage toQImage(const cv::Mat& image) {
    if (image.empty())
        return {};
    const cv::Mat rgb = toRgbOrder(image);
    if (rgb.depth() == CV_8U)
        return wrapAsQImage(rgb);
    return wrapAsQImage(applyWindow(rgb, minMaxWindow(rgb)));
}

QSize fittedSize(QSize imageSize, QSize box) {
    if (imageSize.isEmpty() || box.isEmpty())
        return {1, 1};
    if (imageSize.width() <= box.width() && imageSize.height() <= box.height())
        return imageSize;
    const double scale = std::min(double(box.width()) / imageSize.width(),
                                  double(box.height()) / imageSize.height());
    return {std::max(1, int(std::lround(imageSize.width() * scale))),
            std::max(1, int(std::lround(imageSize.height() * scale)))};
}

QImage makeThumbnail(const cv::Mat& image, QSize box) {
    if (image.empty())
        return {};
    const QSize size = fittedSize(QSize(image.cols, image.rows), box);
    cv::Mat small = image;
    if (size.width() != image.cols || size.height() != image.rows)
        cv::resize(image, small, cv::Size(size.width(), size.height()), 0, 0, cv::INTER_AREA);
    if (small.depth() != CV_8U)
        small = applyWindow(small, minMaxWindow(image)); // the whole image's window, like the view
    return wrapAsQImage(toRgbOrder(small));
}

} // namespace ig::ui
