#include "augment/GanDiffAugment.h"

#include <algorithm>
#include <vector>

namespace ig::gan {

namespace {

constexpr double kTranslationRatio = 0.125;
constexpr double kCutoutRatio = 0.5;

// One value per image as an [N, 1, 1, 1] tensor on `like`'s device.
torch::Tensor perImage(const std::vector<float>& values, const torch::Tensor& like) {
    return torch::tensor(values)
        .view({static_cast<long>(values.size()), 1, 1, 1})
        .to(like.device());
}

} // namespace

torch::Tensor diffAugmented(const torch::Tensor& images, std::mt19937_64& random) {
    const int64_t n = images.size(0);
    const int64_t h = images.size(2);
    const int64_t w = images.size(3);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    std::vector<float> brightness, contrast;
    for (int64_t i = 0; i < n; ++i) {
        brightness.push_back(unit(random) - 0.5f);
        contrast.push_back(unit(random) + 0.5f);
    }
    torch::Tensor x = images + perImage(brightness, images);
    const torch::Tensor mean = x.mean({1, 2, 3}, true);
    x = (x - mean) * perImage(contrast, images) + mean;

    const int64_t shiftY = static_cast<int64_t>(double(h) * kTranslationRatio + 0.5);
    const int64_t shiftX = static_cast<int64_t>(double(w) * kTranslationRatio + 0.5);
    const torch::Tensor padded = torch::constant_pad_nd(x, {shiftX, shiftX, shiftY, shiftY}, 0);
    const int64_t cutH = static_cast<int64_t>(double(h) * kCutoutRatio + 0.5);
    const int64_t cutW = static_cast<int64_t>(double(w) * kCutoutRatio + 0.5);
    torch::Tensor keep = torch::ones({n, 1, h, w});
    std::vector<torch::Tensor> shifted;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t dy = std::uniform_int_distribution<int64_t>(0, 2 * shiftY)(random);
        const int64_t dx = std::uniform_int_distribution<int64_t>(0, 2 * shiftX)(random);
        shifted.push_back(padded[i].narrow(1, dy, h).narrow(2, dx, w));
        const int64_t cy = std::uniform_int_distribution<int64_t>(0, h - 1)(random);
        const int64_t cx = std::uniform_int_distribution<int64_t>(0, w - 1)(random);
        const int64_t y0 = std::clamp<int64_t>(cy - cutH / 2, 0, h);
        const int64_t y1 = std::clamp<int64_t>(cy - cutH / 2 + cutH, 0, h);
        const int64_t x0 = std::clamp<int64_t>(cx - cutW / 2, 0, w);
        const int64_t x1 = std::clamp<int64_t>(cx - cutW / 2 + cutW, 0, w);
        keep[i].narrow(1, y0, y1 - y0).narrow(2, x0, x1 - x0).zero_();
    }
    return torch::stack(shifted) * keep.to(images.device());
}

} // namespace ig::gan
