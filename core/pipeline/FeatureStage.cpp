#include "pipeline/FeatureStage.h"

#include "io/ImageFile.h"
#include "match/FeatureGenerator.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>

namespace ig {
namespace {

// Features are committed every this many images: a cancel or crash loses at most one batch,
// and a transaction per image would spend its time in fsync.
constexpr size_t kCommitEvery = 16;

} // namespace

FeatureStageResult computeFeatures(Project& project, const MatchOptions& options,
                                   Feedback& feedback,
                                   const std::function<bool(const PatternRecord&)>& only) {
    FeatureStageResult result;
    auto patternRecords = project.patterns();
    if (only)
        patternRecords.erase(std::remove_if(patternRecords.begin(), patternRecords.end(),
                                            [&](const PatternRecord& p) { return !only(p); }),
                             patternRecords.end());
    if (patternRecords.empty())
        throw Error(Error::Kind::Input,
                    "The project has no patterns to match. Import boxes drawn on dev images "
                    "('gadget import-boxes') or give pattern files with --pattern-files.");

    // Which (image, pattern) pairs exist already; only images missing some get matched, and
    // only against the patterns any image is missing.
    std::map<Id, std::set<Id>> have;
    for (const auto& f : project.features())
        have[f.imageId].insert(f.patternId);
    std::set<Id> missingPatterns;
    std::vector<ImageRecord> todo;
    for (auto& image : project.images()) {
        const auto& done = have[image.id];
        bool complete = true;
        for (const auto& p : patternRecords)
            if (!done.count(p.id)) {
                missingPatterns.insert(p.id);
                complete = false;
            }
        if (complete)
            ++result.skippedImages;
        else
            todo.push_back(std::move(image));
    }
    if (todo.empty())
        return result;

    std::vector<cv::Mat> patterns;
    std::vector<Id> patternIds;
    for (const auto& p : patternRecords)
        if (missingPatterns.count(p.id)) {
            patterns.push_back(decodePatternGrey8(p));
            patternIds.push_back(p.id);
        }

    std::vector<std::string> paths;
    paths.reserve(todo.size());
    for (const auto& image : todo)
        paths.push_back(project.absoluteImagePath(image));

    std::atomic<int> unreadable{0};
    const MatchImageLoader load = [&](size_t index) -> cv::Mat {
        try {
            return readImageGrey8(paths[index]);
        } catch (const Error& e) {
            if (e.kind() != Error::Kind::Input)
                throw;
            feedback.message(std::string("Skipped: ") + e.what());
            ++unreadable;
            return cv::Mat();
        }
    };

    std::vector<FeatureRecord> batch;
    const auto flush = [&] {
        project.putFeatures(batch);
        batch.clear();
    };
    const MatchImageHandler store = [&](size_t index, const std::vector<MatchResult>& results) {
        if (results.empty())
            return;
        for (size_t p = 0; p < results.size(); ++p)
            batch.push_back({todo[index].id, patternIds[p], results[p].score, results[p].x,
                             results[p].y, results[p].prominence});
        ++result.images;
        result.pairs += static_cast<long long>(results.size());
        if (result.images % kCommitEvery == 0)
            flush();
    };
    try {
        generateFeatures(todo.size(), load, patterns, options, store, feedback);
    } catch (...) {
        flush(); // keep every image finished before the cancel or error
        throw;
    }
    flush();
    result.unreadable = unreadable.load();
    return result;
}

} // namespace ig
