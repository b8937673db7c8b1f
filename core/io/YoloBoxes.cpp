// YOLO txt boxes: "class-id cx cy w h" per line, normalised to the image's size.
#include "io/BoxFile.h"

#include "util/AtomicFile.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace ig {
namespace {

// Class-list file names that sit beside the box files and are not box files themselves.
bool isClassList(const fs::path& file) {
    const std::string name = file.filename().string();
    return name == "classes.txt" || name == "obj.names";
}

std::vector<std::string> readClassList(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw Error(Error::Kind::Input, "Cannot read the YOLO class list '" + path +
                                            "'. Check that it exists and is readable.");
    std::vector<std::string> classes;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        classes.push_back(line);
    }
    while (!classes.empty() && classes.back().empty())
        classes.pop_back(); // trailing blank lines
    if (classes.empty())
        throw Error(Error::Kind::Input, "The YOLO class list '" + path +
                                            "' is empty; it needs one class name per line.");
    return classes;
}

std::string findClassList(const fs::path& folder) {
    for (const char* name : {"classes.txt", "obj.names"}) {
        std::error_code ec;
        if (fs::is_regular_file(folder / name, ec))
            return (folder / name).string();
    }
    throw Error(Error::Kind::Usage,
                "No class list (classes.txt or obj.names) beside the YOLO boxes in '" +
                    folder.string() +
                    "'; give one with --classes (one class name per line, "
                    "line N for class id N-1).");
}

FileImage readOneYoloFile(const std::string& path, const std::vector<std::string>& classes) {
    std::ifstream in(path);
    if (!in)
        throw Error(Error::Kind::Input, "Cannot read the box file '" + path +
                                            "'. Check that it exists and is readable.");
    FileImage image;
    image.name = fs::path(path).stem().string();
    image.normalised = true;
    image.where = path;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        const std::string where = path + ":" + std::to_string(lineNumber);
        std::istringstream fields(line);
        std::vector<std::string> parts;
        for (std::string part; fields >> part;)
            parts.push_back(part);
        if (parts.empty())
            continue;
        if (parts.size() != 5)
            throw Error(Error::Kind::Input, where +
                                                ": expected 5 fields 'class-id cx cy w h', found " +
                                                std::to_string(parts.size()) + ". Fix the file.");
        const auto id = parseNumber(parts[0]);
        if (!id || *id < 0 || *id >= double(classes.size()) || *id != std::floor(*id))
            throw Error(Error::Kind::Input,
                        where + ": the class id '" + parts[0] +
                            "' is not a whole number from 0 to " +
                            std::to_string(classes.size() - 1) + " (the class list has " +
                            std::to_string(classes.size()) + " names). Fix the file or the list.");
        double v[4];
        for (int i = 0; i < 4; ++i) {
            const auto number = parseNumber(parts[std::size_t(i) + 1]);
            if (!number)
                throw Error(Error::Kind::Input, where + ": '" + parts[std::size_t(i) + 1] +
                                                    "' is not a number. Fix the file.");
            v[i] = *number;
        }
        FileBox box;
        box.rect = Rect{v[0] - v[2] / 2, v[1] - v[3] / 2, v[2], v[3]};
        box.type = classes[std::size_t(*id)];
        box.where = where;
        // Normalised coordinates: a little rounding past 0 or 1 is clipped, more is an error.
        constexpr double slack = 1e-6;
        if (box.rect.x < 0 && box.rect.x > -slack) {
            box.rect.w += box.rect.x;
            box.rect.x = 0;
        }
        if (box.rect.y < 0 && box.rect.y > -slack) {
            box.rect.h += box.rect.y;
            box.rect.y = 0;
        }
        checkBoxNumbers(box.rect, where);
        if (box.rect.x + box.rect.w > 1 + slack || box.rect.y + box.rect.h > 1 + slack)
            throw Error(Error::Kind::Input, where + ": the box reaches past the image's edge "
                                                    "(YOLO coordinates are fractions 0..1 of the "
                                                    "image's size). Fix the file.");
        box.rect.w = std::min(box.rect.w, 1 - box.rect.x);
        box.rect.h = std::min(box.rect.h, 1 - box.rect.y);
        image.boxes.push_back(std::move(box));
    }
    return image;
}

