#include "io/ImageHeader.h"

#include "util/Error.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

namespace ig {
namespace {

const char* const kCorruptAdvice = "The file may be damaged; export or copy it again.";
const char* const kTruncatedAdvice =
    "The file was probably cut short while copying or downloading; copy it again.";

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
    throwImageError(path, "its header is corrupt (" + what + ")", kCorruptAdvice);
}

[[noreturn]] void truncated(const std::string& path, const std::string& what) {
    throwImageError(path, "the file is truncated (" + what + ")", kTruncatedAdvice);
}

[[noreturn]] void unsupported(const std::string& path, const std::string& what) {
    throwImageError(path, what,
                    "Convert it to an 8- or 16-bit PNG or TIFF (grey or colour) and import that.");
}

std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}
std::uint16_t be16(const std::uint8_t* p) {
    return std::uint16_t((p[0] << 8) | p[1]);
}
std::uint32_t le32(const std::uint8_t* p) {
    return (std::uint32_t(p[3]) << 24) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[1]) << 8) |
           std::uint32_t(p[0]);
}
std::uint16_t le16(const std::uint8_t* p) {
    return std::uint16_t((p[1] << 8) | p[0]);
}

void checkPixelCount(const std::string& path, long long width, long long height) {
    if (width <= 0 || height <= 0)
        corrupt(path,
                "it claims " + std::to_string(width) + " x " + std::to_string(height) + " pixels");
    // Divide instead of multiplying: two 32-bit header fields can overflow a long long product.
    if (width > kMaxImagePixels / height)
        throwImageError(path,
                        "its header claims " + std::to_string(width) + " x " +
                            std::to_string(height) + " pixels, more than the limit of " +
                            std::to_string(kMaxImagePixels) + " pixels",
                        "Split or shrink the image before importing it.");
}

// ---------------------------------------------------------------- PNG
const std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

struct PngChunk {
    std::uint64_t offset = 0; // of the length field
    std::uint32_t length = 0;
    char type[5] = {0, 0, 0, 0, 0};
    std::uint64_t next() const { return offset + 12 + length; }
};

// Reads the chunk header at `offset`; false at the end of the data.
bool readPngChunk(const ByteSource& bytes, std::uint64_t offset, PngChunk& chunk,
                  const std::string& path) {
    std::uint8_t head[8];
    if (!bytes.read(offset, head, 8))
        return false;
    chunk.offset = offset;
    chunk.length = be32(head);
    std::memcpy(chunk.type, head + 4, 4);
    if (chunk.length > 0x7fffffffu)
        corrupt(path, std::string("PNG chunk '") + chunk.type + "' claims an impossible length");
    return true;
}

ImageHeader parsePng(const ByteSource& bytes, const std::string& path) {
    PngChunk chunk;
    if (!readPngChunk(bytes, 8, chunk, path))
        truncated(path, "the PNG ends inside its signature");
    if (std::strcmp(chunk.type, "IHDR") != 0 || chunk.length != 13)
        corrupt(path, "the PNG does not start with an IHDR chunk");
    std::uint8_t ihdr[13];
    if (!bytes.read(16, ihdr, 13))
        truncated(path, "the PNG ends inside its IHDR chunk");
    const long long width = be32(ihdr), height = be32(ihdr + 4);
    const int depth = ihdr[8], colourType = ihdr[9];
    checkPixelCount(path, width, height);
    const bool depthOk = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    if (!depthOk || (colourType != 0 && colourType != 2 && colourType != 3 && colourType != 4 &&
                     colourType != 6))
        corrupt(path, "PNG bit depth " + std::to_string(depth) + " with colour type " +
                          std::to_string(colourType));

    // OpenCV gives palette and RGB images a fourth channel when a tRNS chunk precedes IDAT.
    bool transparency = false;
    for (std::uint64_t offset = chunk.next();;) {
        if (!readPngChunk(bytes, offset, chunk, path))
            truncated(path, "the PNG ends before its image data");
        if (std::strcmp(chunk.type, "IDAT") == 0)
            break;
        if (std::strcmp(chunk.type, "tRNS") == 0)
            transparency = true;
        offset = chunk.next();
    }
    ImageHeader header;
    header.format = ImageFormat::Png;
    header.info.width = int(width);
    header.info.height = int(height);
    header.info.bitDepth = depth == 16 ? 16 : 8;
    switch (colourType) {
    case 0:
        header.info.channels = 1;
        break;
    case 2:
    case 3:
        header.info.channels = transparency ? 4 : 3;
        break;
    default: // grey + alpha and RGBA both decode to 4 channels
        header.info.channels = 4;
        break;
    }
    return header;
}

