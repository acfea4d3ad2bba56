//===- runtime/sim/Numerics.cpp - the matrix engine's arithmetic ----------===//
//
// See Numerics.h for the rules and their sources. Layout of the hot path
// (docs/simulator.md, "Numerics"): an operand tile is decoded once at
// unpack into 16-bit fields (SrcTile); per face of an output row, the
// lanes' alignment is computed once for every fidelity phase (FaceSums),
// a lane of a phase is then a 16-bit multiply and a rounding multiply
// (AVX2 when the host has it, else portable C++), and the group sums are
// accumulated into DST 8 columns at a time. The single-element functions
// (mvmul, packElement) state the rules plainly; the tests hold the tile
// kernels to them.
//
//===----------------------------------------------------------------------===//

#include "sim/Numerics.h"

#include "sim/Formats.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

using namespace ttrt;
using namespace ttrt::sim::num;
namespace num = ttrt::sim::num;

namespace {

/// The exponent of a zero operand element: a product with it stays far
/// below any real exponent, and below kZeroLane.
constexpr int32_t kZeroExp = -(1 << 28);
constexpr int32_t kZeroLane = -(1 << 27);

/// The exponent adjustment of a product in fidelity phase `phase`.
int32_t productAdjust(const EngineConfig &c, unsigned phase) {
  int32_t adj = c.exp8 ? -127 : c.dst == DstFormat::Float32 ? 127 - 30 : -15;
  if (phase & 1)
    adj -= 5;
  if (phase & 2)
    adj -= 7;
  return adj;
}

/// A Src value as the multiplier sees it, for SrcA (`srcA`) or SrcB.
SrcElement decode(uint32_t src, bool srcA) {
  uint32_t field = (src >> 10) & 0xff;
  if (field == 0) // exponent 0: the lane is zero, whatever the mantissa
    return {kZeroExp, 0, {0, 0}};
  uint32_t sig = (src & 0x3ff) | 0x400; // 11 bits
  SrcElement e{int32_t(field), (src >> 18) & 1, {0, 0}};
  if (srcA) {
    e.piece[0] = sig >> 6;        // bits 10..6
    e.piece[1] = (sig >> 1) & 31; // bits 5..1
  } else {
    e.piece[0] = sig >> 4;        // bits 10..4
    e.piece[1] = (sig & 15) << 3; // bits 3..0, weighted 2^-7 below piece 0
  }
  return e;
}

/// A group's (or the sum's) sign, exponent and magnitude with 23 fraction
/// bits.
struct Term {
  uint32_t sign;
  int32_t exp;
  uint32_t man;
};

/// The value of the 8 products a[i] * b[i] of one group, aligned to their
/// largest exponent. `pa`, `pb`: which piece each side uses.
inline Term groupSum(const SrcElement *a, const SrcElement *b, unsigned pa, unsigned pb,
                     int32_t adj, int32_t zeroLane) {
  int32_t exps[8];
  int32_t top = INT32_MIN;
  for (int i = 0; i < 8; ++i) {
    int32_t e = a[i].exp + b[i].exp + adj;
    exps[i] = e < kZeroLane ? zeroLane : e;
    top = std::max(top, exps[i]);
  }
  if (top <= 0)
    return {0, 0, 0};
  int32_t sum = 0;
  for (int i = 0; i < 8; ++i) {
    int32_t man = int32_t(a[i].piece[pa] * b[i].piece[pb]); // at most 12 bits
    uint32_t d = std::min(uint32_t(top - exps[i]), 30u);
    man = ((man << 1) + (1 << d)) >> (d + 1); // half up
    int32_t neg = -int32_t(a[i].sign ^ b[i].sign);
    sum += (man ^ neg) - neg;
  }
  uint32_t sign = sum < 0;
  uint32_t mag = uint32_t(sign ? -sum : sum);
  return {sign, top, mag << 13};
}

/// DST plus the two groups, normalised and rounded to DST's format.
[[gnu::always_inline]] inline uint32_t accumulate(const Term &g0, const Term &g1, uint32_t dst,
                                                  const EngineConfig &c) {
  bool fp32 = c.dst == DstFormat::Float32;
  uint32_t dSign = dst >> 31;
  int32_t dExp = int32_t((dst >> 23) & 0xff);
  uint32_t dMan = dExp ? (dst & 0x7fffff) | 0x800000 : 0;
  int32_t exp = std::max({g0.exp, g1.exp, dExp});
  if (exp <= 0)
    return 0;
  auto alignGroup = [&](const Term &g) { // half up, less one when negative
    uint32_t d = uint32_t(exp - g.exp);
    uint32_t half = d ? (1u << ((d - 1) & 31)) - g.sign : 0;
    return d < 31 ? (g.man + half) >> d : 0u;
  };
  uint32_t m0 = alignGroup(g0), m1 = alignGroup(g1);
  if (dExp < exp) {
    uint32_t d = uint32_t(exp - dExp);
    dMan = d < 31 ? (dMan + (1u << (d - 1))) >> d : 0;
  }
  if (!fp32) { // 16-bit DST: 10 fraction bits before the add
    m0 = (m0 + (1u << 12) - g0.sign) & ~0x1fffu;
    m1 = (m1 + (1u << 12) - g1.sign) & ~0x1fffu;
    dMan = (dMan + (1u << 12)) & ~0x1fffu;
  }
  uint32_t sign = dSign;
  int32_t man = int32_t(dMan);
  man += g0.sign == sign ? int32_t(m0) : -int32_t(m0);
  man += g1.sign == sign ? int32_t(m1) : -int32_t(m1);
  if (man < 0) {
    man = -man;
    sign ^= 1;
  }
  if (man == 0)
    return 0;
  int32_t shift = std::countl_zero(uint32_t(man)) - 8; // to a leading bit 23
  if (c.negOneQuirk && sign && man == 1)
    shift -= 27;
  exp -= shift;
  int32_t keep = fp32 ? 0 : c.exp8 ? 16 : 13; // low bits DST does not hold
  shift -= keep;
  if (shift < 0)
    man = (man + (1 << (-shift - 1))) >> -shift; // half up
  else
    man <<= shift;
  man <<= keep;
  if (man & 0x1000000)
    ++exp;
  uint32_t mant = uint32_t(man) & 0x7fffff;
  if (exp <= 0)
    return 0;
  if (fp32 || c.exp8)
    return exp >= 255 ? sign << 31 | 0xffu << 23 : sign << 31 | uint32_t(exp) << 23 | mant;
  return exp >= 32 ? sign << 31 | 31u << 23 | 0x3ffu << 13
                   : sign << 31 | uint32_t(exp) << 23 | mant;
}

/// One MVMUL phase of one element: a, b the 16 lanes of SrcA / SrcB.
inline uint32_t mvmulLanes(const SrcElement *a, const SrcElement *b, uint32_t dst, unsigned phase,
                           const EngineConfig &c) {
  int32_t adj = productAdjust(c, phase);
  int32_t zeroLane = std::max(adj, 0);
  unsigned pa = phase & 1, pb = (phase >> 1) & 1;
  Term g0 = groupSum(a, b, pa, pb, adj, zeroLane);
  Term g1 = groupSum(a + 8, b + 8, pa, pb, adj, zeroLane);
  return accumulate(g0, g1, dst, c);
}

uint16_t rd16(const uint8_t *p, uint32_t i) {
  uint16_t v;
  std::memcpy(&v, p + 2 * i, 2);
  return v;
}
uint32_t rd32(const uint8_t *p, uint32_t i) {
  uint32_t v;
  std::memcpy(&v, p + 4 * i, 4);
  return v;
}

} // namespace

