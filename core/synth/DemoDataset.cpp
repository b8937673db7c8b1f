#include "synth/DemoDataset.h"

#include "synth/SurfaceGenerator.h"
#include "synth/SynthRandom.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace ig {
namespace {

// Random streams under the data set seed; each image has its own stream above kImageStreams.
constexpr std::uint64_t kDefectiveChoiceStream = 1;
constexpr std::uint64_t kDevChoiceStream = 2;
constexpr std::uint64_t kImageStreams = 1000;

void validate(const DemoOptions& options) {
    auto usage = [](const std::string& text) { throw Error(Error::Kind::Usage, text); };
    if (options.imageCount < 1 || options.imageCount > 100000)
        usage("The demo data set must hold 1 to 100000 images.");
    if (!(options.defectiveFraction >= 0 && options.defectiveFraction <= 1))
        usage("The defective fraction of the demo data set must be between 0 and 1.");
    if (options.devCount < 0 || options.devCount > options.imageCount)
        usage("The development split must hold between 0 and " +
              std::to_string(options.imageCount) + " images (the size of the data set).");
    if (options.minDevDefective < 0)
        usage("The minimum number of defective development images cannot be negative.");
}

void shuffle(std::vector<int>& values, SynthRandom& random) {
    for (int i = int(values.size()) - 1; i > 0; --i)
        std::swap(values[size_t(i)], values[size_t(random.uniformInt(0, i))]);
}

std::vector<bool> chooseDefective(const DemoOptions& options) {
    std::vector<int> order(size_t(options.imageCount));
    for (int i = 0; i < options.imageCount; ++i)
        order[size_t(i)] = i;
    SynthRandom random(mixSeed(options.seed, kDefectiveChoiceStream));
    shuffle(order, random);
    const int count = int(std::lround(options.imageCount * options.defectiveFraction));
    std::vector<bool> defective(size_t(options.imageCount), false);
    for (int i = 0; i < count; ++i)
        defective[size_t(order[size_t(i)])] = true;
    return defective;
}

// A dev split with the data set's share of defective images, but at least minDevDefective of
// them (a labeler cannot be tuned on a dev set with one or two defects).
std::vector<bool> chooseDev(const DemoOptions& options, const std::vector<bool>& defective) {
    std::vector<int> bad, good;
    for (int i = 0; i < options.imageCount; ++i)
        (defective[size_t(i)] ? bad : good).push_back(i);
    SynthRandom random(mixSeed(options.seed, kDevChoiceStream));
    shuffle(bad, random);
    shuffle(good, random);
    const int share = int(std::lround(options.devCount * double(bad.size()) / options.imageCount));
    int devBad =
        std::min({int(bad.size()), options.devCount, std::max(share, options.minDevDefective)});
    const int devGood = std::min(int(good.size()), options.devCount - devBad);
    devBad =
        std::min(int(bad.size()), options.devCount - devGood); // top up when clean ones run out
    std::vector<bool> dev(size_t(options.imageCount), false);
    for (int i = 0; i < devBad; ++i)
        dev[size_t(bad[size_t(i)])] = true;
    for (int i = 0; i < devGood; ++i)
        dev[size_t(good[size_t(i)])] = true;
    return dev;
}

std::filesystem::path prepareFolder(const std::string& folder) {
    namespace fs = std::filesystem;
    if (folder.empty())
        throw Error(Error::Kind::Usage, "Give a folder for the demo data set.");
    std::error_code error;
    const fs::path root = fs::absolute(fs::path(folder), error);
    if (!error)
        fs::create_directories(root / "images", error);
    if (error || !fs::is_directory(root / "images"))
        throw Error(Error::Kind::Input, "Could not create the folder '" +
                                            (fs::path(folder) / "images").string() +
                                            "' for the demo data set; choose a writable folder.");
    return root;
}

} // namespace