void checkPngComplete(const ByteSource& bytes, const std::string& path) {
    PngChunk chunk;
    for (std::uint64_t offset = 8;;) {
        if (!readPngChunk(bytes, offset, chunk, path))
            truncated(path, "the PNG ends before its IEND chunk");
        if (chunk.next() > bytes.size())
            truncated(path, std::string("the PNG ends inside its '") + chunk.type + "' chunk");
        if (std::strcmp(chunk.type, "IEND") == 0)
            return;
        offset = chunk.next();
    }
}

// ---------------------------------------------------------------- JPEG
bool isStartOfFrame(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}
// Markers that stand alone, without a length field.
bool isStandaloneMarker(std::uint8_t marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

// Finds the marker at or after `offset` (skipping 0xFF fill bytes); returns false at the end.
bool nextJpegMarker(const ByteSource& bytes, std::uint64_t& offset, std::uint8_t& marker,
                    const std::string& path) {
    std::uint8_t byte = 0;
    if (!bytes.read(offset, &byte, 1))
        return false;
    if (byte != 0xFF)
        corrupt(path,
                "JPEG segment does not start with a marker at byte " + std::to_string(offset));
    do {
        ++offset;
        if (!bytes.read(offset, &byte, 1))
            return false;
    } while (byte == 0xFF);
    marker = byte;
    ++offset;
    return true;
}

ImageHeader parseJpeg(const ByteSource& bytes, const std::string& path) {
    std::uint64_t offset = 2;
    std::uint8_t marker = 0;
    for (;;) {
        if (!nextJpegMarker(bytes, offset, marker, path))
            truncated(path, "the JPEG ends before its frame header");
        if (isStandaloneMarker(marker))
            continue;
        std::uint8_t lengthBytes[2];
        if (!bytes.read(offset, lengthBytes, 2))
            truncated(path, "the JPEG ends inside a segment");
        const std::uint16_t length = be16(lengthBytes);
        if (length < 2)
            corrupt(path, "JPEG segment of length " + std::to_string(length));
        if (marker == 0xDA)
            corrupt(path, "the JPEG has image data before its frame header");
        if (isStartOfFrame(marker)) {
            std::uint8_t frame[6];
            if (length < 8 || !bytes.read(offset + 2, frame, 6))
                truncated(path, "the JPEG ends inside its frame header");
            const int precision = frame[0];
            const long long height = be16(frame + 1), width = be16(frame + 3);
            const int components = frame[5];
            if (height == 0)
                unsupported(path, "the JPEG gives its height only after the image data (DNL), "
                                  "which is not supported");
            checkPixelCount(path, width, height);
            if (precision != 8)
                unsupported(path, "it is a " + std::to_string(precision) +
                                      "-bit JPEG; only 8-bit JPEG is supported");
            if (components != 1 && components != 3 && components != 4)
                corrupt(path, "JPEG with " + std::to_string(components) + " components");
            ImageHeader header;
            header.format = ImageFormat::Jpeg;
            header.info.width = int(width);
            header.info.height = int(height);
            header.info.channels = components == 1 ? 1 : 3; // CMYK decodes to BGR
            header.info.bitDepth = 8;
            return header;
        }
        offset += length;
    }
}

// Walks every segment and entropy-coded scan up to the EOI marker.
void checkJpegComplete(const MemoryByteSource& bytes, const std::string& path) {
    const std::uint8_t* data = bytes.data();
    const std::uint64_t size = bytes.size();
    std::uint64_t offset = 2;
    std::uint8_t marker = 0;
    for (;;) {
        if (!nextJpegMarker(bytes, offset, marker, path))
            truncated(path, "the JPEG ends before its end-of-image marker");
        if (marker == 0xD9)
            return;
        if (isStandaloneMarker(marker))
            continue;
        if (offset + 2 > size)
            truncated(path, "the JPEG ends inside a segment");
        const std::uint16_t length = be16(data + offset);
        if (length < 2)
            corrupt(path, "JPEG segment of length " + std::to_string(length));
        offset += length;
        if (offset > size)
            truncated(path, "the JPEG ends inside a segment");
        if (marker != 0xDA)
            continue;
        // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart marker
        // inside a scan; anything else is the next marker.
        for (;; ++offset) {
            if (offset + 1 >= size)
                truncated(path, "the JPEG ends inside its image data");
            if (data[offset] != 0xFF)
                continue;
            const std::uint8_t next = data[offset + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                ++offset;
                continue;
            }
            if (next == 0xFF)
                continue;
            break; // offset is at the 0xFF of the next marker
        }
    }
}

// ---------------------------------------------------------------- BMP
struct BmpLayout {
    std::uint32_t pixelOffset = 0;
    std::uint32_t headerSize = 0;
    long long width = 0, height = 0;
    int bitsPerPixel = 0;
    std::uint32_t compression = 0;
    std::uint32_t coloursUsed = 0;
};

BmpLayout readBmpLayout(const ByteSource& bytes, const std::string& path) {
    std::uint8_t head[54] = {};
    if (!bytes.read(0, head, 18))
        truncated(path, "the BMP ends inside its file header");
    BmpLayout layout;
    layout.pixelOffset = le32(head + 10);
    layout.headerSize = le32(head + 14);
    if (layout.headerSize == 12) {
        if (!bytes.read(0, head, 26))
            truncated(path, "the BMP ends inside its info header");
        layout.width = le16(head + 18);
        layout.height = le16(head + 20);
        layout.bitsPerPixel = le16(head + 24);
    } else if (layout.headerSize >= 40 && layout.headerSize <= 1024) {
        if (!bytes.read(0, head, 54))
            truncated(path, "the BMP ends inside its info header");
        layout.width = std::int32_t(le32(head + 18));
        layout.height = std::int32_t(le32(head + 22));
        layout.bitsPerPixel = le16(head + 28);
        layout.compression = le32(head + 30);
        layout.coloursUsed = le32(head + 46);
    } else {
        corrupt(path, "BMP info header of " + std::to_string(layout.headerSize) + " bytes");
    }
    if (layout.height < 0)
        layout.height = -layout.height; // top-down rows
    return layout;
}

ImageHeader parseBmp(const ByteSource& bytes, const std::string& path) {
    const BmpLayout layout = readBmpLayout(bytes, path);
    checkPixelCount(path, layout.width, layout.height);
    const int bpp = layout.bitsPerPixel;
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
        corrupt(path, "BMP with " + std::to_string(bpp) + " bits per pixel");
    ImageHeader header;
    header.format = ImageFormat::Bmp;
    header.info.width = int(layout.width);
    header.info.height = int(layout.height);
    header.info.bitDepth = 8;
    if (bpp == 32) {
        header.info.channels = 4;
    } else if (bpp > 8) {
        header.info.channels = 3;
    } else {
        // OpenCV decodes a palette image as grey when every palette entry is grey.
        const std::uint32_t entries = layout.coloursUsed > 0 && layout.coloursUsed <= (1u << bpp)
                                          ? layout.coloursUsed
                                          : (1u << bpp);
        const int entrySize = layout.headerSize == 12 ? 3 : 4;
        std::vector<std::uint8_t> palette(entries * entrySize);
        if (!bytes.read(14 + layout.headerSize, palette.data(), palette.size()))
            truncated(path, "the BMP ends inside its palette");
        bool grey = true;
        for (std::uint32_t i = 0; i < entries && grey; ++i) {
            const std::uint8_t* e = palette.data() + i * entrySize;
            grey = e[0] == e[1] && e[1] == e[2];
        }
        header.info.channels = grey ? 1 : 3;
    }
    return header;
}

void checkBmpComplete(const ByteSource& bytes, const std::string& path) {
    const BmpLayout layout = readBmpLayout(bytes, path);
    if (layout.compression != 0 && layout.compression != 3)
        return; // run-length encoded: the decoder checks its own stream
    const std::uint64_t rowBytes =
        ((std::uint64_t(layout.width) * layout.bitsPerPixel + 31) / 32) * 4;
    const std::uint64_t needed = std::uint64_t(layout.pixelOffset) + rowBytes * layout.height;
    if (needed > bytes.size())
        truncated(path, "the BMP holds " + std::to_string(bytes.size()) +
                            " bytes but its pixels "
                            "need " +
                            std::to_string(needed));
}

// ---------------------------------------------------------------- TIFF
struct TiffReader {
    const ByteSource& bytes;
    const std::string& path;
    bool littleEndian = true;
    bool big = false; // BigTIFF: 64-bit offsets

    std::uint64_t number(const std::uint8_t* p, int size) const {
        std::uint64_t value = 0;
        for (int i = 0; i < size; ++i) {
            const int shift = littleEndian ? 8 * i : 8 * (size - 1 - i);
            value |= std::uint64_t(p[i]) << shift;
        }
        return value;
    }
    std::uint64_t numberAt(std::uint64_t offset, int size) const {
        std::uint8_t buffer[8];
        if (!bytes.read(offset, buffer, size))
            truncated(path, "the TIFF ends inside its directory");
        return number(buffer, size);
    }
};

struct TiffEntry {
    std::uint16_t tag = 0;
    std::uint16_t type = 0;
    std::uint64_t count = 0;
    std::uint64_t valueOffset = 0; // where the values are (inline or elsewhere)
};

int tiffTypeSize(std::uint16_t type) {
    switch (type) {
    case 1:
    case 2:
    case 6:
    case 7:
        return 1; // BYTE ASCII SBYTE UNDEFINED
    case 3:
    case 8:
        return 2; // SHORT SSHORT
    case 4:
    case 9:
    case 11:
    case 13:
        return 4; // LONG SLONG FLOAT IFD
    case 5:
    case 10:
    case 12:
    case 16:
    case 17:
    case 18:
        return 8;
    default:
        return 0;
    }
}

struct TiffDirectory {
    std::vector<TiffEntry> entries;
    const TiffEntry* find(std::uint16_t tag) const {
        for (const TiffEntry& e : entries)
            if (e.tag == tag)
                return &e;
        return nullptr;
    }
};

TiffDirectory readTiffDirectory(const TiffReader& reader) {
    const ByteSource& bytes = reader.bytes;
    const std::string& path = reader.path;
    std::uint8_t head[16];
    if (!bytes.read(0, head, reader.big ? 16 : 8))
        truncated(path, "the TIFF ends inside its header");
    const std::uint64_t ifd = reader.big ? reader.number(head + 8, 8) : reader.number(head + 4, 4);
    if (ifd < 8 || ifd >= bytes.size())
        truncated(path, "its first directory lies outside the file");
    const int countSize = reader.big ? 8 : 2, entrySize = reader.big ? 20 : 12;
    const int inlineSize = reader.big ? 8 : 4;
    const std::uint64_t count = reader.numberAt(ifd, countSize);
    if (count == 0 || count > 4096)
        corrupt(path, "TIFF directory with " + std::to_string(count) + " entries");
    TiffDirectory dir;
    std::vector<std::uint8_t> raw(count * entrySize);
    if (!bytes.read(ifd + countSize, raw.data(), raw.size()))
        truncated(path, "the TIFF ends inside its directory");
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint8_t* p = raw.data() + i * entrySize;
        TiffEntry e;
        e.tag = std::uint16_t(reader.number(p, 2));
        e.type = std::uint16_t(reader.number(p + 2, 2));
        e.count = reader.number(p + 4, reader.big ? 8 : 4);
        const int typeSize = tiffTypeSize(e.type);
        const std::uint64_t valueField = ifd + countSize + i * entrySize + (reader.big ? 12 : 8);
        if (typeSize > 0 && e.count <= std::uint64_t(inlineSize) &&
            e.count * typeSize <= std::uint64_t(inlineSize))
            e.valueOffset = valueField;
        else
            e.valueOffset = reader.numberAt(valueField, inlineSize);
        dir.entries.push_back(e);
    }
    return dir;
}

