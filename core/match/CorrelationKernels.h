#pragma once

#include <cstddef>
#include <cstdint>

namespace ig::detail {

// The two inner loops of the correlation, in exact integer arithmetic, dispatched once at
// start-up to the best vector unit of the CPU (AVX-512BW, AVX2, SSE2; plain C++ elsewhere).
// Pixels and pattern values are 0..255 held in int16; products go through pmaddwd (int16 pairs
// multiplied and summed into int32 lanes) and are added into double totals, which hold integers
// exactly up to 2^53, so no rounding happens anywhere.
// Thread-safe (pure functions).

constexpr int kPatternBlock = 16;  // dot4Positions: pattern rows are zero-padded to this
constexpr int kScanChunk = 64;     // scanPositions: positions are computed in chunks of this
constexpr int kImagePadding = 128; // zero columns right of every widened / paired image row
// Per call, rows * blocks (dot4Positions) or rows * pairsPerRow (scanPositions) may not exceed
// this, so that no int32 lane overflows: a lane takes at most two pmaddwd results (each at most
// 2 * 255^2) per step, and 8192 * 2 * 2 * 255^2 < 2^31.
constexpr int kMaxStepsPerCall = 8192;

// For k = 0..3: out[k] += sum over r < rows, c < 16 * blocks of t[r][c] * img[r][c + k].
// Rows are tStride / imgStride elements apart. Good for few positions and long pattern rows.
// Reads img rows up to 16 * blocks + 2 elements past their start.
void dot4Positions(const int16_t* t, size_t tStride, int blocks, int rows, const int16_t* img,
                   size_t imgStride, double* out);

// For i < count: dots[i] += sum over r < rows, j < pairsPerRow of
//   madd(tPairs[r][j], imgPairs[r][i + 2j]),
// where each int32 holds two int16 (low = first) and madd multiplies the halves pairwise and
// adds them. With imgPairs[y][x] = (I[y][x], I[y][x+1]) and tPairs[r][j] = (T[r][2j],
// T[r][2j+1]) that is the correlation at `count` neighbouring positions. Good for many
// positions and short pattern rows. `dots` must hold count rounded up to kScanChunk; reads
// imgPairs rows up to that rounded count + 2 * pairsPerRow elements past their start.
void scanPositions(const int32_t* tPairs, size_t tStride, int pairsPerRow, int rows,
                   const int32_t* imgPairs, size_t imgStride, int count, double* dots);

// out[i] = num[i] * scale / sqrt(var[i]) clamped to [-1, 1], or 0 where var[i] <= 0 (a
// window without signal). Single precision: the inputs come from exact integers, so r is off
// by a few units in the last place (~1e-7) at most. Full scans spend much time here.
void normaliseCorrelations(const float* num, const float* var, float scale, int count, float* out);

// out[x] = (in[x], in[x + 1]) as two int16 in one int32 (low = in[x]), for x < n: a row of
// the pair plane scanPositions reads. Reads in[0 .. n].
void makePairRow(const int16_t* in, int n, int32_t* out);

// For tests: switch every kernel to one instruction set (Best = what start-up chose). Returns
// false, changing nothing, when this CPU or build lacks it. Not thread-safe: call it only while
// no matching runs.
enum class KernelVariant { Best, Avx512, Avx2, Sse2, Generic };
bool useKernelVariant(KernelVariant variant);

} // namespace ig::detail
