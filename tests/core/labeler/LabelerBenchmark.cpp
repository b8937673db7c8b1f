// Times the labeler search and refit on synthetic pattern-score tables:
//   labeler_benchmark [rows] [features] [classes] [threads] [seed]
// Defaults: 78 rows, 12 features, 2 classes (KSDD dev shape; 10 defective). Not a test.
#include "LabelerToyData.h"

#include "labeler/Metrics.h"
#include "labeler/TrainedLabeler.h"
#include "util/Feedback.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

class PrintingFeedback : public ig::Feedback {
protected:
    void onProgress(const std::string& stage, long long done, long long total) override {
        std::fprintf(stderr, "\r%s %lld/%lld", stage.c_str(), done, total);
        if (done == total)
            std::fprintf(stderr, "\n");
    }
    void onMessage(const std::string& text) override { std::printf("%s\n", text.c_str()); }
};

} // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 78;
    const int features = argc > 2 ? std::atoi(argv[2]) : 12;
    const int classes = argc > 3 ? std::atoi(argv[3]) : 2;
    ig::TuningOptions options;
    options.threads = argc > 4 ? std::atoi(argv[4]) : 0;
    options.seed = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 1;

    // Pattern scores with 1-3 strong matches per defect and a 0.02 shift on its class's patterns.
    // Binary: KSDD's proportion of defects (10 in 78); multi-class: equal classes, all defects.
    std::vector<int> labels;
    for (int i = 0; i < rows; ++i)
        labels.push_back(classes == 2 ? (i % 78 < 10 ? 1 : 0) : i % classes);
    const bool class0IsGood = classes == 2;
    const ig::LabeledData dev =
        ig::toy::patternScores(labels, classes, features, class0IsGood, 1, 0.02);
    std::vector<int> testLabels;
    for (int i = 0; i < 1000; ++i)
        testLabels.push_back(classes == 2 ? (i % 78 < 10 ? 1 : 0) : i % classes);
    const ig::LabeledData test =
        ig::toy::patternScores(testLabels, classes, features, class0IsGood, 2, 0.02);

    PrintingFeedback feedback;
    const auto start = std::chrono::steady_clock::now();
    const ig::TrainedLabeler labeler = ig::fitLabeler(dev, options, feedback);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const ig::ConfusionMatrix matrix =
        ig::ConfusionMatrix::from(test.labels, labeler.model.predict(test.features), classes);
    std::printf("%d x %d, %d classes, threads %d: %zu candidates x %d folds, tuning %.2f s, "
                "tuning + refit %.2f s, refit iterations %d\n",
                rows, features, classes, options.threads, labeler.tuning.tried.size(),
                labeler.tuning.folds, labeler.tuning.seconds, total, labeler.model.iterations());
    std::printf("chosen %s, cv score %.3f, held-out %s %.3f\n",
                labeler.tuning.best.toString().c_str(), labeler.tuning.cvScore,
                classes == 2 ? "F1" : "macro F1",
                classes == 2 ? ig::binaryF1(matrix, 1) : ig::macroF1(matrix));
    return 0;
}
