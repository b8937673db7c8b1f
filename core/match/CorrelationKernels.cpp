#include "match/CorrelationKernels.h"

#include <algorithm>
#include <cmath>

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define IG_MATCH_X86 1
#include <immintrin.h>
// GCC 12's AVX-512 headers trip -Wuninitialized on their own _mm512_undefined_* helpers.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace ig::detail {

namespace {

using Dot4Fn = void (*)(const int16_t*, size_t, int, int, const int16_t*, size_t, double*);
using ScanFn = void (*)(const int32_t*, size_t, int, int, const int32_t*, size_t, int, double*);
using NormaliseFn = void (*)(const float*, const float*, float, int, float*);

float normaliseOne(float num, float var, float scale) {
    if (!(var > 0))
        return 0.f;
    const float r = num * scale / std::sqrt(var);
    return std::min(1.f, std::max(-1.f, r));
}

void normaliseGeneric(const float* num, const float* var, float scale, int count, float* out) {
    for (int i = 0; i < count; ++i)
        out[i] = normaliseOne(num[i], var[i], scale);
}

// Plain C++: the reference the vector versions must equal, and the path for other CPUs.
void dot4Generic(const int16_t* t, size_t tStride, int blocks, int rows, const int16_t* img,
                 size_t imgStride, double* out) {
    for (int r = 0; r < rows; ++r) {
        const int16_t* tr = t + r * tStride;
        const int16_t* ir = img + r * imgStride;
        for (int c = 0; c < blocks * kPatternBlock; ++c)
            for (int k = 0; k < 4; ++k)
                out[k] += int32_t(tr[c]) * ir[c + k];
    }
}

int madd(int32_t a, int32_t b) {
    return int32_t(int16_t(a & 0xffff)) * int16_t(b & 0xffff) +
           int32_t(int16_t(a >> 16)) * int16_t(b >> 16);
}

void scanGeneric(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
                 const int32_t* imgPairs, size_t imgStride, int count, double* dots) {
    for (int i = 0; i < count; ++i)
        for (int r = 0; r < rows; ++r)
            for (int j = 0; j < pairsPerRow; ++j)
                dots[i] += madd(tPairs[r * tStride + j], imgPairs[r * imgStride + i + 2 * j]);
}

#ifdef IG_MATCH_X86

// ---- SSE2 (every x86-64 CPU) ----
long long sum4(__m128i v) {
    alignas(16) int32_t parts[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(parts), v);
    return static_cast<long long>(parts[0]) + parts[1] + parts[2] + parts[3];
}

__m128i load128(const void* p) {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
}

void dot4Sse2(const int16_t* t, size_t tStride, int blocks, int rows, const int16_t* img,
              size_t imgStride, double* out) {
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
    for (int r = 0; r < rows; ++r) {
        const int16_t* tr = t + r * tStride;
        const int16_t* ir = img + r * imgStride;
        for (int c = 0; c < blocks * kPatternBlock; c += 8) {
            const __m128i tv = load128(tr + c);
            const int16_t* p = ir + c;
            a0 = _mm_add_epi32(a0, _mm_madd_epi16(tv, load128(p)));
            a1 = _mm_add_epi32(a1, _mm_madd_epi16(tv, load128(p + 1)));
            a2 = _mm_add_epi32(a2, _mm_madd_epi16(tv, load128(p + 2)));
            a3 = _mm_add_epi32(a3, _mm_madd_epi16(tv, load128(p + 3)));
        }
    }
    out[0] += static_cast<double>(sum4(a0));
    out[1] += static_cast<double>(sum4(a1));
    out[2] += static_cast<double>(sum4(a2));
    out[3] += static_cast<double>(sum4(a3));
}

void addLanes4(__m128i v, double* dots) {
    _mm_storeu_pd(dots, _mm_add_pd(_mm_loadu_pd(dots), _mm_cvtepi32_pd(v)));
    _mm_storeu_pd(dots + 2,
                  _mm_add_pd(_mm_loadu_pd(dots + 2), _mm_cvtepi32_pd(_mm_srli_si128(v, 8))));
}

void scanSse2(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
              const int32_t* imgPairs, size_t imgStride, int count, double* dots) {
    for (int x = 0; x < count; x += 16) {
        __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
        for (int r = 0; r < rows; ++r) {
            const int32_t* tp = tPairs + r * tStride;
            const int32_t* ip = imgPairs + r * imgStride + x;
            for (int j = 0; j < pairsPerRow; ++j) {
                const __m128i tv = _mm_set1_epi32(tp[j]);
                const int32_t* p = ip + 2 * j;
                a0 = _mm_add_epi32(a0, _mm_madd_epi16(load128(p), tv));
                a1 = _mm_add_epi32(a1, _mm_madd_epi16(load128(p + 4), tv));
                a2 = _mm_add_epi32(a2, _mm_madd_epi16(load128(p + 8), tv));
                a3 = _mm_add_epi32(a3, _mm_madd_epi16(load128(p + 12), tv));
            }
        }
        addLanes4(a0, dots + x);
        addLanes4(a1, dots + x + 4);
        addLanes4(a2, dots + x + 8);
        addLanes4(a3, dots + x + 12);
    }
}

void normaliseSse2(const float* num, const float* var, float scale, int count, float* out) {
    const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.f), minusOne = _mm_set1_ps(-1.f);
    const __m128 s = _mm_set1_ps(scale);
    int i = 0;
    for (; i + 4 <= count; i += 4) {
        const __m128 v = _mm_loadu_ps(var + i);
        const __m128 signal = _mm_cmpgt_ps(v, zero);
        const __m128 safe = _mm_or_ps(_mm_and_ps(signal, v), _mm_andnot_ps(signal, one));
        __m128 r = _mm_div_ps(_mm_mul_ps(_mm_loadu_ps(num + i), s), _mm_sqrt_ps(safe));
        r = _mm_and_ps(signal, _mm_max_ps(minusOne, _mm_min_ps(one, r)));
        _mm_storeu_ps(out + i, r);
    }
    for (; i < count; ++i)
        out[i] = normaliseOne(num[i], var[i], scale);
}

