#pragma once

#include <optional>
#include <string>

namespace ig {

// The box file formats `gadget import-boxes` / `export-boxes` read and write.
enum class BoxFormat {
    Csv,  // image,x,y,w,h,class (one file; pixels, top-left corner and size)
    Voc,  // Pascal VOC XML: one file per image (xmin ymin xmax ymax), usually a folder of them
    Yolo, // one .txt per image: class-id cx cy w h, normalised to 0..1; plus a class list
    Coco, // one JSON file: images, annotations (bbox x,y,w,h) and categories
};

const char* toString(BoxFormat format); // "csv", "voc", "yolo", "coco"
// Throws ig::Error(Usage) listing the formats for an unknown name.
BoxFormat boxFormatFromString(const std::string& name);

// The format a path holds, by its extension (.csv, .xml, .txt, .json) or, for a folder, by the
// files in it (only .xml: VOC, only .txt: YOLO); none when that does not decide it.
std::optional<BoxFormat> detectBoxFormat(const std::string& path);

} // namespace ig
