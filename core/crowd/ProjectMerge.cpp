#include "crowd/ProjectMerge.h"

#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace ig {
namespace {

std::string fileNameOf(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool sameBox(const BoxRecord& a, const BoxRecord& b) {
    constexpr double eps = 1e-6;
    return std::abs(a.rect.x - b.rect.x) < eps && std::abs(a.rect.y - b.rect.y) < eps &&
           std::abs(a.rect.w - b.rect.w) < eps && std::abs(a.rect.h - b.rect.h) < eps &&
           a.defectType == b.defectType;
}

// This project's images by content hash and by file name.
class ImageMatcher {
public:
    explicit ImageMatcher(std::vector<ImageRecord> images) : images_(std::move(images)) {
        for (std::size_t i = 0; i < images_.size(); ++i) {
            byHash_[images_[i].contentHash].push_back(i);
            byName_[fileNameOf(images_[i].path)].push_back(i);
        }
    }

    // The image here that `other` is, and whether only its name matched; none when none is.
    std::optional<std::pair<Id, bool>> match(const ImageRecord& other) const {
        const std::string name = fileNameOf(other.path);
        const auto sameSize = [&](std::size_t i) {
            return images_[i].width == other.width && images_[i].height == other.height;
        };
        if (const auto it = byHash_.find(other.contentHash);
            !other.contentHash.empty() && it != byHash_.end()) {
            std::optional<std::size_t> first;
            for (std::size_t i : it->second) {
                if (!sameSize(i))
                    continue;
                if (fileNameOf(images_[i].path) == name)
                    return std::make_pair(images_[i].id, false);
                if (!first)
                    first = i;
            }
            if (first) // byte-identical images under other names (KolektorSDD has 16)
                return std::make_pair(images_[*first].id, false);
        }
        if (const auto it = byName_.find(name); it != byName_.end()) {
            std::vector<std::size_t> fits;
            for (std::size_t i : it->second)
                if (sameSize(i))
                    fits.push_back(i);
            if (fits.size() == 1)
                return std::make_pair(images_[fits[0]].id, true);
        }
        return std::nullopt;
    }

private:
    std::vector<ImageRecord> images_;
    std::unordered_map<std::string, std::vector<std::size_t>> byHash_, byName_;
};

Project openOther(const std::string& otherPath) {
    try {
        return Project::open(otherPath);
    } catch (const Error& e) {
        if (e.kind() == Error::Kind::Project || e.kind() == Error::Kind::Input)
            throw Error(e.kind(), "Cannot merge '" + otherPath + "': " + e.what() +
                                      " Give another worker's .gadget project file.");
        throw;
    }
}

} // namespace

ProjectMergeReport mergeProject(Project& project, const std::string& otherPath,
                                Feedback& feedback) {
    std::error_code ec;
    if (fs::equivalent(project.path(), otherPath, ec))
        throw Error(Error::Kind::Usage, "'" + otherPath +
                                            "' is this project itself; give another worker's "
                                            "project file to merge.");
    const Project other = openOther(otherPath);
    const std::vector<ImageRecord> otherImages = other.images();
    const std::vector<WorkerRecord> otherWorkers = other.workers();
    const std::vector<BoxRecord> otherBoxes = other.boxes();
    const std::vector<Project::ImageDone> otherDone = other.imagesDone();
    const std::vector<VoteRecord> otherVotes = other.votes();

    ProjectMergeReport report;
    report.otherImages = static_cast<long long>(otherImages.size());
    feedback.beginStage(
        "merge project",
        static_cast<long long>(otherBoxes.size() + otherDone.size() + otherVotes.size()));
    project.transaction([&] {
        const ImageMatcher matcher(project.images());
        std::unordered_map<Id, Id> imageHere; // other's image id -> this project's
        for (const ImageRecord& image : otherImages)
            if (const auto match = matcher.match(image)) {
                imageHere[image.id] = match->first;
                ++report.matchedImages;
                report.matchedByName += match->second ? 1 : 0;
            }

        std::unordered_map<Id, Id> workerHere;
        for (const WorkerRecord& worker : otherWorkers) {
            if (!project.workerByName(worker.name))
                ++report.workersAdded;
            workerHere[worker.id] = project.ensureWorker(worker.name, worker.role);
        }

        std::map<std::pair<Id, Id>, std::vector<BoxRecord>> boxesHere; // (image, worker) -> boxes
        std::unordered_map<Id, Id> boxHere;
        for (const BoxRecord& box : otherBoxes) {
            feedback.throwIfCanceled();
            feedback.advance();
            const auto image = imageHere.find(box.imageId);
            if (image == imageHere.end()) {
                ++report.boxesSkipped;
                continue;
            }
            BoxRecord mine = box;
            mine.id = 0;
            mine.imageId = image->second;
            mine.workerId = workerHere.at(box.workerId);
            const auto key = std::make_pair(mine.imageId, mine.workerId);
            auto cached = boxesHere.find(key);
            if (cached == boxesHere.end())
                cached =
                    boxesHere.emplace(key, project.boxesOfImageBy(key.first, key.second)).first;
            const BoxRecord* known = nullptr;
            for (const BoxRecord& b : cached->second)
                if (sameBox(b, mine)) {
                    known = &b;
                    break;
                }
            if (known) {
                boxHere[box.id] = known->id;
                ++report.boxesKnown;
                continue;
            }
            mine.id = project.addBox(mine); // keeps the box's creation time
            boxHere[box.id] = mine.id;
            cached->second.push_back(mine);
            ++report.boxesAdded;
        }

        for (const Project::ImageDone& done : otherDone) {
            feedback.throwIfCanceled();
            feedback.advance();
            const auto image = imageHere.find(done.imageId);
            if (image == imageHere.end())
                continue;
            const Id worker = workerHere.at(done.workerId);
            if (project.imageDone(image->second, worker))
                continue;
            project.markImageDone(image->second, worker);
            ++report.doneAdded;
        }

        std::map<std::pair<Id, Id>, VoteRecord> votesHere; // (box, expert) -> vote
        for (VoteRecord& vote : project.votes())
            votesHere[{vote.boxId, vote.workerId}] = std::move(vote);
        for (const VoteRecord& vote : otherVotes) {
            feedback.throwIfCanceled();
            feedback.advance();
            const auto box = boxHere.find(vote.boxId);
            if (box == boxHere.end())
                continue; // its box is on an image this project does not hold
            VoteRecord mine = vote;
            mine.id = 0;
            mine.boxId = box->second;
            mine.workerId = workerHere.at(vote.workerId);
            const auto existing = votesHere.find({mine.boxId, mine.workerId});
            if (existing != votesHere.end() && ((existing->second.vote == mine.vote &&
                                                 existing->second.defectType == mine.defectType) ||
                                                existing->second.createdAt >= mine.createdAt)) {
                ++report.votesKnown;
                continue;
            }
            mine.id = project.addVote(mine);
            votesHere[{mine.boxId, mine.workerId}] = mine;
            ++report.votesAdded;
        }
    });
    return report;
}

} // namespace ig
