#include "io/BoxFormat.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace fs = std::filesystem;

namespace ig {
namespace {

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

} // namespace

const char* toString(BoxFormat format) {
    switch (format) {
    case BoxFormat::Csv:
        return "csv";
    case BoxFormat::Voc:
        return "voc";
    case BoxFormat::Yolo:
        return "yolo";
    case BoxFormat::Coco:
        return "coco";
    }
    return "csv";
}

BoxFormat boxFormatFromString(const std::string& name) {
    for (BoxFormat f : {BoxFormat::Csv, BoxFormat::Voc, BoxFormat::Yolo, BoxFormat::Coco})
        if (name == toString(f))
            return f;
    throw Error(Error::Kind::Usage,
                "Unknown box format '" + name + "'; use csv, voc, yolo or coco.");
}

std::optional<BoxFormat> detectBoxFormat(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        bool xml = false, txt = false;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string ext = lowerExtension(entry.path());
            xml = xml || ext == ".xml";
            txt = txt || ext == ".txt";
        }
        if (xml != txt)
            return xml ? BoxFormat::Voc : BoxFormat::Yolo;
        return std::nullopt;
    }
    const std::string ext = lowerExtension(path);
    if (ext == ".csv")
        return BoxFormat::Csv;
    if (ext == ".xml")
        return BoxFormat::Voc;
    if (ext == ".txt")
        return BoxFormat::Yolo;
    if (ext == ".json")
        return BoxFormat::Coco;
    return std::nullopt;
}

} // namespace ig
