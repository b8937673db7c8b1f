#include "pipeline/SplitStudy.h"

#include "io/ImageFile.h"
#include "labeler/Metrics.h"
#include "labeler/PriorMatching.h"
#include "labeler/StratifiedSplit.h"
#include "labeler/TrainedLabeler.h"
#include "match/FeatureGenerator.h"
#include "pipeline/LabelSpace.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace ig {
namespace {

struct StudyPattern {
    size_t sourceRow; // row (labelled image) the box was drawn on
    cv::Mat pixels;
};

// Scores one split: trains on its dev rows with its patterns' columns, labels the other rows.
SplitOutcome scoreSplit(const std::string& name, const std::vector<int>& devRows,
                        const std::vector<int>& labels, const LabelSpace& space,
                        const std::vector<std::vector<float>>& features,
                        const std::vector<StudyPattern>& patterns,
                        const TuningOptions& tuningOptions,
                        const LabelerFeatureOptions& featureOptions, LabelDecision decision,
                        Feedback& feedback) {
    const std::set<int> dev(devRows.begin(), devRows.end());
    std::vector<size_t> columns;
    for (size_t p = 0; p < patterns.size(); ++p)
        if (dev.count(static_cast<int>(patterns[p].sourceRow)))
            columns.push_back(p);
    SplitOutcome outcome;
    outcome.name = name;
    outcome.devImages = static_cast<int>(devRows.size());
    outcome.patterns = static_cast<int>(columns.size());
    if (columns.empty())
        throw Error(Error::Kind::Input, "The " + name +
                                            " dev split has no boxes to use as patterns; the "
                                            "study needs boxes on the defective images.");
    // features[r] holds every pattern's columns side by side; keep the split's patterns'.
    const size_t perPattern = static_cast<size_t>(featureOptions.columnsPerPattern());
    const auto rowOf = [&](size_t r) {
        std::vector<float> row;
        row.reserve(columns.size() * perPattern);
        for (size_t c : columns)
            for (size_t k = 0; k < perPattern; ++k)
                row.push_back(features[r][c * perPattern + k]);
        return row;
    };
    std::map<size_t, size_t> devRowOfImage; // labelled-image row -> row of `train`
    LabeledData train;
    train.numClasses = static_cast<int>(space.classes.size());
    train.classNames = space.classes;
    std::vector<std::vector<float>> testRows;
    std::vector<int> testLabels;
    for (size_t r = 0; r < labels.size(); ++r) {
        if (dev.count(static_cast<int>(r))) {
            devRowOfImage[r] = train.features.size();
            train.features.push_back(rowOf(r));
            train.labels.push_back(labels[r]);
        } else {
            testRows.push_back(rowOf(r));
            testLabels.push_back(labels[r]);
        }
    }
    if (featureOptions.maskOwnPatterns) {
        std::vector<std::vector<size_t>> own(train.features.size());
        for (size_t i = 0; i < columns.size(); ++i)
            own[devRowOfImage.at(patterns[columns[i]].sourceRow)].push_back(i);
        maskOwnPatterns(train.features, train.labels, own, featureOptions.columnsPerPattern());
    }
    TuningOptions tuning = tuningOptions;
    tuning.positiveClass = space.positiveClass;
    TrainedLabeler labeler = fitLabeler(train, tuning, feedback);
    auto probabilities = labeler.model.predictProba(testRows);
    if (decision == LabelDecision::DevPrior)
        labeler.matchPrior(probabilities, classPrior(train.labels, space.positiveClass));
    std::vector<int> predicted;
    for (const auto& p : probabilities)
        predicted.push_back(labeler.decide(p));
    const ConfusionMatrix matrix = ConfusionMatrix::from(testLabels, predicted, train.numClasses);
    outcome.score = space.binary ? binaryF1(matrix, space.positiveClass) : macroF1(matrix);
    outcome.cvScore = labeler.tuning.cvScore;
    return outcome;
}

} // namespace

