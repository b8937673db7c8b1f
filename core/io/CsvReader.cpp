#include "io/CsvReader.h"

#include "util/Error.h"
#include "util/PathCheck.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace ig {
namespace {

std::string trim(const std::string& text) {
    const auto notSpace = [](unsigned char c) { return c != ' ' && c != '\t'; };
    const auto begin = std::find_if(text.begin(), text.end(), notSpace);
    const auto end = std::find_if(text.rbegin(), text.rend(), notSpace).base();
    return begin < end ? std::string(begin, end) : std::string();
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

} // namespace

CsvReader::CsvReader(std::istream& input, std::string sourceName)
    : input_(&input), sourceName_(std::move(sourceName)) {
    int line = 0;
    while (readRecord(header_, line)) {
        if (!(header_.size() == 1 && header_[0].empty()))
            break;
        header_.clear();
    }
    if (header_.empty())
        throw Error(Error::Kind::Input, "The CSV file '" + sourceName_ +
                                            "' is empty; it needs a header row naming its "
                                            "columns (e.g. 'image,label').");
    for (std::string& name : header_)
        name = trim(name);
}

CsvReader CsvReader::open(const std::string& path) {
    std::error_code ec;
    if (const auto problem = whyUnreachable(path))
        throw Error(Error::Kind::Input, "Cannot read the CSV file '" + path + "': " + *problem +
                                            ". Check the path and its spelling.");
    if (std::filesystem::is_directory(path, ec))
        throw Error(Error::Kind::Input, "'" + path + "' is a folder; give the path of a CSV file.");
    auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*stream)
        throw Error(Error::Kind::Input, "Cannot open the CSV file '" + path +
                                            "'. Check that it is readable for your user.");
    std::istream& input = *stream;
    CsvReader reader(input, path);
    reader.owned_ = std::move(stream);
    return reader;
}

std::optional<std::size_t> CsvReader::column(const std::string& name) const {
    const std::string wanted = lower(name);
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (lower(header_[i]) == wanted)
            return i;
    return std::nullopt;
}

bool CsvReader::next(CsvRow& row) {
    row.fields.clear();
    while (readRecord(row.fields, row.line)) {
        if (!(row.fields.size() == 1 && row.fields[0].empty()))
            return true; // a blank line is a record with one empty field
        row.fields.clear();
    }
    return false;
}

bool CsvReader::readRecord(std::vector<std::string>& fields, int& startLine) {
    fields.clear();
    std::istream& in = *input_;
    if (atStart_) {
        atStart_ = false;
        if (in.peek() == 0xEF) { // UTF-8 byte-order mark
            char bom[3] = {};
            in.read(bom, 3);
            if (!(bom[1] == char(0xBB) && bom[2] == char(0xBF))) {
                in.clear();
                in.seekg(0);
            }
        }
    }
    if (in.peek() == std::char_traits<char>::eof())
        return false;
    startLine = ++line_;
    std::string field;
    bool quoted = false;     // the current field started with a quote
    bool inQuotes = false;   // inside the quotes of a quoted field
    bool afterQuote = false; // the closing quote was read
    const auto endField = [&] {
        fields.push_back(quoted ? field : trim(field));
        field.clear();
        quoted = inQuotes = afterQuote = false;
    };
    for (;;) {
        const int c = in.get();
        if (c == std::char_traits<char>::eof()) {
            if (inQuotes)
                throw Error(Error::Kind::Input,
                            sourceName_ + ":" + std::to_string(startLine) +
                                ": a quoted field is never closed; add the missing '\"'.");
            endField();
            return true;
        }
        if (inQuotes) {
            if (c == '"') {
                if (in.peek() == '"') {
                    in.get();
                    field.push_back('"');
                } else {
                    inQuotes = false;
                    afterQuote = true;
                }
            } else {
                if (c == '\n')
                    ++line_;
                field.push_back(char(c));
            }
            continue;
        }
        if (c == ',') {
            endField();
            continue;
        }
        if (c == '\r' && in.peek() == '\n')
            continue; // CRLF: the LF ends the record
        if (c == '\n' || c == '\r') {
            endField();
            return true;
        }
        if (afterQuote) {
            if (c == ' ' || c == '\t')
                continue;
            throw Error(Error::Kind::Input,
                        sourceName_ + ":" + std::to_string(line_) +
                            ": unexpected text after a closing quote; quote the whole field and "
                            "double any quote inside it (\"\").");
        }
        if (c == '"' && trim(field).empty() && !quoted) {
            field.clear();
            quoted = inQuotes = true;
            continue;
        }
        field.push_back(char(c));
    }
}

} // namespace ig
