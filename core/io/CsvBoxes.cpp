// CSV boxes out: image,x,y,w,h,class (importBoxes in BoxImport.cpp reads them back).
#include "io/BoxFile.h"

#include "util/AtomicFile.h"

namespace ig {
namespace {

// RFC 4180 quoting, only where needed.
std::string csvField(const std::string& text) {
    const bool plain = text.find_first_of(",\"\r\n") == std::string::npos &&
                       (text.empty() || (text.front() != ' ' && text.back() != ' '));
    if (plain)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace

void writeCsvBoxes(const std::string& path, const std::vector<FileImage>& images) {
    std::string text = "image,x,y,w,h,class\n";
    for (const FileImage& image : images)
        for (const FileBox& box : image.boxes)
            text += csvField(image.name) + "," + formatNumber(box.rect.x) + "," +
                    formatNumber(box.rect.y) + "," + formatNumber(box.rect.w) + "," +
                    formatNumber(box.rect.h) + "," + csvField(box.type) + "\n";
    writeFileAtomically(path, text);
}

} // namespace ig