SplitStudyResult runSplitStudy(const Project& project, const SplitStudyOptions& options,
                               Feedback& feedback) {
    if (options.tuning.tuneThreshold && options.decision == LabelDecision::DevPrior)
        throw Error(Error::Kind::Usage, "A tuned threshold and the dev-prior decision both "
                                        "choose where an image is called defective; give one "
                                        "of them.");
    const auto start = std::chrono::steady_clock::now();
    const LabelSpace space = LabelSpace::ofDevSet(project);
    SplitStudyResult result;
    result.metric = space.metricName();
    result.decision = options.tuning.tuneThreshold ? "tuned-threshold" : toString(options.decision);

    // Rows: every image with a gold label of a known class.
    std::vector<ImageRecord> images;
    std::vector<int> labels;
    std::vector<int> givenDev;
    for (auto& image : project.images()) {
        if (!image.goldLabel || !space.indexOf(*image.goldLabel))
            continue;
        if (image.isDev)
            givenDev.push_back(static_cast<int>(images.size()));
        labels.push_back(*space.indexOf(*image.goldLabel));
        images.push_back(std::move(image));
    }
    const int numClasses = static_cast<int>(space.classes.size());
    std::vector<std::pair<std::string, std::vector<int>>> splits = {{"given", givenDev}};
    for (int i = 1; i <= options.randomSplits; ++i)
        splits.emplace_back("random " + std::to_string(i),
                            stratifiedSubset(labels, numClasses, static_cast<int>(givenDev.size()),
                                             options.seed + static_cast<std::uint64_t>(i)));

    // Patterns: the boxes of every image that some split holds in its dev set.
    std::set<int> needed;
    for (const auto& split : splits)
        needed.insert(split.second.begin(), split.second.end());
    std::map<Id, std::vector<BoxRecord>> boxes;
    for (const auto& b : project.boxes())
        boxes[b.imageId].push_back(b);
    std::vector<StudyPattern> patterns;
    feedback.beginStage("Cutting patterns", static_cast<long long>(needed.size()));
    for (int row : needed) {
        feedback.throwIfCanceled();
        const auto& image = images[static_cast<size_t>(row)];
        const auto it = boxes.find(image.id);
        if (it != boxes.end()) {
            const cv::Mat pixels = readImageGrey8(project.absoluteImagePath(image));
            for (const auto& box : it->second)
                if (const auto r = patternRectInImage(box.rect, pixels.size()))
                    patterns.push_back({static_cast<size_t>(row), pixels(*r).clone()});
        }
        feedback.advance();
    }
    if (patterns.empty())
        throw Error(Error::Kind::Input, "No image of any split has boxes; import the data "
                                        "set's boxes ('gadget import-boxes') first.");

    // Features of every labelled image against every needed pattern, streamed.
    std::vector<cv::Mat> patternPixels;
    for (const auto& p : patterns)
        patternPixels.push_back(p.pixels);
    std::vector<std::vector<float>> features(images.size());
    generateFeatures(
        images.size(),
        [&](size_t i) { return readImageGrey8(project.absoluteImagePath(images[i])); },
        patternPixels, options.match,
        [&](size_t i, const std::vector<MatchResult>& results) {
            features[i].reserve(results.size() *
                                static_cast<size_t>(options.features.columnsPerPattern()));
            for (const auto& r : results)
                appendPatternColumns(features[i], r.score, r.prominence, options.features);
        },
        feedback);
    result.pairsMatched = static_cast<long long>(images.size() * patterns.size());

    feedback.beginStage("Training on each split", static_cast<long long>(splits.size()));
    for (size_t s = 0; s < splits.size(); ++s) {
        SilentFeedback quiet; // tuning's own progress would hide the split count
        SplitOutcome outcome =
            scoreSplit(splits[s].first, splits[s].second, labels, space, features, patterns,
                       options.tuning, options.features, options.decision, quiet);
        if (s == 0)
            result.given = outcome;
        else
            result.random.push_back(outcome);
        feedback.advance();
        feedback.throwIfCanceled();
    }
    if (!result.random.empty()) {
        double sum = 0, sq = 0;
        result.min = 1, result.max = 0;
        for (const auto& o : result.random) {
            sum += o.score;
            sq += o.score * o.score;
            result.min = std::min(result.min, o.score);
            result.max = std::max(result.max, o.score);
        }
        const double n = static_cast<double>(result.random.size());
        result.mean = sum / n;
        result.stddev = n > 1 ? std::sqrt(std::max(0.0, (sq - sum * sum / n) / (n - 1))) : 0;
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

std::string SplitStudyResult::toText() const {
    std::ostringstream out;
    char line[200];
    out << "split        dev  patterns  " << metric << "  CV score\n";
    const auto row = [&](const SplitOutcome& o) {
        std::snprintf(line, sizeof line, "%-11s %4d %9d %8.3f %9.3f\n", o.name.c_str(), o.devImages,
                      o.patterns, o.score, o.cvScore);
        out << line;
    };
    row(given);
    for (const auto& o : random)
        row(o);
    if (!random.empty()) {
        std::snprintf(line, sizeof line,
                      "random splits: mean %.3f, std %.3f, min %.3f, max %.3f (%zu splits)\n", mean,
                      stddev, min, max, random.size());
        out << line;
    }
    std::snprintf(line, sizeof line, "given split: %.3f; %lld pairs matched; %.1f s\n", given.score,
                  pairsMatched, seconds);
    out << line << "decision: " << decision << "\n";
    return out.str();
}

std::string SplitStudyResult::toJson() const {
    const auto outcome = [](const SplitOutcome& o) {
        return nlohmann::json{{"name", o.name},
                              {"dev_images", o.devImages},
                              {"patterns", o.patterns},
                              {"score", o.score},
                              {"cv_score", o.cvScore}};
    };
    nlohmann::json j = {{"metric", metric}, {"decision", decision},  {"given", outcome(given)},
                        {"mean", mean},     {"stddev", stddev},      {"min", min},
                        {"max", max},       {"pairs", pairsMatched}, {"seconds", seconds}};
    j["random"] = nlohmann::json::array();
    for (const auto& o : random)
        j["random"].push_back(outcome(o));
    return j.dump(2);
}

} // namespace ig
