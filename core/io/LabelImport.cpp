#include "io/CsvImport.h"
#include "io/CsvImportSupport.h"
#include "io/CsvReader.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <unordered_map>

namespace ig {

CsvImportReport importLabels(Project& project, const std::string& csvPath, Feedback& feedback) {
    CsvReader reader = CsvReader::open(csvPath);
    const std::string layout = "image,label' (or 'image,class";
    const std::size_t imageColumn = requireColumn(reader, {"image"}, layout);
    const std::size_t labelColumn = requireColumn(reader, {"label", "class"}, layout);

    CsvImportReport report;
    feedback.beginStage("import labels", 0);
    project.transaction([&] {
        ImageNameIndex index(project);
        std::unordered_map<Id, std::pair<std::string, int>> seen; // label and line per image
        CsvRow row;
        while (reader.next(row)) {
            feedback.throwIfCanceled();
            ++report.rows;
            feedback.advance();
            if (!rowHasFields(row, {imageColumn, labelColumn}, reader, report))
                continue;
            const std::string& name = row.fields[imageColumn];
            const std::string& label = row.fields[labelColumn];
            if (name.empty() || label.empty()) {
                report.addProblem(row.line, name.empty() ? "the image name is empty"
                                                         : "the label of '" + name + "' is empty");
                continue;
            }
            ImageRecord* image = index.find(name, row.line, report);
            if (!image)
                continue;
            const auto [previous, inserted] =
                seen.emplace(image->id, std::make_pair(label, row.line));
            if (!inserted) {
                if (previous->second.first == label)
                    ++report.unchanged;
                else
                    report.addProblem(row.line, "'" + name + "' was labelled '" +
                                                    previous->second.first + "' on line " +
                                                    std::to_string(previous->second.second) +
                                                    "; this row's '" + label + "' is ignored");
                continue;
            }
            if (image->goldLabel == label) {
                ++report.unchanged;
                continue;
            }
            project.setGoldLabel(image->id, label);
            image->goldLabel = label;
            ++report.applied;
        }
    });
    return report;
}

} // namespace ig