std::string txtNameOf(const std::string& imageName) {
    return fs::path(imageName).filename().replace_extension(".txt").string();
}

} // namespace

std::vector<FileImage> readYoloBoxes(const std::string& path, const std::string& classesFile) {
    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    std::vector<std::string> files;
    if (folder) {
        for (const auto& entry : fs::directory_iterator(path, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".txt" &&
                !isClassList(entry.path()) &&
                (classesFile.empty() || !fs::equivalent(entry.path(), classesFile, ec)))
                files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty())
            throw Error(Error::Kind::Input, "The folder '" + path +
                                                "' holds no YOLO .txt box files. Give a folder "
                                                "of them or one such file.");
    } else {
        if (!fs::is_regular_file(path, ec))
            throw Error(Error::Kind::Input, "Cannot read the box file '" + path +
                                                "'. Check that it exists and is readable.");
        files.push_back(path);
    }
    const fs::path besides = folder ? fs::path(path) : fs::path(path).parent_path();
    const std::vector<std::string> classes = readClassList(
        classesFile.empty() ? findClassList(besides.empty() ? "." : besides) : classesFile);
    std::vector<FileImage> images;
    for (const auto& file : files)
        images.push_back(readOneYoloFile(file, classes));
    return images;
}

int writeYoloBoxes(const std::string& folder, const std::vector<FileImage>& images) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder))
        throw Error(Error::Kind::Input, "Cannot create the folder '" + folder +
                                            "' for the YOLO files. Check the path and rights.");
    std::vector<std::string> classes;
    std::map<std::string, std::size_t> idOf;
    std::map<std::string, std::string> fileOwner; // txt name -> image, to refuse clashes
    for (const FileImage& image : images) {
        const std::string txt = txtNameOf(image.name);
        if (txt == "classes.txt")
            throw Error(Error::Kind::Usage, "The image '" + image.name +
                                                "' would be written to classes.txt, the class "
                                                "list. Export the boxes as VOC, COCO or CSV.");
        const auto [it, fresh] = fileOwner.emplace(txt, image.name);
        if (!fresh)
            throw Error(Error::Kind::Usage,
                        "The images '" + it->second + "' and '" + image.name +
                            "' would both be written to '" + txt +
                            "' (YOLO names box files after the image's name). Export the "
                            "boxes as VOC, COCO or CSV instead.");
        for (const FileBox& box : image.boxes) {
            const std::string type = box.type.empty() ? kUntypedBoxClass : box.type;
            if (idOf.emplace(type, classes.size()).second)
                classes.push_back(type);
        }
    }
    int written = 0;
    for (const FileImage& image : images) {
        if (image.width <= 0 || image.height <= 0)
            throw Error(Error::Kind::Internal,
                        "YOLO export needs the size of '" + image.name + "'.");
        std::string text;
        for (const FileBox& box : image.boxes) {
            const std::string type = box.type.empty() ? kUntypedBoxClass : box.type;
            const double w = image.width, h = image.height;
            text += std::to_string(idOf.at(type)) + " " +
                    formatNumber((box.rect.x + box.rect.w / 2) / w) + " " +
                    formatNumber((box.rect.y + box.rect.h / 2) / h) + " " +
                    formatNumber(box.rect.w / w) + " " + formatNumber(box.rect.h / h) + "\n";
        }
        writeFileAtomically((fs::path(folder) / txtNameOf(image.name)).string(), text);
        ++written;
    }
    std::string list;
    for (const auto& c : classes)
        list += c + "\n";
    writeFileAtomically((fs::path(folder) / "classes.txt").string(), list);
    return written;
}

} // namespace ig
