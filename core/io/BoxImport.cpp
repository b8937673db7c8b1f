#include "io/CsvImport.h"
#include "io/CsvImportSupport.h"
#include "io/CsvReader.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>

namespace ig {
namespace {

std::optional<double> parseNumber(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string describe(const Rect& r) {
    std::ostringstream text;
    text << "x " << r.x << ", y " << r.y << ", w " << r.w << ", h " << r.h;
    return text.str();
}

bool sameBox(const BoxRecord& a, const Rect& r, const std::string& type) {
    return a.rect.x == r.x && a.rect.y == r.y && a.rect.w == r.w && a.rect.h == r.h &&
           a.defectType == type;
}

} // namespace

CsvImportReport importBoxes(Project& project, const std::string& csvPath,
                            const BoxImportOptions& options, Feedback& feedback) {
    CsvReader reader = CsvReader::open(csvPath);
    const std::string layout = "image,x,y,w,h[,class]";
    const std::size_t imageColumn = requireColumn(reader, {"image"}, layout);
    const std::size_t xColumn = requireColumn(reader, {"x"}, layout);
    const std::size_t yColumn = requireColumn(reader, {"y"}, layout);
    const std::size_t wColumn = requireColumn(reader, {"w", "width"}, layout);
    const std::size_t hColumn = requireColumn(reader, {"h", "height"}, layout);
    std::optional<std::size_t> classColumn = reader.column("class");
    if (!classColumn)
        classColumn = reader.column("type");
    std::vector<std::size_t> needed = {imageColumn, xColumn, yColumn, wColumn, hColumn};
    if (classColumn)
        needed.push_back(*classColumn);

    CsvImportReport report;
    feedback.beginStage("import boxes", 0);
    project.transaction([&] {
        const Id workerId = project.ensureWorker(options.workerName, options.role);
        ImageNameIndex index(project);
        std::map<Id, std::vector<BoxRecord>> workerBoxes; // this worker's boxes, per image
        CsvRow row;
        while (reader.next(row)) {
            feedback.throwIfCanceled();
            ++report.rows;
            feedback.advance();
            if (!rowHasFields(row, needed, reader, report))
                continue;
            const std::string& name = row.fields[imageColumn];
            const auto x = parseNumber(row.fields[xColumn]), y = parseNumber(row.fields[yColumn]);
            const auto w = parseNumber(row.fields[wColumn]), h = parseNumber(row.fields[hColumn]);
            if (!x || !y || !w || !h) {
                report.addProblem(row.line, "x, y, w and h must be numbers (pixels)");
                continue;
            }
            const Rect rect{*x, *y, *w, *h};
            if (rect.w <= 0 || rect.h <= 0) {
                report.addProblem(row.line, "the box (" + describe(rect) +
                                                ") has no area; w and h must be positive");
                continue;
            }
            ImageRecord* image = index.find(name, row.line, report);
            if (!image)
                continue;
            if (rect.x < 0 || rect.y < 0 || rect.x + rect.w > image->width ||
                rect.y + rect.h > image->height) {
                report.addProblem(row.line, "the box (" + describe(rect) + ") reaches outside '" +
                                                name + "' (" + std::to_string(image->width) +
                                                " x " + std::to_string(image->height) + ")");
                continue;
            }
            const std::string type = classColumn ? row.fields[*classColumn] : std::string();
            auto cached = workerBoxes.find(image->id);
            if (cached == workerBoxes.end()) {
                std::vector<BoxRecord> mine;
                for (BoxRecord& box : project.boxesOfImage(image->id))
                    if (box.workerId == workerId)
                        mine.push_back(std::move(box));
                cached = workerBoxes.emplace(image->id, std::move(mine)).first;
            }
            bool known = false;
            for (const BoxRecord& box : cached->second)
                known = known || sameBox(box, rect, type);
            if (known) {
                ++report.unchanged;
                continue;
            }
            BoxRecord box;
            box.imageId = image->id;
            box.workerId = workerId;
            box.rect = rect;
            box.defectType = type;
            box.id = project.addBox(box);
            cached->second.push_back(box);
            ++report.applied;
        }
    });
    return report;
}

} // namespace ig
