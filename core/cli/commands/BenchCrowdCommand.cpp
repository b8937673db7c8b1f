#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "crowd/CrowdAblation.h"
#include "match/MatchMethod.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct BenchCrowdOptions {
    std::string project;
    CrowdAblationOptions ablation;
    std::string method = "ccoeff";
    int threads = 0;
    bool json = false;
};

int runBenchCrowd(BenchCrowdOptions options, CommandContext& context) {
    CrowdAblationOptions& a = options.ablation;
    a.match.method = parseMatchMethod(options.method).value_or(MatchMethod::CcoeffNormed);
    a.match.threads = options.threads;
    a.labeler.tuning.threads = options.threads;
    a.labeler.tuning.seed = a.simulation.seed;
    const CrowdAblationResult result = runCrowdAblation(options.project, a, context.feedback);
    context.feedback.finishLine();
    context.out << (options.json ? result.toJson() + "\n" : result.toText());
    return toInt(ExitCode::Ok);
}

} // namespace

void addBenchCrowdCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "bench-crowd",
        "Score weak labels from a simulated crowd: no averaging, averaging, full workflow");
    auto options = std::make_shared<BenchCrowdOptions>();
    CrowdSimulationOptions& s = options->ablation.simulation;
    cmd->add_option("project", options->project,
                    "Project with images, gold labels, gold boxes and a dev split")
        ->required();
    cmd->add_option("--gold-worker", s.goldWorker, "Worker whose boxes are the gold boxes")
        ->capture_default_str();
    cmd->add_option("--workers", s.workers, "Simulated workers per dev image")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    cmd->add_option("--miss", s.missRate, "Rate at which a worker misses a gold box")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--jitter", s.jitter,
                    "How far each corner moves, as a fraction of the box's size (below 0.5)")
        ->check(CLI::Range(0.0, 0.499))
        ->capture_default_str();
    cmd->add_option("--invent", s.inventRate, "Rate at which a worker invents a box on an image")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--experts", s.experts, "Simulated experts voting on each outlier")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    cmd->add_option("--expert-error", s.expertErrorRate,
                    "Rate at which an expert votes against the gold boxes")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--quorum", options->ablation.quorum, "Expert votes that decide an outlier")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    cmd->add_option("--iou", options->ablation.merge.iouThreshold,
                    "Overlap (IoU) from which two workers' boxes are grouped")
        ->check(CLI::Range(0.01, 1.0))
        ->capture_default_str();
    cmd->add_option("--seed", s.seed, "Seed of the simulated crowd and the labeler")
        ->capture_default_str();
    cmd->add_option("--method", options->method, "ccoeff or ccorr")
        ->check(CLI::IsMember({"ccoeff", "ccorr"}))
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "Print the result as JSON");
    cmd->footer(
        "Works on a scratch copy beside the project (deleted afterwards); the project is only "
        "read. Simulated workers draw the gold boxes of the dev images, missing, jittering and "
        "inventing boxes; simulated experts accept an outlier when it overlaps a gold box. "
        "Patterns come from (a) every simulated box, (b) the averaged groups only, (c) groups "
        "and accepted outliers, and the gold boxes as reference; each variant computes "
        "features, trains the labeler and scores the weak labels.\n\n" +
        examplesFooter({"gadget bench-crowd ksdd.gadget",
                        "gadget bench-crowd ksdd.gadget --workers 5 --miss 0.2 --jitter 0.1 "
                        "--invent 0.1 --seed 1"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runBenchCrowd(*options, context); };
    });
}

} // namespace ig
