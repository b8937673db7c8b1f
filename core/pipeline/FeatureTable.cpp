#include "pipeline/FeatureTable.h"

#include "project/Project.h"

#include <unordered_map>

namespace ig {

FeatureTable FeatureTable::load(const Project& project) {
    return load(project, project.patterns());
}

FeatureTable FeatureTable::load(const Project& project,
                                const std::vector<PatternRecord>& patterns) {
    FeatureTable table;
    std::unordered_map<Id, size_t> column;
    for (const auto& p : patterns) {
        column[p.id] = table.patternIds.size();
        table.patternIds.push_back(p.id);
    }
    std::map<Id, std::vector<FeatureRecord>> byImage;
    for (const auto& f : project.features())
        byImage[f.imageId].push_back(f);
    for (auto& [imageId, features] : byImage) {
        std::vector<float> scores(table.patternIds.size(), 0.f);
        std::vector<float> prominences(table.patternIds.size(), 0.f);
        size_t filled = 0;
        for (const auto& f : features) {
            const auto it = column.find(f.patternId);
            if (it == column.end())
                continue;
            scores[it->second] = static_cast<float>(f.score);
            prominences[it->second] = static_cast<float>(f.prominence);
            ++filled;
        }
        if (filled == table.patternIds.size() && filled > 0) {
            table.rows.emplace(imageId, std::move(scores));
            table.prominences.emplace(imageId, std::move(prominences));
            table.raw.emplace(imageId, std::move(features));
        }
    }
    return table;
}

std::vector<float> FeatureTable::labelerRow(Id imageId,
                                            const LabelerFeatureOptions& options) const {
    const std::vector<float>& scores = rows.at(imageId);
    const std::vector<float>& prominence = prominences.at(imageId);
    std::vector<float> row;
    row.reserve(scores.size() * static_cast<size_t>(options.columnsPerPattern()));
    for (size_t c = 0; c < scores.size(); ++c)
        appendPatternColumns(row, scores[c], prominence[c], options);
    return row;
}

std::vector<std::vector<size_t>>
FeatureTable::patternsCutFrom(const std::vector<Id>& imageIds,
                              const std::vector<PatternRecord>& patterns) const {
    std::map<Id, const PatternRecord*> byId;
    for (const auto& p : patterns)
        byId[p.id] = &p;
    std::map<Id, size_t> rowOf;
    for (size_t r = 0; r < imageIds.size(); ++r)
        rowOf[imageIds[r]] = r;
    std::vector<std::vector<size_t>> own(imageIds.size());
    for (size_t c = 0; c < patternIds.size(); ++c) {
        const auto found = byId.find(patternIds[c]);
        const PatternRecord* p = found == byId.end() ? nullptr : found->second;
        for (int depth = 0; p && !p->sourceImageId && p->parentId && depth < 16; ++depth) {
            const auto parent = byId.find(*p->parentId);
            p = parent == byId.end() ? nullptr : parent->second;
        }
        if (p && p->sourceImageId) {
            const auto row = rowOf.find(*p->sourceImageId);
            if (row != rowOf.end())
                own[row->second].push_back(c);
            continue;
        }
        for (size_t r = 0; r < imageIds.size(); ++r)
            if (rows.at(imageIds[r])[c] >= kCopyScore)
                own[r].push_back(c);
    }
    return own;
}

} // namespace ig