// ---- AVX2 ----
__attribute__((target("avx2"))) __m256i load256(const void* p) {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}

__attribute__((target("avx2"))) long long sum8(__m256i v) {
    // Widen before adding: eight lanes near 2^31 would overflow an int32 total.
    const __m256i wide = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(v)),
                                          _mm256_cvtepi32_epi64(_mm256_extracti128_si256(v, 1)));
    alignas(32) long long parts[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(parts), wide);
    return parts[0] + parts[1] + parts[2] + parts[3];
}

__attribute__((target("avx2"))) void dot4Avx2(const int16_t* t, size_t tStride, int blocks,
                                              int rows, const int16_t* img, size_t imgStride,
                                              double* out) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    for (int r = 0; r < rows; ++r) {
        const int16_t* tr = t + r * tStride;
        const int16_t* ir = img + r * imgStride;
        for (int b = 0; b < blocks; ++b) {
            const __m256i tv = load256(tr + b * kPatternBlock);
            const int16_t* p = ir + b * kPatternBlock;
            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(tv, load256(p)));
            a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(tv, load256(p + 1)));
            a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(tv, load256(p + 2)));
            a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(tv, load256(p + 3)));
        }
    }
    out[0] += static_cast<double>(sum8(a0));
    out[1] += static_cast<double>(sum8(a1));
    out[2] += static_cast<double>(sum8(a2));
    out[3] += static_cast<double>(sum8(a3));
}

__attribute__((target("avx2"))) void addLanes8(__m256i v, double* dots) {
    _mm256_storeu_pd(
        dots, _mm256_add_pd(_mm256_loadu_pd(dots), _mm256_cvtepi32_pd(_mm256_castsi256_si128(v))));
    _mm256_storeu_pd(dots + 4, _mm256_add_pd(_mm256_loadu_pd(dots + 4),
                                             _mm256_cvtepi32_pd(_mm256_extracti128_si256(v, 1))));
}

template <int A>
__attribute__((target("avx2"))) void
scanChunkAvx2(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
              const int32_t* imgPairs, size_t imgStride, double* dots) {
    __m256i acc[A];
    for (int a = 0; a < A; ++a)
        acc[a] = _mm256_setzero_si256();
    for (int r = 0; r < rows; ++r) {
        const int32_t* tp = tPairs + r * tStride;
        const int32_t* ip = imgPairs + r * imgStride;
        for (int j = 0; j < pairsPerRow; ++j) {
            const __m256i tv = _mm256_set1_epi32(tp[j]);
            const int32_t* p = ip + 2 * j;
            for (int a = 0; a < A; ++a)
                acc[a] = _mm256_add_epi32(acc[a], _mm256_madd_epi16(load256(p + 8 * a), tv));
        }
    }
    for (int a = 0; a < A; ++a)
        addLanes8(acc[a], dots + 8 * a);
}

