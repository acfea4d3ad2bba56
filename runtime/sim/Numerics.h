//===- runtime/sim/Numerics.h - the matrix engine's arithmetic --*- C++ -*-===//
//
// Reads: tiles of a GEMM's operand circular buffers (bfloat16, float16,
// float32), the compute configuration (fp32 DST accumulation, math fidelity)
// and the device's architecture.
// Guarantees: the simulator's unpack -> math -> pack computes, bit for bit,
// what Tenstorrent's ttsim computes for the same tiles (docs/simulator.md,
// "Numerics"): the same Src values, the same MVMUL products, sums, roundings
// and DST values, the same packed bytes. Integer arithmetic only.
// Example: a bfloat16 GEMM with float32 DST at LoFi: unpack keeps the
// bfloat16 values; every MVMUL multiplies the top 5 significant bits of B's
// element by the top 7 of A's; each face's 16 products go into DST as two
// groups of 8 aligned to their largest exponent; pack rounds DST to
// bfloat16 with ties away from zero.
//
// The rules, and where they come from (ttsim is the executable form of
// tt-isa-documentation's WormholeB0/TensixTile/TensixCoprocessor pages; its
// src/tensix.cpp is read for these facts only, no code is shared):
//
//  Unpack (UNPACR): an element becomes a 19-bit Src value: sign (bit 18), an
//    8-bit exponent field (bits 17..10), 10 mantissa bits. bfloat16 keeps its
//    bits (low 3 mantissa bits zero); float32 is TF32, its 13 low mantissa
//    bits dropped (truncation, no rounding, denormals kept as they are);
//    float16 keeps its 5-bit exponent in the low bits of the field (no
//    rebias).
//  Math (MVMUL): one pass Dst[r][c] += sum over 16 lanes i of
//    SrcB[r][i] * SrcA[i][c]. A is SrcB and B is SrcA (Dst = A . B without
//    transposes). A lane is zero when either exponent field is 0 (denormals
//    flush here). Fidelity phase p (0..3) multiplies 5 bits of the SrcA
//    value's 11-bit significand (bits 10..6 if p bit 0 is clear, else bits
//    5..1) by 7 bits of SrcB's (bits 10..4 if p bit 1 is clear, else bits
//    3..0 shifted up by 3); the product's exponent is ea + eb + adj, with adj
//    -127 for 8-bit exponents, -15 for float16 into 16-bit DST, +97 for
//    float16 into float32 DST, minus 5 for p bit 0 and minus 7 for p bit 1.
//    A zero lane has exponent max(adj, 0). Lanes 0..7 and 8..15 form two
//    groups: each product is aligned to the group's largest exponent E,
//    rounding half up on the magnitude, and the signed sum is the group's
//    value (a group whose E <= 0 is zero). The two groups and DST are
//    aligned to their largest exponent (groups round half up on magnitude,
//    less one when negative; DST half up), with 16-bit DST rounded to 10
//    fraction bits first, added, normalised and rounded half up to DST's
//    precision: 23 mantissa bits in float32 DST, 7 in Float16_b, 10 in
//    Float16; a zero result is +0, an exponent <= 0 gives +0, an exponent
//    past the format's saturates (infinity in 8-bit exponents, the largest
//    value in Float16). On Wormhole a sum of exactly -1 unit normalises wrong
//    (a leading-sign-count bug ttsim mimics); Blackhole does not.
//  DST: float32 when fp32 accumulation is on; else Float16 when the operands
//    are float16, Float16_b (bfloat16) otherwise. Stored here as the 32-bit
//    value ttsim's dst_decode_* gives back (its register encodings permute
//    the bits and lose nothing).
//  Pack (PACR): DST to the output CB's format: float32 DST -> float32 as is,
//    -> bfloat16 rounded half away from zero (NaN becomes infinity,
//    denormals +0), -> float16 truncated (an exponent under float16's range
//    gives signed zero, over it 0x7FFF with the sign); Float16_b DST ->
//    bfloat16 / float32 (NaN becomes infinity, denormals +0); Float16 DST ->
//    float16 / float32 / bfloat16 (denormals +0; bfloat16 by truncation).
//    Float16_b DST -> float16 is not a mode ttsim packs; it takes the
//    float32 -> float16 rule here.
//
// The contract with the hw ABI's intrinsics (docs/ttsim.md): for each
// output element, DST is zeroed at tile_regs_acquire, then for each
// matmul_tiles call in order, for k-face 0 then 1 (K columns 0..15, then
// 16..31 of the tile), for fidelity phase 0 .. n-1 (n = 1 LoFi, 2 HiFi2,
// 3 HiFi3, 4 HiFi4), DST = accumulate(DST, the face's 16 products in that
// phase).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/runtime.h"

#include <array>
#include <cstdint>

