#pragma once

#include <string>

namespace ig {

// A scratch copy of a project beside it, for experiments that change it (ablations); the
// original is only read. Beside it so that relative image paths keep working. The copy
// (`P.<purpose>-<pid>-<n>.tmp`) and its WAL files are removed when this goes away; copies that a
// killed process left behind are removed by the next ScratchCopy of the same project and purpose.
// Threading: copies made at once by several threads get different names.
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
