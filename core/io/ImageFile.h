#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace ig {

// What a header says about an image file, read without decoding the pixels.
struct ImageInfo {
    int width = 0;
    int height = 0;
    int channels = 0; // 1, 3 or 4
    int bitDepth = 8; // 8 or 16
};

// Largest image accepted (pixels); a header claiming more is refused before decoding.
inline constexpr long long kMaxImagePixels = 20000LL * 20000LL;

// Threading: every function here is safe to call from several threads at once.

// Reads PNG, JPEG, BMP or TIFF (8- or 16-bit, grey or colour) keeping depth and channels.
// Throws ig::Error(Kind::Input) naming the file and the reason (missing, unreadable, not an
// image, truncated, too large) instead of returning an empty matrix.
cv::Mat readImage(const std::string& path);

// Reads the image as 8-bit grey (16-bit scaled by its own min/max window), as matching needs.
cv::Mat readImageGrey8(const std::string& path);

// Size, channels and depth from the header; throws like readImage.
ImageInfo probeImage(const std::string& path);

// The building blocks of readImage, for callers that also need the file's bytes (the importer
// hashes them) so that each file is read once.
//
// Reads a whole file; throws ig::Error(Input) naming `path` when it is missing, a folder or
// not readable.
std::vector<std::uint8_t> readFileBytes(const std::string& path);
// Decodes a file's bytes like readImage: header checked before decoding, truncation detected.
// `path` only names the file in error messages.
cv::Mat decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& path);
// Any decoded image (1, 3 or 4 channels, 8 or 16 bit) as 8-bit grey, as readImageGrey8 does.
cv::Mat toGrey8(const cv::Mat& image);

} // namespace ig
