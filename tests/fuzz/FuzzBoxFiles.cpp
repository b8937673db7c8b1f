// The box file readers of `gadget import-boxes` (core/io/BoxFile.h): Pascal VOC XML, YOLO txt
// (with its class list) and COCO JSON. One source, three targets: IG_FUZZ_BOX_FORMAT picks the
// reader. A YOLO input may start with a class list ended by a line "---"; else "crack\nscratch".
#include "FuzzSupport.h"
#include "io/BoxFile.h"

#include <cmath>
#include <cstring>

namespace {

void checkBoxes(const std::vector<ig::FileImage>& images) {
    // What a reader returns has passed checkBoxNumbers: finite, x, y >= 0, positive size.
    for (const ig::FileImage& image : images)
        for (const ig::FileBox& box : image.boxes)
            if (!std::isfinite(box.rect.x) || !std::isfinite(box.rect.y) ||
                !std::isfinite(box.rect.w) || !std::isfinite(box.rect.h) || box.rect.x < 0 ||
                box.rect.y < 0 || !(box.rect.w > 0) || !(box.rect.h > 0))
                __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ig::fuzz::ScratchDir& dir = ig::fuzz::scratch();
    try {
#if IG_FUZZ_BOX_FORMAT == 1
        const std::string path = dir.file("boxes.xml");
        ig::fuzz::writeBytes(path, data, size);
        checkBoxes(ig::readVocBoxes(path));
#elif IG_FUZZ_BOX_FORMAT == 2
        const std::string path = dir.file("crazing_1.txt"), classes = dir.file("classes.txt");
        const char* text = reinterpret_cast<const char*>(data);
        const char* split = static_cast<const char*>(memmem(text, size, "\n---\n", 5));
        if (split) {
            ig::fuzz::writeBytes(classes, data, std::size_t(split - text) + 1);
            const std::size_t rest = std::size_t(split - text) + 5;
            ig::fuzz::writeBytes(path, data + rest, size - rest);
        } else {
            const char kClasses[] = "crack\nscratch\n";
            ig::fuzz::writeBytes(classes, reinterpret_cast<const std::uint8_t*>(kClasses),
                                 sizeof kClasses - 1);
            ig::fuzz::writeBytes(path, data, size);
        }
        checkBoxes(ig::readYoloBoxes(path, classes));
#else
        const std::string path = dir.file("boxes.json");
        ig::fuzz::writeBytes(path, data, size);
        checkBoxes(ig::readCocoBoxes(path));
#endif
    } catch (const ig::Error&) {
    }
    return 0;
}
