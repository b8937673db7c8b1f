#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/BoxExchange.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ExportBoxesOptions {
    std::string project;
    std::string format = "auto";
    std::string out;
    std::string worker;
};

int runExportBoxes(const ExportBoxesOptions& options, CommandContext& context) {
    BoxFileExportOptions exportOptions;
    if (options.format != "auto") {
        exportOptions.format = boxFormatFromString(options.format);
    } else if (const auto detected = detectBoxFormat(options.out);
               detected && (*detected == BoxFormat::Csv || *detected == BoxFormat::Coco)) {
        exportOptions.format = *detected;
    } else {
        throw Error(Error::Kind::Usage, "Cannot tell the box format from '" + options.out +
                                            "'; give --format csv, voc, yolo or coco (VOC and "
                                            "YOLO write a folder).");
    }
    exportOptions.workerName = options.worker;
    const Project project = Project::open(options.project);
    const BoxFileExportReport report =
        exportBoxFile(project, options.out, exportOptions, context.feedback);
    context.feedback.finishLine();
    context.out << "Wrote " << countOf(report.boxes, "box", "boxes") << " on "
                << countOf(report.images, "image") << " as " << toString(exportOptions.format)
                << " to '" << options.out << "' (" << countOf(report.files, "file") << ").\n";
    return toInt(ExitCode::Ok);
}

} // namespace

void addExportBoxesCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "export-boxes", "Write the project's boxes as CSV, Pascal VOC, YOLO or COCO");
    auto options = std::make_shared<ExportBoxesOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("--format", options->format,
                    "auto, csv, voc, yolo or coco (auto: .csv or .json by the --out name)")
        ->check(CLI::IsMember({"auto", "csv", "voc", "yolo", "coco"}))
        ->capture_default_str();
    cmd->add_option("--out", options->out,
                    "Output file (csv, coco) or folder (voc, yolo: one file per image)")
        ->required();
    cmd->add_option("--worker", options->worker, "Only this worker's boxes (default: everyone's)");
    cmd->footer("Every file is replaced atomically. Images are named by file name (by stored "
                "path where two share one). YOLO also writes classes.txt; VOC, YOLO and COCO "
                "call boxes without a type 'defect'. 'gadget import-boxes' reads all four "
                "back.\n\n" +
                examplesFooter({"gadget export-boxes ksdd.gadget --out boxes.csv",
                                "gadget export-boxes neu.gadget --format voc --out voc/",
                                "gadget export-boxes neu.gadget --format yolo --out yolo/ "
                                "--worker alice",
                                "gadget export-boxes neu.gadget --out coco.json"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runExportBoxes(*options, context); };
    });
}

} // namespace ig
