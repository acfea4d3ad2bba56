//===- tests/unit/NumericsTest.cpp - the simulator's matrix arithmetic ----===//
//
// The rules of runtime/sim/Numerics.h one by one, with expected values
// derived by hand from the hardware's rules (ttsim's UNPACR, MVMUL and PACR),
// not from the implementation; then the tile functions against the
// per-element rules, and the --verify tolerances per fidelity.
//
//===----------------------------------------------------------------------===//

#include "sim/Numerics.h"
#include "interp/Tolerance.h"
#include "sim/Formats.h"
#include "tests/ttsim/Compare.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

using namespace ttrt;
using namespace ttrt::sim::num;

namespace {

uint32_t f32(float f) { return floatBits(f); }
/// The bfloat16 bits of `f`, which must be exact in bfloat16.
uint32_t bf16(float f) {
  uint32_t u = floatBits(f);
  EXPECT_EQ(u & 0xffff, 0u) << f << " is not a bfloat16";
  return u >> 16;
}

EngineConfig config(DstFormat dst, unsigned phases, bool exp8 = true, bool wormhole = true) {
  EngineConfig c;
  c.dst = dst;
  c.exp8 = exp8;
  c.phases = phases;
  c.negOneQuirk = wormhole;
  return c;
}

/// 16 lanes of Src values, zero but for the lanes set.
struct Lanes {
  std::array<uint32_t, 16> a{}, b{}; // a: SrcA (operand B), b: SrcB (operand A)
  Lanes &set(int i, float fa, float fb, tt_data_format f = TT_FLOAT16_B) {
    a[i] = toSrc(f == TT_FLOAT32 ? f32(fa) : bf16(fa), f);
    b[i] = toSrc(f == TT_FLOAT32 ? f32(fb) : bf16(fb), f);
    return *this;
  }
};

/// DST after every phase of `c` of one face, as the contract orders them.
uint32_t face(const Lanes &l, uint32_t dst, const EngineConfig &c) {
  for (unsigned p = 0; p < c.phases; ++p)
    dst = mvmul(l.a.data(), l.b.data(), dst, p, c);
  return dst;
}

float asFloat(uint32_t u) { return bitsFloat(u); }

TEST(Numerics, UnpackToSrc) {
  // 19 bits: sign 18, exponent field 17..10, mantissa 9..0.
  EXPECT_EQ(toSrc(0x3f80, TT_FLOAT16_B), 0x1fc00u);   // 1.0: field 127
  EXPECT_EQ(toSrc(0xbfc0, TT_FLOAT16_B), 0x5fe00u);   // -1.5: mantissa 0x200
  EXPECT_EQ(toSrc(0x3c00, TT_FLOAT16), 0x3c00u);      // 1.0: field 15 (no rebias)
  EXPECT_EQ(toSrc(0xc000, TT_FLOAT16), 0x44000u);     // -2.0
  EXPECT_EQ(toSrc(0x3f802000, TT_FLOAT32), 0x1fc01u); // 1 + 2^-10: TF32 keeps it
  EXPECT_EQ(toSrc(0x3f803fff, TT_FLOAT32), 0x1fc01u); // the 13 low bits truncate
  EXPECT_EQ(toSrc(0x00400000, TT_FLOAT32), 0x200u);   // a denormal stays, field 0
}

TEST(Numerics, UnpackBfloat16TilesFieldByField) {
  // Every bfloat16 bit pattern (64 tiles of 1024), unpacked as A (SrcB) and
  // as B (SrcA), against the fields SrcTile documents, derived from toSrc;
  // and B unpacked from its transpose (the general path) the same as
  // straight (the AVX2 bfloat16 path on this host).
  for (uint32_t t = 0; t < 64; ++t) {
    std::vector<uint16_t> tile(1024), transposed(1024);
    for (uint32_t r = 0; r < 32; ++r)
      for (uint32_t col = 0; col < 32; ++col) {
        tile[tileIndex(r, col)] = uint16_t(t * 1024 + r * 32 + col);
        transposed[tileIndex(col, r)] = tile[tileIndex(r, col)];
      }
    auto bytes = [](const std::vector<uint16_t> &v) {
      return reinterpret_cast<const uint8_t *>(v.data());
    };
    auto a = std::make_unique<std::array<SrcTile, 3>>();
    SrcTile &ta = (*a)[0], &tb = (*a)[1], &tbT = (*a)[2];
    unpackA(bytes(tile), TT_FLOAT16_B, ta);
    unpackB(bytes(tile), TT_FLOAT16_B, false, tb);
    unpackB(bytes(transposed), TT_FLOAT16_B, true, tbT);
    for (uint32_t r = 0; r < 32; ++r)
      for (uint32_t col = 0; col < 32; ++col) {
        uint32_t src = toSrc(tile[tileIndex(r, col)], TT_FLOAT16_B);
        uint32_t field = (src >> 10) & 0xff, sig = (src & 0x3ff) | 0x400;
        int32_t sign = src >> 18 ? -1 : 1;
        bool zero = field == 0;
        SCOPED_TRACE("element " + std::to_string(tile[tileIndex(r, col)]));
        for (const SrcTile *s : {&ta, &tb}) {
          EXPECT_EQ(s->exp[r][col], zero ? -1024 : int32_t(field));
          EXPECT_EQ(s->sign[r][col], sign);
        }
        uint32_t bPiece[2] = {sig >> 6, (sig >> 1) & 31};
        uint32_t aPiece[2] = {sig >> 4, (sig & 15) << 3};
        for (int p = 0; p < 2; ++p) {
          EXPECT_EQ(tb.piece[p][r][col], 0x100u | (zero ? 0 : 4 * bPiece[p]));
          EXPECT_EQ(ta.piece[p][r][col],
                    uint16_t(uint32_t(sign & 0xff) << 8 |
                             (zero ? 0 : uint32_t(sign * int32_t(aPiece[p])) & 0xff)));
        }
      }
    EXPECT_EQ(std::memcmp(tb.exp, tbT.exp, sizeof tb.exp), 0) << "tile " << t;
    EXPECT_EQ(std::memcmp(tb.sign, tbT.sign, sizeof tb.sign), 0) << "tile " << t;
    EXPECT_EQ(std::memcmp(tb.piece, tbT.piece, sizeof tb.piece), 0) << "tile " << t;
  }
}

TEST(Numerics, LoFiProductDiffersFromHiFi4) {
  // B = 1 + 2^-5 + 2^-7 (11-bit significand 10000101000b) on SrcA, A = 1.
  // LoFi takes B's bits 10..6 = 10000b: 1.0. Phase 1 adds bits 5..1 =
  // 10100b at 2^-5: 20/16 * 2^-5 = 2^-5 + 2^-7. Exact from HiFi2 on.
  Lanes l;
  l.set(0, 1.0f + 0x1p-5f + 0x1p-7f, 1.0f);
  EXPECT_EQ(asFloat(face(l, 0, config(DstFormat::Float32, 1))), 1.0f);
  for (unsigned n : {2u, 3u, 4u})
    EXPECT_EQ(asFloat(face(l, 0, config(DstFormat::Float32, n))), 1.0f + 0x1p-5f + 0x1p-7f) << n;

  // The same value as A (SrcB): LoFi and HiFi2 keep bits 10..4 =
  // 1000010b (1 + 2^-5); phase 2 adds bits 3..0 = 1000b at 2^-7.
  Lanes r;
  r.set(0, 1.0f, 1.0f + 0x1p-5f + 0x1p-7f);
  EXPECT_EQ(asFloat(face(r, 0, config(DstFormat::Float32, 1))), 1.0f + 0x1p-5f);
  EXPECT_EQ(asFloat(face(r, 0, config(DstFormat::Float32, 2))), 1.0f + 0x1p-5f);
  EXPECT_EQ(asFloat(face(r, 0, config(DstFormat::Float32, 3))), 1.0f + 0x1p-5f + 0x1p-7f);
}

TEST(Numerics, TF32OperandsInHiFi4) {
  // float32 unpacks as TF32: 1 + 2^-11 loses its last bit; HiFi4 never uses
  // bit 0 of B's significand (SrcA): 1 + 2^-10 on B gives 1.0, on A 1 + 2^-10.
  Lanes l;
  l.set(0, 1.0f + 0x1p-11f, 1.0f, TT_FLOAT32);
  EXPECT_EQ(asFloat(face(l, 0, config(DstFormat::Float32, 4))), 1.0f);
  Lanes b0;
  b0.set(0, 1.0f + 0x1p-10f, 1.0f, TT_FLOAT32);
  EXPECT_EQ(asFloat(face(b0, 0, config(DstFormat::Float32, 4))), 1.0f);
  Lanes a0;
  a0.set(0, 1.0f, 1.0f + 0x1p-10f, TT_FLOAT32);
  EXPECT_EQ(asFloat(face(a0, 0, config(DstFormat::Float32, 4))), 1.0f + 0x1p-10f);
}

TEST(Numerics, DenormalOperandsAreZero) {
  // An exponent field of 0 zeroes the lane: bfloat16 0x0040 (2^-127) and
  // a float32 denormal times 2^100 add nothing to DST = 1.
  Lanes l;
  l.a[0] = toSrc(0x0040, TT_FLOAT16_B);
  l.b[0] = toSrc(bf16(0x1p100f), TT_FLOAT16_B);
  l.a[1] = toSrc(0x00400000, TT_FLOAT32);
  l.b[1] = toSrc(f32(0x1p100f), TT_FLOAT32);
  EXPECT_EQ(asFloat(face(l, f32(1.0f), config(DstFormat::Float32, 4))), 1.0f);
  // float16 denormal 0x0001 likewise.
  Lanes h;
  h.a[0] = toSrc(0x0001, TT_FLOAT16);
  h.b[0] = toSrc(0x3c00, TT_FLOAT16);
  EXPECT_EQ(face(h, 0, config(DstFormat::Float16, 4, false)), 0u);
}

TEST(Numerics, Bfloat16DstRoundsHalfUp) {
  // DST (Float16_b) = 1, plus one product 2^-8: 1 + 2^-8 is a tie between
  // 1 and 1 + 2^-7; DST rounds half up (away from zero), not to even.
  Lanes l;
  l.set(0, 1.0f, 0x1p-8f);
  EngineConfig c = config(DstFormat::Float16_b, 1);
  EXPECT_EQ(asFloat(face(l, f32(1.0f), c)), 1.0f + 0x1p-7f);
  Lanes n;
  n.set(0, 1.0f, -0x1p-8f);
  EXPECT_EQ(asFloat(face(n, f32(-1.0f), c)), -1.0f - 0x1p-7f);
  // Below the tie it stays: 1 + 2^-9.
  Lanes s;
  s.set(0, 1.0f, 0x1p-9f);
  EXPECT_EQ(asFloat(face(s, f32(1.0f), c)), 1.0f);
  // The float32 DST keeps every bit of the sum.
  EXPECT_EQ(asFloat(face(l, f32(1.0f), config(DstFormat::Float32, 1))), 1.0f + 0x1p-8f);
}

TEST(Numerics, GroupsOfEightRoundEachProduct) {
  // Products 1 and seven times 2^-11. In one group (lanes 0..7) each small
  // product is aligned to exponent 0 with 10 fraction bits: 2^-11 is a tie,
  // rounds up to 2^-10: 1 + 7 * 2^-10. In the other group (lanes 8..14) they
  // sum exactly to 7 * 2^-11 at their own exponent, and DST (float32) adds
  // that exactly: 1 + 7 * 2^-11.
  EngineConfig c = config(DstFormat::Float32, 1);
  Lanes one;
  one.set(0, 1.0f, 1.0f);
  for (int i = 1; i < 8; ++i)
    one.set(i, 1.0f, 0x1p-11f);
  EXPECT_EQ(asFloat(face(one, 0, c)), 1.0f + 7 * 0x1p-10f);
  Lanes two;
  two.set(0, 1.0f, 1.0f);
  for (int i = 8; i < 15; ++i)
    two.set(i, 1.0f, 0x1p-11f);
  EXPECT_EQ(asFloat(face(two, 0, c)), 1.0f + 7 * 0x1p-11f);
  // A negative product rounds half up in magnitude too: 1 - 7 * 2^-10.
  Lanes neg;
  neg.set(0, 1.0f, 1.0f);
  for (int i = 1; i < 8; ++i)
    neg.set(i, 1.0f, -0x1p-11f);
  EXPECT_EQ(asFloat(face(neg, 0, c)), 1.0f - 7 * 0x1p-10f);
}

TEST(Numerics, WormholeMinusOneUnitQuirk) {
  // DST = 1 + 2^-4 - 2^-23 plus the product -(1 + 2^-4) (B = 17/16 fits
  // LoFi's 5 bits): the sum is -1 unit of 2^-23. Blackhole gives -2^-23;
  // Wormhole's leading-sign count makes the shift -4: exponent 127 + 4 and
  // the mantissa rounds away: -16.
  Lanes l;
  l.a[0] = toSrc(f32(1.0625f), TT_FLOAT32);
  l.b[0] = toSrc(f32(-1.0f), TT_FLOAT32);
  uint32_t dst = f32(1.0625f - 0x1p-23f);
  EXPECT_EQ(asFloat(face(l, dst, config(DstFormat::Float32, 1, true, false))), -0x1p-23f);
  EXPECT_EQ(asFloat(face(l, dst, config(DstFormat::Float32, 1, true, true))), -16.0f);
  EXPECT_TRUE(engineConfig(TT_FLOAT16_B, true, TT_LOFI, "wormhole").negOneQuirk);
  EXPECT_FALSE(engineConfig(TT_FLOAT16_B, true, TT_LOFI, "blackhole").negOneQuirk);
}

TEST(Numerics, Float16Operands) {
  // float16 operands keep 5-bit exponents: into Float16 DST 1 * 1 = 1 (field
  // 15); 256 * 256 reaches field 31, which DST still holds; 512 * 256 would
  // be 32: DST saturates to field 31, mantissa all ones.
  EngineConfig c = config(DstFormat::Float16, 4, false);
  auto product = [&](uint16_t x, uint16_t y) {
    Lanes l;
    l.a[0] = toSrc(x, TT_FLOAT16);
    l.b[0] = toSrc(y, TT_FLOAT16);
    return face(l, 0, c);
  };
  EXPECT_EQ(product(0x3c00, 0x3c00), 15u << 23);
  EXPECT_EQ(dstToFloat(product(0x3c00, 0x3c00), DstFormat::Float16), 1.0f);
  EXPECT_EQ(product(0x5c00, 0x5c00), 31u << 23);                // 256 * 256
  EXPECT_EQ(product(0x6000, 0x5c00), 31u << 23 | 0x3ffu << 13); // 512 * 256
  EXPECT_EQ(packElement(product(0x6000, 0x5c00), DstFormat::Float16, TT_FLOAT16), 0x7fffu);

  // Into float32 DST the exponent is rebiased (+97) and a zero lane counts
  // as exponent 97: an all-zero MVMUL aligns DST = 2^-40 (exponent 87) to
  // 97 and drops its 10 low bits: 2^-40 (1 + 2^-23) becomes 2^-40.
  EngineConfig f = config(DstFormat::Float32, 1, false);
  Lanes zero;
  EXPECT_EQ(asFloat(face(zero, f32(0x1p-40f * (1 + 0x1p-23f)), f)), 0x1p-40f);
  Lanes one;
  one.a[0] = toSrc(0x3c00, TT_FLOAT16);
  one.b[0] = toSrc(0x3e00, TT_FLOAT16); // 1.5
  EXPECT_EQ(asFloat(face(one, 0, f)), 1.5f);
}

TEST(Numerics, PackRounding) {
  // float32 DST -> bfloat16: half away from zero on the magnitude.
  EXPECT_EQ(packElement(f32(1.0f + 0x1p-8f), DstFormat::Float32, TT_FLOAT16_B), 0x3f81u);
  EXPECT_EQ(packElement(f32(-1.0f - 0x1p-8f), DstFormat::Float32, TT_FLOAT16_B), 0xbf81u);
  EXPECT_EQ(packElement(f32(1.0f + 0x1p-8f - 0x1p-23f), DstFormat::Float32, TT_FLOAT16_B), 0x3f80u);
  EXPECT_EQ(packElement(f32(1.0f + 3 * 0x1p-8f), DstFormat::Float32, TT_FLOAT16_B), 0x3f82u);
  // Denormal results are +0 (the sign too), NaN becomes infinity.
  EXPECT_EQ(packElement(0x00400000, DstFormat::Float32, TT_FLOAT16_B), 0u);
  EXPECT_EQ(packElement(0x80400000, DstFormat::Float32, TT_FLOAT16_B), 0u);
  EXPECT_EQ(packElement(0x7fc00000, DstFormat::Float32, TT_FLOAT16_B), 0x7f80u);
  EXPECT_EQ(packElement(0xffc00000, DstFormat::Float32, TT_FLOAT16_B), 0xff80u);
  // float32 -> float32 keeps the bits.
  EXPECT_EQ(packElement(0x3f812345, DstFormat::Float32, TT_FLOAT32), 0x3f812345u);
  // float32 -> float16 truncates: 1 + 1.75 ulp -> 1 + 1 ulp; exponent field
  // 112 keeps its mantissa bits without the leading one; beyond 2^16 0x7fff.
  EXPECT_EQ(packElement(f32(1.0f + 0x1p-10f + 0x1p-11f + 0x1p-12f), DstFormat::Float32, TT_FLOAT16),
            0x3c01u);
  EXPECT_EQ(packElement(f32(-1.5f * 0x1p-15f), DstFormat::Float32, TT_FLOAT16), 0x8200u);
  EXPECT_EQ(packElement(f32(0x1p-16f), DstFormat::Float32, TT_FLOAT16), 0u);
  EXPECT_EQ(packElement(f32(0x1p16f), DstFormat::Float32, TT_FLOAT16), 0x7c00u);
  EXPECT_EQ(packElement(f32(-0x1p17f), DstFormat::Float32, TT_FLOAT16), 0xffffu);
  // Float16_b DST: bfloat16 as is, float32 widened; infinity stays.
  EXPECT_EQ(packElement(f32(-1.5f), DstFormat::Float16_b, TT_FLOAT16_B), 0xbfc0u);
  EXPECT_EQ(packElement(f32(-1.5f), DstFormat::Float16_b, TT_FLOAT32), f32(-1.5f));
  EXPECT_EQ(packElement(0x7f800000, DstFormat::Float16_b, TT_FLOAT16_B), 0x7f80u);
  // Float16 DST: to bfloat16 truncating the 3 low mantissa bits, to float32
  // rebiased.
  uint32_t h = dstFromFloat(1.0f + 0x1p-10f + 0x1p-8f, DstFormat::Float16); // 0x3c05
  EXPECT_EQ(packElement(h, DstFormat::Float16, TT_FLOAT16), 0x3c05u);
  EXPECT_EQ(packElement(h, DstFormat::Float16, TT_FLOAT16_B), 0x3f80u);
  EXPECT_EQ(packElement(h, DstFormat::Float16, TT_FLOAT32), f32(1.0f + 0x1p-10f + 0x1p-8f));
}

/// A 32x32 tile of `format` holding `v(r, c)`, in the four-face layout.
std::vector<uint8_t> tileOf(tt_data_format format, float (*v)(uint32_t, uint32_t)) {
  std::vector<uint8_t> t(tileBytes(format));
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c = 0; c < 32; ++c)
      storeElement(t.data(), tileIndex(r, c), format, v(r, c));
  return t;
}

