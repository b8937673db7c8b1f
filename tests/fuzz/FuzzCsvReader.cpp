// The CSV reader itself (quotes, multi-line fields, CRLF, byte-order mark, blank lines).
#include "io/CsvReader.h"
#include "util/Error.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
    try {
        ig::CsvReader reader(input, "fuzz.csv");
        (void)reader.column("image");
        ig::CsvRow row;
        int lastLine = 0;
        while (reader.next(row)) {
            if (row.line <= lastLine || row.fields.empty())
                __builtin_trap(); // lines go forward and every row has a field
            lastLine = row.line;
        }
    } catch (const ig::Error&) {
    }
    return 0;
}