EngineConfig num::engineConfig(tt_data_format format, bool fp32DestAcc, tt_math_fidelity fidelity,
                               const char *arch) {
  EngineConfig c;
  c.exp8 = format != TT_FLOAT16;
  c.dst = fp32DestAcc ? DstFormat::Float32 : c.exp8 ? DstFormat::Float16_b : DstFormat::Float16;
  c.phases = std::clamp(unsigned(fidelity), 1u, 4u);
  c.negOneQuirk = arch && std::strcmp(arch, "wormhole") == 0;
  return c;
}

uint32_t num::toSrc(uint32_t raw, tt_data_format format) {
  switch (format) {
  case TT_FLOAT32:
    return raw >> 13; // TF32: 13 mantissa bits dropped
  case TT_FLOAT16:
    return (raw & 0x8000) << 3 | (raw & 0x7fff);
  default: // bfloat16
    return (raw & 0xffff) << 3;
  }
}

uint32_t num::mvmul(const uint32_t a[16], const uint32_t b[16], uint32_t dst, unsigned phase,
                    const EngineConfig &c) {
  SrcElement ea[16], eb[16];
  for (int i = 0; i < 16; ++i) {
    ea[i] = decode(a[i], true);
    eb[i] = decode(b[i], false);
  }
  return mvmulLanes(ea, eb, dst, phase, c);
}

uint32_t num::packElement(uint32_t d, DstFormat from, tt_data_format to) {
  switch (from) {
  case DstFormat::Float32:
    if (to == TT_FLOAT32)
      return d;
    if (to == TT_FLOAT16) {
      uint32_t s = d >> 31, m = d & 0x7fffff;
      int32_t e = int32_t((d >> 23) & 0xff) - 112;
      if (e < 0)
        return s << 15;
      if (e > 31)
        return s << 15 | 0x7fff;
      return s << 15 | uint32_t(e) << 10 | m >> 13; // truncated
    } else {
      if ((d & 0x7fffffff) > 0x7f800000) // NaN
        d = (d & 0x80000000) | 0x7f800000;
      uint32_t h = (d + 0x8000) >> 16; // half away from zero
      return (h & 0x7fff) < 0x80 ? 0 : h;
    }
  case DstFormat::Float16_b: {
    uint32_t h = d >> 16;
    if ((h & 0x7fff) > 0x7f80)
      h = (h & 0x8000) | 0x7f80;
    else if ((h & 0x7fff) < 0x80)
      h = 0;
    return to == TT_FLOAT32 ? h << 16 : h;
  }
  case DstFormat::Float16: {
    uint32_t h = (d >> 31) << 15 | ((d >> 13) & 0x7fff);
    if ((h & 0x7fff) < 0x400)
      return 0;
    uint32_t e = (h >> 10) & 31;
    if (to == TT_FLOAT32)
      return (h & 0x8000) << 16 | ((h & 0x7fff) + (112u << 10)) << 13;
    if (to == TT_FLOAT16_B)
      return (h & 0x8000) | (e + 112) << 7 | (h & 0x3ff) >> 3;
    return h;
  }
  }
  return 0;
}

uint32_t num::dstFromFloat(float f, DstFormat format) {
  uint32_t u = floatBits(f);
  switch (format) {
  case DstFormat::Float32:
    return u;
  case DstFormat::Float16_b:
    return u & 0xffff0000;
  case DstFormat::Float16: {
    uint32_t h = toFP16(f);
    return (h & 0x8000) << 16 | (h & 0x7fff) << 13;
  }
  }
  return 0;
}

float num::dstToFloat(uint32_t d, DstFormat format) {
  if (format != DstFormat::Float16)
    return bitsFloat(d);
  return fromFP16(uint16_t((d >> 31) << 15 | ((d >> 13) & 0x7fff)));
}

