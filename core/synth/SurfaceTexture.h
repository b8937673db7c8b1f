#pragma once

#include "synth/SurfaceOptions.h"

#include <opencv2/core/mat.hpp>

namespace ig {

// The defect-free surface as grey levels on the 8-bit scale (CV_32FC1, not yet clipped): a base
// level, a low-frequency illumination gradient, streaks along the grain, mottling, fine grain,
// small pits and, optionally, commutator bars. Depends only on size, seed, grain and bars.
//
// Threading: a pure function; safe to call from several threads at once.
cv::Mat renderSurfaceTexture(const SurfaceOptions& options);

} // namespace ig
