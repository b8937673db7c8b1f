#include "io/BoxExchange.h"

#include "io/BoxFile.h"
#include "io/CsvImport.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace ig {
namespace {

constexpr double kSamePixel = 1e-6; // coordinates this close are the same (text round trips)

std::string fileNameOf(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string stemOf(const std::string& name) {
    const std::string file = fileNameOf(name);
    const std::size_t dot = file.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? file : file.substr(0, dot);
}

bool hasImageExtension(const std::string& name) {
    std::string ext = fs::path(fileNameOf(name)).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"})
        if (ext == known)
            return true;
    return false;
}

// The project's images by stored path, file name and stem.
class ImageLookup {
public:
    explicit ImageLookup(const Project& project) : images_(project.images()) {
        for (std::size_t i = 0; i < images_.size(); ++i) {
            byPath_.emplace(images_[i].path, i);
            byName_[fileNameOf(images_[i].path)].push_back(i);
            byStem_[stemOf(images_[i].path)].push_back(i);
        }
    }

    // The image `name` means; nullptr when none. Throws when it names several.
    const ImageRecord* find(const std::string& name, const std::string& where) const {
        if (const auto exact = byPath_.find(name); exact != byPath_.end())
            return &images_[exact->second];
        if (const auto* hit = unique(byName_, fileNameOf(name), name, where))
            return hit;
        if (hasImageExtension(name))
            return nullptr;
        return unique(byStem_, stemOf(name), name, where);
    }

    // How an export names the image: its file name, or its stored path when that is shared.
    std::string exportName(const ImageRecord& image) const {
        const std::string name = fileNameOf(image.path);
        return byName_.at(name).size() == 1 ? name : image.path;
    }

private:
    using Index = std::unordered_map<std::string, std::vector<std::size_t>>;
    const ImageRecord* unique(const Index& index, const std::string& key, const std::string& name,
                              const std::string& where) const {
        const auto it = index.find(key);
        if (it == index.end())
            return nullptr;
        if (it->second.size() > 1)
            throw Error(Error::Kind::Input,
                        where + ": the image '" + name + "' could be any of " +
                            std::to_string(it->second.size()) + " images in the project (e.g. '" +
                            images_[it->second[0]].path + "' and '" + images_[it->second[1]].path +
                            "'). Name it by its stored path in the file.");
        return &images_[it->second.front()];
    }

    std::vector<ImageRecord> images_;
    std::unordered_map<std::string, std::size_t> byPath_;
    Index byName_, byStem_;
};

double snap(double v) {
    const double r = std::round(v);
    return std::abs(v - r) < kSamePixel ? r : v;
}

bool sameBox(const BoxRecord& a, const Rect& r, const std::string& type) {
    return std::abs(a.rect.x - r.x) < kSamePixel && std::abs(a.rect.y - r.y) < kSamePixel &&
           std::abs(a.rect.w - r.w) < kSamePixel && std::abs(a.rect.h - r.h) < kSamePixel &&
           a.defectType == type;
}

// The box in image pixels, checked against the image; throws naming the box's place.
Rect placeBox(const FileImage& fileImage, const FileBox& box, const ImageRecord& image) {
    Rect r = box.rect;
    if (fileImage.normalised)
        r = Rect{r.x * image.width, r.y * image.height, r.w * image.width, r.h * image.height};
    r = Rect{snap(r.x), snap(r.y), snap(r.w), snap(r.h)};
    const double slack = 1e-6 * std::max(image.width, image.height);
    if (r.x + r.w > image.width + slack || r.y + r.h > image.height + slack)
        throw Error(Error::Kind::Input,
                    box.where + ": the box (x " + formatNumber(r.x) + ", y " + formatNumber(r.y) +
                        ", w " + formatNumber(r.w) + ", h " + formatNumber(r.h) +
                        ") reaches outside '" + image.path + "' (" + std::to_string(image.width) +
                        " x " + std::to_string(image.height) + "). Fix the file.");
    r.w = std::min(r.w, image.width - r.x);
    r.h = std::min(r.h, image.height - r.y);
    return r;
}

BoxFileImportReport importCsv(Project& project, const std::string& path,
                              const BoxFileImportOptions& options, Feedback& feedback) {
    BoxImportOptions csvOptions;
    csvOptions.workerName = options.workerName;
    csvOptions.role = options.role;
    const CsvImportReport csv = importBoxes(project, path, csvOptions, feedback);
    BoxFileImportReport report;
    report.boxes = csv.rows;
    report.applied = csv.applied;
    report.unchanged = csv.unchanged;
    report.problemCount = csv.problemCount;
    for (const auto& p : csv.problems)
        report.problems.push_back(path + ":" + std::to_string(p.line) + ": " + p.message);
    report.boxesOnUnknownImages = csv.unknownCount;
    report.unknownImageCount = csv.unknownCount;
    for (const auto& u : csv.unknownImages)
        report.unknownImages.push_back(path + ":" + std::to_string(u.line) + ": " + u.message);
    return report;
}

} // namespace

BoxFileImportReport importBoxFile(Project& project, const std::string& path,
                                  const BoxFileImportOptions& options, Feedback& feedback) {
    if (options.format == BoxFormat::Csv)
        return importCsv(project, path, options, feedback);
    std::vector<FileImage> images;
    switch (options.format) {
    case BoxFormat::Voc:
        images = readVocBoxes(path);
        break;
    case BoxFormat::Yolo:
        images = readYoloBoxes(path, options.classesFile);
        break;
    default:
        images = readCocoBoxes(path);
        break;
    }

    BoxFileImportReport report;
    report.images = static_cast<long long>(images.size());
    feedback.beginStage("import boxes", report.images);
    project.transaction([&] {
        const ImageLookup lookup(project);
        const Id workerId = project.ensureWorker(options.workerName, options.role);
        std::map<Id, std::vector<BoxRecord>> mine; // the worker's boxes per image, as added
        for (const FileImage& fileImage : images) {
            feedback.throwIfCanceled();
            feedback.advance();
            report.boxes += static_cast<long long>(fileImage.boxes.size());
            const ImageRecord* image = lookup.find(fileImage.name, fileImage.where);
            if (!image) {
                ++report.unknownImageCount;
                report.boxesOnUnknownImages += static_cast<long long>(fileImage.boxes.size());
                if (report.unknownImages.size() < BoxFileImportReport::kMaxListed)
                    report.unknownImages.push_back(fileImage.where + ": " + fileImage.name);
                continue;
            }
            ++report.matchedImages;
            if (fileImage.width > 0 && fileImage.height > 0 &&
                (fileImage.width != image->width || fileImage.height != image->height))
                throw Error(Error::Kind::Input,
                            fileImage.where + ": the file gives '" + fileImage.name +
                                "' the size " + std::to_string(fileImage.width) + " x " +
                                std::to_string(fileImage.height) + " but the project's image '" +
                                image->path + "' is " + std::to_string(image->width) + " x " +
                                std::to_string(image->height) +
                                "; its boxes would land in the wrong place. Use boxes made for "
                                "these images.");
            auto cached = mine.find(image->id);
            if (cached == mine.end())
                cached = mine.emplace(image->id, project.boxesOfImageBy(image->id, workerId)).first;
            for (const FileBox& fileBox : fileImage.boxes) {
                const Rect rect = placeBox(fileImage, fileBox, *image);
                const bool known =
                    std::any_of(cached->second.begin(), cached->second.end(),
                                [&](const BoxRecord& b) { return sameBox(b, rect, fileBox.type); });
                if (known) {
                    ++report.unchanged;
                    continue;
                }
                BoxRecord box;
                box.imageId = image->id;
                box.workerId = workerId;
                box.rect = rect;
                box.defectType = fileBox.type;
                box.id = project.addBox(box);
                cached->second.push_back(box);
                ++report.applied;
            }
        }
    });
    return report;
}

BoxFileExportReport exportBoxFile(const Project& project, const std::string& out,
                                  const BoxFileExportOptions& options, Feedback& feedback) {
    std::optional<Id> workerId;
    if (!options.workerName.empty()) {
        const auto worker = project.workerByName(options.workerName);
        if (!worker) {
            std::string names;
            for (const auto& w : project.workers())
                names += (names.empty() ? "" : ", ") + w.name;
            throw Error(Error::Kind::Usage, "The project has no worker '" + options.workerName +
                                                "' (it has: " + (names.empty() ? "none" : names) +
                                                ").");
        }
        workerId = worker->id;
    }
    feedback.beginStage("export boxes", 0);
    std::map<Id, std::vector<BoxRecord>> boxesByImage;
    for (BoxRecord& box : project.boxes())
        if (!workerId || box.workerId == *workerId)
            boxesByImage[box.imageId].push_back(std::move(box));
    const ImageLookup lookup(project);
    std::vector<FileImage> images;
    BoxFileExportReport report;
    for (const ImageRecord& image : project.images()) {
        auto it = boxesByImage.find(image.id);
        if (it == boxesByImage.end())
            continue;
        std::sort(it->second.begin(), it->second.end(),
                  [](const BoxRecord& a, const BoxRecord& b) { return a.id < b.id; });
        FileImage fileImage;
        fileImage.name = lookup.exportName(image);
        fileImage.width = image.width;
        fileImage.height = image.height;
        for (const BoxRecord& box : it->second)
            fileImage.boxes.push_back({box.rect, box.defectType, ""});
        report.boxes += static_cast<long long>(fileImage.boxes.size());
        images.push_back(std::move(fileImage));
    }
    report.images = static_cast<long long>(images.size());
    feedback.throwIfCanceled();
    switch (options.format) {
    case BoxFormat::Csv:
        writeCsvBoxes(out, images);
        report.files = 1;
        break;
    case BoxFormat::Voc:
        report.files = writeVocBoxes(out, images);
        break;
    case BoxFormat::Yolo:
        report.files = writeYoloBoxes(out, images) + 1;
        break;
    case BoxFormat::Coco:
        writeCocoBoxes(out, images);
        report.files = 1;
        break;
    }
    return report;
}

} // namespace ig
