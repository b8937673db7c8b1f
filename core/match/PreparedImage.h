#pragma once

#include "match/MatchOptions.h"
#include "match/NccKernel.h"

#include <opencv2/core.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace ig {

// An image ready for pyramid matching: its coarse levels (and the widened pixel rows the
// correlation kernels read) are built once and shared by every pattern matched against it.
// Does not keep the caller's cv::Mat.
// Thread-safe after construction: any number of threads may match against one instance (the
// one lazily built part, the full-resolution pair rows, is guarded by std::call_once).
class PreparedImage {
public:
    // Throws ig::Error unless `image` is a non-empty CV_8UC1 matrix.
    PreparedImage(const cv::Mat& image, const MatchOptions& options);
    ~PreparedImage();
    PreparedImage(PreparedImage&&) = default;
    PreparedImage& operator=(PreparedImage&&) = default;

    cv::Size size() const { return {levels_.front().width, levels_.front().height}; }
    // Coarse levels available above full resolution.
    int coarseLevels() const { return static_cast<int>(levels_.size()) - 1; }
    // Level 0 is the image itself; level l is 2^l times smaller.
    const detail::ImagePlane& level(int l) const { return levels_.at(static_cast<size_t>(l)); }
    // The same, with the pair rows for full scans (built on first use at full resolution,
    // which only patterns too small for any coarse level need).
    const detail::ImagePlane& levelForFullScan(int l) const;

private:
    std::vector<detail::ImagePlane> levels_;
    std::unique_ptr<std::once_flag> fullResolutionPairs_ = std::make_unique<std::once_flag>();
};

} // namespace ig
