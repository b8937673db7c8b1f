#pragma once

#include "util/Error.h"

#include <string>

namespace ig {

// The exit codes of `gadget`, documented in `gadget --help`; scripts rely on them, so they never
// change meaning.
enum class ExitCode : int {
    Ok = 0,
    Error = 1,      // the message says what went wrong and what to do
    Usage = 2,      // unknown command or option, missing or bad argument
    Partial = 3,    // done, but some inputs were skipped (listed on stderr)
    Busy = 4,       // another process is writing the project
    NotProject = 5, // not a project file, or one made by a newer version
    Canceled = 130, // Ctrl+C (128 + SIGINT, as shells report it)
};

inline int toInt(ExitCode code) {
    return static_cast<int>(code);
}

// The exit code for an ig::Error of `kind`.
ExitCode exitCodeFor(Error::Kind kind);

// The "Exit codes:" block of `gadget --help`.
std::string exitCodesHelp();

} // namespace ig
