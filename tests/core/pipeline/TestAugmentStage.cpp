// Augmentation inside the weak-labelling run, on a small real KolektorSDD subset: the policy
// search on the dev set, the GAN, what is stored, reuse, replacement and cancel.
#include "KolektorSubset.h"

#include "augment/PolicySearch.h"
#include "pipeline/AugmentAblation.h"
#include "pipeline/AugmentStage.h"
#include "pipeline/Pipeline.h"
#include "pipeline/PolicyStage.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace ig;

namespace {

std::map<PatternOrigin, std::vector<PatternRecord>> byOrigin(const Project& p) {
    std::map<PatternOrigin, std::vector<PatternRecord>> out;
    for (auto& r : p.patterns())
        out[r.origin].push_back(std::move(r));
    return out;
}

// Small and quick: 8 sampled combinations on one dev split, a GAN of 3 epochs (the paper's
// square one; a test turns the frame and DiffAugment on).
PipelineOptions quickOptions(AugmentMode mode) {
    PipelineOptions o;
    o.augment.mode = mode;
    o.augment.patterns = 24;
    o.augment.seed = 5;
    o.augment.policy.repeats = 1;
    o.augment.policy.maxCombinations = 8;
    o.augment.policy.magnitudesPerPolicy = 4;
    o.augment.gan.epochs = 3;
    o.augment.gan.keepAspect = false;
    o.augment.gan.diffAugment = false;
    o.labeler.tuning.seed = 3;
    o.labeler.tuning.l2Values = {0.1};
    o.labeler.tuning.maxLayers = 1;
    return o;
}

class CancelAtStage : public Feedback {
public:
    explicit CancelAtStage(std::string stage) : stage_(std::move(stage)) {}

protected:
    void onProgress(const std::string& stage, long long, long long) override {
        if (stage == stage_)
            cancel();
    }

private:
    std::string stage_;
};

} // namespace

