#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "pipeline/WeakLabelExport.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ExportOptions {
    std::string project;
    std::string format = "csv";
    std::string out;
};

int runExport(const ExportOptions& options, CommandContext& context) {
    const Project project = Project::open(options.project);
    const int n = exportWeakLabels(
        project, options.format == "json" ? ExportFormat::Json : ExportFormat::Csv, options.out);
    context.out << "Wrote " << countOf(n, "weak label") << " to '" << options.out << "'.\n";
    return toInt(ExitCode::Ok);
}

} // namespace

void addExportCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand("export", "Write the weak labels to a CSV or JSON file");
    auto options = std::make_shared<ExportOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("--format", options->format, "csv or json")
        ->check(CLI::IsMember({"csv", "json"}))
        ->capture_default_str();
    cmd->add_option("--out", options->out, "Output file (replaced atomically)")->required();
    cmd->footer("CSV: image,label,probability and the best match (pattern,score,x,y,w,h). JSON "
                "adds every class's probability and the best matches.\n\n" +
                examplesFooter({"gadget export ksdd.gadget --format csv --out labels.csv"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runExport(*options, context); };
    });
}

} // namespace ig
