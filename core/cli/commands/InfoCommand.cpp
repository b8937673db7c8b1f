#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "pipeline/AugmentStage.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <memory>

namespace ig {
namespace {

struct InfoOptions {
    std::string project;
    bool json = false;
};

nlohmann::ordered_json countsObject(const std::vector<std::pair<std::string, long long>>& counts) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [name, count] : counts)
        object[name] = count;
    return object;
}

// Patterns per origin (crowd, reviewed, policy, gan), in that order.
std::vector<std::pair<std::string, long long>> patternOrigins(const Project& project) {
    std::vector<std::pair<std::string, long long>> counts;
    for (PatternOrigin o :
         {PatternOrigin::Crowd, PatternOrigin::Reviewed, PatternOrigin::Policy, PatternOrigin::Gan})
        counts.emplace_back(toString(o), 0);
    for (const auto& p : project.patterns())
        ++counts[static_cast<size_t>(p.origin)].second;
    counts.erase(
        std::remove_if(counts.begin(), counts.end(), [](const auto& c) { return c.second == 0; }),
        counts.end());
    return counts;
}

int runInfo(const InfoOptions& options, CommandContext& context) {
    const Project project = Project::open(options.project);
    const ProjectSummary s = project.summary();
    const auto origins = patternOrigins(project);
    if (options.json) {
        nlohmann::ordered_json info;
        info["project"] = project.path();
        info["schemaVersion"] = project.schemaVersion();
        info["images"] = s.images;
        info["devImages"] = s.devImages;
        info["labelledImages"] = s.labelledImages;
        info["workers"] = s.workers;
        info["boxes"] = s.boxes;
        info["votes"] = s.votes;
        info["patterns"] = s.patterns;
        info["patternOrigins"] = countsObject(origins);
        info["features"] = s.features;
        info["models"] = s.models;
        info["weakLabels"] = s.weakLabels;
        info["runs"] = s.runs;
        info["goldClasses"] = countsObject(s.goldClasses);
        info["devClasses"] = countsObject(s.devClasses);
        info["boxTypes"] = countsObject(s.boxTypes);
        nlohmann::ordered_json augmenters = nlohmann::ordered_json::array();
        for (const auto& a : project.augmenters())
            augmenters.push_back(
                {{"kind", a.kind == AugmenterKind::Gan ? "gan" : "policy"},
                 {"defectType", a.defectType},
                 {"params", nlohmann::ordered_json::parse(a.paramsJson, nullptr, false)},
                 {"createdAt", a.createdAt}});
        info["augmenters"] = augmenters;
        context.out << info.dump(2) << "\n";
        return toInt(ExitCode::Ok);
    }
    const auto row = [&](const char* name, const std::string& value) {
        context.out << "  " << std::left << std::setw(18) << name << value << "\n";
    };
    context.out << "Project " << project.path() << " (schema " << project.schemaVersion() << ")\n";
    row("images",
        std::to_string(s.images) + " (" + std::to_string(s.labelledImages) + " with a gold label)");
    row("gold classes", formatCounts(s.goldClasses));
    row("dev set", countOf(s.devImages, "image"));
    row("dev classes", formatCounts(s.devClasses));
    row("workers", std::to_string(s.workers));
    row("boxes", std::to_string(s.boxes) + " (" + std::to_string(s.votes) + " review votes)");
    row("box defect types", formatCounts(s.boxTypes));
    row("patterns",
        std::to_string(s.patterns) + (origins.empty() ? "" : " (" + formatCounts(origins) + ")"));
    row("features", std::to_string(s.features));
    row("labeler models", std::to_string(s.models));
    row("weak labels", std::to_string(s.weakLabels));
    row("runs", std::to_string(s.runs));
    const std::string augmentation = describeAugmentation(project);
    if (!augmentation.empty())
        context.out << "Augmentation\n" << augmentation;
    return toInt(ExitCode::Ok);
}

} // namespace

void addInfoCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "info", "Show what a project holds: counts per table, classes, dev set, box types");
    auto options = std::make_shared<InfoOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_flag("--json", options->json, "Print the same as JSON (for scripts)");
    cmd->footer(examplesFooter({"gadget info ksdd.gadget", "gadget info ksdd.gadget --json"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runInfo(*options, context); };
    });
}

} // namespace ig