__attribute__((target("avx2"))) void scanAvx2(const int32_t* tPairs, size_t tStride,
                                              int pairsPerRow, int rows, const int32_t* imgPairs,
                                              size_t imgStride, int count, double* dots) {
    int x = 0;
    for (; x + 24 < count; x += 32)
        scanChunkAvx2<4>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    const int rest = count - x; // 0..24
    if (rest > 16)
        scanChunkAvx2<3>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    else if (rest > 8)
        scanChunkAvx2<2>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    else if (rest > 0)
        scanChunkAvx2<1>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
}

__attribute__((target("avx2"))) void normaliseAvx2(const float* num, const float* var, float scale,
                                                   int count, float* out) {
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.f);
    const __m256 minusOne = _mm256_set1_ps(-1.f), s = _mm256_set1_ps(scale);
    int i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = _mm256_loadu_ps(var + i);
        const __m256 signal = _mm256_cmp_ps(v, zero, _CMP_GT_OQ);
        const __m256 safe = _mm256_blendv_ps(one, v, signal);
        __m256 r = _mm256_div_ps(_mm256_mul_ps(_mm256_loadu_ps(num + i), s), _mm256_sqrt_ps(safe));
        r = _mm256_and_ps(signal, _mm256_max_ps(minusOne, _mm256_min_ps(one, r)));
        _mm256_storeu_ps(out + i, r);
    }
    for (; i < count; ++i)
        out[i] = normaliseOne(num[i], var[i], scale);
}

// ---- AVX-512BW: two pattern blocks per step; an odd last block takes the AVX2 width ----
__attribute__((target("avx512bw"))) long long sum16(__m512i v) {
    const __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v));
    const __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(v, 1));
    return _mm512_reduce_add_epi64(_mm512_add_epi64(lo, hi));
}

__attribute__((target("avx512bw"))) void dot4Avx512(const int16_t* t, size_t tStride, int blocks,
                                                    int rows, const int16_t* img, size_t imgStride,
                                                    double* out) {
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    __m256i b0 = _mm256_setzero_si256(), b1 = b0, b2 = b0, b3 = b0;
    const int pairs = blocks / 2;
    for (int r = 0; r < rows; ++r) {
        const int16_t* tr = t + r * tStride;
        const int16_t* ir = img + r * imgStride;
        for (int b = 0; b < pairs; ++b) {
            const __m512i tv = _mm512_loadu_si512(tr + 2 * b * kPatternBlock);
            const int16_t* p = ir + 2 * b * kPatternBlock;
            a0 = _mm512_add_epi32(a0, _mm512_madd_epi16(tv, _mm512_loadu_si512(p)));
            a1 = _mm512_add_epi32(a1, _mm512_madd_epi16(tv, _mm512_loadu_si512(p + 1)));
            a2 = _mm512_add_epi32(a2, _mm512_madd_epi16(tv, _mm512_loadu_si512(p + 2)));
            a3 = _mm512_add_epi32(a3, _mm512_madd_epi16(tv, _mm512_loadu_si512(p + 3)));
        }
        if (blocks % 2) {
            const int c = 2 * pairs * kPatternBlock;
            const __m256i tv = load256(tr + c);
            const int16_t* p = ir + c;
            b0 = _mm256_add_epi32(b0, _mm256_madd_epi16(tv, load256(p)));
            b1 = _mm256_add_epi32(b1, _mm256_madd_epi16(tv, load256(p + 1)));
            b2 = _mm256_add_epi32(b2, _mm256_madd_epi16(tv, load256(p + 2)));
            b3 = _mm256_add_epi32(b3, _mm256_madd_epi16(tv, load256(p + 3)));
        }
    }
    out[0] += static_cast<double>(sum16(a0) + sum8(b0));
    out[1] += static_cast<double>(sum16(a1) + sum8(b1));
    out[2] += static_cast<double>(sum16(a2) + sum8(b2));
    out[3] += static_cast<double>(sum16(a3) + sum8(b3));
}

__attribute__((target("avx512bw"))) void addLanes16(__m512i v, double* dots) {
    _mm512_storeu_pd(
        dots, _mm512_add_pd(_mm512_loadu_pd(dots), _mm512_cvtepi32_pd(_mm512_castsi512_si256(v))));
    _mm512_storeu_pd(dots + 8, _mm512_add_pd(_mm512_loadu_pd(dots + 8),
                                             _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(v, 1))));
}

