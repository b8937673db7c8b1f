// `gadget set-dev`: a dev-split CSV (image) into a project.
#include "FuzzSupport.h"
#include "io/CsvImport.h"
#include "util/Feedback.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ig::Project& project = ig::fuzz::importTarget();
    const std::string path = ig::fuzz::scratch().file("dev.csv");
    ig::fuzz::writeBytes(path, data, size);
    ig::SilentFeedback feedback;
    ig::fuzz::withRollback(project, [&] { ig::importDevSplit(project, path, feedback); });
    return 0;
}
