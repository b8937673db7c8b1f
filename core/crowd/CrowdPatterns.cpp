#include "crowd/CrowdPatterns.h"

#include "crowd/CrowdReview.h"
#include "io/ImageFile.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <exception>
#include <map>
#include <mutex>

namespace ig {
namespace {

// One box to cut from an image, and what its pattern records.
struct Cut {
    Rect rect;
    PatternOrigin origin;
    std::string defectType;
};

std::vector<std::uint8_t> encodePng(const cv::Mat& pixels) {
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", pixels, bytes))
        throw Error(Error::Kind::Internal, "Could not encode a pattern as PNG.");
    return bytes;
}

} // namespace

int buildPatternsFromCrowd(Project& project, const MergeOptions& options, int quorum,
                           Feedback& feedback) {
    const CrowdReview review = reviewCrowd(project, options, quorum);
    std::map<Id, std::vector<Cut>> cutsByImage;
    for (const auto& g : review.groups)
        cutsByImage[g.imageId].push_back({g.group.rect, PatternOrigin::Crowd, g.group.defectType});
    for (const auto& item : review.items)
        if (item.tally.decision == ReviewDecision::Accepted)
            cutsByImage[item.imageId].push_back(
                {item.box.rect, PatternOrigin::Reviewed, item.tally.defectType});

    struct Job {
        ImageRecord image;
        std::string path;
        std::vector<Cut> cuts;
        std::vector<PatternRecord> patterns;
        std::vector<std::string> messages;
        std::exception_ptr error;
    };
    std::vector<Job> jobs;
    for (auto& [imageId, cuts] : cutsByImage) {
        const std::optional<ImageRecord> image = project.image(imageId);
        if (!image)
            continue; // removed since the boxes were read
        jobs.push_back({*image, project.absoluteImagePath(*image), std::move(cuts), {}, {}, {}});
    }

    feedback.beginStage("Cutting crowd patterns", static_cast<long long>(jobs.size()));
    cv::parallel_for_(cv::Range(0, int(jobs.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            Job& job = jobs[size_t(i)];
            try {
                feedback.throwIfCanceled();
                const cv::Mat pixels = readImageGrey8(job.path);
                const cv::Rect bounds(0, 0, pixels.cols, pixels.rows);
                for (const Cut& cut : job.cuts) {
                    const cv::Rect r =
                        cv::Rect(int(std::lround(cut.rect.x)), int(std::lround(cut.rect.y)),
                                 int(std::lround(cut.rect.w)), int(std::lround(cut.rect.h))) &
                        bounds;
                    if (r.width < 3 || r.height < 3) {
                        job.messages.push_back("Skipped a box on " + job.image.path +
                                               ": under 3 x 3 pixels inside the image.");
                        continue;
                    }
                    PatternRecord p;
                    p.png = encodePng(pixels(r).clone());
                    p.width = r.width;
                    p.height = r.height;
                    p.origin = cut.origin;
                    p.sourceImageId = job.image.id;
                    p.sourceRect =
                        Rect{double(r.x), double(r.y), double(r.width), double(r.height)};
                    p.defectType = cut.defectType;
                    job.patterns.push_back(std::move(p));
                }
            } catch (...) {
                job.error = std::current_exception();
            }
            feedback.advance();
        }
    });
    feedback.throwIfCanceled();
    int made = 0;
    for (const Job& job : jobs) {
        if (job.error)
            std::rethrow_exception(job.error);
        for (const auto& text : job.messages)
            feedback.message(text);
    }
    project.transaction([&] {
        project.removePatterns(PatternOrigin::Crowd);
        project.removePatterns(PatternOrigin::Reviewed);
        for (const Job& job : jobs)
            for (const auto& p : job.patterns) {
                project.addPattern(p);
                ++made;
            }
    });
    return made;
}

} // namespace ig
