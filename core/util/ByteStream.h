#pragma once

#include "util/Error.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

// Little-endian binary writing and reading for the project's stored blobs (labeler models, GAN
// generators), and the checksum they carry. Plain helpers; one instance per thread.
namespace ig {

class ByteWriter {
public:
    void bytes(const void* data, size_t size) {
        const auto* p = static_cast<const std::uint8_t*>(data);
        out_.insert(out_.end(), p, p + size);
    }
    void u8(std::uint8_t v) { out_.push_back(v); }
    void u32(std::uint32_t v) { uint(v, 4); }
    void u64(std::uint64_t v) { uint(v, 8); }
    void f32(float v) {
        std::uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        u32(bits);
    }
    std::vector<std::uint8_t>& data() { return out_; }

private:
    void uint(std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    std::vector<std::uint8_t> out_;
};

class ByteReader {
public:
    // `damaged` makes the error thrown when the data ends too early (it names the blob).
    using DamagedError = std::function<Error(const std::string& detail)>;
    ByteReader(const std::uint8_t* data, size_t size, DamagedError damaged)
        : data_(data), size_(size), damaged_(std::move(damaged)) {}

    const std::uint8_t* take(size_t n) {
        if (n > size_ - pos_)
            throw damaged_("it ends too early");
        const std::uint8_t* p = data_ + pos_;
        pos_ += n;
        return p;
    }
    std::uint8_t u8() { return *take(1); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
    std::uint64_t u64() { return uint(8); }
    float f32() {
        const std::uint32_t bits = u32();
        float v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    size_t remaining() const { return size_ - pos_; }

private:
    std::uint64_t uint(int bytes) {
        const std::uint8_t* p = take(static_cast<size_t>(bytes));
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= std::uint64_t(p[i]) << (8 * i);
        return v;
    }
    const std::uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
    DamagedError damaged_;
};

// FNV-1a, 64 bit: a cheap checksum that catches damaged blobs (not an integrity guarantee
// against tampering).
inline std::uint64_t fnv1a(const std::uint8_t* data, size_t size) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < size; ++i) {
        hash ^= data[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

} // namespace ig
