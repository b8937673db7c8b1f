#pragma once

#include "cli/Commands.h"
#include "cli/ExitCodes.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

// Helpers shared by the command implementations in commands/.
namespace CLI {
class App;
}

namespace ig {

class Project;
struct CsvImportReport;
struct LabelerFeatureOptions;
struct AugmentOptions;
struct PolicyStageOptions;
enum class LabelDecision;

// "Examples:\n  gadget ...\n" for a command's --help footer.
std::string examplesFooter(const std::vector<std::string>& examples);

// "1 image", "3 images".
std::string countOf(long long n, const std::string& singular, const std::string& plural = "");

// "0: 17, 1: 3" (or "none").
std::string formatCounts(const std::vector<std::pair<std::string, long long>>& counts);

// Runs `work` as a recorded run of the project (the runs table keeps what ran, with which
// parameters, and how it ended); returns what `work` returns and rethrows what it throws.
int runRecorded(Project& project, const std::string& command, const nlohmann::json& params,
                const std::function<int()>& work);

// Prints a CSV import's problems ("file:line: message") and unknown image names to
// context.err and returns the exit code: Partial when rows were refused (or, with `strict`,
// named unknown images), Error when rows were read but none matched an image, else Ok.
int reportCsvImport(CommandContext& context, const CsvImportReport& report,
                    const std::string& csvPath, bool strict);

// --features score|score+prominence and --keep-own-matches (what the labeler learns from, see
// pipeline/LabelerFeatures.h), written into `options` while the command line is parsed.
void addLabelerFeatureOptions(CLI::App* command, LabelerFeatureOptions& options);

// The same as run parameters for the runs table.
nlohmann::json labelerFeatureParams(const LabelerFeatureOptions& options);

// --decision model|dev-prior (see pipeline/LabelerStage.h), written into `decision`.
void addLabelDecisionOption(CLI::App* command, LabelDecision& decision);

// --gan-epochs, --gan-frame, --gan-diffaugment (see augment/PatternGan.h) and --gan-learns-from
// (see pipeline/AugmentOptions.h), written into options.gan and
// options.ganLearnsFromPolicyPatterns while the command line is parsed; their values are the
// defaults shown in --help.
void addGanTrainingOptions(CLI::App* command, AugmentOptions& options);
// --combinations, --policy-splits and --policy-score, bound to `options`.
void addPolicySearchOptions(CLI::App* command, PolicyStageOptions& options);

// The same as run parameters for the runs table.
nlohmann::json ganTrainingParams(const AugmentOptions& options);

} // namespace ig
