#pragma once

#include "project/Records.h"

#include <optional>
#include <string>
#include <vector>

// The boxes of a box file, between the file formats (VocBoxes.cpp, YoloBoxes.cpp, CocoBoxes.cpp,
// CsvBoxes.cpp) and the project (BoxExchange.h). Readers check the file's own structure (types,
// numbers, references) and throw ig::Error(Input) naming the file and the line or element; what
// needs the project (which image, its size) is checked by BoxExchange.
//
// Threading: pure functions of their files.
namespace ig {

struct FileBox {
    Rect rect;         // pixels; or fractions of the image's size when FileImage::normalised
    std::string type;  // class name as the file gives it
    std::string where; // "file:line" or "file: element", for messages
};

struct FileImage {
    std::string name;          // as the file names the image (file name, path or stem)
    int width = 0, height = 0; // the size the file states; 0 when it states none
    bool normalised = false;   // YOLO: rects are fractions of width and height
    std::string where;         // where the file names the image
    std::vector<FileBox> boxes;
};

// Pascal VOC: one .xml file or a folder of them (sorted by name). x = xmin, w = xmax - xmin, as
// NEU-DET's boxes.csv reads its VOC files. Writing: one <image stem>.xml per image into `folder`
// (created when missing), each file atomically; returns the files written.
std::vector<FileImage> readVocBoxes(const std::string& path);
int writeVocBoxes(const std::string& folder, const std::vector<FileImage>& images);

// YOLO: one .txt file or a folder of them (sorted by name) named after the image's stem, lines
// "class-id cx cy w h" normalised to 0..1; class ids index the lines of `classesFile` (when
// empty: classes.txt or obj.names beside the boxes). Writing: <stem>.txt per image and
// classes.txt (the types in order of first appearance, "defect" for boxes without one).
std::vector<FileImage> readYoloBoxes(const std::string& path, const std::string& classesFile);
int writeYoloBoxes(const std::string& folder, const std::vector<FileImage>& images);

// COCO: one JSON object with "images" (id, file_name, width, height), "annotations" (image_id,
// category_id, bbox [x, y, w, h]) and "categories" (id, name). Written atomically.
std::vector<FileImage> readCocoBoxes(const std::string& path);
void writeCocoBoxes(const std::string& path, const std::vector<FileImage>& images);

// CSV: image,x,y,w,h,class (reading goes through importBoxes in CsvImport.h). Written atomically.
void writeCsvBoxes(const std::string& path, const std::vector<FileImage>& images);

// Shortest text that reads back as the same double ("224", "0.448").
std::string formatNumber(double value);
// The number `text` holds in full (surrounding spaces allowed); none for anything else,
// including NaN and infinities.
std::optional<double> parseNumber(const std::string& text);
// Throws ig::Error(Input) naming `where` unless the box has finite coordinates, x and y >= 0 and
// a positive width and height.
void checkBoxNumbers(const Rect& rect, const std::string& where);
// The type a format that needs a class name writes for a box without one.
inline constexpr const char* kUntypedBoxClass = "defect";

} // namespace ig
