#pragma once

#include "project/Records.h"

#include <string>
#include <vector>

// Importing the tables that come with a data set (labels, boxes, dev split) from CSV files.
// Rows name images by file name ("kos01_Part0.png"; a folder part is ignored) and are matched
// against the images already in the project. Each importer reads the whole file inside one
// transaction, so a cancel or an error leaves the project as it was, and returns a report
// instead of printing: bad rows are refused with their line numbers and the rest applied.
//
// Threading: like Project, use from one thread at a time; `feedback` may be canceled from any.
namespace ig {

class Feedback;
class Project;

struct CsvProblem {
    int line = 0; // 1-based line of the CSV file
    std::string message;
};

struct CsvImportReport {
    long long rows = 0;         // data rows read
    long long applied = 0;      // rows that changed the project
    long long unchanged = 0;    // rows the project already held as they are
    long long problemCount = 0; // rows refused: malformed values, boxes outside their image...
    long long unknownCount = 0; // rows naming an image that is not in the project
    std::vector<CsvProblem> problems;      // the first kMaxListed of them
    std::vector<CsvProblem> unknownImages; // the first kMaxListed of them
    static constexpr std::size_t kMaxListed = 1000;

    void addProblem(int line, std::string message);
    void addUnknownImage(int line, std::string imageName);
};

// `image,label` or `image,class`: sets each image's gold label (its class name, "0"/"1" for
// binary data sets). Two rows giving one image different labels: the first wins, the second is
// a problem.
CsvImportReport importLabels(Project& project, const std::string& csvPath, Feedback& feedback);

struct BoxImportOptions {
    std::string workerName = "imported"; // the worker the boxes are credited to
    Role role = Role::Worker;            // role of that worker when it is new
};

// `image,x,y,w,h[,class]` (pixels, top-left corner and size): adds each box for the worker.
// A box with a non-positive size or reaching outside its image is a problem; a box the worker
// already has on that image (same rectangle and class) is counted as unchanged.
CsvImportReport importBoxes(Project& project, const std::string& csvPath,
                            const BoxImportOptions& options, Feedback& feedback);

// `image`: makes exactly the listed images the development set (clears the old one). Throws
// ig::Error(Input) without changing anything when no listed image is in the project.
CsvImportReport importDevSplit(Project& project, const std::string& csvPath, Feedback& feedback);

} // namespace ig
