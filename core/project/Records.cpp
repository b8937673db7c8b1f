#include "project/Records.h"

#include "util/Error.h"

namespace ig {
namespace {

template <typename E, size_t N>
E fromString(const char* const (&names)[N], const std::string& text, const char* what) {
    for (size_t i = 0; i < N; ++i)
        if (text == names[i])
            return static_cast<E>(i);
    std::string allowed;
    for (size_t i = 0; i < N; ++i)
        allowed += (i ? ", " : "") + std::string(names[i]);
    throw Error(Error::Kind::Usage,
                "Unknown " + std::string(what) + " '" + text + "'; use one of: " + allowed + ".");
}

const char* const kRoles[] = {"worker", "expert", "qa"};
const char* const kVotes[] = {"accept", "reject"};
const char* const kOrigins[] = {"crowd", "reviewed", "policy", "gan"};
const char* const kOutcomes[] = {"running", "succeeded", "failed", "canceled"};

} // namespace

const char* toString(Role role) {
    return kRoles[static_cast<int>(role)];
}
Role roleFromString(const std::string& text) {
    return fromString<Role>(kRoles, text, "role");
}
const char* toString(Vote vote) {
    return kVotes[static_cast<int>(vote)];
}
Vote voteFromString(const std::string& text) {
    return fromString<Vote>(kVotes, text, "vote");
}
const char* toString(PatternOrigin origin) {
    return kOrigins[static_cast<int>(origin)];
}
PatternOrigin patternOriginFromString(const std::string& text) {
    return fromString<PatternOrigin>(kOrigins, text, "pattern origin");
}
const char* toString(RunOutcome outcome) {
    return kOutcomes[static_cast<int>(outcome)];
}
RunOutcome runOutcomeFromString(const std::string& text) {
    return fromString<RunOutcome>(kOutcomes, text, "run outcome");
}

} // namespace ig
