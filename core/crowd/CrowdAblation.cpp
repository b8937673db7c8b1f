#include "crowd/CrowdAblation.h"

#include "crowd/CrowdPatterns.h"
#include "crowd/CrowdReview.h"
#include "io/ImageFile.h"
#include "pipeline/Evaluation.h"
#include "pipeline/FeatureStage.h"
#include "pipeline/LabelSpace.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "project/ScratchCopy.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <sstream>

namespace ig {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Cut {
    Id imageId = 0;
    Rect rect;
    std::string type;
};

void removeAllPatterns(Project& project) {
    project.transaction([&] {
        for (PatternOrigin origin : {PatternOrigin::Crowd, PatternOrigin::Reviewed,
                                     PatternOrigin::Policy, PatternOrigin::Gan})
            project.removePatterns(origin);
    });
}

// Replaces every pattern with the boxes `cuts` cut from their images (8-bit grey, as matching
// reads them); returns the patterns made (boxes under 3 x 3 pixels are skipped).
int replacePatterns(Project& project, const std::vector<Cut>& cuts, Feedback& feedback) {
    std::map<Id, std::vector<const Cut*>> byImage;
    for (const Cut& cut : cuts)
        byImage[cut.imageId].push_back(&cut);
    std::vector<PatternRecord> patterns;
    feedback.beginStage("Cutting patterns", static_cast<long long>(byImage.size()));
    for (const auto& [imageId, imageCuts] : byImage) {
        feedback.throwIfCanceled();
        const ImageRecord image = *project.image(imageId);
        const cv::Mat pixels = readImageGrey8(project.absoluteImagePath(image));
        for (const Cut* cut : imageCuts) {
            const auto r = patternRectInImage(cut->rect, pixels.size());
            if (!r)
                continue;
            PatternRecord p;
            p.png = encodePng(pixels(*r).clone());
            p.width = r->width;
            p.height = r->height;
            p.origin = PatternOrigin::Crowd;
            p.sourceImageId = imageId;
            p.sourceRect = Rect{double(r->x), double(r->y), double(r->width), double(r->height)};
            p.defectType = cut->type;
            patterns.push_back(std::move(p));
        }
        feedback.advance();
    }
    project.transaction([&] {
        removeAllPatterns(project);
        for (const PatternRecord& p : patterns)
            project.addPattern(p);
    });
    return static_cast<int>(patterns.size());
}

} // namespace

CrowdAblationResult runCrowdAblation(const std::string& projectPath,
                                     const CrowdAblationOptions& options, Feedback& feedback) {
    const Clock::time_point start = Clock::now();
    CrowdAblationResult result;
    result.simulation = options.simulation;
    const ScratchCopy scratch(projectPath, "crowd-ablation");
    Project project = Project::open(scratch.path());
    result.metric = LabelSpace::ofDevSet(project).metricName();

    // The truth, then a project holding only the simulated crowd's boxes.
    const std::vector<BoxRecord> gold = goldBoxesOf(project, options.simulation.goldWorker);
    project.transaction([&] {
        for (const BoxRecord& box : project.boxes())
            project.removeBox(box.id);
    });
    result.crowd = simulateCrowd(project, gold, options.simulation, feedback);
    simulateReview(project, gold, options.simulation, options.merge, options.quorum, result.crowd);

    std::vector<Cut> goldCuts, everyBox, groups;
    for (const BoxRecord& box : gold)
        if (const auto image = project.image(box.imageId); image && image->isDev)
            goldCuts.push_back({box.imageId, box.rect, box.defectType});
    for (const SimulatedBox& box : result.crowd.boxes)
        everyBox.push_back({box.imageId, box.rect, ""});
    for (const CrowdGroup& g : reviewCrowd(project, options.merge, options.quorum).groups)
        groups.push_back({g.imageId, g.group.rect, g.group.defectType});

    const auto runVariant = [&](const std::string& name, const std::function<int()>& patterns) {
        const Clock::time_point variantStart = Clock::now();
        CrowdAblationRow row;
        row.name = name;
        feedback.message("Variant: " + name);
        row.patterns = patterns();
        if (row.patterns == 0) {
            row.skipped = "no patterns";
        } else {
            computeFeatures(project, options.match, feedback);
            trainAndLabel(project, options.labeler, feedback);
            const EvaluationReport evaluation = evaluateWeakLabels(project);
            row.score = evaluation.score;
            row.cvScore = evaluation.cvScore;
        }
        row.seconds = secondsSince(variantStart);
        result.rows.push_back(row);
    };
    runVariant("gold boxes", [&] { return replacePatterns(project, goldCuts, feedback); });
    runVariant("(a) no averaging", [&] { return replacePatterns(project, everyBox, feedback); });
    runVariant("(b) averaging, no review",
               [&] { return replacePatterns(project, groups, feedback); });
    runVariant("(c) full workflow", [&] {
        removeAllPatterns(project);
        return buildPatternsFromCrowd(project, options.merge, options.quorum, feedback);
    });
    result.seconds = secondsSince(start);
    return result;
}

