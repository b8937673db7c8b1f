// Image headers (PNG, JPEG, BMP, TIFF; 8/16-bit): what probeImage and the importer read before
// any pixel is decoded, plus the truncation check that runs before decoding.
#include "io/ImageHeader.h"
#include "util/Error.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ig::MemoryByteSource bytes(data, size);
    try {
        const ig::ImageHeader header = ig::parseImageHeader(bytes, "fuzz-input");
        if (header.info.width <= 0 || header.info.height <= 0 ||
            (long long)header.info.width * header.info.height > ig::kMaxImagePixels)
            __builtin_trap(); // the parser promised to refuse these
        ig::checkImageComplete(bytes, header, "fuzz-input");
    } catch (const ig::Error&) {
    }
    return 0;
}
