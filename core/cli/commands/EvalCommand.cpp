#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "pipeline/Evaluation.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct EvalOptions {
    std::string project;
    bool json = false;
};

int runEval(const EvalOptions& options, CommandContext& context) {
    const Project project = Project::open(options.project);
    const EvaluationReport report = evaluateWeakLabels(project);
    context.out << (options.json ? report.toJson() + "\n" : report.toText());
    return toInt(ExitCode::Ok);
}

} // namespace

void addEvalCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "eval", "Score the weak labels against the gold labels of the non-dev images");
    auto options = std::make_shared<EvalOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_flag("--json", options->json, "Print the report as JSON");
    cmd->footer("Binary projects (labels 0/1) are scored by the F1 of the defective class, "
                "others by macro F1.\n\n" +
                examplesFooter({"gadget eval ksdd.gadget", "gadget eval neu.gadget --json"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runEval(*options, context); };
    });
}

} // namespace ig
