#include "crowd/CrowdSimulation.h"

#include "crowd/CrowdReview.h"
#include "crowd/RectGeometry.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace ig {
namespace {

// Uniform doubles in [0, 1) from a fixed generator, the same on every platform (unlike
// std::uniform_real_distribution, whose algorithm the standard leaves open).
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
    double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }
    std::size_t index(std::size_t n) { return std::min(n - 1, std::size_t(uniform() * double(n))); }

private:
    std::mt19937_64 engine_;
};

void checkRate(double value, const char* name) {
    if (!(value >= 0 && value <= 1))
        throw Error(Error::Kind::Usage,
                    std::string("The simulated crowd's ") + name + " must be between 0 and 1.");
}

void checkOptions(const CrowdSimulationOptions& o) {
    if (o.workers < 1 || o.workers > 1000)
        throw Error(Error::Kind::Usage, "The simulated crowd needs 1 to 1000 workers.");
    if (o.experts < 1 || o.experts > 100)
        throw Error(Error::Kind::Usage, "The simulated review needs 1 to 100 experts.");
    checkRate(o.missRate, "miss rate");
    checkRate(o.inventRate, "invent rate");
    checkRate(o.expertErrorRate, "expert error rate");
    if (!(o.jitter >= 0 && o.jitter < 0.5))
        throw Error(Error::Kind::Usage,
                    "The simulated crowd's jitter must be at least 0 and below 0.5 (a fraction of "
                    "the box's size by which each corner moves).");
    if (!(o.acceptIou > 0 && o.acceptIou <= 1))
        throw Error(Error::Kind::Usage, "The experts' acceptance overlap must be in (0, 1].");
}

std::map<Id, std::vector<BoxRecord>> byImage(const std::vector<BoxRecord>& boxes) {
    std::map<Id, std::vector<BoxRecord>> out;
    for (const BoxRecord& box : boxes)
        out[box.imageId].push_back(box);
    return out;
}

// A corner pair moved by up to `jitter` of the size, kept inside [0, limit] and 1 px apart.
std::pair<double, double> jitterSpan(double lo, double size, double jitter, double limit,
                                     Random& random) {
    double a = lo + random.between(-jitter, jitter) * size;
    double b = lo + size + random.between(-jitter, jitter) * size;
    a = std::clamp(a, 0.0, std::max(0.0, limit - 1));
    b = std::clamp(b, a + 1, std::max(a + 1, limit));
    return {a, b};
}

} // namespace

std::vector<BoxRecord> goldBoxesOf(const Project& project, const std::string& name) {
    const auto worker = project.workerByName(name);
    if (!worker) {
        std::string names;
        for (const auto& w : project.workers())
            names += (names.empty() ? "" : ", ") + w.name;
        throw Error(Error::Kind::Usage,
                    "The project has no worker '" + name +
                        "' whose boxes are the gold (it has: " + (names.empty() ? "none" : names) +
                        "). Import the data set's boxes with --worker " + name +
                        " or name the gold worker.");
    }
    std::vector<BoxRecord> boxes;
    for (BoxRecord& box : project.boxes())
        if (box.workerId == worker->id)
            boxes.push_back(std::move(box));
    return boxes;
}

