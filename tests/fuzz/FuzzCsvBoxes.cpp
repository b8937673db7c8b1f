// `gadget import-boxes`: a boxes CSV (image,x,y,w,h[,class]) into a project.
#include "FuzzSupport.h"
#include "io/CsvImport.h"
#include "util/Feedback.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ig::Project& project = ig::fuzz::importTarget();
    const std::string path = ig::fuzz::scratch().file("boxes.csv");
    ig::fuzz::writeBytes(path, data, size);
    ig::SilentFeedback feedback;
    ig::BoxImportOptions options;
    options.workerName = "fuzz";
    ig::fuzz::withRollback(project, [&] {
        const ig::CsvImportReport report = ig::importBoxes(project, path, options, feedback);
        // Every imported box must have an area and lie inside its image.
        for (const ig::BoxRecord& box : project.boxes()) {
            const auto image = project.image(box.imageId);
            if (!image || !(box.rect.w > 0) || !(box.rect.h > 0) || !(box.rect.x >= 0) ||
                !(box.rect.y >= 0) || box.rect.x + box.rect.w > image->width ||
                box.rect.y + box.rect.h > image->height)
                __builtin_trap();
        }
        (void)report;
    });
    return 0;
}
