#include "io/CsvImportSupport.h"

#include "project/Project.h"
#include "util/Error.h"

namespace ig {

void CsvImportReport::addProblem(int line, std::string message) {
    ++problemCount;
    if (problems.size() < kMaxListed)
        problems.push_back({line, std::move(message)});
}

void CsvImportReport::addUnknownImage(int line, std::string imageName) {
    ++unknownCount;
    if (unknownImages.size() < kMaxListed)
        unknownImages.push_back({line, std::move(imageName)});
}

std::string fileNamePart(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

ImageNameIndex::ImageNameIndex(const Project& project) : images_(project.images()) {
    for (std::size_t i = 0; i < images_.size(); ++i) {
        byPath_.emplace(images_[i].path, i);
        byName_[fileNamePart(images_[i].path)].push_back(i);
    }
}

ImageRecord* ImageNameIndex::find(const std::string& name, int line, CsvImportReport& report) {
    if (const auto exact = byPath_.find(name); exact != byPath_.end())
        return &images_[exact->second];
    const auto it = byName_.find(fileNamePart(name));
    if (it == byName_.end()) {
        report.addUnknownImage(line, name);
        return nullptr;
    }
    if (it->second.size() > 1) {
        report.addProblem(
            line, std::to_string(it->second.size()) + " images in the project are named '" +
                      it->first + "' (e.g. '" + images_[it->second[0]].path + "' and '" +
                      images_[it->second[1]].path + "'); give the stored path instead of the name");
        return nullptr;
    }
    return &images_[it->second.front()];
}

std::size_t requireColumn(const CsvReader& reader, const std::vector<std::string>& names,
                          const std::string& expectedLayout) {
    for (const std::string& name : names)
        if (const auto index = reader.column(name))
            return *index;
    std::string columns;
    for (const std::string& column : reader.header())
        columns += (columns.empty() ? "" : ",") + column;
    throw Error(Error::Kind::Input, "The CSV file '" + reader.sourceName() + "' has the columns '" +
                                        columns + "' but needs '" + expectedLayout +
                                        "'. Fix its header row.");
}

bool rowHasFields(const CsvRow& row, const std::vector<std::size_t>& indices,
                  const CsvReader& reader, CsvImportReport& report) {
    for (std::size_t index : indices) {
        if (index >= row.fields.size()) {
            report.addProblem(row.line, "expected " + std::to_string(reader.header().size()) +
                                            " fields like the header, found " +
                                            std::to_string(row.fields.size()));
            return false;
        }
    }
    return true;
}

} // namespace ig
