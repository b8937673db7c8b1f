// Opening a project file that may be corrupt or hostile (any bytes, a damaged SQLite file, an
// SQLite file of another program, a newer schema), then reading it the way `gadget info` and
// the app do. System SQLite is not instrumented, so coverage comes from our side only.
#include "FuzzSupport.h"

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = ig::fuzz::scratch().file("open.gadget");
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ec);
    ig::fuzz::writeBytes(path, data, size);
    try {
        ig::Project project = ig::Project::open(path, 0);
        (void)project.checkIntegrity();
        (void)project.summary();
        (void)project.images();
        (void)project.workers();
        (void)project.boxes();
        (void)project.votes();
        (void)project.patterns();
        (void)project.features();
        (void)project.latestModel();
        (void)project.weakLabels();
        (void)project.runs();
        (void)project.imagesDone();
        (void)project.setting("targets");
    } catch (const ig::Error&) {
    }
    return 0;
}
