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

#include <algorithm>
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

// "none", "policy 300", "both 300 gan 0.5".
std::string configurationName(AugmentMode mode, int patterns, double ganShare) {
    std::ostringstream out;
    out << toString(mode);
    if (mode != AugmentMode::None)
        out << " " << patterns;
    if (mode == AugmentMode::Both)
        out << " gan " << std::setprecision(2) << ganShare;
    return out.str();
}

// The (pattern count, GAN share) runs of a mode: none has one, policy and gan one per count,
// both one per count and share.
std::vector<std::pair<int, double>> configurationsOf(AugmentMode mode,
                                                     const AugmentAblationOptions& options) {
    if (options.patternCounts.empty() || (mode == AugmentMode::Both && options.ganShares.empty()))
        throw Error(Error::Kind::Usage, "The ablation needs at least one pattern count and, "
                                        "with 'both', one GAN share.");
    if (mode == AugmentMode::None)
        return {{0, 0.0}};
    std::vector<std::pair<int, double>> out;
    for (int count : options.patternCounts) {
        if (mode != AugmentMode::Both)
            out.emplace_back(count, mode == AugmentMode::Gan ? 1.0 : 0.0);
        else
            for (double share : options.ganShares)
                out.emplace_back(count, share);
    }
    return out;
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
    result.decision = toString(options.decision);
    for (int split = 0; split <= options.randomSplits; ++split) {
        const std::string name = split == 0 ? "given" : "random " + std::to_string(split);
        if (split > 0)
            setRandomDevSplit(project, options.splitSeed + static_cast<std::uint64_t>(split));
        for (AugmentMode mode : options.modes)
            for (const auto& [count, share] : configurationsOf(mode, options)) {
                feedback.message("Ablation: " + name + " dev split, augmentation " +
                                 configurationName(mode, count, share));
                PipelineOptions pipeline;
                pipeline.augment = options.augment;
                pipeline.augment.mode = mode;
                pipeline.augment.patterns = count > 0 ? count : options.augment.patterns;
                pipeline.augment.ganShare =
                    mode == AugmentMode::Both ? share : options.augment.ganShare;
                pipeline.match = options.match;
                pipeline.labeler.tuning = options.tuning;
                pipeline.labeler.decision = options.decision;
                const auto start = std::chrono::steady_clock::now();
                const PipelineResult run = runPipeline(project, pipeline, feedback);
                const EvaluationReport report = evaluateWeakLabels(project);
                AblationRow row;
                row.split = name;
                row.mode = mode;
                row.requestedPatterns = count;
                row.ganShare = share;
                row.crowdPatterns = run.augment.crowdPatterns;
                row.augmentedPatterns = run.augment.policyPatterns + run.augment.ganPatterns;
                row.score = report.score;
                row.cvScore = report.cvScore;
                row.seconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                result.rows.push_back(row);
                feedback.message("  " + configurationName(mode, count, share) + ": " +
                                 std::to_string(report.score));
            }
    }
    return result;
}

std::string AugmentAblationResult::toText() const {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3);
    out << "split      augment              patterns (+new)   " << metric
        << "   CV score   seconds\n";
    std::vector<std::string> names; // configurations in the order they ran
    std::map<std::string, std::vector<double>> random;
    for (const auto& r : rows) {
        const std::string name = configurationName(r.mode, r.requestedPatterns, r.ganShare);
        out << std::left << std::setw(11) << r.split << std::setw(20) << name << std::right
            << std::setw(9) << r.crowdPatterns << " (+" << std::setw(4) << r.augmentedPatterns
            << ")   " << std::setw(8) << r.score << "   " << std::setw(8) << r.cvScore << "   "
            << std::setw(7) << std::setprecision(0) << r.seconds << std::setprecision(3) << "\n";
        if (r.split == "given")
            continue;
        if (!random.count(name))
            names.push_back(name);
        random[name].push_back(r.score);
    }
    for (const auto& name : names) {
        const auto& scores = random[name];
        const double n = static_cast<double>(scores.size());
        double mean = 0, var = 0;
        for (double s : scores)
            mean += s / n;
        for (double s : scores)
            var += (s - mean) * (s - mean) / std::max(1.0, n - 1); // sample std, as bench-splits
        out << "random splits, " << std::left << std::setw(20) << name << std::right << ": mean "
            << mean << ", std " << std::sqrt(var) << ", min "
            << *std::min_element(scores.begin(), scores.end()) << " over " << scores.size() << "\n";
    }
    out << "decision: " << decision << "\n";
    return out.str();
}

std::string AugmentAblationResult::toJson() const {
    nlohmann::ordered_json rowsJson = nlohmann::ordered_json::array();
    for (const auto& r : rows)
        rowsJson.push_back({{"split", r.split},
                            {"augment", toString(r.mode)},
                            {"requestedPatterns", r.requestedPatterns},
                            {"ganShare", r.ganShare},
                            {"crowdPatterns", r.crowdPatterns},
                            {"augmentedPatterns", r.augmentedPatterns},
                            {"score", r.score},
                            {"cvScore", r.cvScore},
                            {"seconds", r.seconds}});
    return nlohmann::ordered_json{{"metric", metric}, {"decision", decision}, {"rows", rowsJson}}
        .dump(2);
}

} // namespace ig
