#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "cli/TerminalFeedback.h"
#include "io/BoxExchange.h"
#include "io/CsvImport.h"
#include "project/Project.h"
#include "util/Error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace ig {
namespace {

struct ImportBoxesOptions {
    std::string project;
    std::string file;
    std::string format = "auto";
    std::string classes;
    std::string worker = "imported";
    std::string role = "worker";
    bool strict = false;
};

BoxFormat chooseFormat(const ImportBoxesOptions& options) {
    if (options.format != "auto")
        return boxFormatFromString(options.format);
    if (const auto detected = detectBoxFormat(options.file))
        return *detected;
    throw Error(Error::Kind::Usage, "Cannot tell the box format of '" + options.file +
                                        "' from its name or contents; give --format csv, voc, "
                                        "yolo or coco.");
}

// VOC, YOLO and COCO: malformed files throw; unknown images are listed like the CSV importer's.
int reportBoxFile(CommandContext& context, const BoxFileImportReport& report,
                  const ImportBoxesOptions& options) {
    if (report.unknownImageCount > 0) {
        std::string examples;
        for (std::size_t i = 0; i < report.unknownImages.size() && i < 3; ++i)
            examples += (i ? ", " : "") + report.unknownImages[i];
        context.err << countOf(report.unknownImageCount, "image", "images") << " named in '"
                    << options.file << "' " << (report.unknownImageCount == 1 ? "is" : "are")
                    << " not in the project ("
                    << countOf(report.boxesOnUnknownImages, "box", "boxes") << "), e.g. "
                    << examples << "; ignored. Import those images first if you need them"
                    << (options.strict ? "." : ", or add --strict to treat this as a failure.")
                    << "\n";
    }
    if (report.images > 0 && report.matchedImages == 0)
        throw Error(Error::Kind::Input, "No image named in '" + options.file +
                                            "' is in the project, so nothing changed. Import "
                                            "the images first (gadget import-images) or check "
                                            "the file.");
    if (options.strict && report.unknownImageCount > 0)
        return toInt(ExitCode::Partial);
    return toInt(ExitCode::Ok);
}

int runImportBoxes(const ImportBoxesOptions& options, CommandContext& context) {
    BoxFileImportOptions importOptions;
    importOptions.format = chooseFormat(options);
    importOptions.workerName = options.worker;
    importOptions.role = roleFromString(options.role);
    importOptions.classesFile = options.classes;
    Project project = Project::open(options.project);
    const nlohmann::json params = {{"file", options.file},
                                   {"format", toString(importOptions.format)},
                                   {"worker", options.worker},
                                   {"role", options.role},
                                   {"strict", options.strict}};
    return runRecorded(project, "import-boxes", params, [&] {
        int code = 0;
        long long applied = 0, unchanged = 0;
        if (importOptions.format == BoxFormat::Csv) {
            BoxImportOptions csvOptions;
            csvOptions.workerName = options.worker;
            csvOptions.role = importOptions.role;
            const CsvImportReport report =
                importBoxes(project, options.file, csvOptions, context.feedback);
            context.feedback.finishLine();
            code = reportCsvImport(context, report, options.file, options.strict);
            applied = report.applied;
            unchanged = report.unchanged;
        } else {
            const BoxFileImportReport report =
                importBoxFile(project, options.file, importOptions, context.feedback);
            context.feedback.finishLine();
            code = reportBoxFile(context, report, options);
            applied = report.applied;
            unchanged = report.unchanged;
        }
        context.out << "Added " << countOf(applied, "box", "boxes") << " by worker '"
                    << options.worker << "' from '" << options.file << "' (" << unchanged
                    << " already there).\n"
                    << "Box defect types now: " << formatCounts(project.summary().boxTypes) << "\n";
        return code;
    });
}

} // namespace

void addImportBoxesCommand(CLI::App& app, CommandContext& context) {
    CLI::App* cmd = app.add_subcommand(
        "import-boxes", "Add defect boxes drawn by a worker from a CSV, VOC, YOLO or COCO file");
    auto options = std::make_shared<ImportBoxesOptions>();
    cmd->add_option("project", options->project, "Project file")->required();
    cmd->add_option("file", options->file,
                    "Box file: CSV (image,x,y,w,h[,class], pixels: top-left corner and size), a "
                    "Pascal VOC .xml file or folder, a YOLO .txt file or folder, or a COCO .json")
        ->required();
    cmd->add_option("--format", options->format,
                    "auto, csv, voc, yolo or coco (auto: by extension, or a folder's files)")
        ->check(CLI::IsMember({"auto", "csv", "voc", "yolo", "coco"}))
        ->capture_default_str();
    cmd->add_option("--classes", options->classes,
                    "YOLO: class list, one name per line (default: classes.txt or obj.names "
                    "beside the boxes)");
    cmd->add_option("--worker", options->worker, "Worker the boxes are credited to")
        ->capture_default_str();
    cmd->add_option("--role", options->role, "Role of the worker if new: worker, expert or qa")
        ->check(CLI::IsMember({"worker", "expert", "qa"}))
        ->capture_default_str();
    cmd->add_flag("--strict", options->strict,
                  "Exit with code 3 when the file names images that are not in the project");
    cmd->footer("CSV: a box with no area or reaching outside its image is refused with its line "
                "number (exit code 3). VOC, YOLO, COCO: the whole file is checked first and any "
                "bad box, number or reference stops the import with the file and line or "
                "element (exit code 1, nothing added). YOLO needs the images in the project for "
                "their sizes. A box the worker already has is not added twice.\n\n" +
                examplesFooter({"gadget import-boxes ksdd.gadget data/ksdd/boxes.csv",
                                "gadget import-boxes neu.gadget data/neu/annotations --worker gold",
                                "gadget import-boxes p.gadget labels/ --format yolo --classes "
                                "obj.names",
                                "gadget import-boxes neu.gadget alice.json --worker alice"}));
    cmd->callback([&context, options] {
        context.action = [&context, options] { return runImportBoxes(*options, context); };
    });
}

} // namespace ig
