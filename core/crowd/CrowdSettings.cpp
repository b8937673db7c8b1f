#include "crowd/CrowdSettings.h"

#include "crowd/BoxMerger.h"
#include "project/Project.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace ig {
namespace {

const char* kDefectTypes = "crowd.defect_types";
const char* kTarget = "crowd.target_defective_images";
const char* kWorkersPerImage = "crowd.workers_per_image";
const char* kQuorum = "crowd.review_quorum";
const char* kMergeIou = "crowd.merge_iou";
const char* kSeed = "crowd.sampler_seed";

Error malformed(const std::string& key, const std::string& value) {
    return Error(Error::Kind::Project, "The project setting '" + key + "' holds '" + value +
                                           "', which is not a valid value. Set it again in the "
                                           "crowd settings.");
}

long long readInteger(const Project& project, const std::string& key, long long fallback) {
    const auto text = project.setting(key);
    if (!text)
        return fallback;
    try {
        size_t used = 0;
        const long long value = std::stoll(*text, &used);
        if (used != text->size())
            throw malformed(key, *text);
        return value;
    } catch (const std::logic_error&) { // invalid_argument, out_of_range
        throw malformed(key, *text);
    }
}

} // namespace

CrowdSettings loadCrowdSettings(const Project& project) {
    CrowdSettings s;
    if (const auto types = project.setting(kDefectTypes)) {
        try {
            s.defectTypes = nlohmann::json::parse(*types).get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception&) {
            throw malformed(kDefectTypes, *types);
        }
    } else {
        std::set<std::string> seen;
        for (const auto& [type, count] : project.summary().boxTypes)
            if (!type.empty() && count > 0)
                seen.insert(type);
        s.defectTypes.assign(seen.begin(), seen.end());
        if (s.defectTypes.empty())
            s.defectTypes = {"defect"};
    }
    s.targetDefectiveImages = int(readInteger(project, kTarget, s.targetDefectiveImages));
    s.workersPerImage = int(readInteger(project, kWorkersPerImage, s.workersPerImage));
    s.reviewQuorum = int(readInteger(project, kQuorum, s.reviewQuorum));
    s.samplerSeed = std::uint64_t(readInteger(project, kSeed, (long long)s.samplerSeed));
    if (const auto iou = project.setting(kMergeIou)) {
        try {
            s.mergeIouThreshold = std::stod(*iou);
        } catch (const std::logic_error&) {
            throw malformed(kMergeIou, *iou);
        }
    }
    if (s.targetDefectiveImages < 0)
        throw malformed(kTarget, std::to_string(s.targetDefectiveImages));
    if (s.workersPerImage < 1)
        throw malformed(kWorkersPerImage, std::to_string(s.workersPerImage));
    if (s.reviewQuorum < 1)
        throw malformed(kQuorum, std::to_string(s.reviewQuorum));
    if (!(s.mergeIouThreshold > 0 && s.mergeIouThreshold <= 1))
        throw malformed(kMergeIou, std::to_string(s.mergeIouThreshold));
    return s;
}

void saveCrowdSettings(Project& project, const CrowdSettings& s) {
    std::set<std::string> unique;
    for (const auto& type : s.defectTypes) {
        if (type.empty())
            throw Error(Error::Kind::Usage, "A defect type needs a name; remove the empty one.");
        if (!unique.insert(type).second)
            throw Error(Error::Kind::Usage,
                        "The defect type '" + type + "' is listed twice; keep one of them.");
    }
    if (s.defectTypes.empty())
        throw Error(Error::Kind::Usage, "List at least one defect type, e.g. 'crack'.");
    if (s.targetDefectiveImages < 0)
        throw Error(Error::Kind::Usage,
                    "The target of defective images cannot be negative; use 0 for no target.");
    if (s.workersPerImage < 1)
        throw Error(Error::Kind::Usage, "Each image needs at least one worker; 3 is usual.");
    if (s.reviewQuorum < 1)
        throw Error(Error::Kind::Usage, "The review quorum must be at least one vote.");
    if (!(s.mergeIouThreshold > 0 && s.mergeIouThreshold <= 1))
        throw Error(Error::Kind::Usage,
                    "The merge overlap (IoU) must be above 0 and at most 1; 0.1 is a good start.");
    project.transaction([&] {
        project.setSetting(kDefectTypes, nlohmann::json(s.defectTypes).dump());
        project.setSetting(kTarget, std::to_string(s.targetDefectiveImages));
        project.setSetting(kWorkersPerImage, std::to_string(s.workersPerImage));
        project.setSetting(kQuorum, std::to_string(s.reviewQuorum));
        project.setSetting(kMergeIou, nlohmann::json(s.mergeIouThreshold).dump());
        project.setSetting(kSeed, std::to_string((long long)s.samplerSeed));
    });
}

MergeOptions mergeOptionsOf(const CrowdSettings& settings) {
    MergeOptions options;
    options.iouThreshold = settings.mergeIouThreshold;
    return options;
}

std::string defectDescription(const Project& project, const std::string& defectType) {
    return project.setting("crowd.description." + defectType).value_or("");
}

void setDefectDescription(Project& project, const std::string& defectType,
                          const std::string& text) {
    project.setSetting("crowd.description." + defectType, text);
}

bool tutorialPassed(const Project& project, std::int64_t workerId) {
    return project.setting("crowd.tutorial_passed." + std::to_string(workerId)).has_value();
}

void setTutorialPassed(Project& project, std::int64_t workerId) {
    project.setSetting("crowd.tutorial_passed." + std::to_string(workerId), utcNow());
}

} // namespace ig
