#include "project/ScratchCopy.h"

#include "project/Project.h"

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <regex>
#include <signal.h>
#include <unistd.h>

namespace ig {
namespace {

const char* const kSuffixes[] = {"", "-wal", "-shm", "-journal"};

void removeWithSideFiles(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : kSuffixes)
        std::filesystem::remove(path + suffix, ignored);
}

bool processIsGone(long pid) {
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

// Scratch copies of this project and purpose left by processes that no longer run (killed
// before their destructor ran).
void removeStaleCopies(const std::string& projectPath, const std::string& purpose) {
    namespace fs = std::filesystem;
    const fs::path project(projectPath);
    const fs::path folder = project.has_parent_path() ? project.parent_path() : fs::path(".");
    const std::string prefix = project.filename().string() + "." + purpose + "-";
    static const std::regex kName(R"((\d{1,9})-\d+\.tmp)"); // pids fit in 9 digits
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        std::smatch match;
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string rest = name.substr(prefix.size());
        if (std::regex_match(rest, match, kName) && processIsGone(std::stol(match[1].str())))
            removeWithSideFiles(it->path().string());
    }
}

} // namespace

ScratchCopy::ScratchCopy(const std::string& projectPath, const std::string& purpose) {
    removeStaleCopies(projectPath, purpose);
    static std::atomic<int> counter{0};
    path_ = projectPath + "." + purpose + "-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++) + ".tmp";
    removeWithSideFiles(path_); // from an earlier process that had this pid
    Project::open(projectPath).saveCopyAs(path_);
}

ScratchCopy::~ScratchCopy() {
    removeWithSideFiles(path_);
}

} // namespace ig
