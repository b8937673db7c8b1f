#include "pipeline/Evaluation.h"

#include "project/Project.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <sstream>

namespace ig {

EvaluationReport evaluateWeakLabels(const Project& project) {
    EvaluationReport report;
    report.space = LabelSpace::ofDevSet(project);
    const auto model = project.latestModel();
    if (!model)
        throw Error(Error::Kind::Input,
                    "The project has no weak labels yet. Run 'gadget run' first.");
    report.cvScore = model->cvScore;
    std::map<Id, std::string> gold;
    for (const auto& image : project.images())
        if (!image.isDev && image.goldLabel)
            gold.emplace(image.id, *image.goldLabel);
    const int n = static_cast<int>(report.space.classes.size());
    report.matrix = ConfusionMatrix(n);
    for (const auto& label : project.weakLabels()) {
        const auto g = gold.find(label.imageId);
        if (g == gold.end()) {
            ++report.weakWithoutGold;
            continue;
        }
        const auto truth = report.space.indexOf(g->second);
        const auto predicted = report.space.indexOf(label.label);
        if (!truth || !predicted)
            continue; // a gold class the dev set never saw cannot be predicted; not scored
        report.matrix.add(*truth, *predicted);
        ++report.evaluated;
    }
    if (report.evaluated == 0)
        throw Error(Error::Kind::Input,
                    "No non-dev image has both a weak label and a gold label, so there is "
                    "nothing to score. Import gold labels with 'gadget import-labels'.");
    report.perClass = perClassMetrics(report.matrix);
    report.score = report.space.binary ? binaryF1(report.matrix, report.space.positiveClass)
                                       : macroF1(report.matrix);
    return report;
}

std::string EvaluationReport::toText() const {
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "%s: %.3f on %lld non-dev images (dev-set CV: %.3f)\n",
                  space.metricName().c_str(), score, evaluated, cvScore);
    out << line;
    out << "class            precision  recall     F1  support\n";
    for (size_t c = 0; c < perClass.size(); ++c) {
        std::snprintf(line, sizeof line, "%-16s %9.3f %7.3f %6.3f %8lld\n",
                      space.classes[c].c_str(), perClass[c].precision, perClass[c].recall,
                      perClass[c].f1, perClass[c].support);
        out << line;
    }
    out << "confusion matrix (rows: gold, columns: weak label)\n" << std::string(16, ' ');
    for (const auto& name : space.classes) {
        std::snprintf(line, sizeof line, " %10.10s", name.c_str());
        out << line;
    }
    out << "\n";
    for (int r = 0; r < matrix.numClasses(); ++r) {
        std::snprintf(line, sizeof line, "%-16.16s", space.classes[static_cast<size_t>(r)].c_str());
        out << line;
        for (int c = 0; c < matrix.numClasses(); ++c) {
            std::snprintf(line, sizeof line, " %10lld", matrix.at(r, c));
            out << line;
        }
        out << "\n";
    }
    return out.str();
}

std::string EvaluationReport::toJson() const {
    nlohmann::json j;
    j["metric"] = space.binary ? "f1_defective" : "macro_f1";
    j["score"] = score;
    j["cv_score"] = cvScore;
    j["evaluated"] = evaluated;
    j["classes"] = space.classes;
    nlohmann::json per = nlohmann::json::array();
    for (size_t c = 0; c < perClass.size(); ++c)
        per.push_back({{"class", space.classes[c]},
                       {"precision", perClass[c].precision},
                       {"recall", perClass[c].recall},
                       {"f1", perClass[c].f1},
                       {"support", perClass[c].support}});
    j["per_class"] = per;
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < matrix.numClasses(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < matrix.numClasses(); ++c)
            row.push_back(matrix.at(r, c));
        rows.push_back(row);
    }
    j["confusion_matrix"] = rows;
    return j.dump(2);
}

} // namespace ig