namespace {

/// The exponent of a zero element in a SrcTile: a lane with it has a
/// negative exponent sum, below every real lane's (at least 2).
constexpr int16_t kZeroExp16 = -1024;
/// Distances below the group's top of 14 bits and more round a product
/// (under 2^12) to zero: the kernels clamp there, which keeps their
/// arithmetic in 16-bit lanes.
constexpr int32_t kMaxShift = 14;

/// The Src value of element `i` of a tile, one reader per format (the
/// format switch is outside the tile loops).
struct Bf16Reader {
  static uint32_t src(const uint8_t *t, uint32_t i) { return uint32_t(rd16(t, i)) << 3; }
};
struct Fp16Reader {
  static uint32_t src(const uint8_t *t, uint32_t i) {
    uint32_t raw = rd16(t, i);
    return (raw & 0x8000) << 3 | (raw & 0x7fff);
  }
};
struct Fp32Reader {
  static uint32_t src(const uint8_t *t, uint32_t i) { return rd32(t, i) >> 13; }
};

/// Decodes a tile into `out` (SrcTile's layout). Element (r, col) of the
/// tile is [r][col] for B (SrcA: (k, n)) and A (SrcB: (m, k)) as stored,
/// [col][r] for a transposed B ((n, k)). The Src values are gathered in
/// that order first; the decode (decode() without branches) then
/// vectorises.
template <class Reader, bool kSrcA>
[[gnu::always_inline]] inline void unpackTile(const uint8_t *tile, bool transposed, SrcTile &out) {
  uint32_t src[32][32];
  // Face by face: a face's rows are 16 contiguous elements.
  if (!transposed) {
    for (uint32_t f = 0; f < 4; ++f)
      for (uint32_t r = 0; r < 16; ++r)
        for (uint32_t col = 0; col < 16; ++col)
          src[f / 2 * 16 + r][f % 2 * 16 + col] = Reader::src(tile, f * 256 + r * 16 + col);
  } else {
    for (uint32_t f = 0; f < 4; ++f)
      for (uint32_t r = 0; r < 16; ++r)
        for (uint32_t col = 0; col < 16; ++col)
          src[f % 2 * 16 + col][f / 2 * 16 + r] = Reader::src(tile, f * 256 + r * 16 + col);
  }
  for (uint32_t i = 0; i < 32; ++i)
    for (uint32_t j = 0; j < 32; ++j) {
      uint32_t v = src[i][j], field = (v >> 10) & 0xff, sig = (v & 0x3ff) | 0x400;
      bool zero = field == 0;
      uint32_t p0 = kSrcA ? sig >> 6 : sig >> 4, p1 = kSrcA ? (sig >> 1) & 31 : (sig & 15) << 3;
      out.exp[i][j] = zero ? kZeroExp16 : int16_t(field);
      out.sign[i][j] = int16_t(1 - int32_t((v >> 17) & 2));
      // SrcA: 4 * piece and 1 (unsigned bytes); SrcB: sign * piece and
      // the sign (signed bytes).
      int32_t low = kSrcA ? 4 : out.sign[i][j], high = kSrcA ? 1 : out.sign[i][j];
      out.piece[0][i][j] = uint16_t(high << 8 | ((zero ? 0 : low * int32_t(p0)) & 0xff));
      out.piece[1][i][j] = uint16_t(high << 8 | ((zero ? 0 : low * int32_t(p1)) & 0xff));
    }
}

/// unpackTile for `format`.
template <bool kSrcA>
[[gnu::always_inline]] inline void unpackAs(const uint8_t *tile, tt_data_format format,
                                            bool transposed, SrcTile &out) {
  out.format = format;
  switch (format) {
  case TT_FLOAT32:
    return unpackTile<Fp32Reader, kSrcA>(tile, transposed, out);
  case TT_FLOAT16:
    return unpackTile<Fp16Reader, kSrcA>(tile, transposed, out);
  default:
    return unpackTile<Bf16Reader, kSrcA>(tile, transposed, out);
  }
}

#if defined(__x86_64__)
/// unpackTile<Bf16Reader, kSrcA> of a tile that is not transposed, in AVX2
/// intrinsics: a face row (16 bfloat16 elements) is one vector, decoded
/// straight from the raw bits (s, the 8-bit field, the 7 mantissa bits m
/// of the significand 1.m000): SrcA's pieces are 16 + m / 8 and (m & 7) *
/// 4, SrcB's 64 + m / 2 and (m & 1) * 64.
template <bool kSrcA>
[[gnu::target("avx2")]] void unpackBf16Avx2(const uint8_t *tile, SrcTile &out) {
  const __m256i fieldMask = _mm256_set1_epi16(0xff), one = _mm256_set1_epi16(1);
  const __m256i zeroExp = _mm256_set1_epi16(kZeroExp16), lowByte = _mm256_set1_epi16(0xff);
  for (uint32_t f = 0; f < 4; ++f)
    for (uint32_t r = 0; r < 16; ++r) {
      __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(tile) + f * 16 + r);
      __m256i field = _mm256_and_si256(_mm256_srli_epi16(raw, 7), fieldMask);
      __m256i zero = _mm256_cmpeq_epi16(field, _mm256_setzero_si256());
      __m256i sign = _mm256_or_si256(_mm256_srai_epi16(raw, 15), one); // +1 or -1
      __m256i p0, p1, high;
      if constexpr (kSrcA) { // 4 * piece and 1
        p0 = _mm256_or_si256(_mm256_srli_epi16(_mm256_and_si256(raw, _mm256_set1_epi16(0x78)), 1),
                             _mm256_set1_epi16(64));
        p1 = _mm256_slli_epi16(_mm256_and_si256(raw, _mm256_set1_epi16(7)), 4);
        high = _mm256_set1_epi16(0x100);
      } else { // sign * piece and the sign
        p0 = _mm256_or_si256(_mm256_srli_epi16(_mm256_and_si256(raw, _mm256_set1_epi16(0x7e)), 1),
                             _mm256_set1_epi16(64));
        p1 = _mm256_slli_epi16(_mm256_and_si256(raw, one), 6);
        p0 = _mm256_and_si256(_mm256_sign_epi16(p0, sign), lowByte);
        p1 = _mm256_and_si256(_mm256_sign_epi16(p1, sign), lowByte);
        high = _mm256_slli_epi16(sign, 8);
      }
      uint32_t row = f / 2 * 16 + r, col = f % 2 * 16;

      _mm256_storeu_si256(reinterpret_cast<__m256i *>(&out.exp[row][col]),
                          _mm256_blendv_epi8(field, zeroExp, zero));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(&out.sign[row][col]), sign);
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(&out.piece[0][row][col]),
                          _mm256_or_si256(high, _mm256_andnot_si256(zero, p0)));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(&out.piece[1][row][col]),
                          _mm256_or_si256(high, _mm256_andnot_si256(zero, p1)));
    }
}

/// unpackAs compiled for AVX2 (the decode loop is 16 elements a vector);
/// bfloat16 tiles that are not transposed by unpackBf16Avx2.
template <bool kSrcA>
[[gnu::target("avx2")]] void unpackAvx2(const uint8_t *tile, tt_data_format format, bool transposed,
                                        SrcTile &out) {
  if (format == TT_FLOAT16_B && !transposed) {
    out.format = format;
    return unpackBf16Avx2<kSrcA>(tile, out);
  }
  unpackAs<kSrcA>(tile, format, transposed, out);
}
#endif

template <bool kSrcA>
void unpack(const uint8_t *tile, tt_data_format format, bool transposed, SrcTile &out) {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2)
    return unpackAvx2<kSrcA>(tile, format, transposed, out);
#endif
  unpackAs<kSrcA>(tile, format, transposed, out);
}

/// One face (16 lanes) of row m of A against the 32 columns of B: per
/// group of 8 lanes and column, the largest lane exponent (ea + eb, without
/// the phase's adjustment), whether a lane is zero, and per phase the
/// signed sum of the products aligned (half up) to that exponent.
///
/// A live group's alignment does not depend on the phase: a zero lane's
/// exponent max(adj, 0) outranks the group's top only when the group is
/// dead (exponent <= 0), or for float16 into float32 DST never (its lanes'
/// exponents are >= 2). So the distance d of a lane below the top is
/// computed once for every phase, and the product p (at most 12 bits)
/// aligned as (2p + 2^d) >> (d + 1) = (2p * 2^(14-d) + 2^14) >> 15, which
/// is exact for d <= 14 and zero beyond: the SSSE3/AVX2 rounding multiply
/// (pmulhrsw) in 16-bit lanes. A group's sum fits 16 bits (8 * 31 * 127).
/// The AVX2 kernel multiplies sa * (4p + 1) (one pmaddubsw of the pieces'
/// byte pairs, SrcTile) by sb * 2^(13-d), s = sa * sb the product's sign:
/// with the rounding multiply's 2^14 added, the extra 2^(13-d) (at most a
/// quarter of the unit 2^(15-d) of 2p * 2^(14-d) + 2^14, which is a
/// multiple of it for d >= 1; for d = 0 it is 2^13 beside 2^14) never
/// changes the floor when positive, and when negative, it turns the
/// rounding toward +infinity at a tie into half up on the magnitude: s *
/// ((2p + 2^d) >> (d + 1)) for d <= 13, and zero beyond (multiplier 0).
struct alignas(64) FaceSums {
  int16_t sum[4][2][32];
  int16_t top[2][32];
  int16_t anyZero[2][32]; // -1 when a lane of the group is zero, else 0
};

