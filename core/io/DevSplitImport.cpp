#include "io/CsvImport.h"
#include "io/CsvImportSupport.h"
#include "io/CsvReader.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <unordered_set>

namespace ig {

CsvImportReport importDevSplit(Project& project, const std::string& csvPath, Feedback& feedback) {
    CsvReader reader = CsvReader::open(csvPath);
    const std::size_t imageColumn = requireColumn(reader, {"image"}, "image");

    CsvImportReport report;
    feedback.beginStage("set dev split", 0);
    project.transaction([&] {
        ImageNameIndex index(project);
        project.clearDev();
        std::unordered_set<Id> dev;
        CsvRow row;
        while (reader.next(row)) {
            feedback.throwIfCanceled();
            ++report.rows;
            feedback.advance();
            if (!rowHasFields(row, {imageColumn}, reader, report))
                continue;
            const std::string& name = row.fields[imageColumn];
            if (name.empty()) {
                report.addProblem(row.line, "the image name is empty");
                continue;
            }
            ImageRecord* image = index.find(name, row.line, report);
            if (!image)
                continue;
            if (!dev.insert(image->id).second) {
                ++report.unchanged;
                continue;
            }
            project.setDev(image->id, true);
            ++report.applied;
        }
        if (report.applied == 0)
            throw Error(Error::Kind::Input,
                        "None of the " + std::to_string(report.rows) + " rows of '" + csvPath +
                            "' names an image of the project, so the development set was left "
                            "as it was. Import the images first (gadget import-images).");
    });
    return report;
}

} // namespace ig
