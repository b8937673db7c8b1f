#pragma once

#include "io/BoxFormat.h"
#include "project/Records.h"

#include <string>
#include <vector>

// Boxes in and out of a project in the common box file formats (BoxFormat.h): CSV, Pascal VOC,
// YOLO and COCO. Images are matched by their stored path, else their file name, else (for
// names without an image extension, as YOLO files and some VOC files give them) their stem.
//
// Threading: like Project, use from one thread at a time; `feedback` may be canceled from any.
namespace ig {

class Feedback;
class Project;

struct BoxFileImportOptions {
    BoxFormat format = BoxFormat::Csv;
    std::string workerName = "imported"; // the worker the boxes are credited to
    Role role = Role::Worker;            // role of that worker when it is new
    std::string classesFile;             // YOLO: the class list (empty: the one beside the boxes)
};

struct BoxFileImportReport {
    long long images = 0;        // images the file names
    long long matchedImages = 0; // of them, images in the project
    long long boxes = 0;         // boxes read
    long long applied = 0;       // boxes added
    long long unchanged = 0;     // boxes the worker already had (same rectangle and type)
    long long boxesOnUnknownImages = 0;
    long long unknownImageCount = 0;        // images not in the project (CSV: rows naming one)
    std::vector<std::string> unknownImages; // "where: name", the first kMaxListed
    long long problemCount = 0;             // CSV only: rows refused (other formats throw)
    std::vector<std::string> problems;      // "file:line: message", the first kMaxListed
    static constexpr std::size_t kMaxListed = 1000;
};

// Adds the boxes of a box file (or folder, for VOC and YOLO) for one worker, all in one
// transaction. CSV goes through importBoxes (CsvImport.h): bad rows are refused and listed, the
// rest applied. VOC, YOLO and COCO files are checked whole first: a malformed file, a negative
// or non-numeric coordinate, a box without area or reaching outside its image, a stated image
// size that differs from the project's, a reference to a missing image or category, or a name
// matching several images throws ig::Error(Input) naming the file and line or element, and the
// project stays unchanged. Images not in the project are counted and listed, not fatal. A box
// the worker already has (same type, coordinates within 1e-6 px) is not added again.
BoxFileImportReport importBoxFile(Project& project, const std::string& path,
                                  const BoxFileImportOptions& options, Feedback& feedback);

struct BoxFileExportOptions {
    BoxFormat format = BoxFormat::Csv;
    std::string workerName; // only this worker's boxes; empty: every worker's
};

struct BoxFileExportReport {
    long long images = 0; // images with boxes written
    long long boxes = 0;
    long long files = 0; // files written (VOC and YOLO: one per image, plus YOLO's class list)
};

// Writes the project's boxes (images by id, boxes by id): CSV and COCO to the file `out`, VOC
// and YOLO as one file per image with boxes into the folder `out` (created when missing). Every
// file is written atomically. Images are named by file name, or by stored path where several
// share a file name. Boxes without a type get the class "defect" in VOC, YOLO and COCO.
// Throws ig::Error(Usage) for an unknown worker, ig::Error(Input) when a file cannot be written.
BoxFileExportReport exportBoxFile(const Project& project, const std::string& out,
                                  const BoxFileExportOptions& options, Feedback& feedback);

} // namespace ig
