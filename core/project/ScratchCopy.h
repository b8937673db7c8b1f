#pragma once

#include <string>

namespace ig {

// A scratch copy of a project beside it, for experiments that change it (ablations); the
// original is only read. Beside it so that relative image paths keep working. The copy and its
// WAL files are removed when this goes away (a SIGKILL leaves `P.<purpose>-N.tmp` behind).
// Throws ig::Error like Project::open and Project::saveCopyAs.
class ScratchCopy {
public:
    ScratchCopy(const std::string& projectPath, const std::string& purpose);
    ~ScratchCopy();
    ScratchCopy(const ScratchCopy&) = delete;
    ScratchCopy& operator=(const ScratchCopy&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace ig
