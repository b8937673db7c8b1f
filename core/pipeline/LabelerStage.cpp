#include "pipeline/LabelerStage.h"

#include "labeler/PriorMatching.h"
#include "labeler/TrainedLabeler.h"
#include "pipeline/FeatureTable.h"
#include "pipeline/LabelSpace.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace ig {
namespace {

// What the export and the app show beside a weak label: every class's probability and the
// patterns that matched best, where.
std::string evidenceJson(const std::vector<double>& probabilities, const LabelSpace& space,
                         const std::vector<FeatureRecord>& matches,
                         const std::map<Id, PatternRecord>& patterns, int keep) {
    std::vector<FeatureRecord> sorted = matches;
    std::sort(sorted.begin(), sorted.end(),
              [](const FeatureRecord& a, const FeatureRecord& b) { return a.score > b.score; });
    nlohmann::json list = nlohmann::json::array();
    for (int i = 0; i < keep && i < static_cast<int>(sorted.size()); ++i) {
        const auto& f = sorted[static_cast<size_t>(i)];
        const auto it = patterns.find(f.patternId);
        nlohmann::json m = {{"pattern", f.patternId}, {"score", f.score}, {"x", f.x}, {"y", f.y}};
        if (it != patterns.end()) {
            m["w"] = it->second.width;
            m["h"] = it->second.height;
            m["defect_type"] = it->second.defectType;
        }
        list.push_back(m);
    }
    nlohmann::json perClass = nlohmann::json::object();
    for (size_t c = 0; c < space.classes.size(); ++c)
        perClass[space.classes[c]] = probabilities[c];
    return nlohmann::json{{"probabilities", perClass}, {"matches", list}}.dump();
}

} // namespace

std::string toString(LabelDecision decision) {
    return decision == LabelDecision::DevPrior ? "dev-prior" : "model";
}

LabelDecision labelDecisionFromString(const std::string& name) {
    if (name == "model")
        return LabelDecision::Model;
    if (name == "dev-prior")
        return LabelDecision::DevPrior;
    throw Error(Error::Kind::Usage,
                "Unknown label decision '" + name + "': use model or dev-prior.");
}

LabelerStageResult trainAndLabel(Project& project, const LabelerStageOptions& options,
                                 Feedback& feedback) {
    const LabelSpace space = LabelSpace::ofDevSet(project);
    std::vector<PatternRecord> patternRecords = project.patterns();
    const FeatureTable table = FeatureTable::load(project, patternRecords);
    if (table.patternIds.empty())
        throw Error(Error::Kind::Input, "The project has no patterns to label with. Import boxes "
                                        "on dev images ('gadget import-boxes') first.");

    LabeledData dev;
    dev.numClasses = static_cast<int>(space.classes.size());
    dev.classNames = space.classes;
    std::vector<Id> devIds;
    std::vector<Id> toLabel;
    int devMissing = 0;
    for (const auto& image : project.images()) {
        const auto row = table.rows.find(image.id);
        if (image.isDev) {
            if (!image.goldLabel)
                continue;
            if (row == table.rows.end()) {
                ++devMissing;
                continue;
            }
            dev.features.push_back(table.labelerRow(image.id, options.features));
            dev.labels.push_back(*space.indexOf(*image.goldLabel));
            devIds.push_back(image.id);
        } else if (row != table.rows.end()) {
            toLabel.push_back(image.id);
        }
    }
    if (devMissing > 0)
        throw Error(Error::Kind::Input, std::to_string(devMissing) +
                                            " dev images have no features yet. Run the "
                                            "feature stage first ('gadget run').");
    if (options.features.maskOwnPatterns)
        maskOwnPatterns(dev.features, dev.labels, table.patternsCutFrom(devIds, patternRecords),
                        options.features.columnsPerPattern());

    TuningOptions tuning = options.tuning;
    tuning.positiveClass = space.positiveClass;
    TrainedLabeler labeler = fitLabeler(dev, tuning, feedback);
    feedback.throwIfCanceled();

    LabelerStageResult result;
    result.cvScore = labeler.tuning.cvScore;
    result.folds = labeler.tuning.folds;
    result.bestConfig = labeler.tuning.best.toString();
    result.devImages = dev.size();

    std::vector<std::vector<float>> rows;
    rows.reserve(toLabel.size());
    for (Id imageId : toLabel)
        rows.push_back(table.labelerRow(imageId, options.features));
    auto probabilities =
        rows.empty() ? std::vector<std::vector<double>>() : labeler.model.predictProba(rows);
    nlohmann::json modelParams = nlohmann::json::parse(labeler.describeJson());
    if (options.decision == LabelDecision::DevPrior && dev.numClasses == 2) {
        result.devPrior = classPrior(dev.labels, space.positiveClass);
        const double shift = labeler.matchPrior(probabilities, result.devPrior);
        result.priorMatched = true;
        result.priorThreshold = 1.0 / (1.0 + std::exp(-shift));
        modelParams["decision"] = {{"rule", toString(options.decision)},
                                   {"dev_prior", result.devPrior},
                                   {"logit_shift", shift},
                                   {"threshold_before_shift", result.priorThreshold}};
    }

    std::map<Id, PatternRecord> patterns;
    for (auto& p : patternRecords) {
        p.png.clear();
        patterns.emplace(p.id, std::move(p));
    }
    feedback.beginStage("Writing weak labels", static_cast<long long>(toLabel.size()));
    project.transaction([&] {
        LabelerModelRecord record;
        record.paramsJson = modelParams.dump();
        record.cvScore = labeler.tuning.cvScore;
        record.weights = labeler.model.serialize();
        result.modelId = project.addModel(record);
        project.clearWeakLabels();
        std::vector<WeakLabelRecord> labels;
        for (size_t i = 0; i < toLabel.size(); ++i) {
            const auto& p = probabilities[i];
            const auto best = static_cast<size_t>(labeler.decide(p));
            labels.push_back({toLabel[i], result.modelId, space.classes[best], p[best],
                              evidenceJson(p, space, table.raw.at(toLabel[i]), patterns,
                                           options.evidenceMatches)});
        }
        project.putWeakLabels(labels);
    });
    feedback.advance(static_cast<long long>(toLabel.size()));
    result.labelledImages = static_cast<int>(toLabel.size());
    return result;
}

} // namespace ig
