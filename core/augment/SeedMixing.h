#pragma once

#include <cstdint>
#include <initializer_list>

namespace ig::augment_detail {

// splitmix64 finaliser: spreads a number over all 64 bits.
inline std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// Mixes a seed with coordinates (pattern, op, draw...) into an independent stream seed, so each
// random item depends only on its coordinates and not on the order work is done in.
inline std::uint64_t mixSeed(std::uint64_t seed, std::initializer_list<std::uint64_t> parts) {
    std::uint64_t x = splitmix(seed);
    for (std::uint64_t part : parts)
        x = splitmix(x ^ part);
    return x;
}

} // namespace ig::augment_detail
