#include "cli/CommandSupport.h"

#include "augment/PatternGan.h"
#include "io/CsvImport.h"
#include "pipeline/AugmentOptions.h"
#include "pipeline/LabelerFeatures.h"
#include "pipeline/LabelerStage.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace ig {
namespace {

constexpr std::size_t kListedProblems = 20; // more would scroll the summary away

} // namespace

std::string examplesFooter(const std::vector<std::string>& examples) {
    std::string text = "Examples:\n";
    for (const std::string& example : examples)
        text += "  " + example + "\n";
    return text;
}

std::string countOf(long long n, const std::string& singular, const std::string& plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural.empty() ? singular + "s" : plural);
}

std::string formatCounts(const std::vector<std::pair<std::string, long long>>& counts) {
    if (counts.empty())
        return "none";
    std::string text;
    for (const auto& [name, count] : counts)
        text += (text.empty() ? "" : ", ") + (name.empty() ? "(untyped)" : name) + ": " +
                std::to_string(count);
    return text;
}

int runRecorded(Project& project, const std::string& command, const nlohmann::json& params,
                const std::function<int()>& work) {
    const Id run = project.beginRun(
        command, // file names need not be UTF-8 (e.g. Latin-1); store them with U+FFFD then
        params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    try {
        const int code = work();
        project.finishRun(
            run, code == toInt(ExitCode::Error) ? RunOutcome::Failed : RunOutcome::Succeeded,
            code == toInt(ExitCode::Ok) ? "ok" : "exit code " + std::to_string(code));
        return code;
    } catch (const Error& e) {
        try {
            project.finishRun(
                run, e.kind() == Error::Kind::Canceled ? RunOutcome::Canceled : RunOutcome::Failed,
                e.what());
        } catch (const Error&) {
            // The original error is what the user needs to see.
        }
        throw;
    } catch (const std::exception& e) {
        try {
            project.finishRun(run, RunOutcome::Failed, e.what());
        } catch (const Error&) {
        }
        throw;
    }
}

int reportCsvImport(CommandContext& context, const CsvImportReport& report,
                    const std::string& csvPath, bool strict) {
    std::ostream& err = context.err;
    for (std::size_t i = 0; i < report.problems.size() && i < kListedProblems; ++i)
        err << csvPath << ":" << report.problems[i].line << ": " << report.problems[i].message
            << "\n";
    if (report.problemCount > static_cast<long long>(kListedProblems))
        err << "... and " << report.problemCount - static_cast<long long>(kListedProblems)
            << " more problem rows.\n";
    if (report.problemCount > 0)
        err << countOf(report.problemCount, "row was", "rows were")
            << " refused; fix them and import the file again (rows already imported are "
               "recognised and not added twice).\n";

    if (report.unknownCount > 0) {
        std::string examples;
        for (std::size_t i = 0; i < report.unknownImages.size() && i < 3; ++i)
            examples += (i ? ", " : "") + report.unknownImages[i].message + " (line " +
                        std::to_string(report.unknownImages[i].line) + ")";
        err << countOf(report.unknownCount, "row names an image", "rows name images")
            << " not in the project, e.g. " << examples
            << "; they were ignored. Import those images first if you need them"
            << (strict ? "." : ", or add --strict to treat this as a failure.") << "\n";
    }
    const long long matched = report.applied + report.unchanged;
    if (report.rows > 0 && matched == 0 && report.problemCount == 0)
        throw Error(Error::Kind::Input, "No row of '" + csvPath +
                                            "' names an image of the project, so nothing "
                                            "changed. Import the images first (gadget "
                                            "import-images) or check the file.");
    if (report.problemCount > 0 || (strict && report.unknownCount > 0))
        return toInt(ExitCode::Partial);
    return toInt(ExitCode::Ok);
}

void addLabelerFeatureOptions(CLI::App* command, LabelerFeatureOptions& options) {
    command
        ->add_option_function<std::string>(
            "--features",
            [&options](const std::string& value) { options.prominence = value != "score"; },
            "What the labeler learns from each pattern: score+prominence (default: the best "
            "score and how far it stands out of the image's score map) or score (the paper's "
            "best score only)")
        ->check(CLI::IsMember({"score", "score+prominence"}));
    command->add_flag_callback(
        "--keep-own-matches", [&options] { options.maskOwnPatterns = false; },
        "Train on each dev image's match with the pattern cut from it (a perfect score) instead "
        "of masking it with the best match of that pattern on the image's class");
}

nlohmann::json labelerFeatureParams(const LabelerFeatureOptions& options) {
    return {{"features", options.prominence ? "score+prominence" : "score"},
            {"mask_own_patterns", options.maskOwnPatterns}};
}

namespace {

const char* frameName(const GanOptions& options) {
    return options.keepAspect ? "aspect" : "square";
}

const char* onOff(bool on) {
    return on ? "on" : "off";
}

const char* ganInputsName(const AugmentOptions& options) {
    return options.ganLearnsFromPolicyPatterns ? "crowd+policy" : "crowd";
}

} // namespace

void addLabelDecisionOption(CLI::App* command, LabelDecision& decision) {
    command
        ->add_option_function<std::string>(
            "--decision",
            [&decision](const std::string& value) { decision = labelDecisionFromString(value); },
            "How a two-class project's probabilities become labels: model (the labeler's "
            "0.5) or dev-prior (all shifted alike so that the dev set's share of defects is "
            "called defective)")
        ->check(CLI::IsMember({"model", "dev-prior"}))
        ->default_str(toString(decision));
}

void addPolicySearchOptions(CLI::App* command, PolicyStageOptions& options) {
    command
        ->add_option("--combinations", options.maxCombinations,
                     "Policy search: score this many random three-op combinations (0 = all 969)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command
        ->add_option("--policy-splits", options.repeats,
                     "Policy search: random dev train/test splits a combination is scored on")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    command
        ->add_option_function<std::string>(
            "--policy-score",
            [&options](const std::string& value) { options.rankByAuc = value == "auc"; },
            "Policy search: rank combinations by their mean test F1 (the paper) or test ROC AUC")
        ->check(CLI::IsMember({"f1", "auc"}))
        ->default_str(options.rankByAuc ? "auc" : "f1");
}

void addGanTrainingOptions(CLI::App* command, AugmentOptions& augment) {
    GanOptions& options = augment.gan;
    command
        ->add_option("--gan-epochs", options.epochs,
                     "GAN training epochs per defect type (at most 4000 generator updates)")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    command
        ->add_option_function<std::string>(
            "--gan-frame",
            [&options](const std::string& value) { options.keepAspect = value == "aspect"; },
            "GAN training frame: square (the paper: every pattern squeezed into a square) or "
            "aspect (a frame of the patterns' typical aspect ratio)")
        ->check(CLI::IsMember({"square", "aspect"}))
        ->default_str(frameName(options));
    command
        ->add_option_function<std::string>(
            "--gan-diffaugment",
            [&options](const std::string& value) { options.diffAugment = value == "on"; },
            "GAN training: on = the discriminator sees real and generated patterns under the "
            "same random shifts, cutouts and contrast (DiffAugment); off = as the paper")
        ->check(CLI::IsMember({"on", "off"}))
        ->default_str(onOff(options.diffAugment));
    command
        ->add_option_function<std::string>(
            "--gan-learns-from",
            [&augment](const std::string& value) {
                augment.ganLearnsFromPolicyPatterns = value == "crowd+policy";
            },
            "With --augment both, what the GAN learns from: crowd (the paper: the crowd's "
            "patterns) or crowd+policy (also the policy search's patterns)")
        ->check(CLI::IsMember({"crowd", "crowd+policy"}))
        ->default_str(ganInputsName(augment));
}

nlohmann::json ganTrainingParams(const AugmentOptions& options) {
    return {{"gan_epochs", options.gan.epochs},
            {"gan_frame", frameName(options.gan)},
            {"gan_diffaugment", onOff(options.gan.diffAugment)},
            {"gan_learns_from", ganInputsName(options)}};
}

} // namespace ig