std::string demoImageName(int index, int imageCount) {
    const int digits = std::max(4, int(std::to_string(std::max(0, imageCount - 1)).size()));
    std::string number = std::to_string(index);
    if (int(number.size()) < digits)
        number.insert(0, size_t(digits) - number.size(), '0');
    return "synth_" + number + ".png";
}

DemoDatasetSummary writeDemoDataset(const std::string& folder, const DemoOptions& options,
                                    Feedback& feedback) {
    validate(options);
    SurfaceOptions surface;
    surface.width = options.width;
    surface.height = options.height;
    surface.defectTypes = options.defectTypes;
    surface.commutatorBars = options.commutatorBars;
    surface.bitDepth = options.bitDepth;
    surface.defectProbability = options.defectiveFraction > 0 ? 1.0 : 0.0;
    checkSurfaceOptions(surface); // checks the surface options before any file is written

    const std::filesystem::path root = prepareFolder(folder);
    const std::vector<bool> defective = chooseDefective(options);
    const std::vector<bool> dev = chooseDev(options, defective);

    // Each worker generates and writes one image at a time; only the boxes are kept.
    std::vector<std::vector<SynthDefect>> defects(size_t(options.imageCount));
    std::atomic<int> nextImage{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            for (int i = nextImage++; i < options.imageCount; i = nextImage++) {
                if (feedback.isCanceled())
                    return;
                SurfaceOptions one = surface;
                one.seed = mixSeed(options.seed, kImageStreams + std::uint64_t(i));
                one.defectProbability = defective[size_t(i)] ? 1.0 : 0.0;
                SynthImage image = generateSurface(one);
                std::vector<unsigned char> png;
                if (!cv::imencode(".png", image.pixels, png))
                    throw Error(Error::Kind::Internal,
                                "Could not encode a synthetic image as PNG.");
                writeFileAtomically(
                    (root / "images" / demoImageName(i, options.imageCount)).string(),
                    std::string(png.begin(), png.end()));
                defects[size_t(i)] = std::move(image.defects);
                feedback.advance();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            nextImage = options.imageCount; // the others stop after their current image
        }
    };
    feedback.beginStage("Generating demo images", options.imageCount);
    const int threads =
        std::max(1, std::min<int>(options.imageCount, int(std::thread::hardware_concurrency())));
    {
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back(work);
        for (auto& worker : workers)
            worker.join();
    }
    if (failure)
        std::rethrow_exception(failure);
    feedback.throwIfCanceled();

    DemoDatasetSummary summary;
    summary.folder = root.string();
    summary.images = options.imageCount;
    std::ostringstream labels, boxes, split;
    labels << "image,label\n";
    boxes << "image,x,y,w,h,class\n";
    split << "image\n";
    std::map<std::string, int> perType;
    for (int i = 0; i < options.imageCount; ++i) {
        const std::string name = demoImageName(i, options.imageCount);
        const bool hasDefect = !defects[size_t(i)].empty();
        labels << name << ',' << (hasDefect ? 1 : 0) << '\n';
        summary.defectiveImages += hasDefect ? 1 : 0;
        for (const auto& defect : defects[size_t(i)]) {
            const cv::Rect& r = defect.box;
            boxes << name << ',' << r.x << ',' << r.y << ',' << r.width << ',' << r.height << ','
                  << defect.type << '\n';
            ++perType[defect.type];
            ++summary.boxes;
        }
        if (dev[size_t(i)]) {
            split << name << '\n';
            ++summary.devImages;
            summary.devDefectiveImages += hasDefect ? 1 : 0;
        }
    }
    summary.boxesPerType.assign(perType.begin(), perType.end());
    writeFileAtomically((root / "boxes.csv").string(), boxes.str());
    writeFileAtomically((root / "dev_split.csv").string(), split.str());
    writeFileAtomically((root / "labels.csv").string(), labels.str()); // last: marks completeness
    return summary;
}

} // namespace ig
