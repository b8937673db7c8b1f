#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "pipeline/AugmentAblation.h"
#include "pipeline/AugmentOptions.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>

namespace ig {
namespace {

struct BenchAugmentOptions {
    std::string project;
    std::vector<std::string> modes{"none", "policy", "gan", "both"};
    std::vector<int> patterns{300};
    std::vector<double> ganShares{AugmentOptions().ganShare};
    // What --combinations, --policy-splits and the --gan-* options set; modes, counts, shares
    // and the seed come from the fields beside it.
    AugmentOptions augmentation;
    int splits = 0;
    std::uint64_t seed = 1;
    int threads = 0;
    bool json = false;
    LabelDecision decision = LabelDecision::Model;
};

int runBenchAugment(const BenchAugmentOptions& options, CommandContext& context) {
    AugmentAblationOptions ablation;
    ablation.modes.clear();
    for (const auto& m : options.modes)
        ablation.modes.push_back(augmentModeFromString(m));
    ablation.patternCounts = options.patterns;
    ablation.ganShares = options.ganShares;
    ablation.augment = options.augmentation;
    ablation.augment.seed = options.seed;
    ablation.match.threads = options.threads;
    ablation.tuning.seed = options.seed;
    ablation.tuning.threads = options.threads;
    ablation.decision = options.decision;
    ablation.randomSplits = options.splits;
    ablation.splitSeed = options.seed;
    const AugmentAblationResult result =
        runAugmentAblation(options.project, ablation, context.feedback);
    context.feedback.finishLine();
    context.out << (options.json ? result.toJson() + "\n" : result.toText());
    return toInt(ExitCode::Ok);
}

} // namespace

void addBenchAugmentCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "bench-augment",
        "Print the augmentation ablation: weak-label scores with none / policy / gan / both");
    auto options = std::make_shared<BenchAugmentOptions>();
    cmd->add_option("project", options->project, "Project file with gold labels and a dev set")
        ->required();
    cmd->add_option("--modes", options->modes, "Augmentation modes to compare")
        ->check(CLI::IsMember({"none", "policy", "gan", "both"}))
        ->capture_default_str();
    cmd->add_option("--patterns", options->patterns,
                    "Augmented patterns per run; several values run one after the other")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--gan-share", options->ganShares,
                    "Share of GAN patterns with 'both'; several values run one after the other")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    addPolicySearchOptions(cmd, options->augmentation.policy);
    addGanTrainingOptions(cmd, options->augmentation);
    addLabelDecisionOption(cmd, options->decision);
    cmd->add_option("--splits", options->splits,
                    "Also run on this many random stratified dev splits of the same size")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed of augmentation, labeler and splits")
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "Print the result as JSON");
    cmd->footer(
        "Works on a scratch copy beside the project (deleted afterwards); the project "
        "itself is not changed. Each split's crowd patterns are its dev images' boxes. Within a "
        "split, the policy search and the generators are made once and reused by every pattern "
        "count and share.\n\n" +
        examplesFooter({"gadget bench-augment ksdd.gadget",
                        "gadget bench-augment ksdd.gadget --splits 3 --modes none both",
                        "gadget bench-augment ksdd.gadget --modes both --patterns 100 300 "
                        "--gan-share 0.25 0.5"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runBenchAugment(*options, context); };
    });
}

} // namespace ig