TEST(Numerics, FacesAccumulateInOrder) {
  // C[0][0] with Float16_b DST: face 0 adds 1 (k = 0) and 2^-8 (k = 8,
  // the second group): 1 + 2^-8, a tie, rounds up to 1 + 2^-7. Face 1 adds
  // -2^-8 (k = 16): 1 + 2^-7 - 2^-8 is the tie again: 1 + 2^-7. Exact: 1.
  // (Face 1 first would give -2^-8 + 1 + 2^-8 = 1.)
  auto a = tileOf(TT_FLOAT16_B, [](uint32_t r, uint32_t k) {
    return r == 0 && k == 0    ? 1.0f
           : r == 0 && k == 8  ? 0x1p-8f
           : r == 0 && k == 16 ? -0x1p-8f
                               : 0.0f;
  });
  auto b = tileOf(TT_FLOAT16_B, [](uint32_t k, uint32_t n) { return n == 0 ? 1.0f : 0.0f; });
  SrcTile ta, tb;
  unpackA(a.data(), TT_FLOAT16_B, ta);
  unpackB(b.data(), TT_FLOAT16_B, false, tb);
  std::vector<uint32_t> dst(1024, 0);
  matmulTile(ta, tb, dst.data(), engineConfig(TT_FLOAT16_B, false, TT_HIFI4, "wormhole"));
  EXPECT_EQ(asFloat(dst[0]), 1.0f + 0x1p-7f);
  EXPECT_EQ(dst[1], 0u);
  std::fill(dst.begin(), dst.end(), 0);
  matmulTile(ta, tb, dst.data(), engineConfig(TT_FLOAT16_B, true, TT_HIFI4, "wormhole"));
  EXPECT_EQ(asFloat(dst[0]), 1.0f);
}