// The values of an integer tag (SHORT, LONG or LONG8); empty when absent.
std::vector<std::uint64_t> tiffValues(const TiffReader& reader, const TiffDirectory& dir,
                                      std::uint16_t tag) {
    std::vector<std::uint64_t> values;
    const TiffEntry* e = dir.find(tag);
    if (!e)
        return values;
    const int size = tiffTypeSize(e->type);
    if (e->type != 1 && e->type != 3 && e->type != 4 && e->type != 16)
        corrupt(reader.path,
                "TIFF tag " + std::to_string(tag) + " has type " + std::to_string(e->type));
    if (e->count > reader.bytes.size() / size)
        truncated(reader.path, "TIFF tag " + std::to_string(tag) + " lies outside the file");
    std::vector<std::uint8_t> raw(e->count * size);
    if (!reader.bytes.read(e->valueOffset, raw.data(), raw.size()))
        truncated(reader.path, "TIFF tag " + std::to_string(tag) + " lies outside the file");
    values.reserve(e->count);
    for (std::uint64_t i = 0; i < e->count; ++i)
        values.push_back(reader.number(raw.data() + i * size, size));
    return values;
}

std::uint64_t tiffValue(const TiffReader& reader, const TiffDirectory& dir, std::uint16_t tag,
                        std::uint64_t fallback) {
    const std::vector<std::uint64_t> values = tiffValues(reader, dir, tag);
    return values.empty() ? fallback : values.front();
}

