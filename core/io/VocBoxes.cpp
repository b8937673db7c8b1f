// Pascal VOC XML boxes (pugixml).
#include "io/BoxFile.h"

#include "util/AtomicFile.h"
#include "util/Error.h"

#include <pugixml.hpp>

#include <cmath>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace ig {
namespace {

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Error::Kind::Input, "Cannot read the box file '" + path +
                                            "'. Check that it exists and is readable.");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// 1-based line of a byte offset, for messages.
int lineOf(const std::string& text, std::ptrdiff_t offset) {
    if (offset < 0)
        return 0;
    const auto end = text.begin() + std::min<std::ptrdiff_t>(offset, std::ptrdiff_t(text.size()));
    return 1 + int(std::count(text.begin(), end, '\n'));
}

std::string whereOf(const std::string& path, const std::string& text, const pugi::xml_node& node,
                    const std::string& element) {
    const int line = lineOf(text, node.offset_debug());
    return path + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + element;
}

double numberChild(const pugi::xml_node& parent, const char* name, const std::string& path,
                   const std::string& text, const std::string& element) {
    const pugi::xml_node child = parent.child(name);
    if (!child)
        throw Error(Error::Kind::Input, whereOf(path, text, parent, element) + " has no <" + name +
                                            ">. Each <bndbox> needs xmin, ymin, xmax and ymax.");
    const std::string value = child.text().get();
    const auto number = parseNumber(value);
    if (!number)
        throw Error(Error::Kind::Input, whereOf(path, text, child, element + " <" + name + ">") +
                                            " is '" + value + "', not a number. Fix the file.");
    return *number;
}

// A stated size; 0 when the element is missing or empty (some tools write 0).
int sizeChild(const pugi::xml_node& size, const char* name, const std::string& path,
              const std::string& text) {
    const pugi::xml_node child = size.child(name);
    const std::string value = child.text().get();
    if (!child || value.find_first_not_of(" \t\r\n") == std::string::npos)
        return 0;
    const auto number = parseNumber(value);
    // Range first: converting a double beyond int's range is undefined behaviour.
    if (!number || !(*number >= 0 && *number <= 1e9) || *number != std::floor(*number))
        throw Error(Error::Kind::Input,
                    whereOf(path, text, child, std::string("<size> <") + name + ">") + " is '" +
                        value + "', not a whole number of pixels. Fix the file.");
    return int(*number);
}

FileImage readOneVocFile(const std::string& path) {
    const std::string text = readWholeFile(path);
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed)
        throw Error(Error::Kind::Input, path + ":" + std::to_string(lineOf(text, parsed.offset)) +
                                            ": not well-formed XML (" + parsed.description() +
                                            "). Fix the file or leave it out.");
    const pugi::xml_node root = doc.child("annotation");
    if (!root)
        throw Error(Error::Kind::Input, path + ": has no <annotation> root element, so it is not "
                                               "a Pascal VOC file. Give VOC files or another "
                                               "--format.");
    FileImage image;
    const pugi::xml_node fileName = root.child("filename");
    image.name = fileName.text().get();
    image.where = whereOf(path, text, fileName ? fileName : root, "<filename>");
    if (image.name.empty()) // name the image after the XML file, matched by stem
        image.name = fs::path(path).stem().string();
    if (const pugi::xml_node size = root.child("size")) {
        image.width = sizeChild(size, "width", path, text);
        image.height = sizeChild(size, "height", path, text);
    }
    int index = 0;
    for (const pugi::xml_node object : root.children("object")) {
        ++index;
        const std::string element = "<object> " + std::to_string(index);
        const pugi::xml_node box = object.child("bndbox");
        if (!box)
            throw Error(Error::Kind::Input,
                        whereOf(path, text, object, element) + " has no <bndbox>. Fix the file.");
        const double xmin = numberChild(box, "xmin", path, text, element);
        const double ymin = numberChild(box, "ymin", path, text, element);
        const double xmax = numberChild(box, "xmax", path, text, element);
        const double ymax = numberChild(box, "ymax", path, text, element);
        FileBox fileBox;
        fileBox.rect = Rect{xmin, ymin, xmax - xmin, ymax - ymin};
        fileBox.type = object.child("name").text().get();
        fileBox.where = whereOf(path, text, object, element);
        checkBoxNumbers(fileBox.rect, fileBox.where);
        image.boxes.push_back(std::move(fileBox));
    }
    return image;
}

// A file name for the image's XML: its stem, with folder separators made safe.
std::string xmlNameOf(const std::string& imageName) {
    std::string stem = fs::path(imageName).replace_extension().string();
    std::replace(stem.begin(), stem.end(), '/', '_');
    std::replace(stem.begin(), stem.end(), '\\', '_');
    return stem + ".xml";
}

} // namespace

std::vector<FileImage> readVocBoxes(const std::string& path) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
        for (const auto& entry : fs::directory_iterator(path, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".xml")
                files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty())
            throw Error(Error::Kind::Input, "The folder '" + path +
                                                "' holds no .xml files. Give a folder of Pascal "
                                                "VOC files or one such file.");
    } else {
        files.push_back(path);
    }
    std::vector<FileImage> images;
    for (const auto& file : files)
        images.push_back(readOneVocFile(file));
    return images;
}

int writeVocBoxes(const std::string& folder, const std::vector<FileImage>& images) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder))
        throw Error(Error::Kind::Input, "Cannot create the folder '" + folder +
                                            "' for the VOC files. Check the path and rights.");
    int written = 0;
    for (const FileImage& image : images) {
        pugi::xml_document doc;
        pugi::xml_node root = doc.append_child("annotation");
        root.append_child("filename").text().set(image.name.c_str());
        pugi::xml_node size = root.append_child("size");
        size.append_child("width").text().set(image.width);
        size.append_child("height").text().set(image.height);
        for (const FileBox& box : image.boxes) {
            pugi::xml_node object = root.append_child("object");
            object.append_child("name").text().set(box.type.empty() ? kUntypedBoxClass
                                                                    : box.type.c_str());
            pugi::xml_node bndbox = object.append_child("bndbox");
            bndbox.append_child("xmin").text().set(formatNumber(box.rect.x).c_str());
            bndbox.append_child("ymin").text().set(formatNumber(box.rect.y).c_str());
            bndbox.append_child("xmax").text().set(formatNumber(box.rect.x + box.rect.w).c_str());
            bndbox.append_child("ymax").text().set(formatNumber(box.rect.y + box.rect.h).c_str());
        }
        std::ostringstream out;
        doc.save(out, "\t");
        writeFileAtomically((fs::path(folder) / xmlNameOf(image.name)).string(), out.str());
        ++written;
    }
    return written;
}

} // namespace ig
