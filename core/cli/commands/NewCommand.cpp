#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct NewOptions {
    std::string project;
};

int runNew(const NewOptions& options, CommandContext& context) {
    const Project project = Project::create(options.project);
    context.out << "Created the project '" << project.path() << "'.\n"
                << "Next, add images:  gadget import-images " << options.project
                << " IMAGE_FOLDER\n";
    return toInt(ExitCode::Ok);
}

} // namespace

void addNewCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand("new", "Create an empty project file");
    auto options = std::make_shared<NewOptions>();
    cmd->add_option("project", options->project, "Project file to create (e.g. ksdd.gadget)")
        ->required();
    cmd->footer(examplesFooter({"gadget new ksdd.gadget"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runNew(*options, context); };
    });
}

} // namespace ig
