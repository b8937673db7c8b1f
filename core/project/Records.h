#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Plain records stored in a project file, one struct per table. Ids are SQLite rowids; 0 means
// "not stored yet". Times are UTC, ISO 8601 ("2026-12-04T22:39:22Z").
namespace ig {

using Id = std::int64_t;

struct ImageRecord {
    Id id = 0;
    std::string path; // relative to the project file's folder when it lies below it; else absolute
    int width = 0;
    int height = 0;
    int channels = 0;                     // 1 grey, 3 colour (4 with alpha)
    int bitDepth = 8;                     // 8 or 16
    std::string contentHash;              // SHA-256 of the file's bytes, hex
    std::optional<std::string> goldLabel; // class name ("0"/"1" for binary data sets)
    bool isDev = false;
    std::string addedAt;
};

enum class Role { Worker, Expert, Qa };

struct WorkerRecord {
    Id id = 0;
    std::string name;
    Role role = Role::Worker;
    std::string createdAt;
};

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;
};

struct BoxRecord {
    Id id = 0;
    Id imageId = 0;
    Id workerId = 0;
    Rect rect;
    std::string defectType;
    std::string createdAt;
};

enum class Vote { Accept, Reject };

struct VoteRecord {
    Id id = 0;
    Id boxId = 0;
    Id workerId = 0;
    Vote vote = Vote::Accept;
    std::string defectType; // the type the expert assigns on accept
    std::string createdAt;
};

enum class PatternOrigin { Crowd, Reviewed, Policy, Gan };

struct PatternRecord {
    Id id = 0;
    std::vector<std::uint8_t> png; // the pattern's pixels, PNG-encoded (8 or 16 bit)
    int width = 0;
    int height = 0;
    PatternOrigin origin = PatternOrigin::Crowd;
    std::optional<Id> parentId;      // the pattern it was augmented from
    std::optional<Id> sourceImageId; // the image it was cut from
    std::optional<Rect> sourceRect;
    std::string defectType;
    std::string createdAt;
};

// The best match of one pattern (a labelling function) on one image.
struct FeatureRecord {
    Id imageId = 0;
    Id patternId = 0;
    double score = 0; // best absolute normalised cross-correlation
    int x = 0;        // top-left corner of the best match, in image pixels
    int y = 0;
    double prominence = 0; // how far the score stands out of the image's score map (MatchResult)
};

struct LabelerModelRecord {
    Id id = 0;
    std::string paramsJson; // architecture, penalty, classes, feature order
    double cvScore = 0;     // cross-validation score on the dev set
    std::vector<std::uint8_t> weights;
    std::string createdAt;
};

// What an augmenter learnt: the policy search's result (params = its JSON, no blob) or a GAN's
// generator (params = its options, blob = the weights) for one defect type ('' = all).
enum class AugmenterKind { Policy, Gan };
struct AugmenterRecord {
    Id id = 0;
    AugmenterKind kind = AugmenterKind::Policy;
    std::string defectType;
    std::string paramsJson;
    std::vector<std::uint8_t> blob;
    std::string createdAt;
};

struct WeakLabelRecord {
    Id imageId = 0;
    Id modelId = 0;
    std::string label;
    double probability = 0;   // of `label`
    std::string evidenceJson; // which patterns matched where
};

enum class RunOutcome { Running, Succeeded, Failed, Canceled };

struct RunRecord {
    Id id = 0;
    std::string command;
    std::string paramsJson;
    std::string startedAt;
    std::string finishedAt; // empty while running
    RunOutcome outcome = RunOutcome::Running;
    std::string message;
};

const char* toString(Role role);
Role roleFromString(const std::string& text); // throws ig::Error(Usage) on unknown names
const char* toString(Vote vote);
Vote voteFromString(const std::string& text);
const char* toString(PatternOrigin origin);
PatternOrigin patternOriginFromString(const std::string& text);
const char* toString(RunOutcome outcome);
RunOutcome runOutcomeFromString(const std::string& text);

} // namespace ig