namespace ttrt::sim::num {

/// What DST holds between matmuls.
enum class DstFormat : uint8_t { Float32, Float16_b, Float16 };

/// The arithmetic of a core's matrix engine for one pair of operand formats.
struct EngineConfig {
  DstFormat dst = DstFormat::Float32;
  bool exp8 = true;         // operands with 8-bit exponents (not float16)
  unsigned phases = 4;      // fidelity phases: 1 LoFi .. 4 HiFi4
  bool negOneQuirk = false; // Wormhole's renormalisation of -1 unit
};

/// The configuration for operands of `format` (both operands share it),
/// fp32 DST accumulation, `fidelity` and the device architecture `arch`
/// ("wormhole", "blackhole", ...).
EngineConfig engineConfig(tt_data_format format, bool fp32DestAcc, tt_math_fidelity fidelity,
                          const char *arch);

//--- Single elements (the rules one by one; the tile functions use the same
//--- code) -----------------------------------------------------------------

/// The 19-bit Src value unpack makes of the raw element `raw` of `format`.
uint32_t toSrc(uint32_t raw, tt_data_format format);

/// One MVMUL phase for one DST element: `dst` (32-bit DST value) plus the
/// 16 products a[i] * b[i] in fidelity phase `phase`, a from SrcA (the B
/// operand), b from SrcB (the A operand), both 19-bit Src values.
uint32_t mvmul(const uint32_t a[16], const uint32_t b[16], uint32_t dst, unsigned phase,
               const EngineConfig &c);

/// The raw bits (16 or 32) pack writes for the DST value `dst` of `from`
/// into a CB of `to`. A Float16_b DST packs only to bfloat16 or float32
/// (the packer has no bfloat16 -> float16 mode; the simulator stops first).
uint32_t packElement(uint32_t dst, DstFormat from, tt_data_format to);

/// The DST value (32-bit form) of the float `f`, as an unpack to DST or an
/// earlier pack would leave it (for tests: float32 bits, the bfloat16 bits
/// of `f` truncated, or float16's layout with its 5-bit exponent).
uint32_t dstFromFloat(float f, DstFormat format);
/// The value a 32-bit DST value `d` of `format` stands for.
float dstToFloat(uint32_t d, DstFormat format);

//--- Tiles -----------------------------------------------------------------

/// One operand element as the multiplier sees it: exponent field (a huge
/// negative number for a zero element), sign, and the two significand
/// pieces the fidelity phases use (SrcA: bits 10..6 and 5..1; SrcB: bits
/// 10..4 and (3..0) << 3).
struct SrcElement {
  int32_t exp;
  uint32_t sign;
  uint32_t piece[2];
};

/// An unpacked tile, field by field, indexed [k][n] for B (SrcA), so that
/// the 32 columns of B at one k are contiguous (the tile kernel works on
/// them at once), and [m][k] for A (SrcB: the kernel reads one element at a
/// time). 16-bit fields,
/// decoded once per unpack: the exponent field (-1024 for a zero element),
/// the sign (+1 or -1) and the two pieces of SrcElement (0 for a zero
/// element) as pairs of bytes: for SrcA 4 * piece and 1 (unsigned), for
/// SrcB sign * piece and the sign (signed), so that the multiply-add of a
/// SrcA pair by a SrcB pair is SrcB's sign * (4 * the product + 1). Aligned
/// to a cache line: the tile kernel's 32-byte loads of a row never straddle
/// two lines.
struct alignas(64) SrcTile {
  int16_t exp[32][32];
  int16_t sign[32][32];
  uint16_t piece[2][32][32];
  tt_data_format format = TT_FLOAT16_B;
};

/// Unpacks tile `tile` (the bytes of a 32x32 tile of `format`, four 16x16
/// faces) as operand A (SrcB) or B (SrcA; `transposed`: the tile holds
/// B^T, [n][k]). Use AVX2 when the host has it.
void unpackA(const uint8_t *tile, tt_data_format format, SrcTile &out);
void unpackB(const uint8_t *tile, tt_data_format format, bool transposed, SrcTile &out);

/// DST tile += A . B by the contract above; `dst` is the row-major 32x32
/// tile of 32-bit DST values. Uses AVX2 when the host has it (and then
/// sets the SSE rounding mode toward zero while it runs, restoring it).
void matmulTile(const SrcTile &a, const SrcTile &b, uint32_t *dst, const EngineConfig &c);
/// The same without AVX2 (what matmulTile does on other hosts; tests
/// compare the two).
void matmulTilePortable(const SrcTile &a, const SrcTile &b, uint32_t *dst, const EngineConfig &c);

/// Packs the row-major DST tile `dst` of `from` into the tile bytes `out` of
/// `to` (four 16x16 faces).
void packTile(const uint32_t *dst, DstFormat from, uint8_t *out, tt_data_format to);

} // namespace ttrt::sim::num
