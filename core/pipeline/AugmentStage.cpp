#include "pipeline/AugmentStage.h"

#include "augment/PolicySearch.h"
#include "pipeline/GanStage.h"
#include "pipeline/PatternSource.h"
#include "pipeline/PolicyStage.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace ig {
namespace {

const char* kSignatureKey = "pipeline.augmentation";

bool isCrowd(const PatternRecord& p) {
    return p.origin == PatternOrigin::Crowd || p.origin == PatternOrigin::Reviewed;
}

// The options of the policy search (and its seed), as both signatures below name them.
nlohmann::json policySearchOptions(const AugmentOptions& o) {
    nlohmann::json options = {{"seed", std::to_string(o.seed)},
                              {"repeats", o.policy.repeats},
                              {"test_fraction", o.policy.testFraction},
                              {"max_train_patterns", o.policy.maxTrainPatterns},
                              {"magnitudes", o.policy.magnitudesPerPolicy},
                              {"max_combinations", o.policy.maxCombinations},
                              {"prominence", o.policy.features.prominence},
                              {"mask_own_patterns", o.policy.features.maskOwnPatterns}};
    // Named only when on: searches stored before the tie-break existed chose as it does off.
    if (o.policy.breakTiesByAuc)
        options["tie_break"] = "test_auc";
    if (o.policy.rankByAuc)
        options["rank_by"] = "test_auc";
    return options;
}

// Everything the augmented patterns depend on: the options and the crowd patterns' ids (crowd
// patterns are replaced, with new ids, whenever they change).
std::string signatureOf(const Project& project, const AugmentOptions& o) {
    nlohmann::json crowd = nlohmann::json::array();
    for (const auto& p : project.patterns())
        if (isCrowd(p))
            crowd.push_back(p.id);
    if (o.mode == AugmentMode::None)
        return "none";
    nlohmann::json signature = policySearchOptions(o);
    signature.update({{"mode", toString(o.mode)},
                      {"patterns", o.patterns},
                      {"gan_share", o.ganShare},
                      {"gan_epochs", o.gan.epochs},
                      {"gan_max_updates", o.ganMaxUpdates},
                      {"gan_side", o.gan.side},
                      {"gan_channels", o.gan.channels},
                      {"gan_learning_rate", o.gan.learningRate},
                      {"crowd", crowd}});
    for (const std::string& option : ganOptionsBeyondThePaper(o.gan))
        signature["gan_" + option] = true;
    // Named only when it changes what the GAN learns from, as with the options above.
    if (o.mode == AugmentMode::Both && o.ganLearnsFromPolicyPatterns)
        signature["gan_learns_from_policy_patterns"] = true;
    return signature.dump();
}

std::string signatureIn(const AugmenterRecord& a) {
    const auto params = nlohmann::json::parse(a.paramsJson, nullptr, false);
    return params.is_object() ? params.value("signature", "") : "";
}

// Everything a policy search result depends on: the crowd patterns, the dev set and its gold
// labels, the search options and the matching method.
std::string policySearchSignature(const Project& project, const std::vector<PatternRecord>& crowd,
                                  const AugmentOptions& o, const MatchOptions& match) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& p : crowd)
        ids.push_back(p.id);
    nlohmann::json dev = nlohmann::json::array();
    for (const auto& image : project.images())
        if (image.isDev && image.goldLabel)
            dev.push_back({image.id, *image.goldLabel});
    nlohmann::json signature = policySearchOptions(o);
    signature.update({{"crowd", ids}, {"dev", dev}, {"method", static_cast<int>(match.method)}});
    return signature.dump();
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Removes the augmented patterns (and their features); what the augmenters learnt stays.
void discardAugmentation(Project& project) {
    project.transaction([&] {
        project.removePatterns(PatternOrigin::Policy);
        project.removePatterns(PatternOrigin::Gan);
        project.setSetting(kSignatureKey, "");
    });
}

// "64 x 64", the frame a stored GAN was trained at (records before frames held one "side").
std::string ganFrameText(const nlohmann::json& params) {
    const nlohmann::json frame = params.value("frame", nlohmann::json::array());
    if (frame.is_array() && frame.size() == 2)
        return frame[0].dump() + " x " + frame[1].dump();
    const int side = params.value("side", 0);
    return std::to_string(side) + " x " + std::to_string(side);
}

} // namespace

std::string toString(AugmentMode mode) {
    switch (mode) {
    case AugmentMode::None:
        return "none";
    case AugmentMode::Policy:
        return "policy";
    case AugmentMode::Gan:
        return "gan";
    case AugmentMode::Both:
        return "both";
    }
    return "none";
}

AugmentMode augmentModeFromString(const std::string& name) {
    for (AugmentMode m :
         {AugmentMode::None, AugmentMode::Policy, AugmentMode::Gan, AugmentMode::Both})
        if (toString(m) == name)
            return m;
    throw Error(Error::Kind::Usage,
                "Unknown augmentation '" + name + "'; use none, policy, gan or both.");
}

