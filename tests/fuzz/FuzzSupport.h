#pragma once

// Shared pieces of the libFuzzer targets: a scratch folder per fuzzing process (in /dev/shm when
// there is one, so writing each input to a file costs little) and a small project to import into.
// Only ig::Error is an expected outcome of bad input; anything else escapes and libFuzzer reports
// it as a crash.
//
// Threading: libFuzzer runs one input at a time per process; nothing here is thread-safe.

#include "project/Project.h"
#include "util/Error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace ig::fuzz {

// A folder removed when the process ends normally (libFuzzer exits through exit()).
class ScratchDir {
public:
    ScratchDir() {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path base =
            fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
        std::string pattern = (base / "ig-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            std::abort();
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

inline ScratchDir& scratch() {
    static ScratchDir dir;
    return dir;
}

inline void writeBytes(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    if (!out)
        std::abort(); // the scratch folder is broken: not a finding about the input
}

// A project holding the images the seed CSVs name (KolektorSDD and NEU file names), plus two
// images that share a file name, so that the importers' matching paths are all reachable.
inline Project& importTarget() {
    static std::unique_ptr<Project> project = [] {
        const std::string path = scratch().file("import.gadget");
        auto p = std::make_unique<Project>(Project::create(path));
        const auto add = [&](const std::string& name, int width, int height) {
            ImageRecord image;
            image.path = name;
            image.width = width;
            image.height = height;
            image.channels = 1;
            image.contentHash = "hash-" + name;
            p->addImage(image);
        };
        for (const char* name : {"kos01_Part0.png", "kos01_Part5.png", "kos01_Part7.png",
                                 "kos02_Part6.png", "kos10_Part2.png"})
            add(name, 500, 1240);
        for (const char* name : {"crazing_1.jpg", "crazing_10.jpg", "crazing_105.jpg",
                                 "inclusion_1.jpg", "scratches_300.jpg"})
            add(name, 200, 200);
        add("left/same.png", 64, 64);
        add("right/same.png", 64, 64);
        return p;
    }();
    return *project;
}

// Runs `work` inside a transaction that is always rolled back, so every input starts from the
// same project however much the previous one imported.
template <typename Work> void withRollback(Project& project, Work&& work) {
    struct Rollback {};
    try {
        project.transaction([&] {
            try {
                work();
            } catch (const Error&) {
                // Bad input: the expected outcome; fall through to the rollback.
            }
            throw Rollback{};
        });
    } catch (const Rollback&) {
    }
}

} // namespace ig::fuzz
