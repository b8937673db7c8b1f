#include "cli/Gadget.h"

#include "cli/Commands.h"
#include "cli/ExitCodes.h"
#include "cli/InterruptGuard.h"
#include "cli/TerminalFeedback.h"
#include "util/Error.h"
#include "util/Version.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <unistd.h>

namespace ig {
namespace {

const char* const kDescription =
    "Inspector Gadget: label industrial images from a few defect boxes drawn by crowd workers.\n"
    "A project is one file (*.gadget) holding the images' paths, labels, boxes and results.";

std::string mainFooter() {
    return "Getting started:\n"
           "  gadget new ksdd.gadget\n"
           "  gadget import-images ksdd.gadget data/ksdd/images\n"
           "  gadget import-labels ksdd.gadget data/ksdd/labels.csv\n"
           "  gadget import-boxes ksdd.gadget data/ksdd/boxes.csv --worker alice\n"
           "  gadget set-dev ksdd.gadget data/ksdd/paper_dev_split.csv\n"
           "  gadget info ksdd.gadget\n"
           "\n" +
           exitCodesHelp() +
           "\n"
           "Run 'gadget COMMAND --help' for a command's options and examples.";
}

// "error: <what>" plus where to find the usage, for argument errors.
std::string usageFailure(const CLI::App* app, const CLI::Error& e) {
    std::string command = "gadget";
    for (const CLI::App* sub : app->get_subcommands())
        command += " " + sub->get_name();
    return "error: " + std::string(e.what()) + "\nRun '" + command + " --help' for usage.\n";
}

} // namespace

int runGadget(int argc, char** argv) {
    TerminalFeedback feedback(std::cerr, isatty(STDERR_FILENO) == 1);
    CommandContext context{std::cout, std::cerr, feedback, {}};

    CLI::App app(kDescription, "gadget");
    app.set_version_flag("--version", std::string("gadget (Inspector Gadget) ") + kVersion);
    app.footer(mainFooter());
    app.failure_message(usageFailure);
    app.require_subcommand(1);
    app.fallthrough(); // global options may follow the command: gadget info P --no-progress
    bool noProgress = false;
    app.add_flag("--no-progress", noProgress, "Do not draw progress lines (messages still show)");
    for (const AddCommand add : allCommands())
        add(app, context);

    if (argc <= 1) {
        context.err << app.help() << "\nerror: a command is required.\n";
        return toInt(ExitCode::Usage);
    }
    if (const std::string first = argv[1]; !first.empty() && first[0] != '-') {
        // CLI11 would only say "A subcommand is required"; name the unknown command instead.
        std::string known;
        bool found = false;
        for (const CLI::App* sub : app.get_subcommands({})) {
            known += (known.empty() ? "" : ", ") + sub->get_name();
            found = found || sub->get_name() == first;
        }
        if (!found) {
            context.err << "error: '" << first << "' is not a gadget command. Commands: " << known
                        << ".\nRun 'gadget --help' for usage.\n";
            return toInt(ExitCode::Usage);
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, context.out, context.err);
        return code == 0 ? toInt(ExitCode::Ok) : toInt(ExitCode::Usage);
    }
    if (!context.action) {
        context.err << "error: no command was run. Run 'gadget --help' for usage.\n";
        return toInt(ExitCode::Usage);
    }
    feedback.setProgressEnabled(!noProgress);

    const InterruptGuard interrupts(feedback);
    // Past a file size limit (ulimit -f) the kernel would kill us with SIGXFSZ and no word;
    // ignored, the write fails with EFBIG and the user gets the disk message (Statement.cpp).
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        const int code = context.action();
        feedback.finishLine();
        return code;
    } catch (const CanceledError&) {
        feedback.finishLine();
        context.err << "Canceled. The project is consistent: what finished before the interrupt is "
                       "kept, the rest can be run again.\n";
        return toInt(ExitCode::Canceled);
    } catch (const Error& e) {
        feedback.finishLine();
        context.err << "error: " << e.what() << "\n";
        return toInt(exitCodeFor(e.kind()));
    } catch (const std::exception& e) {
        feedback.finishLine();
        context.err << "error: unexpected failure: " << e.what()
                    << "\nThis is a bug in Inspector Gadget; please report it with the command "
                       "you ran.\n";
        return toInt(ExitCode::Error);
    }
}

} // namespace ig