AugmentStageResult augmentPatterns(Project& project, const AugmentOptions& options,
                                   const MatchOptions& match, Feedback& feedback) {
    AugmentStageResult result;
    std::vector<PatternRecord> crowd;
    for (auto& p : project.patterns())
        if (isCrowd(p))
            crowd.push_back(std::move(p));
    result.crowdPatterns = static_cast<int>(crowd.size());
    const std::string signature = signatureOf(project, options);
    if (project.setting(kSignatureKey) == signature) {
        result.upToDate = true;
        for (const auto& p : project.patterns()) {
            result.policyPatterns += p.origin == PatternOrigin::Policy;
            result.ganPatterns += p.origin == PatternOrigin::Gan;
        }
        return result;
    }
    if (options.mode == AugmentMode::None) {
        discardAugmentation(project);
        project.setSetting(kSignatureKey, signature);
        return result;
    }
    if (options.patterns < 1)
        throw Error(Error::Kind::Usage, "Augmentation needs at least 1 new pattern (--patterns).");
    if (!(options.ganShare >= 0 && options.ganShare <= 1))
        throw Error(Error::Kind::Usage, "The GAN's share of the new patterns must be in [0, 1].");
    if (crowd.empty())
        throw Error(Error::Kind::Input, "There are no crowd patterns to augment. Import boxes "
                                        "on dev images ('gadget import-boxes') first.");

    const int ganCount = options.mode == AugmentMode::Gan ? options.patterns
                         : options.mode == AugmentMode::Both
                             ? static_cast<int>(std::lround(options.patterns * options.ganShare))
                             : 0;
    const int policyCount =
        options.mode == AugmentMode::Gan ? 0 : std::max(0, options.patterns - ganCount);
    std::vector<cv::Mat> pixels;
    for (const auto& p : crowd)
        pixels.push_back(decodePatternGrey8(p));

    const std::vector<AugmenterRecord> previous = project.augmenters();
    std::vector<PatternRecord> made;
    std::vector<AugmenterRecord> learnt;
    std::vector<Id> superseded;
    // What the GAN learns from: the crowd patterns, plus (see AugmentOptions) the policy
    // patterns made below, which a note in the generators' signature names.
    const bool ganOnPolicy = ganCount > 0 && options.ganLearnsFromPolicyPatterns;
    std::vector<PatternRecord> ganInputs; // used only when ganOnPolicy (otherwise: crowd)
    std::vector<cv::Mat> ganPixels;
    if (ganOnPolicy) {
        ganInputs = crowd;
        ganPixels = pixels;
    }
    std::string policyInputs;
    if (policyCount > 0) {
        const auto start = std::chrono::steady_clock::now();
        const std::string signature = policySearchSignature(project, crowd, options, match);
        PolicySearchResult search;
        const auto reusable =
            std::find_if(previous.begin(), previous.end(), [&](const AugmenterRecord& a) {
                return a.kind == AugmenterKind::Policy && signatureIn(a) == signature;
            });
        if (reusable != previous.end()) {
            search = policySearchResultFromJson(reusable->paramsJson);
            result.policyReused = true;
        } else {
            search = searchPoliciesOnDevSet(project, crowd, options.policy, options.seed, match,
                                            feedback);
            auto params = nlohmann::json::parse(toJson(search));
            params["repeats"] = options.policy.repeats;
            params["test_fraction"] = options.policy.testFraction;
            params["max_train_patterns"] = options.policy.maxTrainPatterns;
            params["scorer"] = describePolicyScorer(options.policy);
            params["signature"] = signature;
            learnt.push_back({0, AugmenterKind::Policy, "", params.dump(), {}, ""});
            for (const auto& a : previous)
                if (a.kind == AugmenterKind::Policy)
                    superseded.push_back(a.id);
        }
        for (auto& a : applyPolicies(pixels, search.best, search.magnitudesPerPolicy, search.seed,
                                     policyCount)) {
            PatternRecord r;
            r.png = encodePng(a.pixels);
            r.width = a.pixels.cols;
            r.height = a.pixels.rows;
            r.origin = PatternOrigin::Policy;
            r.parentId = crowd[a.parent].id;
            r.defectType = crowd[a.parent].defectType;
            if (ganOnPolicy) {
                ganInputs.push_back(r);
                ganPixels.push_back(a.pixels);
            }
            made.push_back(std::move(r));
        }
        if (ganOnPolicy) {
            // The policy patterns follow from these (applyPolicies is deterministic).
            nlohmann::json note = {{"policy_seed", std::to_string(search.seed)},
                                   {"magnitudes", search.magnitudesPerPolicy},
                                   {"policy_patterns", made.size()}};
            for (PolicyOp op : search.best)
                note["policy"].push_back(toString(op));
            policyInputs = note.dump();
        }
        result.policy = search.best;
        result.policyScore = search.bestScore;
        result.policyScoreIsAuc = options.policy.rankByAuc;
        result.combinationsTried = static_cast<int>(search.tried.size());
        result.policyPatterns = static_cast<int>(made.size());
        result.policySeconds = secondsSince(start);
    }
    if (ganCount > 0) {
        const auto start = std::chrono::steady_clock::now();
        GanStageResult gan =
            trainGansAndGenerate(ganOnPolicy ? ganInputs : crowd, ganOnPolicy ? ganPixels : pixels,
                                 ganCount, options, previous, feedback, policyInputs);
        for (auto& g : gan.patterns) {
            PatternRecord r;
            r.png = encodePng(g.pixels);
            r.width = g.pixels.cols;
            r.height = g.pixels.rows;
            r.origin = PatternOrigin::Gan;
            r.defectType = g.defectType;
            made.push_back(std::move(r));
        }
        // A newly trained generator replaces the old ones of its defect type.
        for (const auto& a : previous)
            for (const auto& t : gan.trained)
                if (a.kind == AugmenterKind::Gan && a.defectType == t.defectType)
                    superseded.push_back(a.id);
        result.ganReused = static_cast<int>(gan.reused.size());
        for (auto& g : gan.trained)
            learnt.push_back(std::move(g));
        result.ganPatterns = static_cast<int>(gan.patterns.size());
        result.ganSeconds = secondsSince(start);
    }
    feedback.throwIfCanceled();
    project.transaction([&] {
        discardAugmentation(project);
        for (const auto& r : made)
            project.addPattern(r);
        for (Id id : superseded)
            project.removeAugmenter(id);
        for (const auto& a : learnt)
            project.addAugmenter(a);
        project.setSetting(kSignatureKey, signature);
    });
    return result;
}

