#include "crowd/TaskSampler.h"

#include "crowd/CrowdReview.h"
#include "crowd/CrowdSettings.h"
#include "project/Project.h"
#include "util/Error.h"

#include <algorithm>

namespace ig {
namespace {

// SplitMix64: a tiny generator whose sequence is the same on every platform (std::shuffle and
// the std distributions are not specified bit for bit).
std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

TaskSampler::TaskSampler(SamplerOptions options) : options_(options) {
    if (options_.workersPerImage < 1)
        throw Error(Error::Kind::Usage, "Each image needs at least one worker; 3 is usual.");
    if (options_.targetDefectiveImages < 0)
        throw Error(Error::Kind::Usage,
                    "The target of defective images cannot be negative; use 0 for no target.");
}

std::vector<Id> TaskSampler::orderFor(const std::vector<Id>& pool, Id workerId) const {
    std::vector<Id> order(pool);
    std::sort(order.begin(), order.end());
    std::uint64_t state = options_.seed;
    state ^= splitMix64(state) ^ (std::uint64_t(workerId) * 0xD1B54A32D192ED03ull);
    for (size_t i = order.size(); i > 1; --i) // Fisher-Yates
        std::swap(order[i - 1], order[size_t(splitMix64(state) % i)]);
    return order;
}

SamplerPick TaskSampler::next(const SamplerState& state, Id workerId,
                              const std::set<Id>& skip) const {
    if (options_.targetDefectiveImages > 0 &&
        state.defectiveFound >= options_.targetDefectiveImages)
        return {std::nullopt, SamplerStop::TargetReached};
    std::optional<Id> best;
    size_t bestDone = 0;
    for (Id id : orderFor(state.pool, workerId)) {
        if (skip.count(id))
            continue;
        const auto it = state.doneBy.find(id);
        const size_t done = it == state.doneBy.end() ? 0 : it->second.size();
        if (done >= size_t(options_.workersPerImage) || (done > 0 && it->second.count(workerId)))
            continue;
        if (!best || done > bestDone) {
            best = id;
            bestDone = done;
        }
    }
    if (!best)
        return {std::nullopt, SamplerStop::NothingLeft};
    return {best, SamplerStop::None};
}

SamplerOptions samplerOptionsOf(const CrowdSettings& settings) {
    SamplerOptions options;
    options.workersPerImage = settings.workersPerImage;
    options.targetDefectiveImages = settings.targetDefectiveImages;
    options.seed = settings.samplerSeed;
    return options;
}

SamplerState loadSamplerState(const Project& project, const CrowdSettings& settings) {
    SamplerState state;
    std::vector<Id> all;
    for (const auto& image : project.images()) {
        all.push_back(image.id);
        if (image.isDev)
            state.pool.push_back(image.id);
    }
    if (state.pool.empty())
        state.pool = std::move(all);
    for (const auto& done : project.imagesDone())
        state.doneBy[done.imageId].insert(done.workerId);
    state.defectiveFound = int(reviewCrowd(project, mergeOptionsOf(settings), settings.reviewQuorum)
                                   .defectiveImages.size());
    return state;
}

} // namespace ig