TiffReader makeTiffReader(const ByteSource& bytes, const std::string& path) {
    std::uint8_t head[4];
    if (!bytes.read(0, head, 4))
        truncated(path, "the TIFF ends inside its header");
    TiffReader reader{bytes, path};
    reader.littleEndian = head[0] == 'I';
    reader.big = reader.number(head + 2, 2) == 43;
    return reader;
}

enum TiffTag : std::uint16_t {
    kWidth = 256,
    kHeight = 257,
    kBitsPerSample = 258,
    kPhotometric = 262,
    kStripOffsets = 273,
    kSamplesPerPixel = 277,
    kStripByteCounts = 279,
    kTileOffsets = 324,
    kTileByteCounts = 325,
    kSampleFormat = 339,
};

ImageHeader parseTiff(const ByteSource& bytes, const std::string& path) {
    const TiffReader reader = makeTiffReader(bytes, path);
    const TiffDirectory dir = readTiffDirectory(reader);
    const long long width = (long long)tiffValue(reader, dir, kWidth, 0);
    const long long height = (long long)tiffValue(reader, dir, kHeight, 0);
    checkPixelCount(path, width, height);
    const std::uint64_t samples = tiffValue(reader, dir, kSamplesPerPixel, 1);
    const std::uint64_t bits = tiffValue(reader, dir, kBitsPerSample, 1);
    const std::uint64_t sampleFormat = tiffValue(reader, dir, kSampleFormat, 1);
    const std::uint64_t photometric = tiffValue(reader, dir, kPhotometric, 1);
    if (samples == 0 || samples > 16)
        corrupt(path, "TIFF with " + std::to_string(samples) + " samples per pixel");
    if (sampleFormat == 3)
        unsupported(path, "it holds " + std::to_string(bits) +
                              "-bit floating-point samples; only 8- and 16-bit images are "
                              "supported");
    if (sampleFormat == 2)
        unsupported(path, "it holds signed integer samples; only unsigned 8- and 16-bit images "
                          "are supported");
    if (bits != 1 && bits != 2 && bits != 4 && bits != 8 && bits != 16)
        unsupported(path, "it holds " + std::to_string(bits) +
                              "-bit samples; only 8- and 16-bit images are supported");
    ImageHeader header;
    header.format = ImageFormat::Tiff;
    header.info.width = int(width);
    header.info.height = int(height);
    header.info.bitDepth = bits == 16 ? 16 : 8;
    const bool grey = photometric == 0 || photometric == 1;
    header.info.channels = grey ? 1 : samples >= 4 ? 4 : 3;
    return header;
}

