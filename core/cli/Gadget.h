#pragma once

namespace ig {

// The `gadget` command-line tool: parses the arguments, runs one command and returns the exit
// code documented in `gadget --help` (see cli/ExitCodes.h).
int runGadget(int argc, char** argv);

} // namespace ig
