#include "synth/SynthRandom.h"

#include <cmath>

namespace ig {

double SynthRandom::uniform() {
    return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); // 2^-53
}

double SynthRandom::uniform(double low, double high) {
    return low + (high - low) * uniform();
}

int SynthRandom::uniformInt(int low, int high) {
    if (high <= low)
        return low;
    const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
    return static_cast<int>(low + static_cast<std::int64_t>(engine_() % span));
}

double SynthRandom::normal() {
    if (hasSpareNormal_) {
        hasSpareNormal_ = false;
        return spareNormal_;
    }
    constexpr double kTwoPi = 6.283185307179586;
    const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    spareNormal_ = radius * std::sin(kTwoPi * u2);
    hasSpareNormal_ = true;
    return radius * std::cos(kTwoPi * u2);
}

bool SynthRandom::chance(double probability) {
    return uniform() < probability;
}

std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace ig