/// The portable form of the face kernel (the AVX2 one below computes the
/// same numbers).
void faceSumsPortable(const SrcTile &a, const SrcTile &b, uint32_t m, uint32_t k0, unsigned phases,
                      FaceSums &s) {
  for (uint32_t g = 0; g < 2; ++g) {
    uint32_t kg = k0 + 8 * g;
    int32_t mult[8][32], sgn[8][32];
    for (uint32_t n = 0; n < 32; ++n) {
      int32_t top = INT16_MIN, anyZero = 0;
      for (uint32_t i = 0; i < 8; ++i) {
        int32_t e = a.exp[m][kg + i] + b.exp[kg + i][n];
        top = std::max(top, e);
        anyZero |= e < 0;
      }
      s.top[g][n] = int16_t(top);
      s.anyZero[g][n] = int16_t(-anyZero);
      for (uint32_t i = 0; i < 8; ++i) {
        int32_t d = std::min(top - (a.exp[m][kg + i] + b.exp[kg + i][n]), kMaxShift);
        mult[i][n] = 1 << (kMaxShift - d);
        sgn[i][n] = a.sign[m][kg + i] * b.sign[kg + i][n];
      }
    }
    for (unsigned p = 0; p < phases; ++p) {
      unsigned pa = p & 1, pb = p >> 1;
      for (uint32_t n = 0; n < 32; ++n) {
        int32_t sum = 0;
        for (uint32_t i = 0; i < 8; ++i) {
          int32_t prod = 2 * std::abs(int32_t(int8_t(a.piece[pb][m][kg + i] & 0xff))) *
                         ((b.piece[pa][kg + i][n] & 0xff) >> 2);
          sum += sgn[i][n] * ((prod * mult[i][n] + (1 << 14)) >> 15);
        }
        s.sum[p][g][n] = int16_t(sum);
      }
    }
  }
}

#if defined(__x86_64__)
template <class T> [[gnu::target("avx2")]] inline __m256i load(const T *p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}

/// faceSumsPortable in AVX2: 16 columns per vector. `kPhases` is the
/// number of fidelity phases: the lane loop is outside the phase loop, so
/// that each lane's alignment, sign and pieces stay in registers and the
/// phases' sums are kPhases accumulators. `kZeroLanes`: whether anyZero is
/// written (the float32 DST accumulation of 8-bit exponents does not read
/// it).
template <unsigned kPhases, bool kZeroLanes>
[[gnu::target("avx2")]] void faceSumsAvx2(const SrcTile &a, const SrcTile &b, uint32_t m,
                                          uint32_t k0, FaceSums &s) {
  // 2^(13 - d) for d = 0 .. 15 by one pshufb of the index d + (0x78 + d) *
  // 2^8: its low byte is lut[d] (2^(13 - d) for d >= 6, else 0), its high
  // byte lut[8 + d] (2^(5 - d)) for d <= 7, and 0 for d >= 8 (index bit 7
  // set). d = 14 and 15 (every distance from 14 up) give 0. The index is
  // t + t * 2^8 for t = min(top + 0x7800 - e, 0x780f) = 0x7800 + d.
  const __m256i lut = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, -128, 64, 32, 16, 8, 4, 2, 1, 0, 0, 0, 0,
                                       0, 0, 0, 0, -128, 64, 32, 16, 8, 4, 2, 1, 0, 0);
  const __m256i maxIndex = _mm256_set1_epi16(0x780f), highIndex = _mm256_set1_epi16(0x7800);
  const __m256i zero = _mm256_setzero_si256();
  for (uint32_t g = 0; g < 2; ++g) {
    uint32_t kg = k0 + 8 * g;
    // Both halves of the 32 columns at once: A's broadcast values serve
    // both. The lanes' exponents are kept for the second pass.
    alignas(64) int16_t exps[8][32];
    __m256i top[2], low[2]; // the largest and smallest lane exponent
    for (uint32_t h = 0; h < 2; ++h)
      top[h] = _mm256_set1_epi16(INT16_MIN), low[h] = _mm256_set1_epi16(INT16_MAX);
    for (uint32_t i = 0; i < 8; ++i) {
      __m256i ea = _mm256_set1_epi16(a.exp[m][kg + i]);
      for (uint32_t h = 0; h < 2; ++h) {
        __m256i e = _mm256_add_epi16(ea, load(&b.exp[kg + i][16 * h]));
        _mm256_store_si256(reinterpret_cast<__m256i *>(&exps[i][16 * h]), e);
        top[h] = _mm256_max_epi16(top[h], e);
        if constexpr (kZeroLanes)
          low[h] = _mm256_min_epi16(low[h], e);
      }
    }
    for (uint32_t h = 0; h < 2; ++h) {
      _mm256_storeu_si256((__m256i *)&s.top[g][16 * h], top[h]);
      if constexpr (kZeroLanes)
        _mm256_storeu_si256((__m256i *)&s.anyZero[g][16 * h], _mm256_cmpgt_epi16(zero, low[h]));
    }
    // One 16-column half at a time: its kPhases accumulators, the lane's
    // multiplier and pieces and the constants fit the 16 registers.
    for (uint32_t h = 0; h < 2; ++h) {
      uint32_t v = 16 * h;
      __m256i topIndex = _mm256_add_epi16(top[h], highIndex);
      __m256i sum[kPhases];
      for (unsigned p = 0; p < kPhases; ++p)
        sum[p] = zero;
      const int16_t *bSign = &b.sign[kg][v];
      const uint16_t *bPiece[2] = {&b.piece[0][kg][v], &b.piece[1][kg][v]};
      const uint16_t *aPiece[2] = {&a.piece[0][m][kg], &a.piece[1][m][kg]};
      for (uint32_t i = 0; i < 8; ++i) {
        __m256i t = _mm256_min_epu16(_mm256_sub_epi16(topIndex, load(&exps[i][v])), maxIndex);
        __m256i mult = _mm256_shuffle_epi8(lut, _mm256_add_epi16(t, _mm256_slli_epi16(t, 8)));
        mult = _mm256_sign_epi16(mult, load(bSign + 32 * i));
        __m256i bp[2] = {load(bPiece[0] + 32 * i), load(bPiece[1] + 32 * i)};
        for (unsigned p = 0; p < kPhases; ++p) {
          unsigned pa = p & 1, pb = p >> 1;
          __m256i ap = _mm256_set1_epi16(int16_t(aPiece[pb][i]));
          __m256i prod = _mm256_maddubs_epi16(bp[pa], ap); // A's sign * (4p + 1)
          sum[p] = _mm256_add_epi16(sum[p], _mm256_mulhrs_epi16(prod, mult));
        }
      }
      for (unsigned p = 0; p < kPhases; ++p)
        _mm256_storeu_si256((__m256i *)&s.sum[p][g][v], sum[p]);
    }
  }
}

