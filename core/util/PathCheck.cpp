#include "util/PathCheck.h"

#include <filesystem>
#include <system_error>

namespace ig {

std::optional<std::string> whyUnreachable(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!ec && fs::exists(status))
        return std::nullopt;
    if (ec == std::errc::too_many_symbolic_link_levels)
        return std::string("it is a loop of symbolic links");
    std::error_code linkError;
    if (fs::is_symlink(fs::symlink_status(path, linkError))) {
        const fs::path target = fs::read_symlink(path, linkError);
        return "it is a symbolic link to '" + target.string() + "', which does not exist";
    }
    if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
        return std::string("it does not exist");
    return "it cannot be reached (" + ec.message() + ")";
}

} // namespace ig
