#include "io/ImageFile.h"

#include "io/ImageHeader.h"
#include "util/Error.h"
#include "util/PathCheck.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace ig {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Opens `path` for reading or throws the error a user can act on.
FilePtr openForReading(const std::string& path) {
    if (const auto problem = whyUnreachable(path))
        throwImageError(path, *problem, "Check the path and its spelling.");
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status))
        throwImageError(path, "it is a folder, not an image file",
                        "Give the image files, or the folder to the import command.");
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        const int error = errno;
        if (error == EACCES || error == EPERM)
            throwImageError(path, "permission denied",
                            "Make the file readable for your user (chmod or ask its owner).");
        throwImageError(path, std::strerror(error), "Check that the file can be opened.");
    }
    return file;
}

// Reads from disk on demand; probeImage uses it so that only the header bytes are read.
class FileByteSource : public ByteSource {
public:
    explicit FileByteSource(std::FILE* file) : file_(file) {
        if (fseeko(file_, 0, SEEK_END) == 0) {
            const off_t end = ftello(file_);
            size_ = end > 0 ? std::uint64_t(end) : 0;
        }
    }
    std::uint64_t size() const override { return size_; }
    bool read(std::uint64_t offset, void* destination, std::size_t count) const override {
        if (offset > size_ || count > size_ - offset)
            return false;
        if (fseeko(file_, off_t(offset), SEEK_SET) != 0)
            return false;
        return std::fread(destination, 1, count, file_) == count;
    }

private:
    std::FILE* file_;
    std::uint64_t size_ = 0;
};

} // namespace

std::vector<std::uint8_t> readFileBytes(const std::string& path) {
    FilePtr file = openForReading(path);
    std::vector<std::uint8_t> bytes;
    if (fseeko(file.get(), 0, SEEK_END) == 0) {
        const off_t size = ftello(file.get());
        if (size > 0)
            bytes.reserve(std::size_t(size));
        std::rewind(file.get());
    }
    std::uint8_t chunk[1 << 16];
    for (;;) {
        const std::size_t n = std::fread(chunk, 1, sizeof chunk, file.get());
        bytes.insert(bytes.end(), chunk, chunk + n);
        if (n < sizeof chunk)
            break;
    }
    if (std::ferror(file.get()))
        throwImageError(path, "reading it failed part way", "Check the disk and try again.");
    return bytes;
}

cv::Mat decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& path) {
    const MemoryByteSource source(bytes.data(), bytes.size());
    const ImageHeader header = parseImageHeader(source, path);
    checkImageComplete(source, header, path);
    cv::Mat image;
    try {
        const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
        image = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throwImageError(path, std::string("its data is corrupt (") + e.err + ")",
                        "The file may be damaged; export or copy it again.");
    }
    if (image.empty())
        throwImageError(path,
                        std::string("its ") + toString(header.format) +
                            " data is corrupt and could not be decoded",
                        "The file may be damaged; export or copy it again.");
    if (image.depth() != CV_8U && image.depth() != CV_16U)
        throwImageError(path, "it decodes to samples that are not 8- or 16-bit unsigned",
                        "Convert it to an 8- or 16-bit PNG or TIFF and import that.");
    return image;
}

cv::Mat readImage(const std::string& path) {
    return decodeImage(readFileBytes(path), path);
}

cv::Mat toGrey8(const cv::Mat& image) {
    cv::Mat grey;
    switch (image.channels()) {
    case 1:
        grey = image;
        break;
    case 3:
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
        break;
    case 4:
        cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
        break;
    default:
        throw Error(Error::Kind::Input, "An image with " + std::to_string(image.channels()) +
                                            " channels cannot be turned into grey.");
    }
    if (grey.depth() == CV_8U)
        return grey;
    // 16-bit: stretch the image's own range onto 0..255 so faint detail stays visible.
    double low = 0, high = 0;
    cv::minMaxLoc(grey, &low, &high);
    cv::Mat out;
    if (high > low)
        grey.convertTo(out, CV_8U, 255.0 / (high - low), -low * 255.0 / (high - low));
    else
        grey.convertTo(out, CV_8U, 1.0 / 257.0);
    return out;
}

cv::Mat readImageGrey8(const std::string& path) {
    return toGrey8(readImage(path));
}

ImageInfo probeImage(const std::string& path) {
    FilePtr file = openForReading(path);
    const FileByteSource source(file.get());
    return parseImageHeader(source, path).info;
}

} // namespace ig
