#include "pipeline/PolicyStage.h"

#include "io/ImageFile.h"
#include "labeler/LabeledData.h"
#include "labeler/Metrics.h"
#include "labeler/MlpModel.h"
#include "labeler/StratifiedSplit.h"
#include "match/FeatureGenerator.h"
#include "pipeline/FeatureTable.h"
#include "pipeline/LabelSpace.h"
#include "pipeline/LabelerFeatures.h"
#include "pipeline/PatternSource.h"
#include "project/Project.h"
#include "util/ByteStream.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <unordered_map>

namespace ig {
namespace {

// Identifies a pattern by its pixels, to find the matched copy of a pattern the search hands
// to the scorer.
std::uint64_t pixelKey(const cv::Mat& m) {
    const cv::Mat c = m.isContinuous() ? m : m.clone();
    std::uint64_t key = fnv1a(c.data, c.total() * c.elemSize());
    const std::uint64_t shape = (static_cast<std::uint64_t>(c.rows) << 32) ^
                                (static_cast<std::uint64_t>(c.cols) << 8) ^
                                static_cast<std::uint64_t>(c.type());
    return key ^ (shape * 0x9E3779B97F4A7C15ULL);
}

// How many patterns augmentWithPolicies makes from each pattern (it goes pattern by pattern).
size_t madePerPattern(const std::vector<PolicyOp>& ops, int magnitudesPerPolicy) {
    size_t n = 0;
    for (PolicyOp op : ops)
        n += usesMagnitude(op) ? static_cast<size_t>(magnitudesPerPolicy) : 1;
    return n;
}

struct DevImages {
    std::vector<Id> ids;
    std::vector<std::string> paths;
    std::vector<int> labels;
    LabelSpace space;
};

DevImages devImagesOf(const Project& project) {
    DevImages dev;
    dev.space = LabelSpace::ofDevSet(project);
    for (const auto& image : project.images())
        if (image.isDev && image.goldLabel) {
            dev.ids.push_back(image.id);
            dev.paths.push_back(project.absoluteImagePath(image));
            dev.labels.push_back(*dev.space.indexOf(*image.goldLabel));
        }
    return dev;
}

// One random train/test split of the dev set with everything a combination's score needs.
class SplitScorer {
public:
    SplitScorer(const DevImages& dev, const FeatureTable& table,
                const std::vector<PatternRecord>& crowd, const PolicyStageOptions& options,
                std::uint64_t seed, std::uint64_t splitSeed, const MatchOptions& match,
                Feedback& feedback)
        : dev_(dev), features_(options.features), breakTiesByAuc_(options.breakTiesByAuc),
          rankByAuc_(options.rankByAuc) {
        const int n = static_cast<int>(dev.ids.size());
        const int numClasses = static_cast<int>(dev.space.classes.size());
        const int testSize =
            std::clamp(static_cast<int>(std::lround(n * options.testFraction)), 1, n - 1);
        const auto test = stratifiedSubset(dev.labels, numClasses, testSize, splitSeed);
        std::vector<bool> isTest(static_cast<size_t>(n), false);
        for (int row : test)
            isTest[static_cast<size_t>(row)] = true;
        for (int row = 0; row < n; ++row)
            (isTest[static_cast<size_t>(row)] ? testRows_ : trainRows_).push_back(row);

        // The dev rows each crowd pattern was cut from (a pattern file: the ones it copies).
        std::map<Id, size_t> column;
        for (size_t c = 0; c < table.patternIds.size(); ++c)
            column[table.patternIds[c]] = c;
        std::map<size_t, std::vector<int>> cutFrom; // table column -> dev rows
        const auto own = table.patternsCutFrom(dev.ids, crowd);
        for (size_t row = 0; row < own.size(); ++row)
            for (size_t c : own[row])
                cutFrom[c].push_back(static_cast<int>(row));

        // Train patterns: not cut from a test image (a pattern matches its own image perfectly).
        std::vector<size_t> usable;
        for (size_t i = 0; i < crowd.size(); ++i) {
            const auto it = column.find(crowd[i].id);
            if (it == column.end())
                throw Error(Error::Kind::Internal, "A crowd pattern has no features yet.");
            const auto& rows = cutFrom[it->second];
            if (std::none_of(rows.begin(), rows.end(),
                             [&](int row) { return isTest[static_cast<size_t>(row)]; }))
                usable.push_back(i);
        }
        if (usable.empty())
            throw Error(Error::Kind::Input,
                        "The policy search found no pattern outside its test images. Draw boxes "
                        "on more dev images, or augment with the GAN only (--augment gan).");
        if (options.maxTrainPatterns > 0 &&
            static_cast<int>(usable.size()) > options.maxTrainPatterns) {
            std::mt19937_64 rng(splitSeed);
            std::shuffle(usable.begin(), usable.end(), rng);
            usable.resize(static_cast<size_t>(options.maxTrainPatterns));
            std::sort(usable.begin(), usable.end());
        }
        base_.resize(static_cast<size_t>(n));
        for (size_t i : usable) {
            trainPatterns_.push_back(decodePatternGrey8(crowd[i]));
            const size_t c = column.at(crowd[i].id);
            ownRows_.push_back(cutFrom[c]);
            for (int row = 0; row < n; ++row) {
                const Id image = dev.ids[static_cast<size_t>(row)];
                const auto scores = table.rows.find(image);
                if (scores == table.rows.end())
                    throw Error(Error::Kind::Input, "A dev image has no features yet; run the "
                                                    "feature stage first ('gadget run').");
                appendPatternColumns(base_[static_cast<size_t>(row)], scores->second[c],
                                     table.prominences.at(image)[c], features_);
            }
        }

        // Every operation's new patterns, matched once against every dev image.
        std::vector<cv::Mat> made;
        for (PolicyOp op : allPolicyOps()) {
            const size_t perPattern = madePerPattern({op}, options.magnitudesPerPolicy);
            auto opMade =
                augmentWithPolicies(trainPatterns_, {op}, options.magnitudesPerPolicy, seed);
            for (size_t k = 0; k < opMade.size(); ++k)
                if (index_.emplace(pixelKey(opMade[k]), made.size()).second) {
                    made.push_back(std::move(opMade[k]));
                    parentOf_.push_back(k / perPattern);
                }
        }
        augmented_.assign(static_cast<size_t>(n), {});
        generateFeatures(
            dev.paths.size(), [&](size_t i) { return readImageGrey8(dev.paths[i]); }, made, match,
            [&](size_t i, const std::vector<MatchResult>& results) {
                if (results.empty())
                    throw Error(Error::Kind::Input, "Cannot read the dev image " + dev.paths[i] +
                                                        "; the policy search needs every one.");
                for (const auto& r : results)
                    appendPatternColumns(augmented_[i], r.score, r.prominence, features_);
            },
            feedback);
        pairs_ = static_cast<long long>(made.size()) * n;
    }

