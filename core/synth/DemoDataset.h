#pragma once

#include "synth/SurfaceOptions.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ig {

class Feedback;

// What the demo data set holds. The defaults give the built-in demo: 120 surfaces of 256 x 640
// with commutator bars, a quarter of them defective, and a development split of 30 images.
struct DemoOptions {
    int imageCount = 120; // 1 ... 100000
    int width = 256;
    int height = 640;
    double defectiveFraction = 0.25; // exactly round(imageCount * fraction) images get defects
    int devCount = 30;               // images in dev_split.csv, 0 ... imageCount
    int minDevDefective = 5;         // the dev split holds at least this many defective images
    std::uint64_t seed = 2020;
    std::vector<std::string> defectTypes = synthDefectTypes();
    bool commutatorBars = true;
    int bitDepth = 8;
};

struct DemoDatasetSummary {
    std::string folder; // absolute
    int images = 0;
    int defectiveImages = 0;
    int boxes = 0;
    int devImages = 0;
    int devDefectiveImages = 0;
    std::vector<std::pair<std::string, int>> boxesPerType; // by type name
};

// The file name of image `index` in the demo data set ("synth_0007.png").
std::string demoImageName(int index, int imageCount);

// Writes a synthetic data set in the layout of the shared KolektorSDD copy:
//   images/synth_NNNN.png   grey PNG images
//   labels.csv              image,label        (1 defective, 0 not)
//   boxes.csv               image,x,y,w,h,class (one row per defect)
//   dev_split.csv           image               (stratified: clean and defective images)
// Image names in the CSV files are file names without the folder, as in the KolektorSDD copy.
// The folder is created when missing; files of the same names are replaced, each through a
// temporary file and a rename, and the CSV files come last, so a complete labels.csv means a
// complete data set. Other files in the folder are left alone. The same options give the same
// files. Images are generated on all cores, one at a time per core.
// Throws ig::Error(Usage) for bad options, ig::Error(Input) when the folder cannot be written,
// ig::CanceledError when `feedback` is canceled.
//
// Threading: call from one thread; it starts its own workers, which report to `feedback`.
DemoDatasetSummary writeDemoDataset(const std::string& folder, const DemoOptions& options,
                                    Feedback& feedback);

} // namespace ig
