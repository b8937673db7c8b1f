#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/PipelineReport.h"
#include "cli/TerminalFeedback.h"
#include "io/ImageImporter.h"
#include "match/MatchMethod.h"
#include "pipeline/AugmentOptions.h"
#include "pipeline/Pipeline.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct RunOptions {
    std::string project;
    std::vector<std::string> patternFiles;
    std::string augment = "none";
    std::string patterns = "300";
    // What --gan-share, --combinations, --policy-splits and the --gan-* options set; the mode,
    // count and seed come from the fields beside it.
    AugmentOptions augmentation;
    std::string method = "ccoeff";
    std::uint64_t seed = 1;
    int threads = 0;
    int folds = 0;
    LabelerFeatureOptions features;
    LabelDecision decision = LabelDecision::Model;
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

// --patterns is the number of augmented patterns; before augmentation existed it named pattern
// files, so a path there gets a pointer to --pattern-files instead of a bare parse error.
int augmentedPatternCount(const std::string& text) {
    try {
        size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used == text.size() && n > 0)
            return n;
    } catch (const std::exception&) {
    }
    throw Error(Error::Kind::Usage,
                "--patterns takes the number of augmented patterns (e.g. --patterns 200), not '" +
                    text + "'. To match pattern image files, use --pattern-files " + text + ".");
}

int runRun(const RunOptions& options, CommandContext& context) {
    PipelineOptions pipeline;
    pipeline.augment = options.augmentation;
    pipeline.augment.mode = augmentModeFromString(options.augment);
    pipeline.augment.patterns = augmentedPatternCount(options.patterns);
    pipeline.augment.seed = options.seed;
    Project project = Project::open(options.project);
    pipeline.patternFiles = patternFiles(options.patternFiles, context.feedback);
    pipeline.match.method = parseMatchMethod(options.method).value_or(MatchMethod::CcoeffNormed);
    pipeline.match.threads = options.threads;
    pipeline.labeler.tuning.seed = options.seed;
    pipeline.labeler.tuning.threads = options.threads;
    pipeline.labeler.tuning.folds = options.folds;
    pipeline.labeler.features = options.features;
    pipeline.labeler.decision = options.decision;
    nlohmann::json params = {{"patterns", pipeline.patternFiles},
                             {"method", options.method},
                             {"seed", options.seed},
                             {"threads", options.threads},
                             {"folds", options.folds},
                             {"augment", options.augment},
                             {"augmented_patterns", pipeline.augment.patterns},
                             {"gan_share", options.augmentation.ganShare},
                             {"combinations", options.augmentation.policy.maxCombinations},
                             {"policy_splits", options.augmentation.policy.repeats},
                             {"policy_score", options.augmentation.policy.rankByAuc ? "auc" : "f1"},
                             {"labeler_features", labelerFeatureParams(options.features)},
                             {"decision", toString(options.decision)}};
    params.update(ganTrainingParams(options.augmentation));
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
    cmd->add_option("--pattern-files", options->patternFiles,
                    "Pattern image files or folders to use instead of the dev images' boxes");
    cmd->add_option("--augment", options->augment,
                    "Make new patterns from the crowd's: none (default), policy (the policy "
                    "search), gan, or both")
        ->check(CLI::IsMember({"none", "policy", "gan", "both"}))
        ->capture_default_str();
    cmd->add_option("--patterns", options->patterns,
                    "How many augmented patterns to add in all (with --augment)")
        ->capture_default_str();
    cmd->add_option("--gan-share", options->augmentation.ganShare,
                    "With --augment both: the share of the new patterns the GAN makes")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    addPolicySearchOptions(cmd, options->augmentation.policy);
    addGanTrainingOptions(cmd, options->augmentation);
    cmd->add_option("--method", options->method,
                    "Normalised cross-correlation: ccoeff (mean-subtracted, default) or ccorr "
                    "(the paper's plain form)")
        ->check(CLI::IsMember({"ccoeff", "ccorr"}));
    cmd->add_option("--seed", options->seed,
                    "Seed of the augmentation and of the labeler's tuning and training")
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_option("--folds", options->folds,
                    "Cross-validation folds (0 = as many as the rarest dev class allows, up to 5)")
        ->capture_default_str();
    addLabelerFeatureOptions(cmd, options->features);
    addLabelDecisionOption(cmd, options->decision);
    cmd->footer(
        "Only what changed since the last run is redone: patterns are cut again when the dev "
        "boxes changed, and only missing (image, pattern) pairs are matched. Ctrl+C stops at a "
        "consistent point; run again to continue. Augmented patterns are kept while the crowd "
        "patterns and the augmentation options stay the same.\n\n" +
        examplesFooter({"gadget run ksdd.gadget", "gadget run ksdd.gadget --augment both",
                        "gadget run ksdd.gadget --augment policy --patterns 300",
                        "gadget run ksdd.gadget --pattern-files data/ksdd/patterns --seed 7"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runRun(*options, context); };
    });
}

} // namespace ig
