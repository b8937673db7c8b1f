#include "pipeline/PatternSource.h"

#include "io/ImageFile.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace ig {

std::vector<std::uint8_t> encodePng(const cv::Mat& image) {
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", image, bytes))
        throw Error(Error::Kind::Internal, "Could not encode a pattern as PNG.");
    return bytes;
}

cv::Mat decodePatternGrey8(const PatternRecord& pattern) {
    cv::Mat pixels = cv::imdecode(pattern.png, cv::IMREAD_GRAYSCALE);
    if (pixels.empty())
        throw Error(Error::Kind::Project, "Pattern " + std::to_string(pattern.id) +
                                              " in the project is damaged (its PNG does not "
                                              "decode). Cut the patterns again with 'gadget run'.");
    return pixels;
}

std::optional<cv::Rect> patternRectInImage(const Rect& box, const cv::Size& imageSize) {
    const cv::Rect r =
        cv::Rect(static_cast<int>(std::lround(box.x)), static_cast<int>(std::lround(box.y)),
                 static_cast<int>(std::lround(box.w)), static_cast<int>(std::lround(box.h))) &
        cv::Rect(0, 0, imageSize.width, imageSize.height);
    if (r.width < 3 || r.height < 3)
        return std::nullopt;
    return r;
}

int cutPatternsFromDevBoxes(Project& project, Feedback& feedback) {
    std::map<Id, std::vector<BoxRecord>> boxesByImage;
    for (const auto& box : project.boxes())
        boxesByImage[box.imageId].push_back(box);
    std::vector<ImageRecord> devImages;
    for (const auto& image : project.images())
        if (image.isDev && boxesByImage.count(image.id))
            devImages.push_back(image);

    feedback.beginStage("Cutting patterns", static_cast<long long>(devImages.size()));
    std::vector<PatternRecord> patterns;
    for (const auto& image : devImages) {
        feedback.throwIfCanceled();
        const cv::Mat pixels = readImageGrey8(project.absoluteImagePath(image));
        for (const auto& box : boxesByImage[image.id]) {
            const auto clipped = patternRectInImage(box.rect, pixels.size());
            if (!clipped) {
                feedback.message("Skipped box " + std::to_string(box.id) + " on " + image.path +
                                 ": under 3 x 3 pixels inside the image.");
                continue;
            }
            const cv::Rect r = *clipped;
            PatternRecord p;
            p.png = encodePng(pixels(r).clone());
            p.width = r.width;
            p.height = r.height;
            p.origin = PatternOrigin::Crowd;
            p.sourceImageId = image.id;
            p.sourceRect = Rect{double(r.x), double(r.y), double(r.width), double(r.height)};
            p.defectType = box.defectType;
            patterns.push_back(std::move(p));
        }
        feedback.advance();
    }
    project.transaction([&] {
        project.removePatterns(PatternOrigin::Crowd);
        for (const auto& p : patterns)
            project.addPattern(p);
    });
    return static_cast<int>(patterns.size());
}

std::vector<Id> importPatternFiles(Project& project, const std::vector<std::string>& files,
                                   const std::string& defectType, Feedback& feedback) {
    feedback.beginStage("Importing patterns", static_cast<long long>(files.size()));
    std::vector<PatternRecord> patterns;
    for (const auto& file : files) {
        feedback.throwIfCanceled();
        const cv::Mat pixels = readImageGrey8(file);
        PatternRecord p;
        p.png = encodePng(pixels);
        p.width = pixels.cols;
        p.height = pixels.rows;
        p.origin = PatternOrigin::Crowd;
        p.defectType = defectType;
        patterns.push_back(std::move(p));
        feedback.advance();
    }
    std::vector<Id> ids;
    project.transaction([&] {
        project.removePatterns(PatternOrigin::Crowd);
        for (const auto& p : patterns)
            ids.push_back(project.addPattern(p));
    });
    return ids;
}

} // namespace ig
