#include "io/BoxFile.h"

#include "util/Error.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace ig {

std::string formatNumber(double value) {
    if (value == 0)
        value = 0; // no "-0"
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

std::optional<double> parseNumber(const std::string& text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return std::nullopt;
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    const std::string trimmed = text.substr(first, last - first + 1);
    char* end = nullptr;
    const double value = std::strtod(trimmed.c_str(), &end);
    if (end != trimmed.c_str() + trimmed.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void checkBoxNumbers(const Rect& r, const std::string& where) {
    const auto show = [&] {
        return "(x " + formatNumber(r.x) + ", y " + formatNumber(r.y) + ", w " + formatNumber(r.w) +
               ", h " + formatNumber(r.h) + ")";
    };
    if (!std::isfinite(r.x) || !std::isfinite(r.y) || !std::isfinite(r.w) || !std::isfinite(r.h))
        throw Error(Error::Kind::Input,
                    where + ": the box has a coordinate that is not a number. Fix the file.");
    if (r.x < 0 || r.y < 0)
        throw Error(Error::Kind::Input,
                    where + ": the box " + show() + " has a negative coordinate. Fix the file.");
    if (r.w <= 0 || r.h <= 0)
        throw Error(Error::Kind::Input, where + ": the box " + show() +
                                            " has no area (its width and height must be "
                                            "positive). Fix the file.");
}

} // namespace ig