// Positions x .. x + 16 * A - 1 with A accumulators (A < 4 for the last, partial chunk).
template <int A>
__attribute__((target("avx512bw"))) void
scanChunkAvx512(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
                const int32_t* imgPairs, size_t imgStride, double* dots) {
    __m512i acc[A];
    for (int a = 0; a < A; ++a)
        acc[a] = _mm512_setzero_si512();
    for (int r = 0; r < rows; ++r) {
        const int32_t* tp = tPairs + r * tStride;
        const int32_t* ip = imgPairs + r * imgStride;
        for (int j = 0; j < pairsPerRow; ++j) {
            const __m512i tv = _mm512_set1_epi32(tp[j]);
            const int32_t* p = ip + 2 * j;
            for (int a = 0; a < A; ++a)
                acc[a] =
                    _mm512_add_epi32(acc[a], _mm512_madd_epi16(_mm512_loadu_si512(p + 16 * a), tv));
        }
    }
    for (int a = 0; a < A; ++a)
        addLanes16(acc[a], dots + 16 * a);
}

__attribute__((target("avx512bw"))) void scanAvx512(const int32_t* tPairs, size_t tStride,
                                                    int pairsPerRow, int rows,
                                                    const int32_t* imgPairs, size_t imgStride,
                                                    int count, double* dots) {
    int x = 0;
    for (; x + 48 < count; x += 64)
        scanChunkAvx512<4>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    const int rest = count - x; // 0..48
    if (rest > 32)
        scanChunkAvx512<3>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    else if (rest > 16)
        scanChunkAvx512<2>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
    else if (rest > 0)
        scanChunkAvx512<1>(tPairs, tStride, pairsPerRow, rows, imgPairs + x, imgStride, dots + x);
}

#endif // IG_MATCH_X86

struct Kernels {
    Dot4Fn dot4;
    ScanFn scan;
    NormaliseFn normalise;
};

Kernels bestKernels() {
#ifdef IG_MATCH_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512bw"))
        return {dot4Avx512, scanAvx512, normaliseAvx2};
    if (__builtin_cpu_supports("avx2"))
        return {dot4Avx2, scanAvx2, normaliseAvx2};
    return {dot4Sse2, scanSse2, normaliseSse2};
#else
    return {dot4Generic, scanGeneric, normaliseGeneric};
#endif
}

Kernels& kernels() {
    static Kernels chosen = bestKernels();
    return chosen;
}

} // namespace

void dot4Positions(const int16_t* t, size_t tStride, int blocks, int rows, const int16_t* img,
                   size_t imgStride, double* out) {
    kernels().dot4(t, tStride, blocks, rows, img, imgStride, out);
}

void scanPositions(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
                   const int32_t* imgPairs, size_t imgStride, int count, double* dots) {
    kernels().scan(tPairs, tStride, pairsPerRow, rows, imgPairs, imgStride, count, dots);
}

void normaliseCorrelations(const float* num, const float* var, float scale, int count, float* out) {
    kernels().normalise(num, var, scale, count, out);
}

void makePairRow(const int16_t* in, int n, int32_t* out) {
    int x = 0;
#ifdef IG_MATCH_X86
    // Interleaving a row with itself shifted by one gives the pairs directly.
    for (; x + 8 <= n; x += 8) {
        const __m128i a = load128(in + x), b = load128(in + x + 1);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), _mm_unpacklo_epi16(a, b));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x + 4), _mm_unpackhi_epi16(a, b));
    }
#endif
    for (; x < n; ++x)
        out[x] =
            static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint16_t>(in[x])) |
                                 static_cast<uint32_t>(static_cast<uint16_t>(in[x + 1])) << 16);
}

bool useKernelVariant(KernelVariant variant) {
    switch (variant) {
    case KernelVariant::Best:
        kernels() = bestKernels();
        return true;
    case KernelVariant::Generic:
        kernels() = {dot4Generic, scanGeneric, normaliseGeneric};
        return true;
#ifdef IG_MATCH_X86
    case KernelVariant::Sse2:
        kernels() = {dot4Sse2, scanSse2, normaliseSse2};
        return true;
    case KernelVariant::Avx2:
        if (!__builtin_cpu_supports("avx2"))
            return false;
        kernels() = {dot4Avx2, scanAvx2, normaliseAvx2};
        return true;
    case KernelVariant::Avx512:
        if (!__builtin_cpu_supports("avx512bw"))
            return false;
        kernels() = {dot4Avx512, scanAvx512, normaliseAvx2};
        return true;
#endif
    default:
        return false;
    }
}

} // namespace ig::detail
