#include "augment/PatternGan.h"
#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "pipeline/AugmentOptions.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <memory>

namespace ig {
namespace {

struct BenchGanOptions {
    std::string project;
    int epochs = 20;
    int threads = 1;
};

int runBenchGan(const BenchGanOptions& options, CommandContext& context) {
    const Project project = Project::open(options.project);
    std::map<std::string, std::vector<cv::Mat>> byType;
    for (const auto& p : project.patterns())
        if (p.origin == PatternOrigin::Crowd || p.origin == PatternOrigin::Reviewed)
            byType[p.defectType].push_back(decodePatternGrey8(p));
    if (byType.empty())
        throw Error(Error::Kind::Input, "The project has no crowd patterns yet; run 'gadget run " +
                                            options.project + "' first.");
    const AugmentOptions defaults;
    context.out << std::fixed;
    double total = 0;
    for (const auto& [type, patterns] : byType) {
        GanOptions gan = defaults.gan;
        gan.threads = options.threads;
        const double perEpoch = benchmarkGanEpochSeconds(patterns, gan, options.epochs);
        // The same cap as GanStage: at most ganMaxUpdates generator updates.
        const double updatesPerEpoch =
            std::max(1.0, std::round(4.0 * double(patterns.size()) / gan.batchSize));
        const int epochs = std::max(
            1, std::min(gan.epochs, static_cast<int>(defaults.ganMaxUpdates / updatesPerEpoch)));
        total += perEpoch * epochs;
        context.out << "GAN '" << (type.empty() ? "(no type)" : type) << "': " << patterns.size()
                    << " patterns, " << std::setprecision(3) << perEpoch << " s per epoch over "
                    << options.epochs << " epochs; default training " << epochs
                    << " epochs = " << std::setprecision(0) << perEpoch * epochs << " s\n";
    }
    context.out << "Default GAN training for this project: " << std::setprecision(0) << total
                << " s (" << std::setprecision(1) << total / 60 << " min) on " << options.threads
                << " thread(s)\n";
    return toInt(ExitCode::Ok);
}

} // namespace

void addBenchGanCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "bench-gan", "Time the GAN's training per epoch on the project's crowd patterns");
    auto options = std::make_shared<BenchGanOptions>();
    cmd->add_option("project", options->project, "Project file with crowd patterns")->required();
    cmd->add_option("--epochs", options->epochs, "Epochs timed (after one warm-up epoch)")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "LibTorch threads (the default training uses 1)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    cmd->footer("Prints seconds per epoch per defect type and what the default training "
                "('gadget run --augment gan') would take.\n\n" +
                examplesFooter(
                    {"gadget bench-gan ksdd.gadget", "gadget bench-gan ksdd.gadget --epochs 50"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runBenchGan(*options, context); };
    });
}

} // namespace ig