void checkTiffComplete(const ByteSource& bytes, const std::string& path) {
    const TiffReader reader = makeTiffReader(bytes, path);
    const TiffDirectory dir = readTiffDirectory(reader);
    const bool tiled = dir.find(kTileOffsets) != nullptr;
    const std::vector<std::uint64_t> offsets =
        tiffValues(reader, dir, tiled ? kTileOffsets : kStripOffsets);
    const std::vector<std::uint64_t> counts =
        tiffValues(reader, dir, tiled ? kTileByteCounts : kStripByteCounts);
    if (offsets.empty())
        corrupt(path, "the TIFF lists no image data");
    for (std::size_t i = 0; i < offsets.size() && i < counts.size(); ++i)
        if (offsets[i] > bytes.size() || counts[i] > bytes.size() - offsets[i]) // no wrap-around
            truncated(path, std::string("TIFF ") + (tiled ? "tile " : "strip ") +
                                std::to_string(i) + " lies past the end of the file");
}

std::optional<ImageFormat> sniff(const ByteSource& bytes) {
    std::uint8_t head[8] = {};
    const std::size_t n = std::size_t(std::min<std::uint64_t>(8, bytes.size()));
    if (!bytes.read(0, head, n))
        return std::nullopt;
    if (n >= 8 && std::memcmp(head, kPngSignature, 8) == 0)
        return ImageFormat::Png;
    if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        return ImageFormat::Jpeg;
    if (n >= 2 && head[0] == 'B' && head[1] == 'M')
        return ImageFormat::Bmp;
    if (n >= 4 &&
        ((head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0) ||
         (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43))))
        return ImageFormat::Tiff;
    return std::nullopt;
}

} // namespace

