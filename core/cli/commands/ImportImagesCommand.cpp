#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/ImageImporter.h"
#include "project/Project.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ImportImagesOptions {
    std::string project;
    std::vector<std::string> inputs;
    bool keepSameContent = false;
};

int runImportImages(const ImportImagesOptions& options, CommandContext& context) {
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"inputs", options.inputs},
                                   {"keep_same_content", options.keepSameContent}};
    return runRecorded(project, "import-images", params, [&] {
        const ImportReport report = importImages(project, options.inputs, context.feedback,
                                                 ImageImportOptions{options.keepSameContent});
        context.feedback.finishLine();
        context.out << "Imported " << countOf(report.added, "image") << " into '" << options.project
                    << "'";
        if (report.duplicates > 0)
            context.out << "; " << countOf(report.duplicates, "duplicate")
                        << " (same content as an image already in the project) not added again";
        context.out << ".\n";
        if (report.skipped.empty())
            return toInt(ExitCode::Ok);
        context.err << countOf(static_cast<long long>(report.skipped.size()), "input was",
                               "inputs were")
                    << " skipped (listed above).\n";
        return report.added + report.duplicates > 0 ? toInt(ExitCode::Partial)
                                                    : toInt(ExitCode::Error);
    });
}

} // namespace

void addImportImagesCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "import-images", "Add image files (PNG, JPEG, BMP, TIFF; 8/16-bit) to a project");
    auto options = std::make_shared<ImportImagesOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("inputs", options->inputs,
                    "Image files, folders (their images, not recursive) or list files (.txt/.lst, "
                    "one path per line)")
        ->required();
    cmd->add_flag("--keep-same-content", options->keepSameContent,
                  "Also add files whose bytes equal an image already in the project (KolektorSDD "
                  "ships 16 such twins under other names; its published splits count them all)");
    cmd->footer(
        "Images are referenced, not copied: keep them where they are (paths below the project's "
        "folder are stored relative to it). An image whose content is already in the project is "
        "not added twice; unreadable files are reported and skipped (exit code 3).\n\n" +
        examplesFooter({"gadget import-images ksdd.gadget data/ksdd/images",
                        "gadget import-images ksdd.gadget a.png b.tif more-images.txt"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runImportImages(*options, context); };
    });
}

} // namespace ig
