#pragma once

#include <optional>
#include <string>

namespace ig {

// Why `path` cannot be used as an existing file or folder, in words that finish a message
// ("it does not exist", "it is a loop of symbolic links", "it is a symbolic link to ... which
// does not exist", "it cannot be reached (Permission denied)"), or nothing when it exists.
// Filesystem errors become words, never exceptions.
std::optional<std::string> whyUnreachable(const std::string& path);

} // namespace ig
