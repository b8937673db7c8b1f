// `gadget demo`: the README's main job. Builds the demo project from built-in synthetic data
// (or takes the given project), runs the pipeline, prints what it did and opens the app.
#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/PipelineReport.h"
#include "cli/TerminalFeedback.h"
#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "pipeline/Evaluation.h"
#include "pipeline/Pipeline.h"
#include "project/Project.h"
#include "synth/DemoDataset.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ig {
namespace {

struct DemoCommandOptions {
    std::string project;
    std::string folder = "demo";
    bool open = true;
};

// Writes the synthetic data set and imports it into a new project at `projectPath`.
void createDemoProject(const std::string& folder, const std::string& projectPath,
                       CommandContext& context) {
    auto& out = context.out;
    const std::string data = (fs::path(folder) / "data").string();
    const DemoDatasetSummary summary = writeDemoDataset(data, DemoOptions{}, context.feedback);
    context.feedback.finishLine();
    out << "Wrote " << summary.images << " synthetic surfaces to " << data << " ("
        << summary.defectiveImages << " with " << summary.boxes << " defects of known position: ";
    for (size_t i = 0; i < summary.boxesPerType.size(); ++i)
        out << (i ? ", " : "") << summary.boxesPerType[i].second << " "
            << summary.boxesPerType[i].first;
    out << ").\n";

    Project project = Project::create(projectPath);
    const ImportReport images = importImages(project, {data + "/images"}, context.feedback);
    importLabels(project, data + "/labels.csv", context.feedback);
    importBoxes(project, data + "/boxes.csv", BoxImportOptions{"demo-gold", Role::Worker},
                context.feedback);
    importDevSplit(project, data + "/dev_split.csv", context.feedback);
    context.feedback.finishLine();
    const ProjectSummary s = project.summary();
    out << "Created " << projectPath << ": " << countOf(images.added, "image") << ", "
        << countOf(s.boxes, "box", "boxes") << " on them, a dev set of " << s.devImages
        << " images (" << formatCounts(s.devClasses) << ").\n";
}

// The desktop app next to this executable, if it was built.
std::string appExecutable() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        return {};
    const fs::path app = self.parent_path() / "inspector-gadget";
    return fs::exists(app, ec) ? app.string() : std::string();
}

// Starts the app on `projectPath` in its own session, so it outlives this command.
bool launchApp(const std::string& app, const std::string& projectPath) {
    const pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        setsid();
        execl(app.c_str(), app.c_str(), projectPath.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return true;
}

int runDemo(const DemoCommandOptions& options, CommandContext& context) {
    auto& out = context.out;
    std::string projectPath = options.project;
    if (projectPath.empty()) {
        projectPath = (fs::path(options.folder) / "demo.gadget").string();
        if (fs::exists(projectPath))
            out << "Using the demo project " << projectPath << " made earlier.\n";
        else
            createDemoProject(options.folder, projectPath, context);
    }
    Project project = Project::open(projectPath);
    const nlohmann::json params = {{"demo", options.project.empty()}};
    const int code = runRecorded(project, "demo", params, [&] {
        const PipelineResult result = runPipeline(project, PipelineOptions{}, context.feedback);
        context.feedback.finishLine();
        printPipelineResult(out, result, projectPath);
        return toInt(ExitCode::Ok);
    });
    try {
        const EvaluationReport report = evaluateWeakLabels(project);
        out << "\nAgainst the gold labels of the images outside the dev set:\n" << report.toText();
    } catch (const Error& e) {
        out << "(Not scored: " << e.what() << ")\n";
    }

    const std::string app = appExecutable();
    const bool display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    if (app.empty()) {
        out << "\nThe desktop app was not built (IG_BUILD_GUI=OFF).\n";
    } else if (options.open && display && launchApp(app, projectPath)) {
        out << "\nOpened the desktop app on " << projectPath << ".\n";
    } else {
        out << "\nTo look at the images and labels in the desktop app, run:\n  " << app << " "
            << projectPath << "\n";
        if (!display)
            out << "(No display here; on a headless machine use e.g. 'xvfb-run' or copy the "
                   "project file to a desktop.)\n";
    }
    return code;
}

} // namespace

void addDemoCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "demo", "Run the whole pipeline on a project, or on a built-in demo project, and open "
                "the app");
    auto options = std::make_shared<DemoCommandOptions>();
    cmd->add_option("project", options->project,
                    "Project file (default: make FOLDER/demo.gadget from synthetic surfaces)");
    cmd->add_option("--folder", options->folder, "Where the demo data and project go")
        ->capture_default_str();
    cmd->add_flag("!--no-open", options->open, "Do not open the desktop app at the end");
    cmd->footer("The demo data set is made by Inspector Gadget itself: 120 synthetic surfaces "
                "with scratches, cracks and spots at known positions, a dev set of 30 of them "
                "with the defects boxed. Running it again reuses the demo project.\n\n" +
                examplesFooter({"gadget demo", "gadget demo ksdd.gadget --no-open"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runDemo(*options, context); };
    });
}

} // namespace ig
