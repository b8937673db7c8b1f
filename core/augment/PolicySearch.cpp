#include "augment/PolicySearch.h"

#include "augment/PolicyOperations.h"
#include "augment/SeedMixing.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace ig {

using augment_detail::mixSeed;

namespace {

// Salts that keep the independent random streams apart.
constexpr std::uint64_t kItemSalt = 0x6974656d;     // "item"
constexpr std::uint64_t kSubsetSalt = 0x73756273;   // "subs"
constexpr std::uint64_t kSamplingSalt = 0x73616d70; // "samp"

Error usage(const std::string& message) {
    return Error(Error::Kind::Usage, message);
}

// Seeded partial Fisher-Yates: `count` distinct indices out of [0, total), sorted.
std::vector<size_t> sampleIndices(size_t total, size_t count, std::uint64_t seed) {
    std::vector<size_t> indices(total);
    for (size_t i = 0; i < total; ++i)
        indices[i] = i;
    std::mt19937_64 rng(seed);
    for (size_t i = 0; i < count; ++i) {
        const size_t j = i + static_cast<size_t>(uniformUnit(rng) * double(total - i));
        std::swap(indices[i], indices[std::min(j, total - 1)]);
    }
    indices.resize(count);
    std::sort(indices.begin(), indices.end());
    return indices;
}

struct Item {
    size_t pattern;
    PolicyOp op;
    int draw;
};

} // namespace

std::vector<std::vector<PolicyOp>> policyCombinations(const std::vector<PolicyOp>& ops, int k) {
    std::vector<std::vector<PolicyOp>> result;
    const int n = static_cast<int>(ops.size());
    if (k < 1 || k > n)
        return result;
    std::vector<int> pick(static_cast<size_t>(k));
    for (int i = 0; i < k; ++i)
        pick[static_cast<size_t>(i)] = i;
    while (true) {
        std::vector<PolicyOp> combination;
        for (int i : pick)
            combination.push_back(ops[static_cast<size_t>(i)]);
        result.push_back(std::move(combination));
        int i = k - 1;
        while (i >= 0 && pick[static_cast<size_t>(i)] == n - k + i)
            --i;
        if (i < 0)
            break;
        ++pick[static_cast<size_t>(i)];
        for (int j = i + 1; j < k; ++j)
            pick[static_cast<size_t>(j)] = pick[static_cast<size_t>(j - 1)] + 1;
    }
    return result;
}

std::vector<cv::Mat> augmentWithPolicies(const std::vector<cv::Mat>& patterns,
                                         const std::vector<PolicyOp>& combination,
                                         int magnitudesPerPolicy, std::uint64_t seed,
                                         int maxOutput) {
    if (magnitudesPerPolicy < 1)
        throw usage("Each policy needs at least 1 magnitude per pattern, not " +
                    std::to_string(magnitudesPerPolicy) + ".");
    if (maxOutput < 0)
        throw usage("The maximum number of augmented patterns must be 0 (no limit) or more, not " +
                    std::to_string(maxOutput) + ".");
    requireAugmentablePatterns(patterns, "augmentation", false);

    std::vector<Item> items;
    for (size_t p = 0; p < patterns.size(); ++p)
        for (PolicyOp op : combination) {
            const int draws = usesMagnitude(op) ? magnitudesPerPolicy : 1;
            for (int d = 0; d < draws; ++d)
                items.push_back({p, op, d});
        }
    if (maxOutput > 0 && items.size() > static_cast<size_t>(maxOutput)) {
        std::vector<Item> kept;
        for (size_t i : sampleIndices(items.size(), static_cast<size_t>(maxOutput),
                                      mixSeed(seed, {kSubsetSalt})))
            kept.push_back(items[i]);
        items = std::move(kept);
    }

    std::vector<cv::Mat> out;
    out.reserve(items.size());
    for (const Item& item : items) {
        std::mt19937_64 rng(
            mixSeed(seed, {kItemSalt, item.pattern, static_cast<std::uint64_t>(item.op),
                           static_cast<std::uint64_t>(item.draw)}));
        const double magnitude = uniformUnit(rng);
        out.push_back(applyPolicy(patterns[item.pattern], item.op, magnitude, rng));
    }
    return out;
}