#endif

/// accumulate() for the 32 elements of a DST row at once, without
/// branches (the vectoriser's form of the same steps; the leading-zero
/// count comes from the exponent of the sum converted to float).
template <bool kFp32>
[[gnu::always_inline]] inline void
accumulateRow(const uint32_t (&gsign)[2][32], const int32_t (&gexp)[2][32],
              const uint32_t (&gman)[2][32], uint32_t *dst, const EngineConfig &c) {
  constexpr bool fp32 = kFp32; // c.dst == DstFormat::Float32, as a constant
  int32_t keep = fp32 ? 0 : c.exp8 ? 16 : 13;
  uint32_t round16 = fp32 ? 0 : 1u << 12, mask16 = fp32 ? ~0u : ~0x1fffu;
  int32_t satExp = fp32 || c.exp8 ? 255 : 32;
  uint32_t satField = fp32 || c.exp8 ? 255u << 23 : 31u << 23 | 0x3ffu << 13;
  uint32_t quirk = c.negOneQuirk;
  for (uint32_t n = 0; n < 32; ++n) {
    uint32_t d = dst[n];
    uint32_t dSign = d >> 31;
    int32_t dExp = int32_t((d >> 23) & 0xff);
    uint32_t dMan = dExp ? (d & 0x7fffff) | 0x800000 : 0;
    int32_t exp = std::max(std::max(gexp[0][n], gexp[1][n]), dExp);
    bool zero = exp <= 0;
    auto align = [&](uint32_t man, int32_t e, uint32_t s) {
      uint32_t dist = uint32_t(exp - e);
      uint32_t half = dist ? (1u << ((dist - 1) & 31)) - s : 0;
      return dist < 31 ? (man + half) >> (dist & 31) : 0u;
    };
    uint32_t m0 = align(gman[0][n], gexp[0][n], gsign[0][n]);
    uint32_t m1 = align(gman[1][n], gexp[1][n], gsign[1][n]);
    uint32_t md = align(dMan, dExp, 0);
    m0 = (m0 + round16 - (gsign[0][n] & (round16 >> 12))) & mask16;
    m1 = (m1 + round16 - (gsign[1][n] & (round16 >> 12))) & mask16;
    md = (md + round16) & mask16;
    int32_t man = int32_t(md) + (gsign[0][n] == dSign ? int32_t(m0) : -int32_t(m0)) +
                  (gsign[1][n] == dSign ? int32_t(m1) : -int32_t(m1));
    uint32_t sign = dSign ^ uint32_t(man < 0);
    uint32_t mag = uint32_t(man < 0 ? -man : man);
    zero |= mag == 0;
    int32_t top = int32_t((std::bit_cast<uint32_t>(float(int32_t(mag))) >> 23) & 0xff) - 127;
    top -= (1u << (top & 31)) > mag; // the conversion rounded up to a power of two
    int32_t shift = 23 - top;        // clz(mag) - 8
    shift -= (quirk & sign & uint32_t(mag == 1)) ? 27 : 0;
    exp -= shift;
    shift -= keep;
    uint32_t right = uint32_t(-shift) & 31, left = uint32_t(shift) & 31;
    uint32_t r = shift < 0 ? (mag + (1u << ((right - 1) & 31))) >> right : mag << left;
    r <<= keep;
    exp += int32_t((r >> 24) & 1);
    uint32_t res =
        exp >= satExp ? sign << 31 | satField : sign << 31 | uint32_t(exp) << 23 | (r & 0x7fffff);
    dst[n] = zero || exp <= 0 ? 0 : res;
  }
}

/// The face's group sums of every phase accumulated into the row's DST
/// values, phase by phase.
template <bool kFp32>
[[gnu::always_inline]] inline void accumulateFace(const FaceSums &s, uint32_t *dst,
                                                  const EngineConfig &c) {
  for (unsigned p = 0; p < c.phases; ++p) {
    int32_t adj = productAdjust(c, p);
    int32_t zeroLane = std::max(adj, 0);
    uint32_t gsign[2][32], gman[2][32];
    int32_t gexp[2][32];
    for (uint32_t g = 0; g < 2; ++g)
      for (uint32_t n = 0; n < 32; ++n) {
        int32_t t = s.top[g][n] + adj;
        int32_t gtop = s.anyZero[g][n] ? std::max(t, zeroLane) : t;
        bool live = gtop > 0;
        int32_t sum = s.sum[p][g][n];
        gsign[g][n] = live && sum < 0;
        gexp[g][n] = live ? gtop : 0;
        gman[g][n] = live ? uint32_t(sum < 0 ? -sum : sum) << 13 : 0;
      }
    accumulateRow<kFp32>(gsign, gexp, gman, dst, c);
  }
}

#if defined(__x86_64__)
/// Eight int16 values widened to int32.
[[gnu::target("avx2")]] inline __m256i widen8(const int16_t *p) {
  return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}

/// The signed values v of exponents `e` aligned to exponents `exp`,
/// rounding half up, from `twice` = 2v (|2v| < 2^31): (v + 2^(dist - 1)) >>
/// dist is ((2v >> dist) + 1) >> 1, also for dist = 0. The distance is
/// clamped at 31, where 2v >> 31 is 0 or -1, and the value 0.
[[gnu::target("avx2")]] inline __m256i alignHalfUp(__m256i twice, __m256i exp, __m256i e) {
  __m256i dist = _mm256_min_epi32(_mm256_sub_epi32(exp, e), _mm256_set1_epi32(31));
  return _mm256_srai_epi32(_mm256_add_epi32(_mm256_srav_epi32(twice, dist), _mm256_set1_epi32(1)),
                           1);
}

