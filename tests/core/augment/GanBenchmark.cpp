// Times and inspects the pattern GAN on the KolektorSDD crowd patterns (not run by CTest).
//   gan_benchmark bench [epochs=20] [channels=16] [threads=1]
//       prints the mean seconds per epoch (benchmarkGanEpochSeconds) and the projected time of
//       the default 1000 epochs.
//   gan_benchmark train [epochs=1000] [outDir=/tmp/gan-samples] [channels=16] [threads=1]
//                       [keepAspect=0] [diffAugment=0]
//       full training with losses every 50 epochs and the wall time; writes 16 generated
//       patterns and a contact sheet (sheet.png: real patterns on top, generated below).
#include "augment/PatternGan.h"
#include "util/Feedback.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace {

std::vector<cv::Mat> ksddPatterns() {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(IG_SHARED_DATA "/ksdd/patterns"))
        if (entry.path().extension() == ".jpg")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> patterns;
    for (const std::string& f : files)
        patterns.push_back(cv::imread(f, cv::IMREAD_GRAYSCALE));
    return patterns;
}

// Stacks the patterns vertically on a grey canvas, one per row.
cv::Mat sheet(const std::vector<cv::Mat>& real, const std::vector<cv::Mat>& fake) {
    int width = 0, height = 0;
    for (const auto* set : {&real, &fake})
        for (const cv::Mat& p : *set) {
            width = std::max(width, p.cols);
            height += p.rows + 4;
        }
    cv::Mat canvas(height + 20, width, CV_8UC1, cv::Scalar(128));
    int y = 0;
    for (const cv::Mat& p : real) {
        p.copyTo(canvas(cv::Rect(0, y, p.cols, p.rows)));
        y += p.rows + 4;
    }
    canvas(cv::Rect(0, y, width, 16)).setTo(cv::Scalar(0));
    y += 20;
    for (const cv::Mat& p : fake) {
        cv::Mat grey = p;
        if (p.channels() == 3)
            cv::cvtColor(p, grey, cv::COLOR_BGR2GRAY);
        grey.copyTo(canvas(cv::Rect(0, y, p.cols, p.rows)));
        y += p.rows + 4;
    }
    return canvas;
}

int arg(int argc, char** argv, int index, int fallback) {
    return argc > index ? std::stoi(argv[index]) : fallback;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "bench";
    const std::vector<cv::Mat> patterns = ksddPatterns();
    ig::GanOptions options;
    options.seed = 7;
    if (mode == "bench") {
        const int epochs = arg(argc, argv, 2, 20);
        options.channels = arg(argc, argv, 3, options.channels);
        options.threads = arg(argc, argv, 4, options.threads);
        const std::clock_t cpuStart = std::clock();
        const double seconds = ig::benchmarkGanEpochSeconds(patterns, options, epochs);
        const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC / (epochs + 1);
        std::printf("KSDD %zu patterns, channels %d, threads %d: %.4f s/epoch wall over %d "
                    "epochs -> %.1f s for 1000 epochs (CPU %.4f s/epoch, all threads)\n",
                    patterns.size(), options.channels, options.threads, seconds, epochs,
                    seconds * 1000, cpu);
        return 0;
    }
    options.epochs = arg(argc, argv, 2, options.epochs);
    const std::string outDir = argc > 3 ? argv[3] : "/tmp/gan-samples";
    options.channels = arg(argc, argv, 4, options.channels);
    options.threads = arg(argc, argv, 5, options.threads);
    options.keepAspect = arg(argc, argv, 6, 0) != 0;
    options.diffAugment = arg(argc, argv, 7, 0) != 0;
    std::filesystem::create_directories(outDir);
    ig::SilentFeedback feedback;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    ig::PatternGan gan =
        ig::PatternGan::train(patterns, options, feedback, [&](int epoch, double d, double g) {
            if (epoch % 50 == 0 || epoch == 1)
                std::printf("epoch %4d  D %.4f  G %.4f\n", epoch, d, g);
        });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    std::printf("trained %d epochs in %.1f s wall, %.1f s CPU (frame %d x %d, threads %d)\n",
                options.epochs, seconds, cpu, gan.frame().width, gan.frame().height,
                options.threads);
    const std::vector<cv::Mat> generated = gan.generate(16, 1);
    for (size_t i = 0; i < generated.size(); ++i)
        cv::imwrite(outDir + "/generated_" + std::to_string(i) + ".png", generated[i]);
    cv::imwrite(outDir + "/sheet.png", sheet(patterns, generated));
    std::printf("wrote %zu patterns and sheet.png to %s\n", generated.size(), outDir.c_str());
    return 0;
}