std::string CrowdAblationResult::toText() const {
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line,
                  "Simulated crowd: %d workers on %d dev images with %d gold boxes; miss %.2f, "
                  "jitter %.2f, invent %.2f, seed %llu\n",
                  simulation.workers, crowd.devImages, crowd.goldBoxes, simulation.missRate,
                  simulation.jitter, simulation.inventRate,
                  static_cast<unsigned long long>(simulation.seed));
    out << line;
    std::snprintf(line, sizeof line, "  boxes: %lld drawn from gold, %lld missed, %lld invented\n",
                  crowd.drawn, crowd.missed, crowd.invented);
    out << line;
    std::snprintf(line, sizeof line,
                  "  review: %lld outliers, %d expert(s) with error rate %.2f: %lld accepted, "
                  "%lld rejected (%lld wrong votes)\n",
                  crowd.outliers, simulation.experts, simulation.expertErrorRate, crowd.accepted,
                  crowd.rejected, crowd.wrongVotes);
    out << line;
    std::snprintf(line, sizeof line, "%-26s %8s %10s %9s %8s\n", "patterns from", "patterns",
                  metric.find("macro") != std::string::npos ? "macro F1" : "F1", "CV score",
                  "seconds");
    out << line;
    for (const CrowdAblationRow& row : rows) {
        if (row.skipped.empty())
            std::snprintf(line, sizeof line, "%-26s %8d %10.3f %9.3f %8.1f\n", row.name.c_str(),
                          row.patterns, row.score, row.cvScore, row.seconds);
        else
            std::snprintf(line, sizeof line, "%-26s %8d %10s %9s %8.1f  (%s)\n", row.name.c_str(),
                          row.patterns, "-", "-", row.seconds, row.skipped.c_str());
        out << line;
    }
    std::snprintf(line, sizeof line, "%s of the weak labels on the non-dev images; %.1f s in all\n",
                  metric.c_str(), seconds);
    out << line;
    return out.str();
}

std::string CrowdAblationResult::toJson() const {
    nlohmann::json j = {{"metric", metric},
                        {"simulation",
                         {{"workers", simulation.workers},
                          {"miss", simulation.missRate},
                          {"jitter", simulation.jitter},
                          {"invent", simulation.inventRate},
                          {"experts", simulation.experts},
                          {"expert_error", simulation.expertErrorRate},
                          {"seed", simulation.seed}}},
                        {"crowd",
                         {{"dev_images", crowd.devImages},
                          {"gold_boxes", crowd.goldBoxes},
                          {"drawn", crowd.drawn},
                          {"missed", crowd.missed},
                          {"invented", crowd.invented},
                          {"outliers", crowd.outliers},
                          {"accepted", crowd.accepted},
                          {"rejected", crowd.rejected},
                          {"wrong_votes", crowd.wrongVotes}}},
                        {"seconds", seconds}};
    j["rows"] = nlohmann::json::array();
    for (const CrowdAblationRow& row : rows) {
        nlohmann::json r = {
            {"name", row.name}, {"patterns", row.patterns}, {"seconds", row.seconds}};
        if (row.skipped.empty()) {
            r["score"] = row.score;
            r["cv_score"] = row.cvScore;
        } else {
            r["skipped"] = row.skipped;
        }
        j["rows"].push_back(r);
    }
    return j.dump(2);
}

} // namespace ig
