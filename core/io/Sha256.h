#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ig {

// Incremental SHA-256 (FIPS 180-4), used for the content hash of image files so that the same
// image imported twice is recognised whatever its name.
//
// Threading: an instance is not shared; use one per thread.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    // Finishes the hash; the instance must not be updated afterwards.
    std::array<std::uint8_t, 32> digest();
    // Finishes the hash and returns it as 64 lowercase hex digits.
    std::string hexDigest();

    static std::string hex(const void* data, std::size_t size);
    // SHA-256 of a file's bytes as hex; throws ig::Error(Input) when the file cannot be read.
    static std::string hexOfFile(const std::string& path);

private:
    void processBlock(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
    bool finished_ = false;
};

} // namespace ig