/// The unsigned values `v` (< 2^25) of exponents `e` aligned to exponents
/// `exp`, rounding half up (a logical shift by 32 and more gives 0, and by
/// 31 adds 2^30 to v: 0 as well).
[[gnu::target("avx2")]] inline __m256i alignHalfUpUnsigned(__m256i v, __m256i exp, __m256i e) {
  const __m256i one = _mm256_set1_epi32(1);
  __m256i dist = _mm256_sub_epi32(exp, e);
  __m256i half = _mm256_sllv_epi32(one, _mm256_sub_epi32(dist, one)); // 0 when dist = 0
  return _mm256_srlv_epi32(_mm256_add_epi32(v, half), dist);
}

/// The per-column numbers of one group of a face, widened to 8 int32
/// lanes once for every phase.
struct GroupTop {
  __m256i top;     // the largest lane exponent, without the phase's adjustment
  __m256i anyZero; // -1 when a lane is zero (read only with kZeroLanes)
};

/// One phase's two groups added into 8 float32 DST values `d`; returns
/// the new values. The groups are signed values aligned half up (an
/// arithmetic shift): the same as accumulate()'s half up on the magnitude,
/// less one when negative. Needs the rounding mode toward zero
/// (RoundTowardZero). `kZeroLanes`: whether a zero lane can raise a
/// group's exponent (zeroLane > 0: float16 operands into float32 DST).
/// `quirk27`: 27 in every lane when the -1 quirk applies, else 0.
template <bool kZeroLanes>
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i
accumulateFp32Step(__m256i d, const GroupTop (&gt)[2], const int16_t *sum0, const int16_t *sum1,
                   __m256i adjV, __m256i zeroLane, __m256i quirk27) {
  const __m256i one = _mm256_set1_epi32(1), zero = _mm256_setzero_si256();
  const __m256i manMask = _mm256_set1_epi32(0x7fffff);
  const int16_t *sums[2] = {sum0, sum1};
  __m256i ge[2], gv[2];
  for (uint32_t g = 0; g < 2; ++g) {
    // accumulateFace's exponent: live ? (anyZero ? max(t, zeroLane) : t)
    // : 0, which is max(t, anyZero ? zeroLane : 0) as zeroLane >= 0.
    __m256i t = _mm256_add_epi32(gt[g].top, adjV);
    ge[g] = _mm256_max_epi32(t, kZeroLanes ? _mm256_and_si256(gt[g].anyZero, zeroLane) : zero);
    __m256i live = _mm256_cmpgt_epi32(ge[g], zero);
    gv[g] = _mm256_and_si256(_mm256_slli_epi32(widen8(sums[g]), 14), live); // twice the value
  }
  __m256i dNeg = _mm256_srai_epi32(d, 31);
  __m256i dExp = _mm256_and_si256(_mm256_srli_epi32(d, 23), _mm256_set1_epi32(0xff));
  __m256i dMan = _mm256_andnot_si256(
      _mm256_cmpeq_epi32(dExp, zero),
      _mm256_or_si256(_mm256_and_si256(d, manMask), _mm256_set1_epi32(1 << 23)));
  // When exp <= 0 every group is dead (value 0) and DST's exponent field
  // 0 (mantissa 0): the sum is 0, caught by the mag == 0 test below.
  __m256i exp = _mm256_max_epi32(_mm256_max_epi32(ge[0], ge[1]), dExp);
  __m256i m0 = alignHalfUp(gv[0], exp, ge[0]), m1 = alignHalfUp(gv[1], exp, ge[1]);
  __m256i md = alignHalfUpUnsigned(dMan, exp, dExp);
  md = _mm256_sub_epi32(_mm256_xor_si256(md, dNeg), dNeg);
  __m256i man = _mm256_add_epi32(_mm256_add_epi32(md, m0), m1);
  __m256i signBit = _mm256_and_si256(man, _mm256_set1_epi32(INT32_MIN));
  __m256i mag = _mm256_abs_epi32(man);
  __m256i isZero = _mm256_cmpeq_epi32(mag, zero);
  // clz(mag) - 8 = 23 - floor(log2(mag)): the exponent field of mag
  // converted to float (positive; rounded toward zero, so never up to the
  // next power of two) is floor(log2(mag)) + 127.
  __m256i shift = _mm256_sub_epi32(
      _mm256_set1_epi32(150), _mm256_srli_epi32(_mm256_castps_si256(_mm256_cvtepi32_ps(mag)), 23));
  // The quirk: a sum of exactly -1 unit (man = -1) shifts 27 more.
  shift = _mm256_sub_epi32(
      shift, _mm256_and_si256(_mm256_cmpeq_epi32(man, _mm256_set1_epi32(-1)), quirk27));
  exp = _mm256_sub_epi32(exp, shift);
  __m256i right = _mm256_sub_epi32(zero, shift);
  __m256i down = _mm256_srlv_epi32(
      _mm256_add_epi32(mag, _mm256_sllv_epi32(one, _mm256_sub_epi32(right, one))), right);
  __m256i up = _mm256_sllv_epi32(mag, shift);
  // Shifts by a negative count (as unsigned, 32 and more) give 0: one of
  // up and down is 0 but when shift = 0, where both are mag.
  __m256i r = _mm256_or_si256(up, down);
  // r is 2^23 + the fraction, or 2^24 when the rounding carried (one more
  // exponent), or 0 for the quirk (the exponent alone): with r raised to
  // 2^23, exp * 2^23 + r - 2^23 is the result's exponent and fraction. The
  // exponent is clamped to [-1, 256] (still zero, still saturating), so
  // bits = exp * 2^23 + r lies in [0, 258 * 2^23]: as unsigned, it
  // saturates (exponent >= 255) from 2^31, and the exponent is <= 0 below
  // 2^24.
  exp = _mm256_min_epi32(_mm256_max_epi32(exp, _mm256_set1_epi32(-1)), _mm256_set1_epi32(256));
  __m256i bits =
      _mm256_add_epi32(_mm256_slli_epi32(exp, 23), _mm256_max_epi32(r, _mm256_set1_epi32(1 << 23)));
  bits = _mm256_sub_epi32(_mm256_min_epu32(bits, _mm256_set1_epi32(INT32_MIN)),
                          _mm256_set1_epi32(1 << 23)); // now <= 255 * 2^23
  isZero = _mm256_or_si256(isZero, _mm256_cmpgt_epi32(_mm256_set1_epi32(1 << 23), bits));
  return _mm256_andnot_si256(isZero, _mm256_or_si256(signBit, bits));
}

/// ((2v >> dist) + 1) >> 1 from `twice` = 2v: v shifted right by `dist`,
/// rounding half up (a shift by more than 31 gives the sign, then 0).
[[gnu::target("avx2")]] inline __m256i alignTwice(__m256i twice, __m256i dist) {
  return _mm256_srai_epi32(_mm256_add_epi32(_mm256_srav_epi32(twice, dist), _mm256_set1_epi32(1)),
                           1);
}

