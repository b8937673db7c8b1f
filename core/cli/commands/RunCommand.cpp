#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/PipelineReport.h"
#include "cli/TerminalFeedback.h"
#include "io/ImageImporter.h"
#include "pipeline/Pipeline.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct RunOptions {
    std::string project;
    std::vector<std::string> patterns;
    std::string method = "ccoeff";
    std::uint64_t seed = 1;
    int threads = 0;
    int folds = 0;
};

// Pattern image files from files, folders and list files; a missing one stops the run.
std::vector<std::string> patternFiles(const std::vector<std::string>& inputs, Feedback& feedback) {
    ImportReport report;
    const auto files = expandImageInputs(inputs, report, feedback);
    if (!report.skipped.empty())
        throw Error(Error::Kind::Input, "Cannot use the pattern input '" +
                                            report.skipped.front().first +
                                            "': " + report.skipped.front().second + ".");
    return files;
}

int runRun(const RunOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    PipelineOptions pipeline;
    pipeline.patternFiles = patternFiles(options.patterns, context.feedback);
    pipeline.match.method =
        options.method == "ccorr" ? MatchMethod::CcorrNormed : MatchMethod::CcoeffNormed;
    pipeline.match.threads = options.threads;
    pipeline.labeler.tuning.seed = options.seed;
    pipeline.labeler.tuning.threads = options.threads;
    pipeline.labeler.tuning.folds = options.folds;
    const nlohmann::json params = {{"patterns", pipeline.patternFiles},
                                   {"method", options.method},
                                   {"seed", options.seed},
                                   {"threads", options.threads},
                                   {"folds", options.folds}};
    return runRecorded(project, "run", params, [&] {
        const PipelineResult r = runPipeline(project, pipeline, context.feedback);
        context.feedback.finishLine();
        printPipelineResult(context.out, r, options.project);
        if (r.features.unreadable > 0) {
            context.err << countOf(r.features.unreadable, "image")
                        << " could not be read and were left out (listed above).\n";
            return toInt(ExitCode::Partial);
        }
        return toInt(ExitCode::Ok);
    });
}

} // namespace

void addRunCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "run", "Make weak labels: patterns, features, labeler tuning and training, labels");
    auto options = std::make_shared<RunOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("--patterns", options->patterns,
                    "Pattern image files or folders to use instead of the dev images' boxes");
    cmd->add_option("--method", options->method,
                    "Normalised cross-correlation: ccoeff (mean-subtracted, default) or ccorr "
                    "(the paper's plain form)")
        ->check(CLI::IsMember({"ccoeff", "ccorr"}));
    cmd->add_option("--seed", options->seed, "Seed of the labeler's tuning and training")
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_option("--folds", options->folds,
                    "Cross-validation folds (0 = as many as the rarest dev class allows, up to 5)")
        ->capture_default_str();
    cmd->footer(
        "Only what changed since the last run is redone: patterns are cut again when the dev "
        "boxes changed, and only missing (image, pattern) pairs are matched. Ctrl+C stops at a "
        "consistent point; run again to continue.\n\n" +
        examplesFooter({"gadget run ksdd.gadget",
                        "gadget run ksdd.gadget --patterns data/ksdd/patterns --seed 7"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runRun(*options, context); };
    });
}

} // namespace ig
