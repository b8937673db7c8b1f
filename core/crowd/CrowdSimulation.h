#pragma once

#include "project/Records.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ig {

class Feedback;
class Project;
struct MergeOptions;

// A simulated crowd for measuring the crowd workflow (the paper's ablation): from the gold boxes
// of the dev images, N workers each draw what they see, imperfectly, and experts vote on the
// outliers as someone who knows the gold boxes would, with an optional error rate.
struct CrowdSimulationOptions {
    int workers = 5;
    double missRate = 0.2;      // each worker misses each gold box with this probability
    double jitter = 0.1;        // each corner moves uniformly by up to this fraction of the box's
                                // width (x) or height (y), independently; below 0.5
    double inventRate = 0.1;    // each worker invents one box on each image with this probability
    int experts = 1;            // simulated experts who vote on every outlier
    double expertErrorRate = 0; // each expert's vote is the wrong one with this probability
    // An outlier deserves acceptance when it overlaps a gold box of its image by at least this
    // intersection over union.
    double acceptIou = 0.1;
    std::uint64_t seed = 1;
    std::string goldWorker = "gold"; // whose boxes are the truth (see goldBoxesOf)
    std::string namePrefix = "sim";  // workers sim1..simN, experts sim-expert1..
};

// One box a simulated worker drew.
struct SimulatedBox {
    Id boxId = 0; // in the project
    Id imageId = 0;
    Id workerId = 0;
    Id goldBoxId = 0; // the gold box it copies; 0 when invented
    Rect rect;
};

struct CrowdSimulationReport {
    int devImages = 0;
    int goldBoxes = 0;      // gold boxes on the dev images
    long long drawn = 0;    // gold boxes drawn by a worker (each worker counts)
    long long missed = 0;   // gold boxes a worker missed
    long long invented = 0; // boxes made up
    std::vector<SimulatedBox> boxes;
    long long outliers = 0; // boxes nobody else confirmed, voted on
    long long accepted = 0; // outliers the experts accepted (by quorum)
    long long rejected = 0;
    long long wrongVotes = 0; // votes that went against the gold boxes
    std::string goldType;     // the type invented boxes get (the commonest gold type)
};

// The boxes of the worker `name` (the gold boxes of a data set, imported with --worker gold).
// Throws ig::Error(Usage) naming the project's workers when there is no such worker.
std::vector<BoxRecord> goldBoxesOf(const Project& project, const std::string& name);

// Writes a simulated crowd into `project`: the workers (role worker), their boxes and an
// image_done mark by every one of them on every dev image. Existing boxes of workers with the
// simulated names are replaced. Boxes are clipped to their image (at least 1 x 1 pixel); an
// invented box takes the size of a random gold box at a random place. Deterministic for a seed.
// `gold` are the true boxes (only those on dev images are used). Throws ig::Error(Usage) for
// rates out of range, ig::Error(Input) when the dev images hold no gold box.
CrowdSimulationReport simulateCrowd(Project& project, const std::vector<BoxRecord>& gold,
                                    const CrowdSimulationOptions& options, Feedback& feedback);

// The simulated experts vote on every outlier of reviewCrowd(project, merge, quorum): accept
// (with the type of the gold box it overlaps) when it overlaps a gold box by acceptIou, else
// reject; each vote flipped with expertErrorRate. Fills the review part of `report`.
void simulateReview(Project& project, const std::vector<BoxRecord>& gold,
                    const CrowdSimulationOptions& options, const MergeOptions& merge, int quorum,
                    CrowdSimulationReport& report);

} // namespace ig
