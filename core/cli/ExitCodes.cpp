#include "cli/ExitCodes.h"

namespace ig {

ExitCode exitCodeFor(Error::Kind kind) {
    switch (kind) {
    case Error::Kind::Usage:
        return ExitCode::Usage;
    case Error::Kind::Input:
        return ExitCode::Error;
    case Error::Kind::Project:
        return ExitCode::NotProject;
    case Error::Kind::Busy:
        return ExitCode::Busy;
    case Error::Kind::Canceled:
        return ExitCode::Canceled;
    case Error::Kind::Internal:
        return ExitCode::Error;
    }
    return ExitCode::Error;
}

std::string exitCodesHelp() {
    return "Exit codes:\n"
           "  0    success\n"
           "  1    error (the message says what to do)\n"
           "  2    usage error: unknown command or option, missing or bad argument\n"
           "  3    partial: done, but some inputs were skipped (listed on stderr)\n"
           "  4    project busy: another process is writing it; try again later\n"
           "  5    not a project file, or one made by a newer version\n"
           "  130  canceled with Ctrl+C; the project is left consistent\n";
}

} // namespace ig
