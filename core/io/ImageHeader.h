#pragma once

#include "io/ImageFile.h"

#include <cstddef>
#include <cstdint>
#include <string>

// Reading image headers without decoding pixels: so that a hostile or broken header is refused
// (too many pixels, unsupported depth) before OpenCV allocates anything, and so that a file cut
// short is reported as truncated instead of being decoded into a partly grey image.
namespace ig {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff };

const char* toString(ImageFormat format);

struct ImageHeader {
    ImageFormat format = ImageFormat::Png;
    ImageInfo info;
};

// Random access to a file's bytes, from memory or from disk.
// Threading: read() is const but a file-backed source is not thread-safe; one per thread.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    // Copies `count` bytes at `offset`; false when they are not all inside the source.
    virtual bool read(std::uint64_t offset, void* destination, std::size_t count) const = 0;
};

class MemoryByteSource : public ByteSource {
public:
    MemoryByteSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint64_t size() const override { return size_; }
    bool read(std::uint64_t offset, void* destination, std::size_t count) const override;
    const std::uint8_t* data() const { return data_; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
};

// Parses the header of a PNG, JPEG, BMP or TIFF file. Throws ig::Error(Input) naming `path`
// when the format is unknown, the header is corrupt or cut short, the sample type is not 8- or
// 16-bit unsigned, or the image claims more than kMaxImagePixels pixels.
ImageHeader parseImageHeader(const ByteSource& bytes, const std::string& path);

// Checks that the whole file is there: PNG up to its IEND chunk, JPEG up to its EOI marker, the
// BMP pixel array and every TIFF strip or tile inside the file. Throws ig::Error(Input) saying
// "truncated" when not.
void checkImageComplete(const MemoryByteSource& bytes, const ImageHeader& header,
                        const std::string& path);

// Throws ig::Error(Input): "Cannot read image '<path>': <reason>. <advice>"
[[noreturn]] void throwImageError(const std::string& path, const std::string& reason,
                                  const std::string& advice);

} // namespace ig