std::string describeAugmentation(const Project& project) {
    // Only what the current augmented patterns came from; other stored results wait for reuse.
    int policyPatterns = 0;
    std::map<std::string, int> ganPatterns;
    for (const auto& p : project.patterns()) {
        policyPatterns += p.origin == PatternOrigin::Policy;
        if (p.origin == PatternOrigin::Gan)
            ++ganPatterns[p.defectType];
    }
    std::ostringstream out;
    out << std::fixed;
    for (const auto& a : project.augmenters()) {
        const auto params = nlohmann::json::parse(a.paramsJson, nullptr, false);
        if (!params.is_object())
            continue;
        if (a.kind == AugmenterKind::Policy && policyPatterns > 0) {
            const PolicySearchResult search = policySearchResultFromJson(a.paramsJson);
            // Ranked by AUC: score = AUC, tie-break = F1 (the signature names the ranking).
            const auto signature =
                nlohmann::json::parse(params.value("signature", "{}"), nullptr, false);
            const bool byAuc =
                signature.is_object() && signature.value("rank_by", "") == "test_auc";
            out << "Policy search: ";
            for (size_t i = 0; i < search.best.size(); ++i)
                out << (i ? " + " : "") << toString(search.best[i]);
            out << std::setprecision(3) << " -> " << policyPatterns << " patterns (dev test "
                << (byAuc ? "ROC AUC " : "score ") << search.bestScore << ", "
                << search.tried.size() << " combinations tried";
            if (params.contains("repeats"))
                out << ", mean of " << params["repeats"].get<int>() << " splits";
            out << ")\n";
            auto tried = search.tried;
            std::stable_sort(tried.begin(), tried.end(), ratesAbove);
            out << "  best combinations:";
            for (size_t i = 0; i < tried.size() && i < 5; ++i) {
                out << (i ? ", " : " ");
                for (size_t k = 0; k < tried[i].ops.size(); ++k)
                    out << (k ? "+" : "") << toString(tried[i].ops[k]);
                out << " " << tried[i].score;
                if (tried[i].tieBreak > 0)
                    out << (byAuc ? " (F1 " : " (AUC ") << tried[i].tieBreak << ")";
            }
            out << "\n";
            if (!tried.empty())
                out << "  worst: " << tried.back().score << "; all scores: 'gadget info --json'\n";
        } else if (a.kind == AugmenterKind::Gan && ganPatterns.count(a.defectType)) {
            out << "GAN" << (a.defectType.empty() ? "" : " (" + a.defectType + ")") << ": "
                << ganPatterns.at(a.defectType) << " patterns, trained on "
                << params.value("patterns", 0)
                << (params.value("other_inputs", "").empty() ? "" : " (crowd and policy)")
                << " for " << params.value("epochs", 0) << " epochs at " << ganFrameText(params)
                << " px" << (params.value("diff_augment", false) ? " with DiffAugment" : "")
                << " in " << std::setprecision(0) << params.value("seconds", 0.0)
                << " s, final losses D " << std::setprecision(3)
                << params.value("final_d_loss", 0.0) << " G " << params.value("final_g_loss", 0.0)
                << "\n";
        }
    }
    return out.str();
}

} // namespace ig