PolicySearchResult searchPolicies(const std::vector<cv::Mat>& trainPatterns,
                                  const PolicySearchOptions& options,
                                  const PatternSetScorer& scorer, Feedback& feedback) {
    const std::vector<PolicyOp> ops = options.ops.empty() ? allPolicyOps() : options.ops;
    if (std::set<PolicyOp>(ops.begin(), ops.end()).size() != ops.size())
        throw usage("The policy search lists an operation twice; give each operation once.");
    if (options.policiesPerCombination < 1 ||
        options.policiesPerCombination > static_cast<int>(ops.size()))
        throw usage("A policy combination must hold between 1 and " + std::to_string(ops.size()) +
                    " operations, not " + std::to_string(options.policiesPerCombination) + ".");
    if (options.magnitudesPerPolicy < 1)
        throw usage("Each policy needs at least 1 magnitude per pattern, not " +
                    std::to_string(options.magnitudesPerPolicy) + ".");
    if (options.maxCombinations < 0 || options.threads < 0 || options.maxNewPatterns < 0)
        throw usage("The policy search's thread count and limits must be 0 (automatic / no "
                    "limit) or more.");
    if (!scorer)
        throw Error(Error::Kind::Internal, "The policy search was started without a scorer.");
    if (trainPatterns.empty())
        throw Error(Error::Kind::Input,
                    "The policy search needs at least one train pattern; add patterns first.");
    requireAugmentablePatterns(trainPatterns, "augmentation", false);

    std::vector<std::vector<PolicyOp>> combinations =
        policyCombinations(ops, options.policiesPerCombination);
    if (options.maxCombinations > 0 &&
        static_cast<size_t>(options.maxCombinations) < combinations.size()) {
        std::vector<std::vector<PolicyOp>> sampled;
        for (size_t i :
             sampleIndices(combinations.size(), static_cast<size_t>(options.maxCombinations),
                           mixSeed(options.seed, {kSamplingSalt})))
            sampled.push_back(combinations[i]);
        combinations = std::move(sampled);
    }

    const size_t count = combinations.size();
    std::vector<SetRating> ratings(count);
    feedback.beginStage("Policy search", static_cast<long long>(count));

    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const size_t workers = std::min<size_t>(
        count, options.threads > 0 ? static_cast<size_t>(options.threads) : hardware);
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex errorMutex;
    std::exception_ptr error;

    auto work = [&]() {
        while (!stop.load() && !feedback.isCanceled()) {
            const size_t i = next.fetch_add(1);
            if (i >= count)
                return;
            try {
                std::vector<cv::Mat> set = trainPatterns;
                std::vector<cv::Mat> extra =
                    augmentWithPolicies(trainPatterns, combinations[i], options.magnitudesPerPolicy,
                                        options.seed, options.maxNewPatterns);
                set.insert(set.end(), std::make_move_iterator(extra.begin()),
                           std::make_move_iterator(extra.end()));
                const SetRating rating = scorer(set);
                if (!std::isfinite(rating.score) || !std::isfinite(rating.tieBreak)) {
                    std::string names;
                    for (PolicyOp op : combinations[i])
                        names += (names.empty() ? "" : ", ") + toString(op);
                    throw Error(Error::Kind::Internal,
                                "The policy scorer returned a value that is not a finite number "
                                "for the combination " +
                                    names + ".");
                }
                ratings[i] = rating;
                feedback.advance();
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                stop.store(true);
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < workers; ++t)
        threads.emplace_back(work);
    work();
    for (std::thread& t : threads)
        t.join();
    if (error)
        std::rethrow_exception(error);
    feedback.throwIfCanceled();

    PolicySearchResult result;
    result.magnitudesPerPolicy = options.magnitudesPerPolicy;
    result.seed = options.seed;
    for (size_t i = 0; i < count; ++i)
        result.tried.push_back({combinations[i], ratings[i].score, ratings[i].tieBreak});
    const CombinationScore& best = bestOf(result.tried);
    result.best = best.ops;
    result.bestScore = best.score;
    return result;
}

bool ratesAbove(const CombinationScore& a, const CombinationScore& b) {
    if (std::abs(a.score - b.score) > 1e-12)
        return a.score > b.score;
    return a.tieBreak > b.tieBreak + 1e-12;
}

const CombinationScore& bestOf(const std::vector<CombinationScore>& tried) {
    if (tried.empty())
        throw Error(Error::Kind::Internal, "No policy combination was scored.");
    const CombinationScore* best = &tried.front();
    for (const CombinationScore& c : tried)
        if (ratesAbove(c, *best))
            best = &c;
    return *best;
}

std::string toJson(const PolicySearchResult& result) {
    auto names = [](const std::vector<PolicyOp>& ops) {
        nlohmann::json list = nlohmann::json::array();
        for (PolicyOp op : ops)
            list.push_back(toString(op));
        return list;
    };
    nlohmann::json tried = nlohmann::json::array();
    for (const CombinationScore& c : result.tried)
        tried.push_back({{"ops", names(c.ops)}, {"score", c.score}, {"tieBreak", c.tieBreak}});
    const nlohmann::json doc = {{"best", names(result.best)},
                                {"bestScore", result.bestScore},
                                {"magnitudesPerPolicy", result.magnitudesPerPolicy},
                                {"seed", std::to_string(result.seed)},
                                {"tried", tried}};
    return doc.dump();
}

PolicySearchResult policySearchResultFromJson(const std::string& text) {
    auto damaged = [](const std::string& detail) {
        return Error(Error::Kind::Project, "The stored policy search result cannot be read (" +
                                               detail + "); run the policy search again.");
    };
    try {
        const nlohmann::json doc = nlohmann::json::parse(text);
        auto ops = [](const nlohmann::json& list) {
            std::vector<PolicyOp> out;
            for (const auto& name : list)
                out.push_back(policyOpFromString(name.get<std::string>()));
            return out;
        };
        PolicySearchResult result;
        result.best = ops(doc.at("best"));
        result.bestScore = doc.at("bestScore").get<double>();
        result.magnitudesPerPolicy = doc.at("magnitudesPerPolicy").get<int>();
        const auto& seed = doc.at("seed");
        result.seed =
            seed.is_string() ? std::stoull(seed.get<std::string>()) : seed.get<std::uint64_t>();
        for (const auto& entry : doc.at("tried"))
            result.tried.push_back({ops(entry.at("ops")), entry.at("score").get<double>(),
                                    entry.value("tieBreak", 0.0)});
        return result;
    } catch (const nlohmann::json::exception& e) {
        throw damaged(e.what());
    } catch (const std::logic_error& e) { // std::stoull
        throw damaged(e.what());
    } catch (const Error& e) { // an unknown op name
        throw damaged(e.what());
    }
}

} // namespace ig
