// COCO JSON boxes (nlohmann_json): images, annotations with bbox [x, y, w, h], categories.
#include "io/BoxFile.h"

#include "util/AtomicFile.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>

namespace ig {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& path, const std::string& element,
                      const std::string& what) {
    throw Error(Error::Kind::Input, path + ": " + element + " " + what +
                                        ". Fix the file (COCO layout: images, "
                                        "annotations with bbox [x, y, w, h], "
                                        "categories).");
}

const json& member(const json& object, const char* key, const std::string& path,
                   const std::string& element) {
    const auto it = object.find(key);
    if (it == object.end())
        bad(path, element, std::string("has no \"") + key + "\"");
    return *it;
}

const json& arrayMember(const json& root, const char* key, const std::string& path) {
    const json& value = member(root, key, path, "the top-level object");
    if (!value.is_array())
        bad(path, std::string("\"") + key + "\"", "is not an array");
    return value;
}

long long integerOf(const json& value, const std::string& path, const std::string& element) {
    if (value.is_number_integer())
        return value.get<long long>();
    if (value.is_number_float()) {
        const double d = value.get<double>();
        // Range first: converting a double beyond long long's range is undefined behaviour.
        constexpr double kLimit = 9223372036854775808.0; // 2^63
        if (std::isfinite(d) && d >= -kLimit && d < kLimit &&
            d == double(static_cast<long long>(d)))
            return static_cast<long long>(d);
    }
    bad(path, element, "is " + value.dump() + ", not a whole number");
}

} // namespace

std::vector<FileImage> readCocoBoxes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Error::Kind::Input, "Cannot read the box file '" + path +
                                            "'. Check that it exists and is readable.");
    json root;
    try {
        root = json::parse(in);
    } catch (const json::parse_error& e) {
        throw Error(Error::Kind::Input, path + ": not valid JSON at byte " +
                                            std::to_string(e.byte) + " (" + e.what() +
                                            "). Fix the file.");
    } catch (const json::exception& e) { // e.g. a number out of range (1E55510)
        throw Error(Error::Kind::Input,
                    path + ": not usable JSON (" + e.what() + "). Fix the file.");
    }
    if (!root.is_object())
        bad(path, "the top level", "is not a JSON object");
    const json& images = arrayMember(root, "images", path);
    const json& annotations = arrayMember(root, "annotations", path);
    const json& categories = arrayMember(root, "categories", path);

    std::map<long long, std::string> categoryName;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const std::string element = "categories[" + std::to_string(i) + "]";
        const json& c = categories[i];
        if (!c.is_object())
            bad(path, element, "is not an object");
        const json& name = member(c, "name", path, element);
        if (!name.is_string())
            bad(path, element + ".name", "is not a string");
        const long long id = integerOf(member(c, "id", path, element), path, element + ".id");
        if (!categoryName.emplace(id, name.get<std::string>()).second)
            bad(path, element + ".id", "repeats the id " + std::to_string(id));
    }

    std::vector<FileImage> out;
    std::map<long long, std::size_t> imageIndex;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const std::string element = "images[" + std::to_string(i) + "]";
        const json& im = images[i];
        if (!im.is_object())
            bad(path, element, "is not an object");
        const long long id = integerOf(member(im, "id", path, element), path, element + ".id");
        const json& name = member(im, "file_name", path, element);
        if (!name.is_string() || name.get<std::string>().empty())
            bad(path, element + ".file_name", "is not a file name");
        FileImage image;
        image.name = name.get<std::string>();
        image.where = path + ": " + element;
        for (const auto& [key, size] :
             {std::pair<const char*, int*>{"width", &image.width}, {"height", &image.height}}) {
            if (!im.contains(key))
                continue;
            const long long v = integerOf(im.at(key), path, element + "." + key);
            if (v < 0 || v > 1000000)
                bad(path, element + "." + key, "is " + std::to_string(v) + ", not an image size");
            *size = int(v);
        }
        if (!imageIndex.emplace(id, out.size()).second)
            bad(path, element + ".id", "repeats the id " + std::to_string(id));
        out.push_back(std::move(image));
    }

    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const std::string element = "annotations[" + std::to_string(i) + "]";
        const json& a = annotations[i];
        if (!a.is_object())
            bad(path, element, "is not an object");
        const long long imageId =
            integerOf(member(a, "image_id", path, element), path, element + ".image_id");
        const auto image = imageIndex.find(imageId);
        if (image == imageIndex.end())
            bad(path, element + ".image_id",
                "is " + std::to_string(imageId) + ", an id that \"images\" does not hold");
        std::string type;
        if (a.contains("category_id")) {
            const long long c = integerOf(a.at("category_id"), path, element + ".category_id");
            const auto name = categoryName.find(c);
            if (name == categoryName.end())
                bad(path, element + ".category_id",
                    "is " + std::to_string(c) + ", an id that \"categories\" does not hold");
            type = name->second;
        }
        const json& bbox = member(a, "bbox", path, element);
        if (!bbox.is_array() || bbox.size() != 4)
            bad(path, element + ".bbox", "is " + bbox.dump() + ", not an array [x, y, w, h]");
        double v[4];
        for (std::size_t k = 0; k < 4; ++k) {
            if (!bbox[k].is_number())
                bad(path, element + ".bbox", "holds " + bbox[k].dump() + ", not a number");
            v[k] = bbox[k].get<double>();
        }
        FileBox box;
        box.rect = Rect{v[0], v[1], v[2], v[3]};
        box.type = type;
        box.where = path + ": " + element;
        checkBoxNumbers(box.rect, box.where);
        out[image->second].boxes.push_back(std::move(box));
    }
    return out;
}

void writeCocoBoxes(const std::string& path, const std::vector<FileImage>& images) {
    json root = {{"info", {{"description", "boxes exported by Inspector Gadget"}}},
                 {"images", json::array()},
                 {"annotations", json::array()},
                 {"categories", json::array()}};
    std::map<std::string, long long> categoryId;
    long long annotationId = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const FileImage& image = images[i];
        const long long imageId = static_cast<long long>(i) + 1;
        root["images"].push_back({{"id", imageId},
                                  {"file_name", image.name},
                                  {"width", image.width},
                                  {"height", image.height}});
        for (const FileBox& box : image.boxes) {
            const std::string type = box.type.empty() ? kUntypedBoxClass : box.type;
            auto [it, fresh] = categoryId.emplace(type, categoryId.size() + 1);
            if (fresh)
                root["categories"].push_back({{"id", it->second}, {"name", type}});
            root["annotations"].push_back(
                {{"id", ++annotationId},
                 {"image_id", imageId},
                 {"category_id", it->second},
                 {"bbox", {box.rect.x, box.rect.y, box.rect.w, box.rect.h}},
                 {"area", box.rect.w * box.rect.h},
                 {"iscrowd", 0}});
        }
    }
    writeFileAtomically(path, root.dump(1) + "\n");
}

} // namespace ig