    const std::vector<cv::Mat>& trainPatterns() const { return trainPatterns_; }
    long long pairs() const { return pairs_; }

    // Test score of the labeler trained with the train patterns plus the new ones in `set`
    // (which starts with trainPatterns()). Thread-safe: reads shared state only.
    SetRating score(const std::vector<cv::Mat>& set, std::uint64_t seed) const {
        std::vector<size_t> extra;
        for (size_t i = trainPatterns_.size(); i < set.size(); ++i) {
            const auto it = index_.find(pixelKey(set[i]));
            if (it == index_.end())
                throw Error(Error::Kind::Internal, "The policy search made a pattern it had "
                                                   "not matched; the search seed changed.");
            extra.push_back(it->second);
        }
        const size_t perPattern = static_cast<size_t>(features_.columnsPerPattern());
        const auto rowOf = [&](int row) {
            std::vector<float> r = base_[static_cast<size_t>(row)];
            const auto& made = augmented_[static_cast<size_t>(row)];
            for (size_t c : extra)
                r.insert(r.end(), made.begin() + static_cast<std::ptrdiff_t>(c * perPattern),
                         made.begin() + static_cast<std::ptrdiff_t>((c + 1) * perPattern));
            return r;
        };
        LabeledData train;
        train.numClasses = static_cast<int>(dev_.space.classes.size());
        std::map<int, size_t> trainIndex; // dev row -> row of `train`
        for (int row : trainRows_) {
            trainIndex[row] = train.features.size();
            train.features.push_back(rowOf(row));
            train.labels.push_back(dev_.labels[static_cast<size_t>(row)]);
        }
        if (features_.maskOwnPatterns) {
            // Train patterns on their own images, and the new ones on their parent's.
            std::vector<std::vector<size_t>> own(train.features.size());
            const auto markOwn = [&](size_t parent, size_t group) {
                for (int row : ownRows_[parent])
                    if (const auto it = trainIndex.find(row); it != trainIndex.end())
                        own[it->second].push_back(group);
            };
            for (size_t p = 0; p < trainPatterns_.size(); ++p)
                markOwn(p, p);
            for (size_t k = 0; k < extra.size(); ++k)
                markOwn(parentOf_[extra[k]], trainPatterns_.size() + k);
            maskOwnPatterns(train.features, train.labels, own, features_.columnsPerPattern());
        }
        std::vector<std::vector<float>> testFeatures;
        std::vector<int> truth;
        for (int row : testRows_) {
            testFeatures.push_back(rowOf(row));
            truth.push_back(dev_.labels[static_cast<size_t>(row)]);
        }
        const MlpModel model = MlpModel::train(train, MlpConfig{}, seed);
        const auto probabilities = model.predictProba(testFeatures);
        ConfusionMatrix matrix(train.numClasses);
        for (size_t i = 0; i < truth.size(); ++i) {
            const auto& p = probabilities[i];
            matrix.add(truth[i],
                       static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()));
        }
        const double f1 =
            dev_.space.binary ? binaryF1(matrix, dev_.space.positiveClass) : macroF1(matrix);
        if (rankByAuc_)
            return {macroRocAuc(probabilities, truth, train.numClasses), f1};
        return {f1, breakTiesByAuc_ ? macroRocAuc(probabilities, truth, train.numClasses) : 0.0};
    }

private:
    const DevImages& dev_;
    LabelerFeatureOptions features_;
    bool breakTiesByAuc_;
    bool rankByAuc_;
    std::vector<int> trainRows_, testRows_;
    std::vector<cv::Mat> trainPatterns_;
    std::vector<std::vector<int>> ownRows_;     // train pattern -> dev rows it was cut from
    std::vector<std::vector<float>> base_;      // dev row -> train patterns' columns
    std::vector<std::vector<float>> augmented_; // dev row -> every new pattern's columns
    std::vector<size_t> parentOf_;              // new pattern -> train pattern it came from
    std::unordered_map<std::uint64_t, size_t> index_;
    long long pairs_ = 0;
};

} // namespace

