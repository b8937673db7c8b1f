#pragma once

#include "io/CsvImport.h"
#include "io/CsvReader.h"
#include "project/Records.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

// Pieces shared by the CSV importers; internal to ig_io.
namespace ig {

class Project;

// The project's images by stored path and by file name, to match CSV rows without one query
// per row. Like Project::imageByName, an exact stored path wins over a file name.
class ImageNameIndex {
public:
    explicit ImageNameIndex(const Project& project);
    // The image stored as `name`, else the one whose file name is the file-name part of `name`;
    // nullptr (and an unknown image in `report`) when there is none. When several images share
    // the file name, records a problem in `report` and returns nullptr.
    ImageRecord* find(const std::string& name, int line, CsvImportReport& report);

private:
    std::vector<ImageRecord> images_;
    std::unordered_map<std::string, std::size_t> byPath_;
    std::unordered_map<std::string, std::vector<std::size_t>> byName_;
};

// The file-name part of a path written with '/' or '\'.
std::string fileNamePart(const std::string& path);

// The index of the first of `names` that is a header column; throws ig::Error(Input) listing
// the file's columns and what is needed when none is.
std::size_t requireColumn(const CsvReader& reader, const std::vector<std::string>& names,
                          const std::string& expectedLayout);

// True when the row has a field at every index in `indices`; else records a problem.
bool rowHasFields(const CsvRow& row, const std::vector<std::size_t>& indices,
                  const CsvReader& reader, CsvImportReport& report);

} // namespace ig
