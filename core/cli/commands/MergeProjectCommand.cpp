#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "crowd/ProjectMerge.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct MergeProjectOptions {
    std::string project;
    std::string other;
};

int runMergeProject(const MergeProjectOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"other", options.other}};
    return runRecorded(project, "merge-project", params, [&] {
        const ProjectMergeReport r = mergeProject(project, options.other, context.feedback);
        context.feedback.finishLine();
        context.out << "Merged '" << options.other << "': " << countOf(r.workersAdded, "new worker")
                    << ", " << countOf(r.boxesAdded, "new box", "new boxes") << " (" << r.boxesKnown
                    << " already here), " << countOf(r.doneAdded, "new done mark") << ", "
                    << countOf(r.votesAdded, "new vote") << " (" << r.votesKnown
                    << " already here).\n"
                    << "Images matched: " << r.matchedImages << " of " << r.otherImages;
        if (r.matchedByName > 0)
            context.out << " (" << r.matchedByName << " by file name only)";
        context.out << ".\n";
        if (r.boxesSkipped > 0) {
            context.err << countOf(r.boxesSkipped, "box is", "boxes are")
                        << " on images this project does not hold and were not merged; import "
                           "those images first and merge again.\n";
            return toInt(ExitCode::Partial);
        }
        return toInt(ExitCode::Ok);
    });
}

} // namespace

void addMergeProjectCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "merge-project", "Merge another worker's project file: workers, boxes, done marks, votes");
    auto options = std::make_shared<MergeProjectOptions>();
    cmd->add_option("project", options->project, "Project file to merge into")->required();
    cmd->add_option("other", options->other, "Another worker's project file (only read)")
        ->required();
    cmd->footer("Images are matched by content, else by file name (same size). Everything is "
                "merged in one transaction; a box identical in worker, image, rectangle and type "
                "is the same box, so merging twice changes nothing. Exit code 3 when boxes were "
                "on images this project does not hold.\n\n" +
                examplesFooter({"gadget merge-project ksdd.gadget alice/ksdd.gadget"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runMergeProject(*options, context); };
    });
}

} // namespace ig
