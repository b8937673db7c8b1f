#include "pipeline/AugmentAblation.h"

#include "labeler/StratifiedSplit.h"
#include "pipeline/Evaluation.h"
#include "pipeline/LabelSpace.h"
#include "pipeline/Pipeline.h"
#include "project/Project.h"
#include "project/ScratchCopy.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace ig {
namespace {

// Makes a random stratified dev set of the same size and class counts as the given one.
void setRandomDevSplit(Project& project, std::uint64_t seed) {
    const LabelSpace space = LabelSpace::ofDevSet(project);
    std::vector<Id> ids;
    std::vector<int> labels;
    int devSize = 0;
    for (const auto& image : project.images()) {
        devSize += image.isDev;
        if (image.goldLabel && space.indexOf(*image.goldLabel)) {
            ids.push_back(image.id);
            labels.push_back(*space.indexOf(*image.goldLabel));
        }
    }
    const auto rows =
        stratifiedSubset(labels, static_cast<int>(space.classes.size()), devSize, seed);
    project.transaction([&] {
        project.clearDev();
        for (int row : rows)
            project.setDev(ids[static_cast<size_t>(row)], true);
    });
}

} // namespace

AugmentAblationResult runAugmentAblation(const std::string& projectPath,
                                         const AugmentAblationOptions& options,
                                         Feedback& feedback) {
    if (options.modes.empty())
        throw Error(Error::Kind::Usage, "The ablation needs at least one augmentation mode.");
    AugmentAblationResult result;
    const ScratchCopy scratch(projectPath, "ablation");
    Project project = Project::open(scratch.path());
    result.metric = LabelSpace::ofDevSet(project).metricName();
    for (int split = 0; split <= options.randomSplits; ++split) {
        const std::string name = split == 0 ? "given" : "random " + std::to_string(split);
        if (split > 0)
            setRandomDevSplit(project, options.splitSeed + static_cast<std::uint64_t>(split));
        for (AugmentMode mode : options.modes) {
            feedback.message("Ablation: " + name + " dev split, augmentation " + toString(mode));
            PipelineOptions pipeline;
            pipeline.augment = options.augment;
            pipeline.augment.mode = mode;
            pipeline.match = options.match;
            pipeline.labeler.tuning = options.tuning;
            const auto start = std::chrono::steady_clock::now();
            const PipelineResult run = runPipeline(project, pipeline, feedback);
            const EvaluationReport report = evaluateWeakLabels(project);
            AblationRow row;
            row.split = name;
            row.mode = mode;
            row.crowdPatterns = run.augment.crowdPatterns;
            row.augmentedPatterns = run.augment.policyPatterns + run.augment.ganPatterns;
            row.score = report.score;
            row.cvScore = report.cvScore;
            row.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            result.rows.push_back(row);
            feedback.message("  " + toString(mode) + ": " + std::to_string(report.score));
        }
    }
    return result;
}

std::string AugmentAblationResult::toText() const {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3);
    out << "split      augment  patterns (+new)   " << metric << "   CV score   seconds\n";
    for (const auto& r : rows)
        out << std::left << std::setw(11) << r.split << std::setw(9) << toString(r.mode)
            << std::right << std::setw(8) << r.crowdPatterns << " (+" << std::setw(4)
            << r.augmentedPatterns << ")   " << std::setw(8) << r.score << "   " << std::setw(8)
            << r.cvScore << "   " << std::setw(7) << std::setprecision(0) << r.seconds
            << std::setprecision(3) << "\n";
    std::map<std::string, std::vector<double>> random;
    for (const auto& r : rows)
        if (r.split != "given")
            random[toString(r.mode)].push_back(r.score);
    for (const auto& [mode, scores] : random) {
        double mean = 0, var = 0;
        for (double s : scores)
            mean += s / double(scores.size());
        for (double s : scores)
            var += (s - mean) * (s - mean) / double(scores.size());
        out << "random splits, " << mode << ": mean " << mean << ", std " << std::sqrt(var)
            << " over " << scores.size() << "\n";
    }
    return out.str();
}

std::string AugmentAblationResult::toJson() const {
    nlohmann::ordered_json rowsJson = nlohmann::ordered_json::array();
    for (const auto& r : rows)
        rowsJson.push_back({{"split", r.split},
                            {"augment", toString(r.mode)},
                            {"crowdPatterns", r.crowdPatterns},
                            {"augmentedPatterns", r.augmentedPatterns},
                            {"score", r.score},
                            {"cvScore", r.cvScore},
                            {"seconds", r.seconds}});
    return nlohmann::ordered_json{{"metric", metric}, {"rows", rowsJson}}.dump(2);
}

} // namespace ig
