#include "project/ScratchCopy.h"

#include "project/Project.h"

#include <filesystem>
#include <random>

namespace ig {

ScratchCopy::ScratchCopy(const std::string& projectPath, const std::string& purpose) {
    std::random_device random;
    path_ = projectPath + "." + purpose + "-" + std::to_string(random() % 1000000) + ".tmp";
    Project::open(projectPath).saveCopyAs(path_);
}

ScratchCopy::~ScratchCopy() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path_ + suffix, ignored);
}

} // namespace ig
