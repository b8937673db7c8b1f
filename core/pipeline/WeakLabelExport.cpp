#include "pipeline/WeakLabelExport.h"

#include "project/Project.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace ig {
namespace {

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// ",pattern,score,x,y,w,h" of the best match in a label's evidence; empty columns when the
// evidence (from a project file that may come from elsewhere) is not what this version writes.
std::string bestMatchColumns(const nlohmann::json& evidence) {
    try {
        const nlohmann::json& m = evidence.at("matches").at(0);
        std::ostringstream out;
        out << ',' << m.value("pattern", 0LL) << ',' << m.value("score", 0.0) << ','
            << m.value("x", 0) << ',' << m.value("y", 0) << ',' << m.value("w", 0) << ','
            << m.value("h", 0);
        return out.str();
    } catch (const nlohmann::json::exception&) {
        return ",,,,,,";
    }
}

} // namespace

int exportWeakLabels(const Project& project, ExportFormat format, const std::string& path) {
    const auto labels = project.weakLabels();
    if (labels.empty())
        throw Error(Error::Kind::Input,
                    "The project has no weak labels to export. Run 'gadget run' first.");
    std::map<Id, ImageRecord> images;
    for (auto& image : project.images())
        images.emplace(image.id, std::move(image));

    std::string contents;
    if (format == ExportFormat::Csv) {
        std::ostringstream out;
        out << "image,label,probability,pattern,score,x,y,w,h\n";
        for (const auto& label : labels) {
            const auto evidence = nlohmann::json::parse(label.evidenceJson, nullptr, false);
            out << csvField(images.at(label.imageId).path) << ',' << csvField(label.label) << ','
                << label.probability;
            out << bestMatchColumns(evidence);
            out << '\n';
        }
        contents = out.str();
    } else {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& label : labels) {
            nlohmann::json entry = {{"image", images.at(label.imageId).path},
                                    {"label", label.label},
                                    {"probability", label.probability}};
            const auto evidence = nlohmann::json::parse(label.evidenceJson, nullptr, false);
            if (!evidence.is_discarded())
                entry["evidence"] = evidence;
            list.push_back(entry);
        }
        // Text from a project file may not be UTF-8 (names from elsewhere): replace, not throw.
        contents = nlohmann::json{{"weak_labels", list}}.dump(
                       2, ' ', false, nlohmann::json::error_handler_t::replace) +
                   "\n";
    }
    writeFileAtomically(path, contents);
    return static_cast<int>(labels.size());
}

} // namespace ig
