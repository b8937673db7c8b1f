// The policy search with toy scorers whose best combination is known, plus the bounds,
// reproducibility, cancel, errors and JSON of its results.
#include "augment/PolicyOperations.h"
#include "augment/PolicySearch.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>

using namespace ig;

namespace {

std::vector<cv::Mat> ksddPatterns(int count) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(IG_SHARED_DATA "/ksdd/patterns"))
        if (entry.path().extension() == ".jpg")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> patterns;
    for (int i = 0; i < count && i < static_cast<int>(files.size()); ++i)
        patterns.push_back(cv::imread(files[static_cast<size_t>(i)], cv::IMREAD_GRAYSCALE));
    return patterns;
}

// Dark grey patterns (values 20..60) with a brighter stroke.
std::vector<cv::Mat> darkPatterns() {
    std::vector<cv::Mat> patterns;
    for (int i = 0; i < 3; ++i) {
        cv::Mat p(16 + 4 * i, 24, CV_8UC1);
        cv::RNG rng(100 + i);
        rng.fill(p, cv::RNG::UNIFORM, 20, 61);
        p.row(5 + i).setTo(90);
        patterns.push_back(p);
    }
    return patterns;
}

double meanBrightness(const std::vector<cv::Mat>& set) {
    double sum = 0;
    for (const cv::Mat& p : set)
        sum += cv::mean(p)[0];
    return sum / double(set.size());
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

bool contains(const std::vector<PolicyOp>& ops, PolicyOp op) {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

// Cancels itself once `after` combinations are done.
class CancelAfter : public Feedback {
public:
    explicit CancelAfter(long long after) : after_(after) {}

protected:
    void onProgress(const std::string&, long long done, long long) override {
        if (done >= after_)
            cancel();
    }

private:
    long long after_;
};

} // namespace

class TestPolicySearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void combinationsAreComplete() {
        const auto all = policyCombinations(allPolicyOps(), 3);
        QCOMPARE(all.size(), size_t(969));
        std::set<std::vector<PolicyOp>> distinct(all.begin(), all.end());
        QCOMPARE(distinct.size(), size_t(969));
        for (const auto& c : all)
            QVERIFY(c[0] < c[1] && c[1] < c[2]);
        QVERIFY((all.front() ==
                 std::vector<PolicyOp>{PolicyOp::ShearX, PolicyOp::ShearY, PolicyOp::TranslateX}));
        QCOMPARE(policyCombinations(allPolicyOps(), 1).size(), size_t(19));
        QCOMPARE(policyCombinations({PolicyOp::Invert, PolicyOp::FlipX}, 3).size(), size_t(0));
    }

    void augmentationCountsAndReproducibility() {
        const std::vector<cv::Mat> patterns = ksddPatterns(2);
        const std::vector<PolicyOp> combo = {PolicyOp::Brightness, PolicyOp::Invert,
                                             PolicyOp::Rotate};
        // Per pattern: 10 Brightness + 1 Invert (no magnitude) + 10 Rotate.
        const auto set = augmentWithPolicies(patterns, combo, 10, 5);
        QCOMPARE(set.size(), size_t(42));
        for (size_t i = 0; i < set.size(); ++i)
            QCOMPARE(set[i].size(), patterns[i / 21].size());
        const auto again = augmentWithPolicies(patterns, combo, 10, 5);
        for (size_t i = 0; i < set.size(); ++i)
            QVERIFY(identical(set[i], again[i]));
        // Different magnitudes with another seed.
        const auto other = augmentWithPolicies(patterns, combo, 10, 6);
        QVERIFY(!identical(set[0], other[0]));
        // The Brightness patterns do not depend on the other ops of the combination.
        const auto shared = augmentWithPolicies(
            patterns, {PolicyOp::Brightness, PolicyOp::FlipX, PolicyOp::Cutout}, 10, 5);
        QCOMPARE(shared.size(), size_t(2 * (10 + 1 + 10)));
        for (int i = 0; i < 10; ++i)
            QVERIFY(identical(shared[static_cast<size_t>(i)], set[static_cast<size_t>(i)]));
        QVERIFY(identical(set[10], applyPolicy(patterns[0], PolicyOp::Invert, 0.5,
                                               *std::make_unique<std::mt19937_64>(1))));
        // maxOutput keeps a subset in the original order.
        const auto capped = augmentWithPolicies(patterns, combo, 10, 5, 15);
        QCOMPARE(capped.size(), size_t(15));
        size_t cursor = 0;
        for (const cv::Mat& p : capped) {
            while (cursor < set.size() && !identical(set[cursor], p))
                ++cursor;
            QVERIFY(cursor < set.size());
            ++cursor;
        }
        QCOMPARE(augmentWithPolicies(patterns, combo, 10, 5, 100).size(), size_t(42));
    }

    void findsTheBrightestCombination() {
        // Dark patterns: Invert brightens them most, then Equalize and AutoContrast (spread over
        // the full range); Brightness/Contrast/... keep the mean on average.
        const std::vector<cv::Mat> patterns = darkPatterns();
        PolicySearchOptions options;
        options.seed = 3;
        options.threads = 2;
        std::atomic<int> calls{0};
        std::atomic<int> badSets{0};
        SilentFeedback feedback;
        const PolicySearchResult result = searchPolicies(
            patterns, options,
            [&](const std::vector<cv::Mat>& set) {
                ++calls;
                for (size_t i = 0; i < patterns.size(); ++i) // the originals come first
                    if (!identical(set[i], patterns[i]))
                        ++badSets;
                return meanBrightness(set);
            },
            feedback);
        QCOMPARE(calls.load(), 969);
        QCOMPARE(badSets.load(), 0);
        QCOMPARE(result.tried.size(), size_t(969));
        QCOMPARE(feedback.done(), 969LL);
        QVERIFY((result.best == std::vector<PolicyOp>{PolicyOp::AutoContrast, PolicyOp::Invert,
                                                      PolicyOp::Equalize}));
        for (const CombinationScore& c : result.tried) {
            QVERIFY(c.score <= result.bestScore);
            if (!contains(c.ops, PolicyOp::Invert))
                QVERIFY(c.score < result.bestScore - 20);
        }
        // The winner's set is reproducible from the result alone.
        std::vector<cv::Mat> winner = patterns;
        for (cv::Mat& p :
             augmentWithPolicies(patterns, result.best, result.magnitudesPerPolicy, result.seed))
            winner.push_back(p);
        QCOMPARE(meanBrightness(winner), result.bestScore);
    }

    void equalScoresGoToTheHigherTieBreak() {
        // Every combination scores the same and the tie-break is the set's mean brightness:
        // Invert and Equalize brighten the dark patterns, flips do not. Of the two sets with
        // both (FlipX or FlipY as the third op: equally bright), the first enumerated wins.
        const std::vector<cv::Mat> patterns = darkPatterns();
        PolicySearchOptions options;
        options.seed = 3;
        options.threads = 2;
        options.ops = {PolicyOp::FlipX, PolicyOp::Invert, PolicyOp::Equalize, PolicyOp::FlipY};
        SilentFeedback feedback;
        const PolicySearchResult result = searchPolicies(
            patterns, options,
            [](const std::vector<cv::Mat>& set) {
                return SetRating{0.5, meanBrightness(set)};
            },
            feedback);
        QCOMPARE(result.tried.size(), size_t(4));
        QCOMPARE(result.bestScore, 0.5);
        QVERIFY((result.best ==
                 std::vector<PolicyOp>{PolicyOp::FlipX, PolicyOp::Invert, PolicyOp::Equalize}));
        const CombinationScore& first = result.tried.front();
        QVERIFY(first.ops == result.best);
        for (const CombinationScore& c : result.tried) {
            QCOMPARE(c.score, 0.5);
            QVERIFY(!ratesAbove(c, first));
        }
        const CombinationScore& noInvert = result.tried[2]; // FlipX, Equalize, FlipY
        QVERIFY(!contains(noInvert.ops, PolicyOp::Invert));
        QVERIFY(noInvert.tieBreak < first.tieBreak - 1);
        QCOMPARE(result.tried[3].tieBreak, first.tieBreak); // Invert, Equalize, FlipY
        // A higher score still beats any tie-break.
        QVERIFY(ratesAbove({{}, 0.6, 0.0}, {{}, 0.5, 1.0}));
        QVERIFY(!ratesAbove({{}, 0.5, 0.7}, {{}, 0.5, 0.7})); // full tie: the first stays
    }

    void sampledSearchIsDeterministic() {
        const std::vector<cv::Mat> patterns = ksddPatterns(4);
        PolicySearchOptions options;
        options.seed = 11;
        options.maxCombinations = 40;
        options.maxNewPatterns = 50;
        // Prefers dark, low-contrast sets: a score with no tie.
        const PatternSetScorer scorer = [](const std::vector<cv::Mat>& set) {
            double score = 0;
            for (const cv::Mat& p : set) {
                cv::Scalar mean, stddev;
                cv::meanStdDev(p, mean, stddev);
                score -= mean[0] + stddev[0];
            }
            return score / double(set.size());
        };
        SilentFeedback f1, f2;
        options.threads = 1;
        const PolicySearchResult one = searchPolicies(patterns, options, scorer, f1);
        options.threads = 2;
        const PolicySearchResult two = searchPolicies(patterns, options, scorer, f2);
        QCOMPARE(one.tried.size(), size_t(40));
        std::set<std::vector<PolicyOp>> distinct;
        for (size_t i = 0; i < one.tried.size(); ++i) {
            distinct.insert(one.tried[i].ops);
            QVERIFY(one.tried[i].ops == two.tried[i].ops);
            QCOMPARE(one.tried[i].score, two.tried[i].score);
        }
        QCOMPARE(distinct.size(), size_t(40));
        QVERIFY(one.best == two.best);
        QCOMPARE(f1.total(), 40LL);
        // Another seed samples other combinations.
        options.seed = 12;
        SilentFeedback f3;
        const PolicySearchResult other = searchPolicies(patterns, options, scorer, f3);
        int same = 0;
        for (size_t i = 0; i < 40; ++i)
            same += other.tried[i].ops == one.tried[i].ops ? 1 : 0;
        QVERIFY(same < 40);
        // Only given ops are combined.
        options.ops = {PolicyOp::Invert, PolicyOp::FlipX, PolicyOp::Posterize, PolicyOp::Rotate};
        options.maxCombinations = 0;
        SilentFeedback f4;
        const PolicySearchResult few = searchPolicies(patterns, options, scorer, f4);
        QCOMPARE(few.tried.size(), size_t(4));
        // The commutator surface is bright, so inverting it makes the set darker.
        QVERIFY(meanBrightness(patterns) > 128);
        QVERIFY(contains(few.best, PolicyOp::Invert));
    }

    void cancelStopsEarly() {
        const std::vector<cv::Mat> patterns = darkPatterns();
        CancelAfter feedback(5);
        std::atomic<int> calls{0};
        PolicySearchOptions options;
        options.threads = 2;
        bool canceled = false;
        try {
            searchPolicies(
                patterns, options,
                [&](const std::vector<cv::Mat>& set) {
                    ++calls;
                    return meanBrightness(set);
                },
                feedback);
        } catch (const CanceledError&) {
            canceled = true;
        }
        QVERIFY(canceled);
        QVERIFY2(calls.load() < 20, std::to_string(calls.load()).c_str());
    }

    void scorerErrorsPropagate() {
        const std::vector<cv::Mat> patterns = darkPatterns();
        PolicySearchOptions options;
        options.maxCombinations = 10;
        SilentFeedback feedback;
        bool thrown = false;
        try {
            searchPolicies(
                patterns, options,
                [](const std::vector<cv::Mat>&) -> double { throw std::runtime_error("boom"); },
                feedback);
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()) == "boom";
        }
        QVERIFY(thrown);
        thrown = false;
        try {
            searchPolicies(
                patterns, options, [](const std::vector<cv::Mat>&) { return std::nan(""); },
                feedback);
        } catch (const Error& e) {
            thrown = e.kind() == Error::Kind::Internal &&
                     std::string(e.what()).find("finite") != std::string::npos;
        }
        QVERIFY(thrown);
        auto kindOf = [&](const PolicySearchOptions& o, const std::vector<cv::Mat>& p) {
            try {
                searchPolicies(
                    p, o, [](const std::vector<cv::Mat>&) { return 0.0; }, feedback);
            } catch (const Error& e) {
                return e.kind();
            }
            return Error::Kind::Internal;
        };
        PolicySearchOptions bad;
        bad.policiesPerCombination = 0;
        QVERIFY(kindOf(bad, patterns) == Error::Kind::Usage);
        bad = {};
        bad.magnitudesPerPolicy = 0;
        QVERIFY(kindOf(bad, patterns) == Error::Kind::Usage);
        bad = {};
        bad.ops = {PolicyOp::Invert, PolicyOp::Invert, PolicyOp::FlipX};
        QVERIFY(kindOf(bad, patterns) == Error::Kind::Usage);
        QVERIFY(kindOf({}, {}) == Error::Kind::Input);
        QVERIFY(kindOf({}, {cv::Mat(3, 3, CV_32F)}) == Error::Kind::Input);
    }

    void jsonRoundTrip() {
        PolicySearchResult result;
        result.best = {PolicyOp::Brightness, PolicyOp::Invert, PolicyOp::FlipY};
        result.bestScore = 0.625;
        result.magnitudesPerPolicy = 7;
        result.seed = 0xFFFFFFFFFFFFFFF1ULL; // beyond a double's 53 bits
        result.tried = {{{PolicyOp::ShearX, PolicyOp::Rotate, PolicyOp::Cutout}, 0.25, 0.875},
                        {result.best, 0.625}};
        const std::string json = toJson(result);
        QVERIFY(json.find("\"Brightness\"") != std::string::npos);
        const PolicySearchResult back = policySearchResultFromJson(json);
        QVERIFY(back.best == result.best);
        QCOMPARE(back.bestScore, result.bestScore);
        QCOMPARE(back.magnitudesPerPolicy, 7);
        QCOMPARE(back.seed, result.seed);
        QCOMPARE(back.tried.size(), size_t(2));
        QVERIFY(back.tried[0].ops == result.tried[0].ops);
        QCOMPARE(back.tried[0].score, 0.25);
        QCOMPARE(back.tried[0].tieBreak, 0.875);
        // Results stored before tie-breaks existed read with a tie-break of 0.
        const PolicySearchResult old = policySearchResultFromJson(
            R"({"best":["Invert"],"bestScore":0.5,"magnitudesPerPolicy":10,"seed":"1",
                "tried":[{"ops":["Invert"],"score":0.5}]})");
        QCOMPARE(old.tried.size(), size_t(1));
        QCOMPARE(old.tried[0].tieBreak, 0.0);
        for (const std::string bad : {"", "{", "[]", R"({"best":["Blur"]})",
                                      R"({"best":[],"bestScore":1,"magnitudesPerPolicy":1,
                                          "seed":"x","tried":[]})"}) {
            bool thrown = false;
            try {
                policySearchResultFromJson(bad);
            } catch (const Error& e) {
                thrown = e.kind() == Error::Kind::Project;
            }
            QVERIFY2(thrown, bad.c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestPolicySearch)
#include "TestPolicySearch.moc"
