#pragma once

#include <string>

namespace ig {

// Writes `contents` to `path` so that readers see either the old file or the complete new one:
// a temporary file in the same folder, fsync, rename over `path`, fsync of the folder.
// Throws ig::Error(Kind::Input) naming the file when any step fails (the old file stays).
void writeFileAtomically(const std::string& path, const std::string& contents);

} // namespace ig
