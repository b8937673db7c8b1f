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
    out << "Features: " << r.features.pairs << " (image, pattern) pairs matched on "
        << countOf(r.features.images, "image") << "; " << countOf(r.features.skippedImages, "image")
        << " already complete\n";
    out << "Labeler: " << r.labeler.bestConfig << ", chosen by " << r.labeler.folds
        << "-fold cross-validation on " << countOf(r.labeler.devImages, "dev image")
        << " (CV score " << r.labeler.cvScore << ")\n";
    out << "Weak labels: " << countOf(r.labeler.labelledImages, "image")
        << " labelled. Next: 'gadget eval " << projectPath << "' or 'gadget export " << projectPath
        << " --format csv --out labels.csv'.\n";
    out.unsetf(std::ios::fixed);
    out.precision(precision);
}

} // namespace ig
