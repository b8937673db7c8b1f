#pragma once

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace ig {

// The defect types the generator can draw (the names written to boxes.csv).
inline constexpr const char* kSynthScratch = "scratch"; // thin long line, slightly curved
inline constexpr const char* kSynthCrack = "crack";     // dark jagged branching line
inline constexpr const char* kSynthSpot = "spot";       // dark or bright blob, soft edges
std::vector<std::string> synthDefectTypes();

// One drawn defect: its type and the bounding box of the pixels it changed (those that moved at
// least a fifth of the defect's peak contrast), with a 2 px margin, inside the image.
struct SynthDefect {
    std::string type;
    cv::Rect box;
};

// A generated surface: grey pixels (CV_8UC1, or CV_16UC1 for 16-bit) and the defects on it.
struct SynthImage {
    cv::Mat pixels;
    std::vector<SynthDefect> defects;
};

} // namespace ig
