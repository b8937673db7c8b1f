#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace ig {

// A random stream that gives the same numbers for the same seed on every platform (unlike
// std::shuffle and std::uniform_*_distribution, whose algorithms are implementation-defined).
// Threading: one instance per thread.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(mix(seed)) {}

    // Mixes several numbers (seed, fold, candidate...) into one well-spread seed (splitmix64).
    static std::uint64_t mix(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
        std::uint64_t x = a;
        for (std::uint64_t v : {b, c}) {
            x = splitmix(x) ^ v;
        }
        return splitmix(x);
    }

    // Uniform integer in [0, bound), bound > 0 (rejection sampling, no modulo bias).
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        std::uint64_t r;
        do {
            r = engine_();
        } while (r >= limit);
        return r % bound;
    }

    // Uniform double in [0, 1) with 53 random bits.
    double uniform() { return double(engine_() >> 11) * (1.0 / 9007199254740992.0); }

    template <typename T> void shuffle(std::vector<T>& items) {
        for (size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[below(i)]);
    }

private:
    static std::uint64_t splitmix(std::uint64_t x) {
        x += 0x9E3779B97F4A7C15ULL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        return x ^ (x >> 31);
    }
    std::mt19937_64 engine_;
};

} // namespace ig
