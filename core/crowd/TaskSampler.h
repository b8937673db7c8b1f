#pragma once

#include "project/Records.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace ig {

class Project;
struct CrowdSettings;

// What the sampler needs to know of a project, read at once (see loadSamplerState).
struct SamplerState {
    std::vector<Id> pool;              // the images to annotate
    std::map<Id, std::set<Id>> doneBy; // image -> workers who finished it
    int defectiveFound = 0;            // images holding an accepted defect
};

struct SamplerOptions {
    int workersPerImage = 3;        // an image finished by this many is not handed out
    int targetDefectiveImages = 10; // stop once this many images hold accepted defects; 0: never
    std::uint64_t seed = 1;
};

enum class SamplerStop {
    None,          // an image was picked
    TargetReached, // enough defective images were found
    NothingLeft,   // every image is done by this worker or by enough workers (or skipped)
};

struct SamplerPick {
    std::optional<Id> imageId;
    SamplerStop stop = SamplerStop::None;
};

// Hands each worker randomly drawn images to annotate.
//
// Each worker walks the pool in their own random order, fixed by the seed and their id (so an
// interrupted session resumes the same way, and two workers see different orders). The next
// image is the first one in that order that the worker has not finished, that fewer than
// workersPerImage workers have finished, and that is not in `skip` - but images other workers
// have started come first (the most finished first): an image's boxes can be merged only once
// several workers have drawn on it, so spreading the crowd thinly over many images would find
// nothing. Once targetDefectiveImages images hold accepted defects, nobody gets another image.
//
// Threading: a TaskSampler is immutable; next() may be called from any thread.
class TaskSampler {
public:
    explicit TaskSampler(SamplerOptions options);

    SamplerPick next(const SamplerState& state, Id workerId, const std::set<Id>& skip = {}) const;
    // The worker's random order of `pool` (ids sorted first: the order ignores the pool's).
    std::vector<Id> orderFor(const std::vector<Id>& pool, Id workerId) const;
    const SamplerOptions& options() const { return options_; }

private:
    SamplerOptions options_;
};

// Options from the project's crowd settings.
SamplerOptions samplerOptionsOf(const CrowdSettings& settings);

// The sampler's view of `project`: the pool is the development images when the project marks
// any (the crowd labels the dev set, as in the paper), else all images; defective images are
// counted by reviewCrowd with the settings' merge options and quorum.
// Threading: uses `project` on the calling thread only.
SamplerState loadSamplerState(const Project& project, const CrowdSettings& settings);

} // namespace ig