TEST(Numerics, TileKernelEdgeCases) {
  // The tile kernel's own (vectorised) accumulation on the cases random
  // tiles never reach: Wormhole's -1 unit (as in WormholeMinusOneUnitQuirk),
  // float32 DST overflowing to infinity (2^127 * -2^127), Float16 DST
  // saturating (512 * 256).
  auto one = [](tt_data_format f, float x, float y) {
    std::vector<uint8_t> a(tileBytes(f), 0), b(tileBytes(f), 0);
    storeElement(a.data(), 0, f, x);
    storeElement(b.data(), 0, f, y);
    auto t = std::make_unique<std::array<SrcTile, 2>>();
    unpackA(a.data(), f, (*t)[0]);
    unpackB(b.data(), f, false, (*t)[1]);
    return t;
  };
  std::vector<uint32_t> dst(1024, 0);
  auto quirk = one(TT_FLOAT32, -1.0f, 1.0625f);
  dst[0] = f32(1.0625f - 0x1p-23f);
  matmulTile((*quirk)[0], (*quirk)[1], dst.data(),
             engineConfig(TT_FLOAT32, true, TT_LOFI, "wormhole"));
  EXPECT_EQ(asFloat(dst[0]), -16.0f);
  dst[0] = f32(1.0625f - 0x1p-23f);
  matmulTile((*quirk)[0], (*quirk)[1], dst.data(),
             engineConfig(TT_FLOAT32, true, TT_LOFI, "blackhole"));
  EXPECT_EQ(asFloat(dst[0]), -0x1p-23f);

  // The same -1 unit in a row whose groups are all live (the AVX2 kernel's
  // shorter path, face 0): A's row 0 is -a0, then +1, -1, ... (lanes 1..6
  // cancel), then 1; B's rows 0..6 are 1.0625, 1, ..., 1, rows 7..15 2^-30
  // (lane 7 and group 1: live, and too small to reach DST's last bit), the
  // rest 0 (face 1 adds nothing). With a0 = 1 and DST = 1.0625 - 2^-23 the
  // sum is -1 unit; with a0 = 2^30 and DST = 1.0625 * 2^30 it is exactly 0,
  // at an exponent (157) where a zero significand alone would not flush.
  for (float a0 : {1.0f, 0x1p30f}) {
    std::vector<uint8_t> a(tileBytes(TT_FLOAT32), 0), b(tileBytes(TT_FLOAT32), 0);
    for (uint32_t k = 0; k < 32; ++k) {
      float ak = k == 0 ? -a0 : k < 7 && k % 2 == 0 ? -1.0f : 1.0f;
      storeElement(a.data(), tileIndex(0, k), TT_FLOAT32, ak);
      for (uint32_t n = 0; n < 32; ++n)
        storeElement(b.data(), tileIndex(k, n), TT_FLOAT32,
                     k == 0   ? 1.0625f
                     : k < 7  ? 1.0f
                     : k < 16 ? 0x1p-30f
                              : 0.0f);
    }
    SrcTile ta, tb;
    unpackA(a.data(), TT_FLOAT32, ta);
    unpackB(b.data(), TT_FLOAT32, false, tb);
    float start = a0 == 1.0f ? 1.0625f - 0x1p-23f : 1.0625f * a0;
    for (const char *arch : {"wormhole", "blackhole"})
      for (bool portable : {false, true}) {
        std::vector<uint32_t> row(1024, 0);
        std::fill(row.begin(), row.begin() + 32, f32(start));
        EngineConfig lofi = engineConfig(TT_FLOAT32, true, TT_LOFI, arch);
        if (portable)
          matmulTilePortable(ta, tb, row.data(), lofi);
        else
          matmulTile(ta, tb, row.data(), lofi);
        uint32_t want = a0 != 1.0f ? 0 : f32(arch[0] == 'w' ? -16.0f : -0x1p-23f);
        for (uint32_t n = 0; n < 32; ++n)
          ASSERT_EQ(row[n], want) << a0 << " " << arch << (portable ? " portable" : " avx2")
                                  << " column " << n;
      }
  }

  // Exponent 254 + 254 - 127 = 381: -infinity after phase 0. In HiFi4,
  // phase 1's group (zero products, exponent 381 - 5) then outranks DST's
  // 255 by 121: DST aligns to nothing and the sum is +0, as in ttsim.
  auto huge = one(TT_FLOAT16_B, 0x1p127f, -0x1p127f);
  dst[0] = 0;
  matmulTile((*huge)[0], (*huge)[1], dst.data(),
             engineConfig(TT_FLOAT16_B, true, TT_LOFI, "wormhole"));
  EXPECT_EQ(dst[0], 0xff800000u);
  dst[0] = 0;
  matmulTile((*huge)[0], (*huge)[1], dst.data(),
             engineConfig(TT_FLOAT16_B, true, TT_HIFI2, "wormhole"));
  EXPECT_EQ(dst[0], 0u);

  // float16 into float32 DST: the all-zero groups have exponent 97 (as in
  // Float16Operands): DST = 2^-40 (1 + 2^-23) aligns to them and loses its
  // low bits, in both tile kernels.
  auto zeros = one(TT_FLOAT16, 0.0f, 0.0f);
  for (bool portable : {false, true}) {
    dst[0] = f32(0x1p-40f * (1 + 0x1p-23f));
    EngineConfig f16 = engineConfig(TT_FLOAT16, true, TT_HIFI4, "wormhole");
    if (portable)
      matmulTilePortable((*zeros)[0], (*zeros)[1], dst.data(), f16);
    else
      matmulTile((*zeros)[0], (*zeros)[1], dst.data(), f16);
    EXPECT_EQ(asFloat(dst[0]), 0x1p-40f) << (portable ? "portable" : "avx2");
  }

  auto sat = one(TT_FLOAT16, 512.0f, 256.0f);
  dst[0] = 0;
  matmulTile((*sat)[0], (*sat)[1], dst.data(),
             engineConfig(TT_FLOAT16, false, TT_HIFI4, "wormhole"));
  EXPECT_EQ(dst[0], 31u << 23 | 0x3ffu << 13);
}