PolicySearchResult searchPoliciesOnDevSet(const Project& project,
                                          const std::vector<PatternRecord>& crowdPatterns,
                                          const PolicyStageOptions& options, std::uint64_t seed,
                                          const MatchOptions& match, Feedback& feedback) {
    if (options.repeats < 1 || !(options.testFraction > 0 && options.testFraction < 1))
        throw Error(Error::Kind::Usage, "The policy search needs at least one split and a test "
                                        "share between 0 and 1.");
    const DevImages dev = devImagesOf(project);
    const FeatureTable table = FeatureTable::load(project);

    PolicySearchOptions search;
    search.magnitudesPerPolicy = options.magnitudesPerPolicy;
    search.maxCombinations = options.maxCombinations;
    search.threads = match.threads;
    // One seed for every split: the same combinations (when sampled) and the same magnitudes,
    // so the scores of the splits can be averaged combination by combination.
    search.seed = seed;

    PolicySearchResult merged;
    for (int r = 0; r < options.repeats; ++r) {
        feedback.message("Policy search: dev split " + std::to_string(r + 1) + " of " +
                         std::to_string(options.repeats));
        const std::uint64_t splitSeed = seed * 1000003ULL + static_cast<std::uint64_t>(r) + 1;
        const SplitScorer split(dev, table, crowdPatterns, options, seed, splitSeed, match,
                                feedback);
        const PolicySearchResult one = searchPolicies(
            split.trainPatterns(), search,
            [&](const std::vector<cv::Mat>& set) { return split.score(set, splitSeed); }, feedback);
        if (r == 0) {
            merged = one;
            continue;
        }
        for (size_t i = 0; i < merged.tried.size(); ++i) {
            merged.tried[i].score += one.tried.at(i).score;
            merged.tried[i].tieBreak += one.tried.at(i).tieBreak;
        }
    }
    for (auto& tried : merged.tried) {
        tried.score /= options.repeats;
        tried.tieBreak /= options.repeats;
    }
    const CombinationScore& best = bestOf(merged.tried);
    merged.best = best.ops;
    merged.bestScore = best.score;
    return merged;
}

std::string describePolicyScorer(const PolicyStageOptions& options) {
    return std::string(options.rankByAuc ? "test-part ROC AUC" : "test-part F1") +
           " of the default MLP (" + MlpConfig{}.toString() + ") on " +
           (options.features.prominence ? "scores and prominences" : "scores") +
           (options.features.maskOwnPatterns ? ", own matches masked" : "") +
           ", mean over the splits" +
           (options.rankByAuc        ? "; ties by test F1"
            : options.breakTiesByAuc ? "; ties by test ROC AUC"
                                     : "");
}

std::vector<AugmentedPattern> applyPolicies(const std::vector<cv::Mat>& patterns,
                                            const std::vector<PolicyOp>& combination,
                                            int magnitudesPerPolicy, std::uint64_t seed,
                                            int count) {
    std::vector<cv::Mat> made =
        augmentWithPolicies(patterns, combination, magnitudesPerPolicy, seed);
    const size_t perPattern = madePerPattern(combination, magnitudesPerPolicy);
    std::vector<size_t> keep(made.size());
    std::iota(keep.begin(), keep.end(), size_t{0});
    if (count >= 0 && static_cast<size_t>(count) < keep.size()) {
        std::mt19937_64 rng(seed ^ 0xA5A5A5A5ULL);
        std::shuffle(keep.begin(), keep.end(), rng);
        keep.resize(static_cast<size_t>(count));
        std::sort(keep.begin(), keep.end());
    }
    std::vector<AugmentedPattern> out;
    for (size_t i : keep)
        out.push_back({perPattern ? i / perPattern : 0, std::move(made[i])});
    return out;
}

} // namespace ig
