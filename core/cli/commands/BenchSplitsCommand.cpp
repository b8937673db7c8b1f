#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "match/MatchMethod.h"
#include "pipeline/SplitStudy.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct BenchSplitsOptions {
    std::string project;
    int splits = 10;
    std::uint64_t seed = 1;
    std::string method = "ccoeff";
    int threads = 0;
    bool json = false;
    std::vector<double> l2;
    std::string weighting = "balanced";
    bool threshold = false;
    LabelerFeatureOptions features;
    LabelDecision decision = LabelDecision::Model;
};

int runBenchSplits(const BenchSplitsOptions& options, CommandContext& context) {
    const Project project = Project::open(options.project);
    SplitStudyOptions study;
    study.randomSplits = options.splits;
    study.seed = options.seed;
    study.match.method = parseMatchMethod(options.method).value_or(MatchMethod::CcoeffNormed);
    study.match.threads = options.threads;
    study.tuning.seed = options.seed;
    study.tuning.threads = options.threads;
    if (!options.l2.empty())
        study.tuning.l2Values = options.l2;
    study.tuning.classWeighting = classWeightingFromString(options.weighting);
    study.tuning.tuneThreshold = options.threshold;
    study.features = options.features;
    study.decision = options.decision;
    const SplitStudyResult result = runSplitStudy(project, study, context.feedback);
    context.feedback.finishLine();
    context.out << (options.json ? result.toJson() + "\n" : result.toText());
    return toInt(ExitCode::Ok);
}

} // namespace

void addBenchSplitsCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "bench-splits",
        "Score the pipeline on the project's dev set and on random dev splits of the same size");
    auto options = std::make_shared<BenchSplitsOptions>();
    cmd->add_option("project", options->project, "Project file with gold labels and boxes")
        ->required();
    cmd->add_option("--splits", options->splits, "Random stratified dev splits")
        ->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed of the splits and the labeler")
        ->capture_default_str();
    cmd->add_option("--method", options->method, "ccoeff or ccorr")
        ->check(CLI::IsMember({"ccoeff", "ccorr"}))
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_option("--l2", options->l2,
                    "L2 penalties the labeler search tries (default 1e-3 0.1 1 10 100)");
    cmd->add_option("--weighting", options->weighting,
                    "Class weighting of the labeler: balanced or none")
        ->check(CLI::IsMember({"balanced", "none"}))
        ->capture_default_str();
    cmd->add_flag("--tune-threshold", options->threshold,
                  "Binary: pick the decision threshold by out-of-fold F1 instead of 0.5");
    cmd->add_flag("--json", options->json, "Print the result as JSON");
    addLabelerFeatureOptions(cmd, options->features);
    addLabelDecisionOption(cmd, options->decision);
    cmd->footer("Each split's patterns are the boxes of its own dev images, as 'gadget run' "
                "would take them. Nothing is written to the project.\n\n" +
                examplesFooter({"gadget bench-splits ksdd.gadget --splits 10"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runBenchSplits(*options, context); };
    });
}

} // namespace ig
