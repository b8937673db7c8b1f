#pragma once

#include <opencv2/core.hpp>

namespace ig::detail {

// A small per-thread stock of image-sized buffers. Preparing an image needs a few megabytes
// of fresh buffers; allocating them anew for every image costs more in page faults than the
// pyramid itself, and a worker prepares images of the same size one after another.
// Thread-safe by construction: each thread has its own stock.

// A CV_<type> matrix of rows x cols, from this thread's stock when one of that shape is there;
// its contents are undefined.
cv::Mat takeBuffer(int rows, int cols, int type);
// Puts `m` back into this thread's stock if nobody else shares it (the stock is bounded).
void giveBackBuffer(cv::Mat& m);

} // namespace ig::detail
