// `gadget import-labels`: a labels CSV (image,label / image,class) into a project.
#include "FuzzSupport.h"
#include "io/CsvImport.h"
#include "util/Feedback.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ig::Project& project = ig::fuzz::importTarget();
    const std::string path = ig::fuzz::scratch().file("labels.csv");
    ig::fuzz::writeBytes(path, data, size);
    ig::SilentFeedback feedback;
    ig::fuzz::withRollback(project, [&] { ig::importLabels(project, path, feedback); });
    return 0;
}
