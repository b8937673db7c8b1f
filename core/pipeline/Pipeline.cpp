#include "pipeline/Pipeline.h"

#include "io/Sha256.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <algorithm>
#include <sstream>

namespace ig {
namespace {

// What the crowd patterns were cut from: the dev images' boxes, as text. When it is unchanged
// the patterns (and their features) are kept.
std::string devBoxSignature(const Project& project) {
    std::ostringstream out;
    for (const auto& image : project.images())
        if (image.isDev)
            out << 'i' << image.id << ';';
    for (const auto& b : project.boxes())
        out << 'b' << b.id << ',' << b.imageId << ',' << b.rect.x << ',' << b.rect.y << ','
            << b.rect.w << ',' << b.rect.h << ',' << b.defectType << ';';
    const std::string text = out.str();
    return Sha256::hex(text.data(), text.size()); // stable across builds, unlike std::hash
}

} // namespace

PipelineResult runPipeline(Project& project, const PipelineOptions& options, Feedback& feedback) {
    PipelineResult result;
    const char* kSignatureKey = "pipeline.pattern_source";
    if (!options.patternFiles.empty()) {
        std::string signature = "files:";
        for (const auto& f : options.patternFiles)
            signature += f + ";";
        if (project.setting(kSignatureKey) != signature) {
            importPatternFiles(project, options.patternFiles, "", feedback);
            project.setSetting(kSignatureKey, signature);
            result.patternsRecut = true;
        }
    } else {
        const std::string signature = "boxes:" + devBoxSignature(project);
        if (project.setting(kSignatureKey) != signature) {
            cutPatternsFromDevBoxes(project, feedback);
            project.setSetting(kSignatureKey, signature);
            result.patternsRecut = true;
        }
    }
    // The crowd patterns first: the policy search needs their features, and augmented patterns
    // about to be replaced are not worth matching.
    result.features = computeFeatures(project, options.match, feedback, [](const PatternRecord& p) {
        return p.origin == PatternOrigin::Crowd || p.origin == PatternOrigin::Reviewed;
    });
    feedback.throwIfCanceled();
    AugmentOptions augment = options.augment;
    augment.policy.features = options.labeler.features;
    result.augment = augmentPatterns(project, augment, options.match, feedback);
    const FeatureStageResult more = computeFeatures(project, options.match, feedback);
    result.features.images = std::max(result.features.images, more.images);
    result.features.pairs += more.pairs;
    result.features.unreadable = std::max(result.features.unreadable, more.unreadable);
    result.patterns = static_cast<int>(project.summary().patterns);
    feedback.throwIfCanceled();
    result.labeler = trainAndLabel(project, options.labeler, feedback);
    return result;
}

} // namespace ig
