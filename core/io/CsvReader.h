#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ig {

// One data row of a CSV file with the line it starts on (1-based, counting the header).
struct CsvRow {
    int line = 0;
    std::vector<std::string> fields;
};

// A small, forgiving CSV reader (RFC 4180 plus what spreadsheets write): the first non-blank
// row is the header; fields may be quoted ("a ""b"", c"), quoted fields may span lines; LF or
// CRLF line ends; a UTF-8 byte-order mark is dropped; blank lines are skipped; surrounding
// spaces of unquoted fields are trimmed. Structural errors (a quote that is never closed, text
// after a closing quote) throw ig::Error(Input) naming the source and line.
//
// Rows are read one at a time, so memory does not grow with the file.
// Threading: an instance is used by one thread at a time.
class CsvReader {
public:
    // Reads from `input`; `sourceName` names it in error messages (usually the file path).
    CsvReader(std::istream& input, std::string sourceName);
    // Opens `path`; throws ig::Error(Input) when it is missing, unreadable or has no header.
    static CsvReader open(const std::string& path);

    const std::vector<std::string>& header() const { return header_; }
    // Index of the header column called `name` (case-insensitive), if any.
    std::optional<std::size_t> column(const std::string& name) const;

    // Reads the next data row; false at the end of the input.
    bool next(CsvRow& row);

    const std::string& sourceName() const { return sourceName_; }

private:
    // Reads one record (possibly spanning lines); false at the end of the input.
    bool readRecord(std::vector<std::string>& fields, int& startLine);

    std::unique_ptr<std::istream> owned_; // set when open() created the stream
    std::istream* input_;
    std::string sourceName_;
    std::vector<std::string> header_;
    int line_ = 0; // lines consumed so far
    bool atStart_ = true;
};

} // namespace ig