CrowdSimulationReport simulateCrowd(Project& project, const std::vector<BoxRecord>& goldBoxes,
                                    const CrowdSimulationOptions& options, Feedback& feedback) {
    checkOptions(options);
    const auto gold = byImage(goldBoxes);
    std::vector<ImageRecord> devImages;
    std::vector<const BoxRecord*> allGold; // for the sizes of invented boxes
    CrowdSimulationReport report;
    for (const ImageRecord& image : project.images()) {
        if (!image.isDev)
            continue;
        devImages.push_back(image);
        if (const auto it = gold.find(image.id); it != gold.end())
            for (const BoxRecord& box : it->second)
                allGold.push_back(&box);
    }
    report.devImages = int(devImages.size());
    report.goldBoxes = int(allGold.size());
    if (allGold.empty())
        throw Error(Error::Kind::Input, "The dev images hold no gold box, so there is nothing "
                                        "for a simulated crowd to see. Import the data set's "
                                        "boxes and set the dev split.");

    Random random(options.seed);
    feedback.beginStage("Simulating the crowd", report.devImages);
    project.transaction([&] {
        std::vector<Id> workers;
        for (int w = 1; w <= options.workers; ++w)
            workers.push_back(
                project.ensureWorker(options.namePrefix + std::to_string(w), Role::Worker));
        for (const BoxRecord& box : project.boxes())
            if (std::find(workers.begin(), workers.end(), box.workerId) != workers.end())
                project.removeBox(box.id);

        for (const ImageRecord& image : devImages) {
            feedback.throwIfCanceled();
            const auto it = gold.find(image.id);
            const std::vector<BoxRecord> none;
            const std::vector<BoxRecord>& truth = it == gold.end() ? none : it->second;
            for (Id worker : workers) {
                const auto add = [&](const Rect& rect, const std::string& type, Id goldBox) {
                    BoxRecord box;
                    box.imageId = image.id;
                    box.workerId = worker;
                    box.rect = rect;
                    box.defectType = type;
                    box.id = project.addBox(box);
                    report.boxes.push_back({box.id, image.id, worker, goldBox, rect});
                };
                for (const BoxRecord& g : truth) {
                    if (random.chance(options.missRate)) {
                        ++report.missed;
                        continue;
                    }
                    const auto [x0, x1] =
                        jitterSpan(g.rect.x, g.rect.w, options.jitter, image.width, random);
                    const auto [y0, y1] =
                        jitterSpan(g.rect.y, g.rect.h, options.jitter, image.height, random);
                    add(Rect{x0, y0, x1 - x0, y1 - y0}, g.defectType, g.id);
                    ++report.drawn;
                }
                if (random.chance(options.inventRate)) {
                    const BoxRecord& like = *allGold[random.index(allGold.size())];
                    const double w = std::min(like.rect.w, double(image.width));
                    const double h = std::min(like.rect.h, double(image.height));
                    const double x = random.uniform() * (image.width - w);
                    const double y = random.uniform() * (image.height - h);
                    add(Rect{x, y, w, h}, like.defectType, 0);
                    ++report.invented;
                }
            }
            for (Id worker : workers)
                project.markImageDone(image.id, worker);
            feedback.advance();
        }
    });
    return report;
}

void simulateReview(Project& project, const std::vector<BoxRecord>& goldBoxes,
                    const CrowdSimulationOptions& options, const MergeOptions& merge, int quorum,
                    CrowdSimulationReport& report) {
    checkOptions(options);
    const auto gold = byImage(goldBoxes);
    // Its own stream, so the review does not shift with the number of boxes drawn.
    Random random(options.seed ^ 0x9e3779b97f4a7c15ULL);
    const CrowdReview before = reviewCrowd(project, merge, quorum);
    project.transaction([&] {
        std::vector<Id> experts;
        for (int e = 1; e <= options.experts; ++e)
            experts.push_back(project.ensureWorker(
                options.namePrefix + "-expert" + std::to_string(e), Role::Expert));
        for (const ReviewItem& item : before.items) {
            ++report.outliers;
            const BoxRecord* best = nullptr;
            double bestIou = 0;
            if (const auto it = gold.find(item.imageId); it != gold.end())
                for (const BoxRecord& g : it->second) {
                    const double iou = rectIoU(g.rect, item.box.rect);
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = &g;
                    }
                }
            const bool deserved = best && bestIou >= options.acceptIou;
            for (Id expert : experts) {
                const bool wrong = random.chance(options.expertErrorRate);
                report.wrongVotes += wrong ? 1 : 0;
                const bool accept = deserved != wrong;
                VoteRecord vote;
                vote.boxId = item.box.id;
                vote.workerId = expert;
                vote.vote = accept ? Vote::Accept : Vote::Reject;
                vote.defectType = accept ? (best ? best->defectType : item.box.defectType) : "";
                project.addVote(vote);
            }
        }
    });
    for (const ReviewItem& item : reviewCrowd(project, merge, quorum).items) {
        report.accepted += item.tally.decision == ReviewDecision::Accepted ? 1 : 0;
        report.rejected += item.tally.decision == ReviewDecision::Rejected ? 1 : 0;
    }
}

} // namespace ig
