#include "pipeline/FeatureTable.h"

#include "project/Project.h"

#include <unordered_map>

namespace ig {

FeatureTable FeatureTable::load(const Project& project) {
    FeatureTable table;
    std::unordered_map<Id, size_t> column;
    for (const auto& p : project.patterns()) {
        column[p.id] = table.patternIds.size();
        table.patternIds.push_back(p.id);
    }
    std::map<Id, std::vector<FeatureRecord>> byImage;
    for (const auto& f : project.features())
        byImage[f.imageId].push_back(f);
    for (auto& [imageId, features] : byImage) {
        std::vector<float> row(table.patternIds.size(), 0.f);
        size_t filled = 0;
        for (const auto& f : features) {
            const auto it = column.find(f.patternId);
            if (it == column.end())
                continue;
            row[it->second] = static_cast<float>(f.score);
            ++filled;
        }
        if (filled == table.patternIds.size() && filled > 0) {
            table.rows.emplace(imageId, std::move(row));
            table.raw.emplace(imageId, std::move(features));
        }
    }
    return table;
}

FeatureTable FeatureTable::selectColumns(const std::vector<Id>& patternIds) const {
    std::unordered_map<Id, size_t> column;
    for (size_t i = 0; i < this->patternIds.size(); ++i)
        column[this->patternIds[i]] = i;
    FeatureTable out;
    out.patternIds = patternIds;
    for (const auto& [imageId, row] : rows) {
        std::vector<float> selected;
        selected.reserve(patternIds.size());
        for (Id p : patternIds)
            selected.push_back(row[column.at(p)]);
        out.rows.emplace(imageId, std::move(selected));
    }
    out.raw = raw;
    return out;
}

} // namespace ig
