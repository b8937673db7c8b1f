#include "io/ImageImporter.h"

#include "io/ImageFile.h"
#include "io/Sha256.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"
#include "util/PathCheck.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace ig {
namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool hasImageExtension(const fs::path& path) {
    const std::string ext = lowerExtension(path);
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" ||
           ext == ".tiff";
}

bool isListFile(const fs::path& path) {
    const std::string ext = lowerExtension(path);
    return ext == ".txt" || ext == ".lst";
}

void skip(ImportReport& report, Feedback& feedback, const std::string& path,
          const std::string& reason) {
    report.skipped.emplace_back(path, reason);
    feedback.message("Skipped " + path + ": " + reason);
}

// Adds the image files of a folder, sorted by name (not recursive).
void expandFolder(const fs::path& folder, std::vector<std::string>& files, ImportReport& report,
                  Feedback& feedback) {
    std::vector<std::string> found;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (it->is_regular_file(typeError) && hasImageExtension(it->path()))
            found.push_back(it->path().string());
    }
    if (ec) {
        skip(report, feedback, folder.string(),
             "the folder cannot be listed (" + ec.message() + ")");
        return;
    }
    if (found.empty()) {
        skip(report, feedback, folder.string(), "the folder holds no PNG, JPEG, BMP or TIFF files");
        return;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
}

// A list file: one image or folder per line, relative to the list's folder; '#' starts a
// comment line.
void expandList(const fs::path& list, std::vector<std::string>& files, ImportReport& report,
                Feedback& feedback) {
    std::ifstream in(list);
    if (!in) {
        skip(report, feedback, list.string(), "the list file cannot be opened");
        return;
    }
    const fs::path base = list.parent_path();
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#')
            continue;
        const auto last = line.find_last_not_of(" \t");
        const fs::path entry(line.substr(first, last - first + 1));
        const fs::path path = entry.is_absolute() ? entry : base / entry;
        std::error_code ec;
        if (fs::is_directory(path, ec))
            expandFolder(path, files, report, feedback);
        else
            files.push_back(path.lexically_normal().string());
    }
}

} // namespace

std::vector<std::string> expandImageInputs(const std::vector<std::string>& inputs,
                                           ImportReport& report, Feedback& feedback) {
    std::vector<std::string> files;
    for (const std::string& input : inputs) {
        std::error_code ec;
        const fs::path path(input);
        if (const auto problem = whyUnreachable(input))
            skip(report, feedback, input, *problem);
        else if (fs::is_directory(path, ec))
            expandFolder(path, files, report, feedback);
        else if (isListFile(path))
            expandList(path, files, report, feedback);
        else
            files.push_back(input);
    }
    return files;
}

namespace {

// Relative to the project's folder when the image lies below it, so that the project and its
// images can move together; absolute otherwise.
std::string storedPath(const fs::path& projectFolder, const std::string& file) {
    const fs::path absolute = fs::absolute(file).lexically_normal();
    const fs::path relative = absolute.lexically_relative(projectFolder);
    const bool below = !relative.empty() && *relative.begin() != "..";
    return (below ? relative : absolute).generic_string();
}

// What the worker threads learn about one file.
struct PreparedImage {
    std::string error; // empty when the image is fine
    std::string hash;
    ImageInfo info;
};

PreparedImage prepare(const std::string& path) {
    PreparedImage prepared;
    try {
        const std::vector<std::uint8_t> bytes = readFileBytes(path);
        const cv::Mat image = decodeImage(bytes, path);
        prepared.hash = Sha256::hex(bytes.data(), bytes.size());
        prepared.info.width = image.cols;
        prepared.info.height = image.rows;
        prepared.info.channels = image.channels();
        prepared.info.bitDepth = image.depth() == CV_16U ? 16 : 8;
    } catch (const Error& e) {
        prepared.error = e.what();
    } catch (const std::exception& e) {
        prepared.error = std::string("Cannot read image '") + path + "': " + e.what();
    }
    return prepared;
}

// The reason part of an image error ("Cannot read image 'p': reason. advice" -> "reason. advice").
std::string reasonOf(const std::string& message, const std::string& path) {
    const std::string prefix = "Cannot read image '" + path + "': ";
    return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

// The image already in the project that makes `file` a duplicate, if any: any image with the
// same content, or with keepSameContent only the same file itself.
std::optional<ImageRecord> sameContentToSkip(const Project& project, const std::string& hash,
                                             const std::string& file, const fs::path& projectFolder,
                                             const ImageImportOptions& options) {
    auto existing = project.imageByHash(hash);
    if (!existing || !options.keepSameContent)
        return existing;
    if (auto same = project.imageByPath(storedPath(projectFolder, file)))
        if (same->contentHash == hash)
            return same;
    return std::nullopt;
}

} // namespace

ImportReport importImages(Project& project, const std::vector<std::string>& inputs,
                          Feedback& feedback, const ImageImportOptions& options) {
    ImportReport report;
    const std::vector<std::string> files = expandImageInputs(inputs, report, feedback);
    const fs::path projectFolder = fs::path(project.folder()).lexically_normal();
    feedback.beginStage("import images", static_cast<long long>(files.size()));

    // Files are read, hashed and decoded in parallel a batch at a time (bounded memory); the
    // project, one SQLite connection, is written from this thread only, in file order.
    const std::size_t batchSize = std::size_t(std::max(1, cv::getNumThreads())) * 4;
    std::vector<PreparedImage> prepared;
    for (std::size_t begin = 0; begin < files.size(); begin += batchSize) {
        feedback.throwIfCanceled();
        const std::size_t end = std::min(files.size(), begin + batchSize);
        prepared.assign(end - begin, PreparedImage());
        cv::parallel_for_(cv::Range(int(begin), int(end)), [&](const cv::Range& range) {
            for (int i = range.start; i < range.end && !feedback.isCanceled(); ++i)
                prepared[std::size_t(i) - begin] = prepare(files[std::size_t(i)]);
        });
        for (std::size_t i = begin; i < end; ++i) {
            feedback.throwIfCanceled();
            const PreparedImage& item = prepared[i - begin];
            if (!item.error.empty()) {
                skip(report, feedback, files[i], reasonOf(item.error, files[i]));
            } else if (const auto existing = sameContentToSkip(project, item.hash, files[i],
                                                               projectFolder, options)) {
                ++report.duplicates;
                // Re-importing the same file is normal; another file with the same content is
                // worth a word, since rows naming it in CSV files will not match.
                const std::string existingPath = project.absoluteImagePath(*existing);
                if (fs::absolute(files[i]).lexically_normal() != fs::path(existingPath))
                    feedback.message("Not added " + files[i] + ": same content as " +
                                     existing->path + ", already in the project");
            } else {
                ImageRecord record;
                record.path = storedPath(projectFolder, files[i]);
                record.width = item.info.width;
                record.height = item.info.height;
                record.channels = item.info.channels;
                record.bitDepth = item.info.bitDepth;
                record.contentHash = item.hash;
                record.addedAt = utcNow();
                if (const auto twin =
                        options.keepSameContent ? project.imageByHash(item.hash) : std::nullopt)
                    feedback.message("Added " + files[i] + " although its content equals " +
                                     twin->path + " (--keep-same-content)");
                report.addedIds.push_back(project.addImage(record)); // its own transaction
                ++report.added;
            }
            feedback.advance();
        }
    }
    return report;
}

} // namespace ig
