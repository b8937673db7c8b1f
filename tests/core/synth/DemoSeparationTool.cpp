// synth_demo_separation [folder] [images]: writes the built-in demo data set (default options,
// or `images` images) and prints how well patterns cut from its dev boxes separate defective
// from clean images. Not run by CTest; the figures quoted in core/synth come from it.
#include "DemoSeparation.h"

#include "synth/DemoDataset.h"
#include "util/Feedback.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    const std::string folder = argc > 1 ? argv[1] : "synth_demo";
    ig::DemoOptions options;
    if (argc > 2)
        options.imageCount = std::atoi(argv[2]);
    ig::SilentFeedback feedback;
    const auto start = std::chrono::steady_clock::now();
    const ig::DemoDatasetSummary summary = ig::writeDemoDataset(folder, options, feedback);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("wrote %s in %.2f s: %d images (%d x %d), %d defective, %d boxes;",
                summary.folder.c_str(), seconds, summary.images, options.width, options.height,
                summary.defectiveImages, summary.boxes);
    for (const auto& [type, count] : summary.boxesPerType)
        std::printf(" %s %d", type.c_str(), count);
    std::printf("\ndev split: %d images, %d defective\n", summary.devImages,
                summary.devDefectiveImages);
    const demo::Separation separation = demo::measureSeparation(folder);
    std::printf("%d patterns from dev boxes; per image mean best |NCC|: defective %.3f (%d "
                "images), clean %.3f "
                "(%d images), gap %.3f, AUC %.3f\n",
                separation.patterns, separation.meanDefective, separation.defectiveImages,
                separation.meanClean, separation.cleanImages,
                separation.meanDefective - separation.meanClean, separation.auc);
    for (const auto& [type, scores] : separation.perType)
        std::printf("  %s patterns: %.3f on images with a %s, %.3f on clean images\n", type.c_str(),
                    scores.first, type.c_str(), scores.second);
    return 0;
}