TEST(Numerics, TileMatchesElementRules) {
  // matmulTile (AVX2 on this host), its portable form and packTile against
  // mvmul / packElement element by element, random operands of every
  // format, transposed B, every fidelity.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  for (tt_data_format f : {TT_FLOAT16_B, TT_FLOAT16, TT_FLOAT32})
    for (bool fp32 : {false, true})
      for (tt_math_fidelity fid : {TT_LOFI, TT_HIFI2, TT_HIFI3, TT_HIFI4}) {
        std::vector<uint8_t> a(tileBytes(f)), b(tileBytes(f));
        for (uint32_t i = 0; i < 1024; ++i) {
          storeElement(a.data(), i, f, dist(rng) * (i % 7 == 0 ? 0.0f : 1.0f));
          storeElement(b.data(), i, f, dist(rng) * float(1 << (i % 5)));
        }
        bool transposed = fid == TT_HIFI2;
        EngineConfig c = engineConfig(f, fp32, fid, "wormhole");
        SrcTile ta, tb;
        unpackA(a.data(), f, ta);
        unpackB(b.data(), f, transposed, tb);
        std::vector<uint32_t> dst(1024, 0), want(1024, 0), portable(1024, 0);
        for (int ktile = 0; ktile < 2; ++ktile) {
          matmulTile(ta, tb, dst.data(), c);
          matmulTilePortable(ta, tb, portable.data(), c);
        }
        auto raw = [&](const std::vector<uint8_t> &t, uint32_t r, uint32_t col) {
          uint32_t i = tileIndex(r, col);
          uint32_t v = 0;
          std::memcpy(&v, t.data() + i * formatBytes(f), formatBytes(f));
          return toSrc(v, f);
        };
        for (uint32_t m = 0; m < 32; ++m)
          for (uint32_t n = 0; n < 32; ++n)
            for (int ktile = 0; ktile < 2; ++ktile)
              for (uint32_t kf = 0; kf < 2; ++kf) {
                uint32_t la[16], lb[16];
                for (uint32_t i = 0; i < 16; ++i) {
                  uint32_t k = kf * 16 + i;
                  la[i] = transposed ? raw(b, n, k) : raw(b, k, n);
                  lb[i] = raw(a, m, k);
                }
                for (unsigned p = 0; p < c.phases; ++p)
                  want[m * 32 + n] = mvmul(la, lb, want[m * 32 + n], p, c);
              }
        ASSERT_EQ(dst, want) << "format " << f << " fp32 " << fp32 << " fidelity " << fid;
        ASSERT_EQ(portable, want) << "portable kernel, format " << f << " fp32 " << fp32
                                  << " fidelity " << fid;
        for (tt_data_format out : {TT_FLOAT16_B, TT_FLOAT32, TT_FLOAT16}) {
          std::vector<uint8_t> packed(tileBytes(out));
          packTile(dst.data(), c.dst, packed.data(), out);
          for (uint32_t r = 0; r < 32; ++r)
            for (uint32_t col = 0; col < 32; ++col) {
              uint32_t v = 0;
              std::memcpy(&v, packed.data() + tileIndex(r, col) * formatBytes(out),
                          formatBytes(out));
              ASSERT_EQ(v, packElement(dst[r * 32 + col], c.dst, out));
            }
        }
      }
}

