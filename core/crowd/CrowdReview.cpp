#include "crowd/CrowdReview.h"

#include "project/Project.h"
#include "util/Error.h"

#include <map>

namespace ig {

ReviewTally tallyVotes(const std::vector<VoteRecord>& votes, int quorum,
                       const std::string& fallbackType) {
    if (quorum < 1)
        throw Error(Error::Kind::Usage, "The review quorum must be at least one vote.");
    ReviewTally tally;
    std::map<std::string, int> types; // alphabetical: the first wins a tie
    for (const auto& vote : votes) {
        if (vote.vote == Vote::Accept) {
            ++tally.accepts;
            ++types[vote.defectType.empty() ? fallbackType : vote.defectType];
        } else {
            ++tally.rejects;
        }
    }
    if (tally.accepts + tally.rejects >= quorum && tally.accepts != tally.rejects)
        tally.decision =
            tally.accepts > tally.rejects ? ReviewDecision::Accepted : ReviewDecision::Rejected;
    int best = 0;
    for (const auto& [type, count] : types)
        if (count > best) {
            best = count;
            tally.defectType = type;
        }
    return tally;
}

CrowdReview reviewCrowd(const Project& project, const MergeOptions& options, int quorum) {
    if (quorum < 1)
        throw Error(Error::Kind::Usage, "The review quorum must be at least one vote.");
    std::map<Id, std::set<Id>> finishedBy; // image -> workers who finished it
    for (const auto& done : project.imagesDone())
        finishedBy[done.imageId].insert(done.workerId);
    std::map<Id, std::vector<CrowdBox>> boxesByImage;
    std::map<Id, std::string> typeOfBox;
    for (const auto& box : project.boxes()) {
        const auto it = finishedBy.find(box.imageId);
        if (it == finishedBy.end() || !it->second.count(box.workerId))
            continue;
        boxesByImage[box.imageId].push_back({box.id, box.workerId, box.rect, box.defectType});
    }
    std::map<Id, std::vector<VoteRecord>> votesByBox;
    for (const auto& vote : project.votes())
        votesByBox[vote.boxId].push_back(vote);

    CrowdReview review;
    for (const auto& [imageId, boxes] : boxesByImage) {
        MergeOptions perImage = options;
        perImage.workersWhoSawImage = int(finishedBy[imageId].size());
        MergeResult merged = mergeBoxes(boxes, perImage);
        if (!merged.groups.empty())
            review.defectiveImages.insert(imageId);
        for (auto& group : merged.groups)
            review.groups.push_back({imageId, std::move(group)});
        for (const auto& outlier : merged.outliers) {
            ReviewItem item;
            item.imageId = imageId;
            item.box = outlier;
            for (const auto& other : boxes)
                if (other.id != outlier.id)
                    item.others.push_back(other);
            item.votes = votesByBox[outlier.id];
            item.tally = tallyVotes(item.votes, quorum, outlier.defectType);
            if (item.tally.decision == ReviewDecision::Accepted)
                review.defectiveImages.insert(imageId);
            review.items.push_back(std::move(item));
        }
    }
    return review;
}

} // namespace ig
