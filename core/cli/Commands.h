#pragma once

#include <functional>
#include <ostream>
#include <vector>

namespace CLI {
class App;
}

namespace ig {

class TerminalFeedback;

// What every command gets from runGadget.
struct CommandContext {
    std::ostream& out;          // results: summaries, `info` output, JSON
    std::ostream& err;          // warnings, skipped inputs, problems
    TerminalFeedback& feedback; // progress and Ctrl+C cancel for long work
    // Set by the chosen command while the arguments are parsed; runGadget calls it afterwards
    // (with Ctrl+C handling and ig::Error -> exit code mapping) and returns what it returns.
    std::function<int()> action;
};

// Adds one command to the app. Pattern (see commands/NewCommand.cpp for the smallest one):
//   void addFooCommand(CLI::App& app, CommandContext& context) {
//       auto* cmd = app.add_subcommand("foo", "One line for `gadget --help`.");
//       auto options = std::make_shared<FooOptions>();   // lives as long as the callback
//       cmd->add_option("project", options->project, "...")->required();
//       cmd->footer(examplesFooter({"gadget foo P.gadget"}));
//       cmd->callback([&context, options] {
//           context.action = [&context, options] { return runFoo(*options, context); };
//       });
//   }
// and runFoo returns an ExitCode (cli/ExitCodes.h) as int; it throws ig::Error for failures.
// To add a command: write commands/FooCommand.cpp, declare addFooCommand below, list it in
// allCommands() (Commands.cpp) and add the file to core/cli/CMakeLists.txt.
using AddCommand = void (*)(CLI::App& app, CommandContext& context);

void addNewCommand(CLI::App& app, CommandContext& context);
void addImportImagesCommand(CLI::App& app, CommandContext& context);
void addImportLabelsCommand(CLI::App& app, CommandContext& context);
void addImportBoxesCommand(CLI::App& app, CommandContext& context);
void addSetDevCommand(CLI::App& app, CommandContext& context);
void addInfoCommand(CLI::App& app, CommandContext& context);
void addRunCommand(CLI::App& app, CommandContext& context);
void addEvalCommand(CLI::App& app, CommandContext& context);
void addExportCommand(CLI::App& app, CommandContext& context);
void addExportBoxesCommand(CLI::App& app, CommandContext& context);
void addMergeProjectCommand(CLI::App& app, CommandContext& context);
void addBenchCrowdCommand(CLI::App& app, CommandContext& context);
void addDemoCommand(CLI::App& app, CommandContext& context);
void addBenchMatchCommand(CLI::App& app, CommandContext& context);
void addBenchSplitsCommand(CLI::App& app, CommandContext& context);
void addBenchAugmentCommand(CLI::App& app, CommandContext& context);
void addBenchGanCommand(CLI::App& app, CommandContext& context);

// Every command, in the order `gadget --help` lists them.
const std::vector<AddCommand>& allCommands();

} // namespace ig
