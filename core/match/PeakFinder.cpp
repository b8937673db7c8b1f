#include "match/PeakFinder.h"

#include <algorithm>

namespace ig::detail {

bool betterPeak(const Peak& a, const Peak& b) {
    if (a.score != b.score)
        return a.score > b.score;
    return a.y != b.y ? a.y < b.y : a.x < b.x;
}

std::vector<Peak> findPeaks(const std::vector<float>& map, cv::Size size, size_t keep) {
    const int w = size.width, h = size.height;
    // 3 x 3 maximum filter as two separable passes (plain loops the compiler vectorises);
    // a peak is where the map equals its filtered value.
    thread_local std::vector<float> rowMax;
    rowMax.resize(map.size());
    for (int y = 0; y < h; ++y) {
        const float* in = map.data() + static_cast<size_t>(y) * w;
        float* out = rowMax.data() + static_cast<size_t>(y) * w;
        if (w == 1) {
            out[0] = in[0];
            continue;
        }
        out[0] = std::max(in[0], in[1]);
        for (int x = 1; x < w - 1; ++x)
            out[x] = std::max(std::max(in[x - 1], in[x]), in[x + 1]);
        out[w - 1] = std::max(in[w - 2], in[w - 1]);
    }
    std::vector<Peak> peaks;
    thread_local std::vector<float> blockMax;
    blockMax.resize(static_cast<size_t>(w));
    for (int y = 0; y < h; ++y) {
        const float* above = rowMax.data() + static_cast<size_t>(std::max(0, y - 1)) * w;
        const float* here = rowMax.data() + static_cast<size_t>(y) * w;
        const float* below = rowMax.data() + static_cast<size_t>(std::min(h - 1, y + 1)) * w;
        for (int x = 0; x < w; ++x)
            blockMax[x] = std::max(std::max(above[x], here[x]), below[x]);
        const float* in = map.data() + static_cast<size_t>(y) * w;
        for (int x = 0; x < w; ++x)
            if (in[x] == blockMax[x])
                peaks.push_back({in[x], x, y});
    }
    const size_t n = std::min(keep, peaks.size());
    std::partial_sort(peaks.begin(), peaks.begin() + static_cast<std::ptrdiff_t>(n), peaks.end(),
                      betterPeak);
    peaks.resize(n);
    return peaks;
}

Peak bestPeak(const std::vector<float>& map, cv::Size size, cv::Point origin) {
    // Row-major scan with strict '>' keeps the first of equal scores.
    size_t best = 0;
    for (size_t i = 1; i < static_cast<size_t>(size.area()); ++i)
        if (map[i] > map[best])
            best = i;
    return {map[best], origin.x + static_cast<int>(best % static_cast<size_t>(size.width)),
            origin.y + static_cast<int>(best / static_cast<size_t>(size.width))};
}

} // namespace ig::detail