TEST(Numerics, TileKernelsAgreeOnWideExponents) {
  // The AVX2 kernel (with its path for faces whose groups are all live)
  // against the portable one, which TileMatchesElementRules holds to the
  // element rules: random raw operand bits whose exponents span 2^-75 ..
  // 2^75 (dead groups, products past float32's range, distances of every
  // size), some faces all live (exponents near 2^0), DST starting from
  // random bits (denormals, -0, infinity), float32 DST, every fidelity,
  // with and without Wormhole's -1 quirk.
  std::mt19937 rng(11);
  auto raw = [&](int spread) {
    uint32_t e = uint32_t(127 + int(rng() % (2 * spread + 1)) - spread);
    if (rng() % 16 == 0)
      e = 0; // zero or denormal
    return (rng() & 1) << 15 | e << 7 | (rng() & 0x7f);
  };
  for (int spread : {0, 3, 75})
    for (tt_math_fidelity fid : {TT_LOFI, TT_HIFI2, TT_HIFI3, TT_HIFI4})
      for (const char *arch : {"wormhole", "blackhole"}) {
        std::vector<uint16_t> a(1024), b(1024);
        for (uint32_t i = 0; i < 1024; ++i) {
          a[i] = uint16_t(raw(spread));
          b[i] = uint16_t(raw(spread));
        }
        SrcTile ta, tb;
        unpackA(reinterpret_cast<const uint8_t *>(a.data()), TT_FLOAT16_B, ta);
        unpackB(reinterpret_cast<const uint8_t *>(b.data()), TT_FLOAT16_B, false, tb);
        EngineConfig c = engineConfig(TT_FLOAT16_B, true, fid, arch);
        std::vector<uint32_t> dst(1024), portable;
        for (uint32_t &d : dst)
          d = rng() % 8 == 0 ? rng() : uint32_t(raw(spread)) << 16;
        dst[0] = 0x80000000u;
        dst[1] = 0x7f800000u;
        portable = dst;
        for (int ktile = 0; ktile < 3; ++ktile) {
          matmulTile(ta, tb, dst.data(), c);
          matmulTilePortable(ta, tb, portable.data(), c);
          ASSERT_EQ(dst, portable)
              << "spread " << spread << " fidelity " << fid << " " << arch << " k tile " << ktile;
        }
      }
}