class TestAugmentStage : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string project_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = makeKolektorSubset(dir_.path());
    }

    void applyPoliciesKeepsCountAndParents() {
        std::vector<cv::Mat> patterns{cv::Mat(12, 20, CV_8UC1, cv::Scalar(40)),
                                      cv::Mat(30, 9, CV_8UC1, cv::Scalar(200))};
        cv::randu(patterns[0], 0, 255);
        cv::randu(patterns[1], 0, 255);
        const std::vector<PolicyOp> ops{PolicyOp::Rotate, PolicyOp::FlipX, PolicyOp::ResizeY};
        // 10 + 1 + 10 per pattern.
        const auto all = applyPolicies(patterns, ops, 10, 9, -1);
        QCOMPARE(all.size(), size_t(42));
        QCOMPARE(all.front().parent, size_t(0));
        QCOMPARE(all.back().parent, size_t(1));
        QCOMPARE(all[21].parent, size_t(1));
        QCOMPARE(all[20].parent, size_t(0));
        const auto some = applyPolicies(patterns, ops, 10, 9, 7);
        QCOMPARE(some.size(), size_t(7));
        // The subset is a seeded choice among the same patterns, in order.
        const auto again = applyPolicies(patterns, ops, 10, 9, 7);
        for (size_t i = 0; i < some.size(); ++i) {
            QCOMPARE(some[i].parent, again[i].parent);
            QCOMPARE(cv::norm(some[i].pixels, again[i].pixels, cv::NORM_INF), 0.0);
            if (i > 0)
                QVERIFY(some[i - 1].parent <= some[i].parent);
        }
    }

    void policyAugmentationIsStoredAndExplained() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        const PipelineResult r = runPipeline(p, quickOptions(AugmentMode::Policy), quiet);
        const auto patterns = byOrigin(p);
        const size_t crowd = patterns.at(PatternOrigin::Crowd).size();
        QVERIFY(crowd >= 4);
        QCOMPARE(r.augment.crowdPatterns, int(crowd));
        QCOMPARE(r.augment.policyPatterns, 24);
        QCOMPARE(patterns.at(PatternOrigin::Policy).size(), size_t(24));
        QVERIFY(!patterns.count(PatternOrigin::Gan));
        std::set<Id> crowdIds;
        for (const auto& c : patterns.at(PatternOrigin::Crowd))
            crowdIds.insert(c.id);
        for (const auto& a : patterns.at(PatternOrigin::Policy)) {
            QVERIFY(a.parentId && crowdIds.count(*a.parentId));
            QVERIFY(a.width > 0 && a.height > 0);
        }
        QCOMPARE(r.augment.policy.size(), size_t(3));
        QCOMPARE(r.augment.combinationsTried, 8);
        // Every image has a feature for every pattern, augmented ones included.
        QCOMPARE(p.summary().features, 36LL * (long long)(crowd + 24));
        QCOMPARE(r.labeler.labelledImages, 36 - 17);

        const auto augmenters = p.augmenters();
        QCOMPARE(augmenters.size(), size_t(1));
        QVERIFY(augmenters[0].kind == AugmenterKind::Policy);
        const PolicySearchResult stored = policySearchResultFromJson(augmenters[0].paramsJson);
        QCOMPARE(stored.tried.size(), size_t(8));
        QVERIFY(stored.best == r.augment.policy);
        for (const auto& t : stored.tried) {
            QVERIFY(t.score >= 0 && t.score <= 1);
            QVERIFY(t.score <= stored.bestScore);
        }
        const std::string text = describeAugmentation(p);
        QVERIFY2(text.find("Policy search: " + toString(stored.best[0])) != std::string::npos,
                 text.c_str());
        QVERIFY(text.find("8 combinations tried") != std::string::npos);
        // The list of best combinations starts with the chosen one, with its test AUC.
        std::string chosen;
        for (PolicyOp op : stored.best)
            chosen += (chosen.empty() ? "" : "+") + toString(op);
        QVERIFY2(text.find("best combinations: " + chosen + " ") != std::string::npos,
                 text.c_str());
        QVERIFY(text.find(" (AUC ") != std::string::npos);

        // The same options again: nothing is searched or matched.
        const PipelineResult again = runPipeline(p, quickOptions(AugmentMode::Policy), quiet);
        QVERIFY(again.augment.upToDate);
        QCOMPARE(again.augment.policyPatterns, 24);
        QCOMPARE(again.features.pairs, 0LL);
        QCOMPARE(byOrigin(p).at(PatternOrigin::Policy).front().id,
                 patterns.at(PatternOrigin::Policy).front().id);
    }

    void ganAndBothReplaceThePolicyPatterns() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        PipelineResult r = runPipeline(p, quickOptions(AugmentMode::Gan), quiet);
        auto patterns = byOrigin(p);
        QVERIFY(!patterns.count(PatternOrigin::Policy));
        QCOMPARE(patterns.at(PatternOrigin::Gan).size(), size_t(24));
        // Generated patterns come back at the size of some crowd pattern.
        std::set<std::pair<int, int>> sizes;
        for (const auto& c : patterns.at(PatternOrigin::Crowd))
            sizes.insert({c.width, c.height});
        for (const auto& g : patterns.at(PatternOrigin::Gan))
            QVERIFY(sizes.count({g.width, g.height}));
        // The policy search result stays stored (for reuse) beside the new generator.
        auto augmenters = p.augmenters();
        QCOMPARE(augmenters.size(), size_t(2));
        QVERIFY(augmenters[0].kind == AugmenterKind::Policy);
        QVERIFY(augmenters[1].kind == AugmenterKind::Gan);
        QVERIFY(!augmenters[1].blob.empty());
        QCOMPARE(nlohmann::json::parse(augmenters[1].paramsJson)["epochs"].get<int>(), 3);
        QCOMPARE(r.augment.ganReused, 0);
        QVERIFY(describeAugmentation(p).find("GAN (crack): 24 patterns") != std::string::npos);
        QVERIFY(describeAugmentation(p).find("Policy search") == std::string::npos);

        PipelineOptions both = quickOptions(AugmentMode::Both);
        both.augment.ganShare = 0.25;
        both.augment.ganLearnsFromPolicyPatterns = false; // the GAN above learnt from the crowd's
        r = runPipeline(p, both, quiet);
        patterns = byOrigin(p);
        QCOMPARE(patterns.at(PatternOrigin::Gan).size(), size_t(6));
        QCOMPARE(patterns.at(PatternOrigin::Policy).size(), size_t(18));
        // Both reuse what the earlier runs learnt: no second search, no second training.
        QVERIFY(r.augment.policyReused);
        QCOMPARE(r.augment.ganReused, 1);
        QCOMPARE(p.augmenters().size(), size_t(2));
        QCOMPARE(p.augmenters()[1].id, augmenters[1].id);
        QCOMPARE(p.summary().features,
                 36LL * (long long)(patterns.at(PatternOrigin::Crowd).size() + 24));

        // A GAN that learns from the policy patterns too is another generator; it is told which
        // policy patterns they were, so the same ones reuse it and others do not.
        both.augment.ganLearnsFromPolicyPatterns = true;
        r = runPipeline(p, both, quiet);
        QCOMPARE(r.augment.ganReused, 0);
        QVERIFY(r.augment.policyReused);
        QCOMPARE(p.augmenters().size(), size_t(2));
        const auto crowdSize = byOrigin(p).at(PatternOrigin::Crowd).size();
        auto learnt = nlohmann::json::parse(p.augmenters()[1].paramsJson);
        QCOMPARE(learnt["patterns"].get<size_t>(), crowdSize + 18);
        QVERIFY(learnt["other_inputs"].get<std::string>().find("policy_patterns\":18") !=
                std::string::npos);
        QVERIFY(describeAugmentation(p).find("(crowd and policy)") != std::string::npos);
        QCOMPARE(byOrigin(p).at(PatternOrigin::Gan).size(), size_t(6));
        runPipeline(p, quickOptions(AugmentMode::None), quiet);
        r = runPipeline(p, both, quiet);
        QCOMPARE(r.augment.ganReused, 1);
        both.augment.ganShare = 0.5; // 12 policy patterns: another training set
        r = runPipeline(p, both, quiet);
        QCOMPARE(r.augment.ganReused, 0);
        QCOMPARE(nlohmann::json::parse(p.augmenters()[1].paramsJson)["patterns"].get<size_t>(),
                 crowdSize + 12);
        both.augment.ganShare = 0.25;
        both.augment.ganLearnsFromPolicyPatterns = false;

        // Other GAN training (the patterns' aspect, DiffAugment) is another generator, which
        // takes the old one's place.
        both.augment.gan.keepAspect = true;
        both.augment.gan.diffAugment = true;
        r = runPipeline(p, both, quiet);
        QCOMPARE(r.augment.ganReused, 0);
        QVERIFY(r.augment.policyReused);
        QCOMPARE(p.augmenters().size(), size_t(2));
        QVERIFY(p.augmenters()[1].blob != augmenters[1].blob);
        const auto params = nlohmann::json::parse(p.augmenters()[1].paramsJson);
        const auto frame = params["frame"].get<std::vector<int>>();
        QVERIFY2(frame[0] > frame[1], params.dump().c_str()); // KolektorSDD's cracks lie flat
        QVERIFY(params["diff_augment"].get<bool>());
        QVERIFY(describeAugmentation(p).find(" px with DiffAugment") != std::string::npos);
        QCOMPARE(byOrigin(p).at(PatternOrigin::Gan).size(), size_t(6));

        // Back to none: the augmented patterns and their features go.
        r = runPipeline(p, quickOptions(AugmentMode::None), quiet);
        patterns = byOrigin(p);
        QVERIFY(!patterns.count(PatternOrigin::Gan) && !patterns.count(PatternOrigin::Policy));
        QCOMPARE(p.augmenters().size(), size_t(2)); // kept for a later run
        QCOMPARE(p.summary().features, 36LL * (long long)patterns.at(PatternOrigin::Crowd).size());
        QVERIFY(describeAugmentation(p).empty());
    }

    // A cancel during the search or the GAN leaves the project as it was.
    void cancelLeavesTheProjectUnchanged() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        runPipeline(p, quickOptions(AugmentMode::Policy), quiet);
        const auto before = byOrigin(p).at(PatternOrigin::Policy);
        const size_t augmenters = p.augmenters().size();
        for (const char* stage : {"Policy search", "GAN"}) {
            CancelAtStage cancel(stage);
            PipelineOptions o = quickOptions(AugmentMode::Both);
            o.augment.seed = 6; // new inputs: search and train again
            QVERIFY_EXCEPTION_THROWN(runPipeline(p, o, cancel), CanceledError);
            const auto after = byOrigin(p);
            QCOMPARE(after.at(PatternOrigin::Policy).size(), before.size());
            QCOMPARE(after.at(PatternOrigin::Policy).front().id, before.front().id);
            QVERIFY(!after.count(PatternOrigin::Gan));
            QCOMPARE(p.augmenters().size(), augmenters);
        }
    }

    void badOptionsAreUsageErrors() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        PipelineOptions o = quickOptions(AugmentMode::Policy);
        o.augment.patterns = 0;
        try {
            runPipeline(p, o, quiet);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Usage);
        }
        QVERIFY_EXCEPTION_THROWN(augmentModeFromString("mixup"), Error);
        QVERIFY(augmentModeFromString("both") == AugmentMode::Both);
    }

    // The ablation runs every mode, count and share on each split, on a scratch copy.
    void ablationSweepsCountsAndShares() {
        const auto before = Project::open(project_).summary();
        const PipelineOptions quick = quickOptions(AugmentMode::None);
        AugmentAblationOptions o;
        o.modes = {AugmentMode::None, AugmentMode::Policy, AugmentMode::Both};
        o.augment = quick.augment;
        o.patternCounts = {6, 12};
        o.ganShares = {0.25, 0.5};
        o.tuning = quick.labeler.tuning;
        o.randomSplits = 1;
        SilentFeedback quiet;
        const AugmentAblationResult r = runAugmentAblation(project_, o, quiet);
        // Per split: none, policy 6 and 12, both 6 and 12 at two shares.
        QCOMPARE(r.rows.size(), size_t(14));
        QCOMPARE(r.rows[0].split, std::string("given"));
        QCOMPARE(r.rows[7].split, std::string("random 1"));
        for (size_t i = 0; i < r.rows.size(); ++i) {
            const AblationRow& row = r.rows[i];
            QVERIFY(row.score >= 0 && row.score <= 1);
            QVERIFY(row.crowdPatterns > 0);
            QCOMPARE(row.augmentedPatterns, row.requestedPatterns);
        }
        QVERIFY(r.rows[0].mode == AugmentMode::None && r.rows[0].requestedPatterns == 0);
        QVERIFY(r.rows[2].mode == AugmentMode::Policy && r.rows[2].requestedPatterns == 12);
        QVERIFY(r.rows[4].mode == AugmentMode::Both && r.rows[4].requestedPatterns == 6 &&
                r.rows[4].ganShare == 0.5);
        const std::string text = r.toText();
        QVERIFY2(text.find("random splits, both 12 gan 0.25") != std::string::npos, text.c_str());
        QVERIFY(text.find("random splits, none") != std::string::npos);
        QVERIFY2(text.find("decision: model\n") != std::string::npos, text.c_str());
        const nlohmann::json json = nlohmann::json::parse(r.toJson());
        QCOMPARE(json["rows"].size(), size_t(14));
        QCOMPARE(json["decision"].get<std::string>(), std::string("model"));
        // The project was only read.
        const auto after = Project::open(project_).summary();
        QCOMPARE(after.patterns, before.patterns);
        QCOMPARE(after.features, before.features);
        QCOMPARE(after.devImages, before.devImages);
        QVERIFY(QDir(dir_.path()).entryList({"*.tmp*"}, QDir::Files).isEmpty());
    }

    // The search scores combinations with the labeler's own features (by default scores and
    // prominences, own matches masked): the paper's plain ones make another search, with other
    // scores. Last, as it replaces the stored search the tests above reuse.
    void policySearchUsesTheLabelersFeatures() {
        Project p = Project::open(project_);
        SilentFeedback quiet;
        runPipeline(p, quickOptions(AugmentMode::Policy), quiet);
        const auto policySearch = [&p] {
            std::vector<AugmenterRecord> found;
            for (auto& a : p.augmenters())
                if (a.kind == AugmenterKind::Policy)
                    found.push_back(std::move(a));
            return found;
        };
        const PolicySearchResult stored =
            policySearchResultFromJson(policySearch().at(0).paramsJson);
        // Every combination carries its test ROC AUC, and no combination rates above the chosen
        // one (among equal F1s the higher AUC wins).
        const CombinationScore* chosen = nullptr;
        for (const CombinationScore& c : stored.tried) {
            QVERIFY(c.tieBreak > 0 && c.tieBreak <= 1);
            if (c.ops == stored.best)
                chosen = &c;
        }
        QVERIFY(chosen);
        for (const CombinationScore& c : stored.tried)
            QVERIFY(!ratesAbove(c, *chosen));
        PipelineOptions plain = quickOptions(AugmentMode::Policy);
        plain.labeler.features.prominence = false;
        plain.labeler.features.maskOwnPatterns = false;
        const PipelineResult other = runPipeline(p, plain, quiet);
        QVERIFY(!other.augment.upToDate && !other.augment.policyReused);
        const auto searches = policySearch(); // the new search replaced the old
        QCOMPARE(searches.size(), size_t(1));
        const auto params = nlohmann::json::parse(searches[0].paramsJson);
        QCOMPARE(params["scorer"].get<std::string>(),
                 std::string("test-part F1 of the default MLP (hidden [16], l2 0.1) on scores, "
                             "mean over the splits; ties by test ROC AUC"));
        const PolicySearchResult plainSearch = policySearchResultFromJson(searches[0].paramsJson);
        QCOMPARE(plainSearch.tried.size(), stored.tried.size());
        bool differs = false;
        for (size_t i = 0; i < stored.tried.size(); ++i)
            differs |= plainSearch.tried[i].score != stored.tried[i].score;
        QVERIFY(differs);

        // Without the tie-break: another search, the same F1s, no AUCs.
        PipelineOptions firstWins = plain;
        firstWins.augment.policy.breakTiesByAuc = false;
        const PipelineResult third = runPipeline(p, firstWins, quiet);
        QVERIFY(!third.augment.upToDate && !third.augment.policyReused);
        const PolicySearchResult untied =
            policySearchResultFromJson(policySearch().at(0).paramsJson);
        for (size_t i = 0; i < untied.tried.size(); ++i) {
            QCOMPARE(untied.tried[i].score, plainSearch.tried[i].score);
            QCOMPARE(untied.tried[i].tieBreak, 0.0);
        }

        // Ranked by the test ROC AUC: another search whose scores are the AUCs the F1 search
        // broke ties with and whose tie-breaks are its F1s; nothing rates above the chosen one.
        PipelineOptions byAuc = plain;
        byAuc.augment.policy.rankByAuc = true;
        const PipelineResult fourth = runPipeline(p, byAuc, quiet);
        QVERIFY(!fourth.augment.upToDate && !fourth.augment.policyReused);
        const auto aucParams = nlohmann::json::parse(policySearch().at(0).paramsJson);
        QCOMPARE(aucParams["scorer"].get<std::string>(),
                 std::string("test-part ROC AUC of the default MLP (hidden [16], l2 0.1) on "
                             "scores, mean over the splits; ties by test F1"));
        const PolicySearchResult ranked = policySearchResultFromJson(aucParams.dump());
        QCOMPARE(ranked.tried.size(), plainSearch.tried.size());
        const CombinationScore* aucChoice = nullptr;
        for (size_t i = 0; i < ranked.tried.size(); ++i) {
            QCOMPARE(ranked.tried[i].score, plainSearch.tried[i].tieBreak);
            QCOMPARE(ranked.tried[i].tieBreak, plainSearch.tried[i].score);
            if (ranked.tried[i].ops == ranked.best)
                aucChoice = &ranked.tried[i];
        }
        QVERIFY(aucChoice);
        for (const CombinationScore& c : ranked.tried)
            QVERIFY(!ratesAbove(c, *aucChoice));
        QVERIFY(describeAugmentation(p).find("dev test ROC AUC") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAugmentStage)
#include "TestAugmentStage.moc"
