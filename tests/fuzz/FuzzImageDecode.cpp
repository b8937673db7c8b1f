// Full image decoding as the importer and the pipeline do it (decodeImage: header, truncation
// check, OpenCV's decoder; then toGrey8). OpenCV and its codec libraries are not instrumented,
// so libFuzzer gets coverage only from our side, but crashes, hangs and leaks still show.
//
// Inputs whose header claims more than kFuzzMaxPixels are not decoded: the real limit
// (kMaxImagePixels, 400 Mpx) would let one input allocate gigabytes, which is the documented
// limit working, not a finding. FuzzImageHeader covers those headers.
#include "io/ImageFile.h"
#include "io/ImageHeader.h"
#include "util/Error.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {
constexpr long long kFuzzMaxPixels = 4096LL * 4096LL;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const ig::MemoryByteSource source(data, size);
        const ig::ImageInfo info = ig::parseImageHeader(source, "fuzz-input").info;
        if ((long long)info.width * info.height > kFuzzMaxPixels)
            return 0;
        const std::vector<std::uint8_t> bytes(data, data + size);
        const cv::Mat image = ig::decodeImage(bytes, "fuzz-input");
        if (image.empty() || (image.depth() != CV_8U && image.depth() != CV_16U))
            __builtin_trap(); // decodeImage promised an 8- or 16-bit image or an ig::Error
        const cv::Mat grey = ig::toGrey8(image);
        if (grey.type() != CV_8UC1 || grey.size() != image.size())
            __builtin_trap();
    } catch (const ig::Error&) {
    }
    return 0;
}
