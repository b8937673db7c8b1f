#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/ImageFile.h"
#include "match/MatchBenchmark.h"
#include "match/MatchMethod.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ig {
namespace {

struct BenchMatchOptions {
    std::string project;
    std::string method = "ccoeff";
    int threads = 0;
    int limit = 0;
};

int runBenchMatch(const BenchMatchOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    if (project.patterns().empty())
        cutPatternsFromDevBoxes(project, context.feedback);
    std::vector<cv::Mat> patterns;
    for (const auto& p : project.patterns())
        patterns.push_back(decodePatternGrey8(p));
    if (patterns.empty())
        throw Error(Error::Kind::Input, "The project has no patterns and no boxes on dev images "
                                        "to cut them from. Import boxes first.");
    std::vector<std::string> paths;
    for (const auto& image : project.images())
        paths.push_back(project.absoluteImagePath(image));
    if (options.limit > 0 && static_cast<size_t>(options.limit) < paths.size())
        paths.resize(static_cast<size_t>(options.limit));

    MatchOptions match;
    match.method = parseMatchMethod(options.method).value_or(MatchMethod::CcoeffNormed);
    const MatchBenchmarkResult r =
        runMatchBenchmark([&](size_t i) { return readImageGrey8(paths[i]); }, paths.size(),
                          patterns, match, options.threads, context.feedback);
    context.feedback.finishLine();
    char text[1024];
    std::snprintf(text, sizeof text,
                  "pairs: %ld (%zu images x %zu patterns), threads: %d, method: %s\n"
                  "plain cv::matchTemplate per pair: %10.1f pairs/s\n"
                  "pyramid (ours):                   %10.1f pairs/s\n"
                  "ratio:                            %10.1f x\n"
                  "score within 0.01 of exact:       %10.2f %% of pairs\n"
                  "same maximum (within 1e-4):       %10.2f %% of pairs\n"
                  "location within 2 px (same max):  %10.2f %% of those\n"
                  "largest score difference:         %10.4f\n",
                  r.pairs, paths.size(), patterns.size(), r.threads, options.method.c_str(),
                  r.exactPairsPerSec, r.pyramidPairsPerSec, r.ratio, 100 * r.fractionScoreWithin001,
                  100 * r.fractionSameMaximum, 100 * r.fractionLocationWithin2px, r.maxScoreDiff);
    context.out << text;
    return toInt(ExitCode::Ok);
}

} // namespace

void addBenchMatchCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "bench-match",
        "Compare the pyramid matcher with plain cv::matchTemplate: speed, agreement");
    auto options = std::make_shared<BenchMatchOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("--method", options->method, "ccoeff or ccorr")
        ->check(CLI::IsMember({"ccoeff", "ccorr"}))
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    cmd->add_option("--limit", options->limit, "Use only the first N images (0 = all)")
        ->capture_default_str();
    cmd->footer(
        "Both matchers run in one process on the same (image, pattern) pairs with the "
        "same threads, so the ratio holds on a busy machine. Uses the project's "
        "patterns (cut from the dev boxes when it has none). Writes nothing but those.\n\n" +
        examplesFooter({"gadget bench-match ksdd.gadget"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runBenchMatch(*options, context); };
    });
}

} // namespace ig
