#pragma once

#include <cstdint>
#include <random>

namespace ig {

// Random numbers for synthetic images. The std::mt19937_64 sequence is fixed by the C++ standard,
// but the standard distributions are not (libstdc++ and libc++ differ), so the transformations
// to uniform and normal values are done here: a seed gives the same image on every platform.
//
// Threading: not thread-safe; use one instance per image (see mixSeed for independent streams).
class SynthRandom {
public:
    explicit SynthRandom(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }
    double uniform();                        // [0, 1), 53 random bits
    double uniform(double low, double high); // [low, high)
    int uniformInt(int low, int high);       // [low, high], both included
    double normal();                         // mean 0, standard deviation 1 (Box-Muller)
    bool chance(double probability);         // true with the given probability

private:
    std::mt19937_64 engine_;
    bool hasSpareNormal_ = false;
    double spareNormal_ = 0;
};

// Derives the seed of an independent stream (SplitMix64 of seed and stream number), so that e.g.
// the texture of image 7 does not change when the defects of image 6 draw more numbers.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream);

} // namespace ig