/// accumulateFp32Step when both groups are live (their exponent top + adj
/// is positive) and no zero lane moves a group's exponent (8-bit
/// exponents): the common case, in fewer instructions. Exponents are
/// compared without the phase's adjustment (x = exp - adj), DST is aligned
/// as a signed value like the groups (from 2v, less one when negative:
/// half up on the magnitude), and the sum is rounded half up to 24 bits by
/// two conversions to float under the rounding mode toward zero: the first
/// gives the leading bit, the second converts the sum plus half a unit of
/// its 24th bit (truncated: half up), whose exponent and fraction are the
/// result's up to the exponent offset. `top0`, `top1`: the groups' largest
/// lane exponents, `topMax` their maximum.
template <bool kQuirk>
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i
accumulateFp32StepLive(__m256i d, __m256i top0, __m256i top1, __m256i topMax, const int16_t *sum0,
                       const int16_t *sum1, __m256i adjV, __m256i expOffset) {
  // DST: exponent field, and twice its significand (2^24 + 2 * fraction),
  // 0 for a zero exponent, less one when negative (~2m = -2m - 1).
  __m256i dExp = _mm256_and_si256(_mm256_srli_epi32(d, 23), _mm256_set1_epi32(0xff));
  __m256i dTwice =
      _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi32(d, 1), _mm256_set1_epi32(0xffffff)),
                      _mm256_set1_epi32(1 << 24));
  dTwice = _mm256_sign_epi32(dTwice, dExp); // 0 where dExp is 0
  dTwice = _mm256_xor_si256(dTwice, _mm256_srai_epi32(d, 31));
  __m256i dx = _mm256_sub_epi32(dExp, adjV);
  __m256i x = _mm256_max_epi32(topMax, dx);
  __m256i m0 = alignTwice(_mm256_slli_epi32(widen8(sum0), 14), _mm256_sub_epi32(x, top0));
  __m256i m1 = alignTwice(_mm256_slli_epi32(widen8(sum1), 14), _mm256_sub_epi32(x, top1));
  __m256i md = alignTwice(dTwice, _mm256_sub_epi32(x, dx));
  __m256i man = _mm256_add_epi32(_mm256_add_epi32(md, m0), m1);
  __m256i mag = _mm256_abs_epi32(man);
  if constexpr (kQuirk) // -1 unit normalises 27 bits too far: as 2^27
    mag = _mm256_blendv_epi8(mag, _mm256_set1_epi32(1 << 27),
                             _mm256_cmpeq_epi32(man, _mm256_set1_epi32(-1)));
  // The leading bit L of mag (the exponent field L + 127 of its conversion
  // to float), half of the 24th bit (2^(L - 24), 0 for L < 24: a shift by
  // a negative count) added, truncated to 24 bits by the second conversion.
  __m256i lead = _mm256_srli_epi32(_mm256_castps_si256(_mm256_cvtepi32_ps(mag)), 23);
  __m256i half =
      _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_sub_epi32(lead, _mm256_set1_epi32(151)));
  __m256i f = _mm256_castps_si256(_mm256_cvtepi32_ps(_mm256_add_epi32(mag, half)));
  // f's exponent field is 150 + (the result's exponent - exp): bits =
  // f + (exp - 150 + 64) * 2^23 is (exponent + 64) * 2^23 + fraction, the
  // exponent within [-22, 388]: saturated at 255 + 64 (unsigned), and
  // zero when the exponent is <= 0. A zero sum has f = 0 and no exponent
  // term (sign by mag), so bits 0: zero as well.
  __m256i expTerm = _mm256_sign_epi32(_mm256_slli_epi32(_mm256_add_epi32(x, expOffset), 23), mag);
  __m256i bits = _mm256_add_epi32(f, expTerm);
  bits = _mm256_sub_epi32(_mm256_min_epu32(bits, _mm256_set1_epi32(319 << 23)),
                          _mm256_set1_epi32(64 << 23));
  __m256i isZero = _mm256_cmpgt_epi32(_mm256_set1_epi32(1 << 23), bits);
  __m256i signBit = _mm256_and_si256(man, _mm256_set1_epi32(INT32_MIN));
  return _mm256_andnot_si256(isZero, _mm256_or_si256(signBit, bits));
}

/// accumulateFace<true> (float32 DST) in AVX2: 16 columns at a time (two
/// vectors of 8, independent chains), every phase in turn with the DST
/// values in registers. `kZeroLanes` as accumulateFp32Step; with 8-bit
/// exponents zeroLane is 0 and anyZero is not read. `kQuirk`: the -1 unit
/// quirk applies.
template <bool kZeroLanes, bool kQuirk, unsigned kPhases>
[[gnu::target("avx2")]] inline void accumulateFaceFp32Avx2(const FaceSums &s, uint32_t *dst,
                                                           const EngineConfig &c) {
  const __m256i quirk27 = _mm256_set1_epi32(kQuirk ? 27 : 0);
  int32_t adjs[kPhases];
  for (unsigned p = 0; p < kPhases; ++p)
    adjs[p] = productAdjust(c, p);
  // Every group is live in every phase when its top exceeds -adj of the
  // last phase (the smallest adjustment): then all 32 columns at once (four
  // independent chains).
  if constexpr (!kZeroLanes) {
    __m256i tops[2][4], topMax[4], low = _mm256_set1_epi32(INT32_MAX);
    for (uint32_t q = 0; q < 4; ++q) {
      for (uint32_t g = 0; g < 2; ++g) {
        tops[g][q] = widen8(&s.top[g][8 * q]);
        low = _mm256_min_epi32(low, tops[g][q]);
      }
      topMax[q] = _mm256_max_epi32(tops[0][q], tops[1][q]);
    }
    if (_mm256_movemask_epi8(_mm256_cmpgt_epi32(low, _mm256_set1_epi32(-adjs[kPhases - 1]))) ==
        -1) {
      __m256i d[4];
      for (uint32_t q = 0; q < 4; ++q)
        d[q] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(dst + 8 * q));
      for (unsigned p = 0; p < kPhases; ++p) {
        const __m256i adjV = _mm256_set1_epi32(adjs[p]);
        const __m256i expOffset = _mm256_set1_epi32(adjs[p] - 150 + 64);
        for (uint32_t q = 0; q < 4; ++q)
          d[q] = accumulateFp32StepLive<kQuirk>(d[q], tops[0][q], tops[1][q], topMax[q],
                                                &s.sum[p][0][8 * q], &s.sum[p][1][8 * q], adjV,
                                                expOffset);
      }
      for (uint32_t q = 0; q < 4; ++q)
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(dst + 8 * q), d[q]);
      return;
    }
  }
  for (uint32_t n = 0; n < 32; n += 16) {
    GroupTop gt[2][2]; // [half][group]
    __m256i d[2];
    for (uint32_t h = 0; h < 2; ++h) {
      for (uint32_t g = 0; g < 2; ++g) {
        gt[h][g].top = widen8(&s.top[g][n + 8 * h]);
        gt[h][g].anyZero = kZeroLanes ? widen8(&s.anyZero[g][n + 8 * h]) : __m256i{};
      }
      d[h] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(dst + n + 8 * h));
    }
    for (unsigned p = 0; p < kPhases; ++p) {
      const __m256i adjV = _mm256_set1_epi32(adjs[p]);
      const __m256i zeroLane = _mm256_set1_epi32(std::max(adjs[p], 0));
      for (uint32_t h = 0; h < 2; ++h)
        d[h] = accumulateFp32Step<kZeroLanes>(d[h], gt[h], &s.sum[p][0][n + 8 * h],
                                              &s.sum[p][1][n + 8 * h], adjV, zeroLane, quirk27);
    }
    for (uint32_t h = 0; h < 2; ++h)
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(dst + n + 8 * h), d[h]);
  }
}
#endif

