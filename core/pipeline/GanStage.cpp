#include "pipeline/GanStage.h"

#include "augment/PatternGan.h"
#include "util/Feedback.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace ig {

std::vector<std::string> ganOptionsBeyondThePaper(const GanOptions& options) {
    std::vector<std::string> on;
    if (options.keepAspect)
        on.push_back("keep_aspect");
    if (options.diffAugment)
        on.push_back("diff_augment");
    return on;
}

GanStageResult trainGansAndGenerate(const std::vector<PatternRecord>& crowd,
                                    const std::vector<cv::Mat>& pixels, int count,
                                    const AugmentOptions& options,
                                    const std::vector<AugmenterRecord>& previous,
                                    Feedback& feedback, const std::string& otherInputs) {
    std::map<std::string, std::vector<cv::Mat>> byType;
    std::map<std::string, std::vector<Id>> idsByType;
    for (size_t i = 0; i < crowd.size(); ++i) {
        byType[crowd[i].defectType].push_back(pixels[i]);
        auto& ids = idsByType[crowd[i].defectType];
        if (crowd[i].id != 0) // not a policy pattern (otherInputs names those)
            ids.push_back(crowd[i].id);
    }

    // Largest-remainder shares of `count`, so the totals add up exactly.
    std::vector<std::pair<std::string, int>> shares;
    std::vector<std::pair<double, size_t>> remainders;
    int given = 0;
    for (const auto& [type, patterns] : byType) {
        const double exact = double(count) * double(patterns.size()) / double(crowd.size());
        shares.emplace_back(type, static_cast<int>(std::floor(exact)));
        remainders.emplace_back(exact - std::floor(exact), shares.size() - 1);
        given += shares.back().second;
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; given < count && i < remainders.size(); ++i, ++given)
        ++shares[remainders[i].second].second;

    GanStageResult result;
    std::uint64_t typeIndex = 0;
    for (const auto& [type, share] : shares) {
        ++typeIndex;
        if (share == 0)
            continue;
        const auto& patterns = byType.at(type);
        GanOptions gan = options.gan;
        gan.seed = options.seed * 7919ULL + typeIndex;
        // An epoch makes about (4 flips x patterns) / batch size updates.
        const double updatesPerEpoch =
            std::max(1.0, std::round(4.0 * double(patterns.size()) / gan.batchSize));
        if (options.ganMaxUpdates > 0)
            gan.epochs = std::max(
                1, std::min(gan.epochs, static_cast<int>(options.ganMaxUpdates / updatesPerEpoch)));
        if (byType.size() > 1)
            feedback.message("GAN for defect type '" + type +
                             "': " + std::to_string(patterns.size()) + " patterns, " +
                             std::to_string(gan.epochs) + " epochs");
        // Everything the generator depends on; the same signature means the same generator.
        nlohmann::json signatureJson{{"patterns", idsByType.at(type)},
                                     {"seed", std::to_string(gan.seed)},
                                     {"epochs", gan.epochs},
                                     {"batch_size", gan.batchSize},
                                     {"noise", gan.noiseSize},
                                     {"learning_rate", gan.learningRate},
                                     {"side", gan.side},
                                     {"channels", gan.channels}};
        for (const std::string& option : ganOptionsBeyondThePaper(gan))
            signatureJson[option] = true;
        if (!otherInputs.empty())
            signatureJson["other_inputs"] = otherInputs;
        const std::string signature = signatureJson.dump();
        const auto reusable =
            std::find_if(previous.begin(), previous.end(), [&](const AugmenterRecord& a) {
                if (a.kind != AugmenterKind::Gan || a.defectType != type)
                    return false;
                const auto params = nlohmann::json::parse(a.paramsJson, nullptr, false);
                return params.is_object() && params.value("signature", "") == signature;
            });
        if (reusable != previous.end()) {
            const PatternGan model = PatternGan::deserialize(reusable->blob);
            for (auto& m : model.generate(share, gan.seed + 1))
                result.patterns.push_back({type, std::move(m)});
            result.reused.push_back(reusable->id);
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        double lastD = 0, lastG = 0;
        const PatternGan model =
            PatternGan::train(patterns, gan, feedback, [&](int, double d, double g) {
                lastD = d;
                lastG = g;
            });
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (auto& m : model.generate(share, gan.seed + 1))
            result.patterns.push_back({type, std::move(m)});

        AugmenterRecord record;
        record.kind = AugmenterKind::Gan;
        record.defectType = type;
        record.paramsJson = nlohmann::json{
            {"patterns", patterns.size()},
            {"epochs", gan.epochs},
            {"frame", {model.frame().width, model.frame().height}},
            {"diff_augment", gan.diffAugment},
            {"noise", model.noiseSize()},
            {"learning_rate", gan.learningRate},
            {"batch_size", gan.batchSize},
            {"seed", std::to_string(gan.seed)},
            {"final_d_loss", lastD},
            {"final_g_loss", lastG},
            {"seconds", seconds},
            {"other_inputs", otherInputs},
            {"signature",
             signature}}.dump();
        record.blob = model.serializeGenerator();
        result.trained.push_back(std::move(record));
    }
    return result;
}

} // namespace ig
