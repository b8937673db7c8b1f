#include "crowd/BoxMerger.h"

#include "crowd/RectGeometry.h"
#include "util/Error.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace ig {
namespace {

struct Link {
    double iou;
    size_t a, b;
};

// Union-find over box indices that also tracks each group's workers.
class Groups {
public:
    explicit Groups(const std::vector<CrowdBox>& boxes)
        : parent_(boxes.size()), workers_(boxes.size()) {
        std::iota(parent_.begin(), parent_.end(), size_t{0});
        for (size_t i = 0; i < boxes.size(); ++i)
            workers_[i].insert(boxes[i].workerId);
    }
    size_t root(size_t i) {
        while (parent_[i] != i)
            i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    // Joins the groups of a and b unless they are one already or share a worker.
    void joinIfDisjoint(size_t a, size_t b) {
        size_t ra = root(a), rb = root(b);
        if (ra == rb)
            return;
        const auto& wa = workers_[ra];
        const auto& wb = workers_[rb];
        const bool shared =
            std::any_of(wa.begin(), wa.end(), [&](Id w) { return wb.count(w) > 0; });
        if (shared)
            return;
        if (ra > rb)
            std::swap(
                ra, rb); // the lower index stays the root: results do not depend on order of joins
        parent_[rb] = ra;
        workers_[ra].insert(workers_[rb].begin(), workers_[rb].end());
        workers_[rb].clear();
    }

private:
    std::vector<size_t> parent_;
    std::vector<std::set<Id>> workers_;
};

Rect averageOf(const std::vector<CrowdBox>& members) {
    Rect mean;
    for (const auto& box : members) {
        mean.x += box.rect.x, mean.y += box.rect.y, mean.w += box.rect.w, mean.h += box.rect.h;
    }
    const double n = double(members.size());
    return Rect{mean.x / n, mean.y / n, mean.w / n, mean.h / n};
}

Rect combine(const std::vector<CrowdBox>& members, CombineMode mode) {
    switch (mode) {
    case CombineMode::Union: {
        Rect all = members.front().rect;
        for (const auto& box : members)
            all = rectBoundingUnion(all, box.rect);
        return all;
    }
    case CombineMode::Intersection: {
        Rect common = members.front().rect;
        for (const auto& box : members)
            common = rectIntersection(common, box.rect);
        return rectHasArea(common) ? common : averageOf(members);
    }
    case CombineMode::Average:
        break;
    }
    return averageOf(members);
}

double meanPairwiseIoU(const std::vector<CrowdBox>& members) {
    double sum = 0;
    int pairs = 0;
    for (size_t i = 0; i < members.size(); ++i)
        for (size_t j = i + 1; j < members.size(); ++j, ++pairs)
            sum += rectIoU(members[i].rect, members[j].rect);
    return pairs > 0 ? sum / pairs : 0.0;
}

std::string majorityType(const std::vector<CrowdBox>& members, const Rect& combined) {
    std::map<std::string, std::pair<int, double>>
        votes; // type -> (boxes, summed IoU with combined)
    for (const auto& box : members)
        if (!box.defectType.empty()) {
            auto& vote = votes[box.defectType];
            vote.first += 1;
            vote.second += rectIoU(box.rect, combined);
        }
    std::string best;
    std::pair<int, double> bestVote{0, -1.0};
    for (const auto& [type, vote] : votes) // alphabetical: the first wins a full tie
        if (vote.first > bestVote.first ||
            (vote.first == bestVote.first && vote.second > bestVote.second)) {
            best = type;
            bestVote = vote;
        }
    return best;
}

} // namespace

MergeResult mergeBoxes(const std::vector<CrowdBox>& boxes, const MergeOptions& options) {
    if (!(options.iouThreshold > 0 && options.iouThreshold <= 1))
        throw Error(
            Error::Kind::Usage,
            "The overlap (IoU) threshold for merging crowd boxes must be above 0 and at most 1; "
            "0.1 is a good start.");

    std::vector<Link> links;
    for (size_t a = 0; a < boxes.size(); ++a)
        for (size_t b = a + 1; b < boxes.size(); ++b) {
            if (boxes[a].workerId == boxes[b].workerId)
                continue; // a worker never confirms their own box
            const double iou = rectIoU(boxes[a].rect, boxes[b].rect);
            if (iou >= options.iouThreshold)
                links.push_back({iou, a, b});
        }
    // Strongest first, so a worker's better-overlapping box claims the group; ties by position.
    std::sort(links.begin(), links.end(), [](const Link& l, const Link& r) {
        return std::tie(r.iou, l.a, l.b) < std::tie(l.iou, r.a, r.b);
    });
    Groups groups(boxes);
    for (const auto& link : links)
        groups.joinIfDisjoint(link.a, link.b);

    std::map<size_t, std::vector<CrowdBox>> byRoot; // roots are each group's lowest index
    for (size_t i = 0; i < boxes.size(); ++i)
        byRoot[groups.root(i)].push_back(boxes[i]);

    std::set<Id> distinctWorkers;
    for (const auto& box : boxes)
        distinctWorkers.insert(box.workerId);
    const int sawImage = std::max(options.workersWhoSawImage, int(distinctWorkers.size()));

    MergeResult result;
    for (auto& [root, members] : byRoot) {
        if (members.size() < 2) {
            result.outliers.push_back(members.front());
            continue;
        }
        MergedGroup group;
        group.rect = combine(members, options.mode);
        group.agreement = meanPairwiseIoU(members);
        group.support = double(members.size()) / sawImage;
        group.defectType = majorityType(members, group.rect);
        group.members = std::move(members);
        result.groups.push_back(std::move(group));
    }
    return result;
}

} // namespace ig