/// The portable tile kernel.
template <bool kFp32>
[[gnu::always_inline]] inline void tileKernel(const SrcTile &a, const SrcTile &b, uint32_t *dst,
                                              const EngineConfig &c) {
  FaceSums s;
  for (uint32_t m = 0; m < 32; ++m)
    for (uint32_t face = 0; face < 2; ++face) {
      faceSumsPortable(a, b, m, face * 16, c.phases, s);
      accumulateFace<kFp32>(s, dst + m * 32, c);
    }
}

#if defined(__x86_64__)
/// Sets the SSE rounding mode to toward zero while it lives (the
/// int-to-float conversions of accumulateFaceFp32Avx2 then truncate).
class RoundTowardZero {
public:
  RoundTowardZero() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x6000); }
  ~RoundTowardZero() { _mm_setcsr(saved_); }
  RoundTowardZero(const RoundTowardZero &) = delete;
  RoundTowardZero &operator=(const RoundTowardZero &) = delete;

private:
  unsigned saved_;
};

/// The AVX2 tile kernel for `kPhases` fidelity phases.
template <bool kFp32, unsigned kPhases>
[[gnu::target("avx2")]] void tileKernelAvx2(const SrcTile &a, const SrcTile &b, uint32_t *dst,
                                            const EngineConfig &c) {
  RoundTowardZero rz;
  FaceSums s;
  for (uint32_t m = 0; m < 32; ++m)
    for (uint32_t face = 0; face < 2; ++face) {
      // anyZero: for float16 operands, and for accumulateFace, which reads
      // it.
      kFp32 &&c.exp8 ? faceSumsAvx2<kPhases, false>(a, b, m, face * 16, s)
                     : faceSumsAvx2<kPhases, true>(a, b, m, face * 16, s);
      if constexpr (kFp32) {
        if (c.exp8)
          c.negOneQuirk ? accumulateFaceFp32Avx2<false, true, kPhases>(s, dst + m * 32, c)
                        : accumulateFaceFp32Avx2<false, false, kPhases>(s, dst + m * 32, c);
        else
          c.negOneQuirk ? accumulateFaceFp32Avx2<true, true, kPhases>(s, dst + m * 32, c)
                        : accumulateFaceFp32Avx2<true, false, kPhases>(s, dst + m * 32, c);
      } else
        accumulateFace<kFp32>(s, dst + m * 32, c);
    }
}

template <bool kFp32>
[[gnu::target("avx2")]] void matmulTileAvx2(const SrcTile &a, const SrcTile &b, uint32_t *dst,
                                            const EngineConfig &c) {
  switch (c.phases) {
  case 1:
    return tileKernelAvx2<kFp32, 1>(a, b, dst, c);
  case 2:
    return tileKernelAvx2<kFp32, 2>(a, b, dst, c);
  case 3:
    return tileKernelAvx2<kFp32, 3>(a, b, dst, c);
  default:
    return tileKernelAvx2<kFp32, 4>(a, b, dst, c);
  }
}
#endif

} // namespace

void num::unpackA(const uint8_t *tile, tt_data_format format, SrcTile &out) {
  unpack</*kSrcA=*/false>(tile, format, /*transposed=*/false, out);
}

void num::unpackB(const uint8_t *tile, tt_data_format format, bool transposed, SrcTile &out) {
  unpack</*kSrcA=*/true>(tile, format, transposed, out);
}

void num::matmulTilePortable(const SrcTile &a, const SrcTile &b, uint32_t *dst,
                             const EngineConfig &c) {
  if (c.dst == DstFormat::Float32)
    tileKernel<true>(a, b, dst, c);
  else
    tileKernel<false>(a, b, dst, c);
}

void num::matmulTile(const SrcTile &a, const SrcTile &b, uint32_t *dst, const EngineConfig &c) {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2)
    return c.dst == DstFormat::Float32 ? matmulTileAvx2<true>(a, b, dst, c)
                                       : matmulTileAvx2<false>(a, b, dst, c);
#endif
  matmulTilePortable(a, b, dst, c);
}

namespace {

/// packTile for one pair of formats (the format switch is outside the
/// element loop: packElement's folds away).
template <DstFormat kFrom, tt_data_format kTo> void packTileAs(const uint32_t *dst, uint8_t *out) {
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t col = 0; col < 32; ++col) {
      uint32_t v = packElement(dst[r * 32 + col], kFrom, kTo);
      uint32_t i = tileIndex(r, col);
      if constexpr (kTo == TT_FLOAT32) {
        std::memcpy(out + 4 * i, &v, 4);
      } else {
        uint16_t h = uint16_t(v);
        std::memcpy(out + 2 * i, &h, 2);
      }
    }
}

template <DstFormat kFrom> void packTileFrom(const uint32_t *dst, uint8_t *out, tt_data_format to) {
  switch (to) {
  case TT_FLOAT32:
    return packTileAs<kFrom, TT_FLOAT32>(dst, out);
  case TT_FLOAT16:
    return packTileAs<kFrom, TT_FLOAT16>(dst, out);
  default: // bfloat16, the other format CBs hold (tt_program_add_circular_buffer)
    return packTileAs<kFrom, TT_FLOAT16_B>(dst, out);
  }
}

} // namespace

void num::packTile(const uint32_t *dst, DstFormat from, uint8_t *out, tt_data_format to) {
  switch (from) {
  case DstFormat::Float32:
    return packTileFrom<DstFormat::Float32>(dst, out, to);
  case DstFormat::Float16_b:
    return packTileFrom<DstFormat::Float16_b>(dst, out, to);
  case DstFormat::Float16:
    return packTileFrom<DstFormat::Float16>(dst, out, to);
  }
}
