#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/CsvImport.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ImportLabelsOptions {
    std::string project;
    std::string csv;
    bool strict = false;
};

int runImportLabels(const ImportLabelsOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"csv", options.csv}, {"strict", options.strict}};
    return runRecorded(project, "import-labels", params, [&] {
        const CsvImportReport report = importLabels(project, options.csv, context.feedback);
        context.feedback.finishLine();
        const int code = reportCsvImport(context, report, options.csv, options.strict);
        context.out << "Set " << countOf(report.applied, "gold label") << " from '" << options.csv
                    << "' (" << report.unchanged << " already as given).\n"
                    << "Gold classes now: " << formatCounts(project.summary().goldClasses) << "\n";
        return code;
    });
}

} // namespace

void addImportLabelsCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd =
        app.add_subcommand("import-labels", "Set the images' gold labels from a CSV file");
    auto options = std::make_shared<ImportLabelsOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("csv", options->csv,
                    "CSV with the columns image,label (or image,class); images by file name")
        ->required();
    cmd->add_flag("--strict", options->strict,
                  "Exit with code 3 when rows name images that are not in the project");
    cmd->footer("Rows for images not in the project are reported and ignored (exit code 0 "
                "unless --strict); malformed rows are reported with their line numbers (exit "
                "code 3). The file is applied in one transaction.\n\n" +
                examplesFooter({"gadget import-labels ksdd.gadget data/ksdd/labels.csv"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runImportLabels(*options, context); };
    });
}

} // namespace ig
