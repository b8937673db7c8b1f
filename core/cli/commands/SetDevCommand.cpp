#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/CsvImport.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct SetDevOptions {
    std::string project;
    std::string csv;
    bool strict = false;
};

int runSetDev(const SetDevOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"csv", options.csv}, {"strict", options.strict}};
    return runRecorded(project, "set-dev", params, [&] {
        const CsvImportReport report = importDevSplit(project, options.csv, context.feedback);
        context.feedback.finishLine();
        const int code = reportCsvImport(context, report, options.csv, options.strict);
        const ProjectSummary summary = project.summary();
        context.out << "The development set now holds " << countOf(summary.devImages, "image")
                    << " (gold classes: " << formatCounts(summary.devClasses) << ").\n";
        return code;
    });
}

} // namespace

void addSetDevCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "set-dev", "Choose the development set (the images experts label) from a CSV file");
    auto options = std::make_shared<SetDevOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("csv", options->csv, "CSV with the column image; images by file name")
        ->required();
    cmd->add_flag("--strict", options->strict,
                  "Exit with code 3 when rows name images that are not in the project");
    cmd->footer("The listed images replace the previous development set, all at once.\n\n" +
                examplesFooter({"gadget set-dev ksdd.gadget data/ksdd/paper_dev_split.csv"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runSetDev(*options, context); };
    });
}

} // namespace ig
