#include "match/BufferPool.h"

#include <vector>

namespace ig::detail {

namespace {

// Enough for the planes of two prepared images (a worker holds one at a time).
constexpr size_t kStockSize = 16;

std::vector<cv::Mat>& stock() {
    thread_local std::vector<cv::Mat> buffers;
    return buffers;
}

} // namespace

cv::Mat takeBuffer(int rows, int cols, int type) {
    std::vector<cv::Mat>& buffers = stock();
    for (size_t i = 0; i < buffers.size(); ++i) {
        if (buffers[i].rows == rows && buffers[i].cols == cols && buffers[i].type() == type) {
            cv::Mat m = buffers[i];
            buffers.erase(buffers.begin() + static_cast<std::ptrdiff_t>(i));
            return m;
        }
    }
    return cv::Mat(rows, cols, type);
}

void giveBackBuffer(cv::Mat& m) {
    if (m.empty() || !m.isContinuous() || !m.u || m.u->refcount != 1)
        return;
    std::vector<cv::Mat>& buffers = stock();
    if (buffers.size() >= kStockSize)
        buffers.erase(buffers.begin()); // the oldest
    buffers.push_back(m);
    m.release();
}

} // namespace ig::detail