const char* toString(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::Tiff:
        return "TIFF";
    }
    return "?";
}

bool MemoryByteSource::read(std::uint64_t offset, void* destination, std::size_t count) const {
    if (offset > size_ || count > size_ - offset)
        return false;
    if (count > 0) // memcpy with a null pointer is undefined even for no bytes (empty vectors)
        std::memcpy(destination, data_ + offset, count);
    return true;
}

void throwImageError(const std::string& path, const std::string& reason,
                     const std::string& advice) {
    throw Error(Error::Kind::Input, "Cannot read image '" + path + "': " + reason + ". " + advice);
}

ImageHeader parseImageHeader(const ByteSource& bytes, const std::string& path) {
    if (bytes.size() == 0)
        throwImageError(path, "the file is empty", "Copy it again from its source.");
    const std::optional<ImageFormat> format = sniff(bytes);
    if (!format)
        throwImageError(path, "it is not a PNG, JPEG, BMP or TIFF image (unknown format)",
                        "Check that the path names an image file.");
    switch (*format) {
    case ImageFormat::Png:
        return parsePng(bytes, path);
    case ImageFormat::Jpeg:
        return parseJpeg(bytes, path);
    case ImageFormat::Bmp:
        return parseBmp(bytes, path);
    case ImageFormat::Tiff:
        return parseTiff(bytes, path);
    }
    throw Error(Error::Kind::Internal, "Unhandled image format.");
}

void checkImageComplete(const MemoryByteSource& bytes, const ImageHeader& header,
                        const std::string& path) {
    switch (header.format) {
    case ImageFormat::Png:
        checkPngComplete(bytes, path);
        break;
    case ImageFormat::Jpeg:
        checkJpegComplete(bytes, path);
        break;
    case ImageFormat::Bmp:
        checkBmpComplete(bytes, path);
        break;
    case ImageFormat::Tiff:
        checkTiffComplete(bytes, path);
        break;
    }
}

} // namespace ig