TEST(Numerics, ToleranceGrowsAsFidelityFalls) {
  ttllc::Tolerance hifi4 = ttllc::outputTolerance("bfloat16", true, "HiFi4");
  EXPECT_EQ(hifi4.rtol, ttllc::outputTolerance("bfloat16", true).rtol);
  double last = 0;
  for (const char *f : {"HiFi4", "HiFi3", "HiFi2", "LoFi"}) {
    ttllc::Tolerance t = ttllc::outputTolerance("bfloat16", true, f);
    EXPECT_GT(t.rtol + t.atol, last) << f;
    last = t.rtol + t.atol;
  }
}

TEST(Compare, UlpsAndDifferingElements) {
  // bfloat16 1.0 (0x3f80) and its neighbours; across zero the distance
  // counts both sides: -2^-133 (0x8001) to 2^-133 (0x0001) is 2 ulps.
  EXPECT_EQ(ttcmp::ulpDistance(0x3f80, 0x3f81, TT_FLOAT16_B), 1u);
  EXPECT_EQ(ttcmp::ulpDistance(0x3f80, 0x3f7e, TT_FLOAT16_B), 2u);
  EXPECT_EQ(ttcmp::ulpDistance(0x8001, 0x0001, TT_FLOAT16_B), 2u);
  EXPECT_EQ(ttcmp::ulpDistance(0x8000, 0x0000, TT_FLOAT16_B), 0u);
  EXPECT_EQ(ttcmp::ulpDistance(f32(1.0f), f32(1.0f + 0x1p-21f), TT_FLOAT32), 4u);

  ttcmp::Run a, b;
  a.outputs.push_back({"C", TT_FLOAT16_B, {0x80, 0x3f, 0x80, 0x3f, 0x00, 0x40}});
  b.outputs.push_back({"C", TT_FLOAT16_B, {0x80, 0x3f, 0x83, 0x3f, 0x01, 0x40}});
  auto diffs = ttcmp::compareOutputs(a, b);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].elements, 3u);
  EXPECT_EQ(diffs[0].differing, 2u);
  EXPECT_EQ(diffs[0].firstDiffering, 1u);
  EXPECT_EQ(diffs[0].maxUlps, 3u);

  // A folder that is not there is a failed run with a message, not a crash.
  ttcmp::Run missing = ttcmp::runFolder("/nonexistent/folder", "sim:wormhole_b0", 1);
  EXPECT_NE(missing.status, TT_OK);
  EXPECT_NE(missing.message.find("tt.plan.json"), std::string::npos) << missing.message;
}

} // namespace
