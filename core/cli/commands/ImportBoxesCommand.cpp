#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/CsvImport.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ImportBoxesOptions {
    std::string project;
    std::string csv;
    std::string worker = "imported";
    std::string role = "worker";
    bool strict = false;
};

int runImportBoxes(const ImportBoxesOptions& options, CommandContext& context) {
    BoxImportOptions importOptions;
    importOptions.workerName = options.worker;
    importOptions.role = roleFromString(options.role);
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"csv", options.csv},
                                   {"worker", options.worker},
                                   {"role", options.role},
                                   {"strict", options.strict}};
    return runRecorded(project, "import-boxes", params, [&] {
        const CsvImportReport report =
            importBoxes(project, options.csv, importOptions, context.feedback);
        context.feedback.finishLine();
        const int code = reportCsvImport(context, report, options.csv, options.strict);
        context.out << "Added " << countOf(report.applied, "box", "boxes") << " by worker '"
                    << options.worker << "' from '" << options.csv << "' (" << report.unchanged
                    << " already there).\n"
                    << "Box defect types now: " << formatCounts(project.summary().boxTypes) << "\n";
        return code;
    });
}

} // namespace

void addImportBoxesCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd =
        app.add_subcommand("import-boxes", "Add defect boxes drawn by a worker from a CSV file");
    auto options = std::make_shared<ImportBoxesOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("csv", options->csv,
                    "CSV with the columns image,x,y,w,h[,class] (pixels: top-left corner and "
                    "size)")
        ->required();
    cmd->add_option("--worker", options->worker, "Worker the boxes are credited to")
        ->capture_default_str();
    cmd->add_option("--role", options->role, "Role of the worker if new: worker, expert or qa")
        ->check(CLI::IsMember({"worker", "expert", "qa"}))
        ->capture_default_str();
    cmd->add_flag("--strict", options->strict,
                  "Exit with code 3 when rows name images that are not in the project");
    cmd->footer("A box with no area or reaching outside its image is refused with its line "
                "number (exit code 3); a box the worker already has is not added twice.\n\n" +
                examplesFooter({"gadget import-boxes ksdd.gadget data/ksdd/boxes.csv",
                                "gadget import-boxes neu.gadget alice.csv --worker alice"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runImportBoxes(*options, context); };
    });
}

} // namespace ig
