#include "cli/PipelineReport.h"

#include "cli/CommandSupport.h"
#include "pipeline/Pipeline.h"

#include <iomanip>

namespace ig {

void printPipelineResult(std::ostream& out, const PipelineResult& r,
                         const std::string& projectPath) {
    const auto precision = out.precision();
    out << std::fixed << std::setprecision(3);
    out << "Patterns: " << r.patterns
        << (r.patternsRecut ? " (cut again)" : " (unchanged since the last run)") << "\n";
    const AugmentStageResult& a = r.augment;
    if (a.policyPatterns + a.ganPatterns > 0) {
        out << "Augmentation: " << a.policyPatterns << " policy + " << a.ganPatterns
            << " GAN patterns from " << a.crowdPatterns << " crowd patterns";
        if (a.upToDate)
            out << " (unchanged since the last run)";
        out << "\n";
        if (!a.policy.empty()) {
            out << "  policy search: ";
            for (size_t i = 0; i < a.policy.size(); ++i)
                out << (i ? " + " : "") << toString(a.policy[i]);
            out << " (dev test " << (a.policyScoreIsAuc ? "ROC AUC " : "score ") << a.policyScore
                << " over " << a.combinationsTried << " combinations; "
                << (a.policyReused ? "stored search reused" : "searched in ")
                << std::setprecision(0);
            if (!a.policyReused)
                out << a.policySeconds << " s";
            out << ")\n" << std::setprecision(3);
        }
        if (a.ganPatterns > 0 && !a.upToDate)
            out << "  GAN: " << std::setprecision(0) << a.ganSeconds << " s"
                << (a.ganReused > 0 ? " (stored generator reused)" : "") << "\n"
                << std::setprecision(3);
    }
    out << "Features: " << r.features.pairs << " (image, pattern) pairs matched on "
        << countOf(r.features.images, "image") << "; " << countOf(r.features.skippedImages, "image")
        << " already complete\n";
    out << "Labeler: " << r.labeler.bestConfig << ", chosen by " << r.labeler.folds
        << "-fold cross-validation on " << countOf(r.labeler.devImages, "dev image")
        << " (CV score " << r.labeler.cvScore << ")\n";
    if (r.labeler.priorMatched)
        out << "Decision: the dev set's share of defects (" << std::setprecision(1)
            << 100.0 * r.labeler.devPrior << "%) called defective: probabilities shifted so that "
            << std::setprecision(3) << r.labeler.priorThreshold << " reads 0.5\n";
    out << "Weak labels: " << countOf(r.labeler.labelledImages, "image")
        << " labelled. Next: 'gadget eval " << projectPath << "' or 'gadget export " << projectPath
        << " --format csv --out labels.csv'.\n";
    out.unsetf(std::ios::fixed);
    out.precision(precision);
}

} // namespace ig
