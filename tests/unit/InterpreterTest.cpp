//===- tests/unit/InterpreterTest.cpp - the reference interpreter ---------===//
//
// Runs TileLang kernels (the examples and small inline ones) through the
// frontend and the interpreter and compares against naive host references:
// GEMMs (plain, padded edge blocks, transpose_B, bfloat16 accumulator,
// operands in place and a C that is also A and B), an element-wise
// T.Parallel kernel, scalar semantics, bf16 / fp16 rounding, int32 values
// that are not floats, blocks on threads, located errors and the speed of
// the 256^3 GEMM.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "interp/Tolerance.h"
#include "ir/Verifier.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <random>

using namespace ttllc;

namespace {

std::string exampleSource(const std::string &name) {
  std::filesystem::path p = std::filesystem::path(TTLLC_EXAMPLES_DIR) / name;
  auto buf = llvm::MemoryBuffer::getFile(p.string());
  if (!buf) {
    ADD_FAILURE() << "cannot read " << p;
    return "";
  }
  return (*buf)->getBuffer().str();
}

/// A kernel parsed by the frontend (or from Tile IR text), with the
/// diagnostics of parsing and interpreting it.
struct Kernel {
  test::Captured c;
  std::optional<Module> module;

  const PrimFunc &func() const { return *module->funcs.at(0); }
  bool run(std::vector<HostTensor> &buffers, unsigned threads = 0,
           InterpretStats *stats = nullptr) {
    return interpret(func(), buffers, c.diag(), {threads}, stats);
  }
};

std::unique_ptr<Kernel> load(const std::string &src, std::vector<std::string> defines = {}) {
  auto k = std::make_unique<Kernel>();
  unsigned id = k->c.add(src, "k.py");
  FrontendOptions opts;
  opts.defines = std::move(defines);
  k->module = parseTileLang(k->c.sm(), id, opts, k->c.diag());
  EXPECT_TRUE(k->module) << k->c.text();
  if (k->module) {
    EXPECT_TRUE(verifyModule(*k->module, k->c.diag())) << k->c.text();
  }
  return k;
}

std::unique_ptr<Kernel> loadTileIR(const std::string &src) {
  auto k = std::make_unique<Kernel>();
  unsigned id = k->c.add(src, "k.tir");
  k->module = parseTileIR(k->c.sm(), id, k->c.diag());
  EXPECT_TRUE(k->module) << k->c.text();
  return k;
}

HostTensor tensor(std::vector<int64_t> shape, float fill = 0.0f) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return {std::move(shape), std::vector<float>(size_t(n), fill)};
}

HostTensor randomTensor(std::vector<int64_t> shape, unsigned seed) {
  HostTensor t = tensor(std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (float &x : t.data)
    x = dist(rng);
  return t;
}

/// Small integers: every product and partial sum of a GEMM is exact in fp32.
HostTensor integerTensor(std::vector<int64_t> shape, unsigned seed) {
  HostTensor t = tensor(std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-8, 8);
  for (float &x : t.data)
    x = float(dist(rng));
  return t;
}

std::vector<float> bf16(std::vector<float> v) {
  for (float &x : v)
    x = roundToBFloat16(x);
  return v;
}

/// C = A @ op(B) in double from the given (already rounded) inputs.
std::vector<double> referenceGemm(const std::vector<float> &a, const std::vector<float> &b,
                                  int64_t m, int64_t n, int64_t k, bool transB) {
  std::vector<double> c(size_t(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t kk = 0; kk < k; ++kk)
        s += double(a[i * k + kk]) * double(transB ? b[j * k + kk] : b[kk * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

/// The distance between `x` and the next bfloat16 of larger magnitude.
float bf16Ulp(float x) {
  int e;
  std::frexp(x, &e); // x = f * 2^e, 0.5 <= |f| < 1: 8 significant bits
  return std::ldexp(1.0f, e - 8);
}

/// Every element of `got` is within one bfloat16 ulp of the bf16-rounded
/// reference (plus a little for fp32 rounding of sums that cancel).
void expectWithinOneUlp(const std::vector<float> &got, const std::vector<double> &ref) {
  ASSERT_EQ(got.size(), ref.size());
  int bad = 0;
  for (size_t i = 0; i < got.size() && bad < 5; ++i) {
    float r = roundToBFloat16(float(ref[i]));
    if (std::fabs(got[i] - r) > bf16Ulp(r) + 1e-5f) {
      ADD_FAILURE() << "element " << i << ": got " << got[i] << ", reference " << ref[i]
                    << " (bf16 " << r << ")";
      ++bad;
    }
  }
}

//===----------------------------------------------------------------------===//
// Rounding
//===----------------------------------------------------------------------===//

TEST(InterpreterRounding, BFloat16RoundsToNearestEven) {
  EXPECT_EQ(roundToBFloat16(1.0f), 1.0f);
  // 1 + 2^-8 is halfway between 1 (even) and 1 + 2^-7 (odd).
  EXPECT_EQ(roundToBFloat16(1.0f + 0x1p-8f), 1.0f);
  // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
  EXPECT_EQ(roundToBFloat16(1.0f + 3 * 0x1p-8f), 1.0f + 0x1p-6f);
  EXPECT_EQ(roundToBFloat16(1.0f + 0x1p-8f + 0x1p-20f), 1.0f + 0x1p-7f);
  EXPECT_EQ(roundToBFloat16(-(1.0f + 3 * 0x1p-8f)), -(1.0f + 0x1p-6f));
  EXPECT_EQ(roundToBFloat16(0.1f), 0.10009765625f);
  EXPECT_EQ(roundToBFloat16(std::numeric_limits<float>::max()), INFINITY);
  EXPECT_EQ(roundToBFloat16(-INFINITY), -INFINITY);
  EXPECT_TRUE(std::isnan(roundToBFloat16(NAN)));
  // A NaN whose payload is only in the dropped bits stays a NaN.
  EXPECT_TRUE(std::isnan(roundToBFloat16(std::bit_cast<float>(0x7F800001u))));
}

TEST(InterpreterRounding, Float16RoundsToNearestEven) {
  EXPECT_EQ(roundToFloat16(1.0f + 0x1p-11f), 1.0f);
  EXPECT_EQ(roundToFloat16(1.0f + 3 * 0x1p-11f), 1.0f + 0x1p-9f);
  EXPECT_EQ(roundToFloat16(65504.0f), 65504.0f);
  EXPECT_EQ(roundToFloat16(65519.0f), 65504.0f);
  EXPECT_EQ(roundToFloat16(65520.0f), INFINITY);
  EXPECT_EQ(roundToFloat16(-1e6f), -INFINITY);
  // Subnormals are multiples of 2^-24.
  EXPECT_EQ(roundToFloat16(0x1p-25f), 0.0f);
  EXPECT_EQ(roundToFloat16(3 * 0x1p-25f), 0x1p-23f);
  EXPECT_EQ(roundToFloat16(5 * 0x1p-26f), 0x1p-24f);
  EXPECT_EQ(roundToFloat16(0x1p-14f - 0x1p-30f), 0x1p-14f);
  EXPECT_TRUE(std::isnan(roundToFloat16(NAN)));
}

const char *kCopy = R"(import tilelang.language as T

def widen(N, dtype="bfloat16"):
    @T.prim_func
    def copy(A: T.Tensor((N,), dtype), C: T.Tensor((N,), "float32")):
        with T.Kernel(1) as bx:
            A_s = T.alloc_shared((N,), dtype)
            T.copy(A, A_s)
            T.copy(A_s, C)
    return copy

kernel = widen(8)
)";

TEST(InterpreterRounding, InputsAreRoundedOnEntry) {
  auto k = load(kCopy);
  ASSERT_TRUE(k->module);
  std::vector<float> in = {1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f, -(1.0f + 0x1p-8f), 0.1f, 1e-3f,
                           -2.5f,          INFINITY,           1.0f + 0x1p-7f};
  std::vector<HostTensor> bufs = {{{8}, in}, tensor({8})};
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  std::vector<float> want = {1.0f,           1.0f + 0x1p-6f, -1.0f,    0.10009765625f,
                             0.00099945068f, -2.5f,          INFINITY, 1.0f + 0x1p-7f};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(bufs[1].data[i], roundToBFloat16(in[i])) << i;
    EXPECT_FLOAT_EQ(bufs[1].data[i], want[i]) << i;
    // The bound input itself holds the rounded values afterwards.
    EXPECT_EQ(bufs[0].data[i], bufs[1].data[i]) << i;
  }

  auto h = load(kCopy, {"dtype=float16"});
  ASSERT_TRUE(h->module);
  std::vector<HostTensor> hb = {
      {{8}, {1.0f + 0x1p-11f, 70000.0f, 0x1p-25f, 3 * 0x1p-25f, 0, 0, 0, 0}}, tensor({8})};
  ASSERT_TRUE(h->run(hb)) << h->c.text();
  EXPECT_EQ(hb[1].data[0], 1.0f);
  EXPECT_EQ(hb[1].data[1], INFINITY);
  EXPECT_EQ(hb[1].data[2], 0.0f);
  EXPECT_EQ(hb[1].data[3], 0x1p-23f);
}

//===----------------------------------------------------------------------===//
// GEMM
//===----------------------------------------------------------------------===//

struct GemmRun {
  std::vector<float> a, b, c; // a and b as rounded by the interpreter
};

GemmRun runGemm(const std::string &example, int64_t m, int64_t n, int64_t k, bool transB,
                std::vector<std::string> extra = {}, bool integers = false) {
  std::vector<std::string> defines = {"M=" + std::to_string(m), "N=" + std::to_string(n),
                                      "K=" + std::to_string(k)};
  defines.insert(defines.end(), extra.begin(), extra.end());
  auto kern = load(exampleSource(example), defines);
  if (!kern->module)
    return {};
  std::vector<int64_t> bShape = transB ? std::vector<int64_t>{n, k} : std::vector<int64_t>{k, n};
  std::vector<HostTensor> bufs = {integers ? integerTensor({m, k}, 1) : randomTensor({m, k}, 1),
                                  integers ? integerTensor(bShape, 2) : randomTensor(bShape, 2),
                                  tensor({m, n}, 12345.0f)}; // every element must be overwritten
  std::vector<float> a0 = bufs[0].data, b0 = bufs[1].data;
  EXPECT_TRUE(kern->run(bufs)) << kern->c.text();
  EXPECT_EQ(bufs[0].data, bf16(a0));
  EXPECT_EQ(bufs[1].data, bf16(b0));
  return {bufs[0].data, bufs[1].data, bufs[2].data};
}

/// The fp32 result the interpreter must produce bit for bit with an fp32
/// accumulator: products rounded to fp32, summed in increasing k.
std::vector<float> sequentialFp32(const GemmRun &r, int64_t m, int64_t n, int64_t k, bool transB) {
  std::vector<float> c(size_t(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int64_t kk = 0; kk < k; ++kk) {
        float p = r.a[i * k + kk] * (transB ? r.b[j * k + kk] : r.b[kk * n + j]);
        acc += p;
      }
      c[i * n + j] = roundToBFloat16(acc);
    }
  return c;
}

TEST(InterpreterGemm, MatchesReference) {
  GemmRun r = runGemm("gemm.py", 64, 96, 128, false);
  ASSERT_EQ(r.c.size(), size_t(64 * 96));
  expectWithinOneUlp(r.c, referenceGemm(r.a, r.b, 64, 96, 128, false));
  EXPECT_EQ(r.c, sequentialFp32(r, 64, 96, 128, false));
}

TEST(InterpreterGemm, PaddedEdgeBlocks) {
  // 100 = 3 * 32 + 4: the last block row / column / K step overhang the
  // tensors; masked copies read zeros and drop the writes.
  GemmRun r = runGemm("gemm.py", 100, 100, 100, false);
  ASSERT_EQ(r.c.size(), size_t(100 * 100));
  expectWithinOneUlp(r.c, referenceGemm(r.a, r.b, 100, 100, 100, false));
  EXPECT_EQ(r.c, sequentialFp32(r, 100, 100, 100, false));
}

TEST(InterpreterGemm, TransposeB) {
  GemmRun r = runGemm("gemm_transpose_b.py", 64, 32, 96, true);
  ASSERT_EQ(r.c.size(), size_t(64 * 32));
  expectWithinOneUlp(r.c, referenceGemm(r.a, r.b, 64, 32, 96, true));
  EXPECT_EQ(r.c, sequentialFp32(r, 64, 32, 96, true));
}

TEST(InterpreterGemm, BlockedExampleWithSmallerBlocks) {
  GemmRun r =
      runGemm("gemm_blocked.py", 70, 64, 64, false, {"block_M=32", "block_N=64", "block_K=16"});
  ASSERT_EQ(r.c.size(), size_t(70 * 64));
  expectWithinOneUlp(r.c, referenceGemm(r.a, r.b, 70, 64, 64, false));
}

TEST(InterpreterGemm, BFloat16AccumulatorRoundsPerGemmCall) {
  const int64_t m = 32, n = 32, k = 128, blockK = 32;
  GemmRun bf = runGemm("gemm.py", m, n, k, false, {"accum_dtype=bfloat16"}, true);
  GemmRun fp = runGemm("gemm.py", m, n, k, false, {}, true);
  ASSERT_EQ(bf.c.size(), size_t(m * n));
  ASSERT_EQ(fp.c.size(), size_t(m * n));
  ASSERT_EQ(bf.a, fp.a);
  ASSERT_EQ(bf.b, fp.b);
  // Integer inputs: every sum is exact, so the only roundings are the
  // bfloat16 ones and the references below are exact.
  std::vector<double> exact = referenceGemm(bf.a, bf.b, m, n, k, false);
  int differ = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double acc = 0;
      for (int64_t k0 = 0; k0 < k; k0 += blockK) {
        double s = acc;
        for (int64_t kk = k0; kk < k0 + blockK; ++kk)
          s += double(bf.a[i * k + kk]) * double(bf.b[kk * n + j]);
        acc = roundToBFloat16(float(s));
      }
      EXPECT_EQ(bf.c[i * n + j], float(acc)) << i << ", " << j;
      EXPECT_EQ(fp.c[i * n + j], roundToBFloat16(float(exact[i * n + j]))) << i << ", " << j;
      differ += bf.c[i * n + j] != fp.c[i * n + j];
    }
  EXPECT_GT(differ, 0) << "rounding per K step should change some results";
}

TEST(InterpreterGemm, Gemm256IsFast) {
  auto kern = load(exampleSource("gemm.py")); // 256 x 256 x 256, 32 x 32 x 32 blocks
  ASSERT_TRUE(kern->module);
  std::vector<HostTensor> bufs = {randomTensor({256, 256}, 3), randomTensor({256, 256}, 4),
                                  tensor({256, 256})};
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(kern->run(bufs)) << kern->c.text();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("seconds", std::to_string(secs));
  std::printf("256^3 gemm interpreted in %.3f s\n", secs);
  EXPECT_LT(secs, 5.0); // well under a second in Release; loose for Debug / sanitizers
  expectWithinOneUlp(bufs[2].data, referenceGemm(bufs[0].data, bufs[1].data, 256, 256, 256, false));
}

const char *kSubRegions = R"(import tilelang.language as T

@T.prim_func
def sub(A: T.Tensor((32, 16), "float32"), B: T.Tensor((32, 8), "float32"),
        C: T.Tensor((16, 8), "float32")):
    with T.Kernel(1) as bx:
        A_s = T.alloc_shared((32, 16), "float32")
        B_s = T.alloc_shared((32, 8), "float32")
        C_l = T.alloc_fragment((16, 8), "float32")
        T.fill(C_l, 100.0)
        T.copy(A, A_s)
        T.copy(B, B_s)
        T.gemm(A_s[0:16, 0:16], B_s[0:16, 0:8], C_l, transpose_A=True, clear_accum=True)
        T.gemm(A_s[16:32, 0:16], B_s[16:32, 0:8], C_l, transpose_A=True)
        T.copy(C_l, C)
)";

TEST(InterpreterGemm, SubRegionsTransposeAAndClearAccum) {
  auto k = load(kSubRegions);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {integerTensor({32, 16}, 7), integerTensor({32, 8}, 8),
                                  tensor({16, 8})};
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  const std::vector<float> &a = bufs[0].data, &b = bufs[1].data;
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 8; ++j) {
      float s = 0; // exact: small integers
      for (int kk = 0; kk < 32; ++kk)
        s += a[kk * 16 + i] * b[kk * 8 + j];
      EXPECT_EQ(bufs[2].data[i * 8 + j], s) << i << ", " << j;
    }
}

// Operands read in place (global A and B, contiguous rows), B gathered
// (transposed), C accumulated in place (fp32 global, starting at its
// value), and a gemm whose C is also its A and B (every operand is read
// before C is written).
const char *kInPlace = R"(import tilelang.language as T

@T.prim_func
def inplace(A: T.Tensor((32, 48), "bfloat16"), B: T.Tensor((48, 40), "bfloat16"),
            Bt: T.Tensor((40, 48), "bfloat16"), C: T.Tensor((32, 40), "float32"),
            D: T.Tensor((32, 40), "float32"), S: T.Tensor((32, 32), "float32"),
            E: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        T.gemm(A, B, C)
        T.gemm(A, Bt, D, transpose_B=True, clear_accum=True)
        X = T.alloc_shared((32, 32), "float32")
        T.copy(S, X)
        T.gemm(X, X, X)
        T.copy(X, E)
)";

TEST(InterpreterGemm, OperandsInPlaceAndAliasing) {
  auto k = load(kInPlace);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {randomTensor({32, 48}, 11),
                                  randomTensor({48, 40}, 12),
                                  randomTensor({40, 48}, 13),
                                  randomTensor({32, 40}, 14),
                                  tensor({32, 40}, 5.0f),
                                  randomTensor({32, 32}, 15),
                                  tensor({32, 32})};
  std::vector<float> a = bf16(bufs[0].data), c0 = bufs[3].data, x = bufs[5].data;
  const std::vector<float> &b = bufs[1].data, &bt = bufs[2].data; // rounded on entry
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  // Random operands: the k order and the fp32 rounding of each product and
  // sum decide the bits.
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 40; ++j) {
      float acc = c0[i * 40 + j], fresh = 0.0f;
      for (int kk = 0; kk < 48; ++kk) {
        float p = a[i * 48 + kk] * b[kk * 40 + j], q = a[i * 48 + kk] * bt[j * 48 + kk];
        acc += p;
        fresh += q;
      }
      EXPECT_EQ(bufs[3].data[i * 40 + j], acc) << i << ", " << j;
      EXPECT_EQ(bufs[4].data[i * 40 + j], fresh) << i << ", " << j;
    }
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j) {
      float acc = x[i * 32 + j];
      for (int kk = 0; kk < 32; ++kk) {
        float p = x[i * 32 + kk] * x[kk * 32 + j];
        acc += p;
      }
      EXPECT_EQ(bufs[6].data[i * 32 + j], acc) << i << ", " << j;
    }
}

//===----------------------------------------------------------------------===//
// Element-wise and scalar semantics
//===----------------------------------------------------------------------===//

const char *kAffine = R"(import tilelang.language as T

def scale(M, N, block_M, block_N, dtype="bfloat16"):
    @T.prim_func
    def affine(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_N), dtype)
            C_l = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], A_s)
            for i, j in T.Parallel(block_M, block_N):
                C_l[i, j] = A_s[i, j] * 2 + 1
            T.copy(C_l, C[by * block_M, bx * block_N])
    return affine

kernel = scale(64, 96, 32, 32)
)";

TEST(InterpreterElementwise, ParallelAffine) {
  for (int64_t m : {64, 40}) { // 40: the second block row overhangs
    auto k = load(kAffine, {"M=" + std::to_string(m)});
    ASSERT_TRUE(k->module);
    std::vector<HostTensor> bufs = {randomTensor({m, 96}, 5), tensor({m, 96}, 7.0f)};
    std::vector<float> a = bf16(bufs[0].data);
    ASSERT_TRUE(k->run(bufs)) << k->c.text();
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_EQ(bufs[1].data[i], roundToBFloat16(a[i] * 2.0f + 1.0f)) << m << ": " << i;
  }
}

const char *kScalars = R"(import tilelang.language as T

@T.prim_func
def scalars(C: T.Tensor((8, 5), "float32")):
    with T.Kernel(1) as bx:
        for i in T.serial(8):
            x = i - 4
            C[i, 0] = T.float32(x // 3)
            C[i, 1] = T.float32(x % 3)
            if i % 2 == 0:
                C[i, 2] = T.exp(T.float32(i) * 0.5)
            else:
                C[i, 2] = T.if_then_else(i > 4, 1.0, -1.0)
            C[i, 3] = T.Cast("bfloat16", T.float32(i) / 3.0)
            C[i, 4] = T.sigmoid(T.float32(x)) + T.sqrt(T.float32(i)) + T.max(T.abs(x), 2)
)";

TEST(InterpreterElementwise, ScalarSemantics) {
  auto k = load(kScalars);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({8, 5})};
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  for (int i = 0; i < 8; ++i) {
    int x = i - 4;
    int q = x >= 0 ? x / 3 : -((-x + 2) / 3); // Python floor division
    const float *row = &bufs[0].data[i * 5];
    EXPECT_EQ(row[0], float(q)) << i;
    EXPECT_EQ(row[1], float(x - 3 * q)) << i;
    EXPECT_GE(row[1], 0.0f) << i;
    float want2 = i % 2 == 0 ? std::exp(float(i) * 0.5f) : (i > 4 ? 1.0f : -1.0f);
    EXPECT_EQ(row[2], want2) << i;
    EXPECT_EQ(row[3], roundToBFloat16(float(i) / 3.0f)) << i;
    float want4 =
        1.0f / (1.0f + std::exp(-float(x))) + std::sqrt(float(i)) + float(std::max(std::abs(x), 2));
    EXPECT_EQ(row[4], want4) << i;
  }
}

const char *kFreshAlloc = R"(import tilelang.language as T

@T.prim_func
def fresh(C: T.Tensor((4, 3), "float32"), Order: T.Tensor((1,), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        acc = T.alloc_local((1,), "float32")
        acc[0] = acc[0] + T.float32(bx + 10 * by) + 1.0
        Order[0] = Order[0] + 1.0
        C[by * 2 + bx, 0] = acc[0]
        C[by * 2 + bx, 1] = Order[0]
        T.fill(C[by * 2 + bx, 2:3], 3.5)
)";

TEST(InterpreterElementwise, FreshBuffersPerBlockAndRowMajorOrder) {
  auto k = load(kFreshAlloc);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4, 3}), tensor({1})};
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  // acc starts at zero in every block; blocks run with bx fastest.
  EXPECT_EQ(bufs[0].data, (std::vector<float>{1, 1, 3.5, 2, 2, 3.5, 11, 3, 3.5, 12, 4, 3.5}));
  EXPECT_EQ(bufs[1].data[0], 4.0f);
}

const char *kRows = R"(import tilelang.language as T

@T.prim_func
def rows(A: T.Tensor((4, 8), "float32"), C: T.Tensor((8, 4), "float32")):
    with T.Kernel(4) as bx:
        r = T.alloc_fragment((8,), "float32")
        T.copy(A[bx + 1, 0:8], r)
        T.copy(r, C[0:8, bx - 1:bx])
)";

TEST(InterpreterElementwise, CopiesSqueezeUnitDimsAndMaskGlobalEdges) {
  auto k = load(kRows);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4, 8}), tensor({8, 4}, -1.0f)};
  for (int i = 0; i < 32; ++i)
    bufs[0].data[i] = float(i);
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  // Block 0 writes column -1 (dropped); block 3 reads row 4 (zeros); column
  // 3 is never written.
  for (int j = 0; j < 8; ++j) {
    EXPECT_EQ(bufs[1].data[j * 4 + 0], float(2 * 8 + j)) << j;
    EXPECT_EQ(bufs[1].data[j * 4 + 1], float(3 * 8 + j)) << j;
    EXPECT_EQ(bufs[1].data[j * 4 + 2], 0.0f) << j;
    EXPECT_EQ(bufs[1].data[j * 4 + 3], -1.0f) << j;
  }
}

// Float buffers store floats, integer buffers doubles: an int32 above 2^24
// (not a float) survives stores and copies between int32 buffers exactly
// and rounds only where it meets a float dtype; float32 values round when
// copied into bfloat16 / float16 buffers.
const char *kStorage = R"(import tilelang.language as T

@T.prim_func
def storage(A: T.Tensor((6,), "float32"), I: T.Tensor((4,), "float32"),
            F: T.Tensor((4,), "float32"), B: T.Tensor((6,), "float32"),
            H: T.Tensor((6,), "float32")):
    with T.Kernel(1) as bx:
        S = T.alloc_shared((4,), "int32")
        S2 = T.alloc_shared((4,), "int32")
        W = T.alloc_fragment((4,), "float32")
        Ab = T.alloc_shared((6,), "bfloat16")
        Ah = T.alloc_shared((6,), "float16")
        for i in T.serial(4):
            S[i] = 16777217 + i * 2
        T.copy(S, S2)
        for i in T.serial(4):
            I[i] = T.Cast("float32", S2[i] - 16777216)
        T.copy(S2, W)
        T.copy(W, F)
        T.copy(A, Ab)
        T.copy(Ab, B)
        T.copy(A, Ah)
        T.copy(Ah, H)
)";

TEST(InterpreterElementwise, IntegersStayExactAndFloatCopiesRound) {
  auto k = load(kStorage);
  ASSERT_TRUE(k->module);
  std::vector<float> a = {1.0f + 0x1p-8f,      1.0f + 3 * 0x1p-8f, 1.0f + 0x1p-11f,
                          1.0f + 3 * 0x1p-11f, 70000.0f,           -0.1f};
  std::vector<HostTensor> bufs = {{{6}, a}, tensor({4}), tensor({4}), tensor({6}), tensor({6})};
  ASSERT_TRUE(k->run(bufs)) << k->c.text();
  for (int i = 0; i < 4; ++i) {
    // 2^24 + 1 + 2i is odd: as a float it would be 2^24 + 2i or 2^24 + 2i + 2.
    EXPECT_EQ(bufs[1].data[i], float(1 + 2 * i)) << i;
    // Into float32 it rounds to nearest even: 2^24 + 1 -> 2^24, 2^24 + 3 -> 2^24 + 4, ...
    EXPECT_EQ(bufs[2].data[i], float(16777217 + 2 * i)) << i;
  }
  EXPECT_EQ(bufs[2].data[0], 16777216.0f);
  EXPECT_EQ(bufs[2].data[1], 16777220.0f);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(bufs[3].data[i], roundToBFloat16(a[i])) << i;
    EXPECT_EQ(bufs[4].data[i], roundToFloat16(a[i])) << i;
  }
  EXPECT_EQ(bufs[3].data[0], 1.0f);
  EXPECT_EQ(bufs[3].data[1], 1.0f + 0x1p-6f);
  EXPECT_EQ(bufs[4].data[2], 1.0f);
  EXPECT_EQ(bufs[4].data[3], 1.0f + 0x1p-9f);
  EXPECT_EQ(bufs[4].data[4], INFINITY);
  EXPECT_EQ(bufs[3].data[5], -0.10009765625f);
}

//===----------------------------------------------------------------------===//
// Blocks on threads
//===----------------------------------------------------------------------===//

/// Runs `src` with `inputs` on one thread and on `threads` threads; the
/// outputs must be identical. Returns the threaded run's statistics.
InterpretStats expectThreadedMatchesSequential(const std::string &src,
                                               std::vector<std::string> defines,
                                               const std::vector<HostTensor> &inputs,
                                               unsigned threads) {
  auto seqK = load(src, defines), parK = load(src, defines);
  if (!seqK->module || !parK->module)
    return {};
  std::vector<HostTensor> seq = inputs, par = inputs;
  InterpretStats seqStats, parStats;
  EXPECT_TRUE(seqK->run(seq, 1, &seqStats)) << seqK->c.text();
  EXPECT_TRUE(parK->run(par, threads, &parStats)) << parK->c.text();
  EXPECT_EQ(seqStats.parallelKernels, 0u);
  EXPECT_EQ(seqStats.sequentialKernels, 1u);
  for (size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ(seq[i].data, par[i].data) << "buffer " << i;
  return parStats;
}

TEST(InterpreterThreads, GemmsMatchSequentialRun) {
  struct Case {
    const char *example;
    int64_t m, n, k;
    bool transB;
    std::vector<std::string> blocks;
  } cases[] = {{"gemm.py", 100, 100, 100, false, {}},
               // 11 x 10 blocks: squares of 8 x 8 blocks and partial ones
               {"gemm.py", 330, 300, 64, false, {}},
               {"gemm_transpose_b.py", 64, 96, 64, true, {}},
               {"gemm_blocked.py", 70, 64, 64, false, {"block_M=32", "block_N=32", "block_K=16"}}};
  for (const Case &c : cases) {
    std::vector<int64_t> bShape =
        c.transB ? std::vector<int64_t>{c.n, c.k} : std::vector<int64_t>{c.k, c.n};
    std::vector<HostTensor> in = {randomTensor({c.m, c.k}, 3), randomTensor(bShape, 4),
                                  tensor({c.m, c.n}, 7.0f)};
    std::vector<std::string> defines = {"M=" + std::to_string(c.m), "N=" + std::to_string(c.n),
                                        "K=" + std::to_string(c.k)};
    defines.insert(defines.end(), c.blocks.begin(), c.blocks.end());
    InterpretStats st = expectThreadedMatchesSequential(exampleSource(c.example), defines, in, 3);
    EXPECT_EQ(st.parallelKernels, 1u) << c.example;
    EXPECT_EQ(st.sequentialKernels, 0u) << c.example;
  }
}

TEST(InterpreterThreads, MaskedCopiesMatchSequentialRun) {
  std::vector<HostTensor> in = {randomTensor({4, 8}, 5), tensor({8, 4}, -1.0f)};
  InterpretStats st = expectThreadedMatchesSequential(kRows, {}, in, 4);
  EXPECT_EQ(st.parallelKernels, 1u);
}

// Every block writes Last[0] (the last block in order wins) and its own
// row of C.
const char *kSharedElement = R"(import tilelang.language as T

@T.prim_func
def shared(C: T.Tensor((8, 4), "float32"), Last: T.Tensor((1,), "float32")):
    with T.Kernel(8) as bx:
        T.fill(C[bx, 0:4], T.float32(bx))
        Last[0] = T.float32(bx)
)";

TEST(InterpreterThreads, BlocksWritingOneElementRunInOrder) {
  for (int rep = 0; rep < 5; ++rep) {
    auto k = load(kSharedElement);
    ASSERT_TRUE(k->module);
    std::vector<HostTensor> bufs = {tensor({8, 4}, -1.0f), tensor({1}, -1.0f)};
    InterpretStats st;
    ASSERT_TRUE(k->run(bufs, 4, &st)) << k->c.text();
    EXPECT_EQ(st.parallelKernels, 0u);
    EXPECT_EQ(st.sequentialKernels, 1u);
    EXPECT_EQ(bufs[1].data[0], 7.0f);
    for (int i = 0; i < 8; ++i)
      for (int j = 0; j < 4; ++j)
        EXPECT_EQ(bufs[0].data[i * 4 + j], float(i)) << i << "," << j;
  }
}

TEST(InterpreterThreads, BlocksReadingAWrittenBufferRunInOrder) {
  // kFreshAlloc's blocks read and write Order[0]: a running count.
  auto k = load(kFreshAlloc);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4, 3}), tensor({1})};
  InterpretStats st;
  ASSERT_TRUE(k->run(bufs, 4, &st)) << k->c.text();
  EXPECT_EQ(st.parallelKernels, 0u);
  EXPECT_EQ(st.sequentialKernels, 1u);
  EXPECT_EQ(bufs[0].data, (std::vector<float>{1, 1, 3.5, 2, 2, 3.5, 11, 3, 3.5, 12, 4, 3.5}));
  EXPECT_EQ(bufs[1].data[0], 4.0f);
}

// Blocks 6 and 7 go out of bounds, at different elements.
const char *kLateError = R"(import tilelang.language as T

@T.prim_func
def late(A: T.Tensor((8,), "float32"), C: T.Tensor((8,), "float32")):
    with T.Kernel(8) as bx:
        C[bx] = A[bx * bx // 4]
)";

TEST(InterpreterThreads, FirstErrorInBlockOrder) {
  for (int rep = 0; rep < 5; ++rep) {
    auto k = load(kLateError);
    ASSERT_TRUE(k->module);
    std::vector<HostTensor> bufs = {tensor({8}, 2.0f), tensor({8}, -1.0f)};
    InterpretStats st;
    EXPECT_FALSE(k->run(bufs, 4, &st));
    EXPECT_EQ(k->c.diag().errorCount(), 1u) << k->c.text();
    EXPECT_NE(k->c.text().find("out-of-bounds access A[9]"), std::string::npos) << k->c.text();
    EXPECT_EQ(st.sequentialKernels, 1u);
    // The sequential run stopped at block 6: blocks 0 to 5 wrote, no other.
    EXPECT_EQ(bufs[1].data, (std::vector<float>{2, 2, 2, 2, 2, 2, -1, -1}));
  }
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

const char *kOutOfBounds = R"(import tilelang.language as T

@T.prim_func
def oob(A: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        C_l = T.alloc_fragment((32, 32), "float32")
        T.copy(A, C_l)
        for i in T.serial(32):
            C_l[i, 0] = C_l[i + 1, 0]
        T.copy(C_l, C)
)";

TEST(InterpreterErrors, OutOfBoundsLoad) {
  auto k = load(kOutOfBounds);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({32, 32}), tensor({32, 32})};
  EXPECT_FALSE(k->run(bufs));
  EXPECT_NE(k->c.text().find("k.py:9:"), std::string::npos) << k->c.text();
  EXPECT_NE(k->c.text().find("error: out-of-bounds access C_l[32, 0]: buffer shape is (32, 32)"),
            std::string::npos)
      << k->c.text();
  EXPECT_EQ(k->c.diag().errorCount(), 1u);
}

TEST(InterpreterErrors, DivisionByZero) {
  auto k = load(R"(import tilelang.language as T

@T.prim_func
def div(C: T.Tensor((4,), "float32")):
    with T.Kernel(1) as bx:
        for i in T.serial(4):
            C[i] = T.float32(8 // (i - 2))
)");
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4})};
  EXPECT_FALSE(k->run(bufs));
  EXPECT_NE(k->c.text().find("k.py:7:"), std::string::npos) << k->c.text();
  EXPECT_NE(k->c.text().find("integer division by zero"), std::string::npos) << k->c.text();
  // What ran before the error is written back.
  EXPECT_EQ(bufs[0].data[0], -4.0f);
  EXPECT_EQ(bufs[0].data[1], -8.0f);
}

// Issue 13: `by * 32 * 2097152 * 2097152 * 131072` is by * 2^64, which
// wrapped to 0 in 64 bits, so every block read row-block 0 and --verify
// agreed with the equally wrong device. Integer arithmetic is checked now:
// block 1 stops at the first product that leaves int32.
TEST(InterpreterErrors, IndexArithmeticOverflowIsLocatedNotWrapped) {
  auto k = load(R"(import tilelang.language as T

@T.prim_func
def wrap(A: T.Tensor((64, 32), "float32"), C: T.Tensor((64, 32), "float32")):
    with T.Kernel(1, 2) as (bx, by):
        S = T.alloc_fragment((32, 32), "float32")
        T.copy(A[by * 32 * 2097152 * 2097152 * 131072, 0], S)
        T.copy(S, C[by * 32, 0])
)");
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({64, 32}, 1.0f), tensor({64, 32}, -1.0f)};
  for (int i = 32 * 32; i < 64 * 32; ++i)
    bufs[0].data[size_t(i)] = 2.0f;
  EXPECT_FALSE(k->run(bufs));
  EXPECT_NE(k->c.text().find("k.py:7:18: error: integer overflow: 67108864 * 2097152 is "
                             "140737488355328, which does not fit int32 (integer arithmetic "
                             "does not wrap)"),
            std::string::npos)
      << k->c.text();
  EXPECT_EQ(k->c.diag().errorCount(), 1u);
  // Block 0 ran; block 1 copied nothing (it used to copy row-block 0).
  EXPECT_EQ(bufs[1].data[0], 1.0f);
  EXPECT_EQ(bufs[1].data[32 * 32], -1.0f);
}

TEST(InterpreterErrors, IntegerOverflowOfEachOperationAndType) {
  struct Case {
    const char *expr, *message;
  } cases[] = {
      {"2147483647 + i", "2147483647 + 1 is 2147483648, which does not fit int32"},
      {"-2147483647 - 1 - i", "-2147483648 - 1 is -2147483649, which does not fit int32"},
      {"65536 * (32767 + i)", "65536 * 32768 is 2147483648, which does not fit int32"},
      {"-(i - 2147483647 - 1)", "-(-2147483648) is 2147483648, which does not fit int32"},
      {"T.abs(i - 2147483647 - 1)", "abs(-2147483648) is 2147483648, which does not fit int32"},
      {"T.uint32(i) - T.uint32(2)", "0 - 2 is -2, which does not fit uint32"},
      {"(i - 2147483647 - 1) // -1", "-2147483648 // -1 is 2147483648, which does not fit int32"},
  };
  for (const Case &c : cases) {
    auto k = load(std::string(R"(import tilelang.language as T

@T.prim_func
def ovf(C: T.Tensor((2,), "float32")):
    with T.Kernel(1) as bx:
        for i in T.serial(2):
            C[i] = T.float32()") +
                  c.expr + ")\n");
    ASSERT_TRUE(k->module) << c.expr;
    std::vector<HostTensor> bufs = {tensor({2})};
    EXPECT_FALSE(k->run(bufs)) << c.expr;
    EXPECT_NE(k->c.text().find(c.message), std::string::npos) << c.expr << "\n" << k->c.text();
  }
}

TEST(InterpreterErrors, ScalarParameterHasNoValue) {
  auto k = load(R"(import tilelang.language as T

@T.prim_func
def scal(C: T.Tensor((4,), "float32"), n: T.int32):
    with T.Kernel(1) as bx:
        for i in T.serial(4):
            C[i] = T.float32(n)
)");
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4})};
  EXPECT_FALSE(k->run(bufs));
  EXPECT_NE(k->c.text().find("k.py:7:"), std::string::npos) << k->c.text();
  EXPECT_NE(k->c.text().find("variable 'n' has no value"), std::string::npos) << k->c.text();
  EXPECT_NE(k->c.text().find("k.py:4:40: note: 'n' is defined here"), std::string::npos)
      << k->c.text();
}

TEST(InterpreterErrors, DeviceIntrinsicIsUnsupported) {
  auto k = loadTileIR(R"(# tt-llc Tile IR
import tilelang.language as T


@T.prim_func
def dev(
    C: T.Tensor((4,), "float32"),
):
    with T.Kernel(1) as bx:
        tt.noc.read_barrier()
)");
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> bufs = {tensor({4})};
  EXPECT_FALSE(k->run(bufs));
  EXPECT_NE(k->c.text().find("k.tir:10:"), std::string::npos) << k->c.text();
  EXPECT_NE(k->c.text().find("does not support calls of 'tt.noc.read_barrier'"), std::string::npos)
      << k->c.text();
}

TEST(InterpreterErrors, BindingMismatch) {
  auto k = load(kCopy);
  ASSERT_TRUE(k->module);
  std::vector<HostTensor> one = {tensor({8})};
  EXPECT_FALSE(k->run(one));
  EXPECT_NE(k->c.text().find("has 2 buffer parameters but 1 tensors were given"), std::string::npos)
      << k->c.text();

  auto k2 = load(kCopy);
  std::vector<HostTensor> wrongShape = {tensor({9}), tensor({8})};
  EXPECT_FALSE(k2->run(wrongShape));
  EXPECT_NE(k2->c.text().find("tensor bound to 'A' has shape (9,)"), std::string::npos)
      << k2->c.text();
  EXPECT_NE(k2->c.text().find("k.py:"), std::string::npos) << k2->c.text();

  auto k3 = load(kCopy);
  std::vector<HostTensor> wrongSize = {{{8}, std::vector<float>(7)}, tensor({8})};
  EXPECT_FALSE(k3->run(wrongSize));
  EXPECT_NE(k3->c.text().find("and 7 elements"), std::string::npos) << k3->c.text();
}

TEST(Verification, TolerancePerDtypeAndAccumulation) {
  Tolerance bf16 = outputTolerance("bfloat16", true);
  EXPECT_EQ(bf16.rtol, 1.0 / 64);
  EXPECT_EQ(bf16.atol, 1.0 / 256);
  EXPECT_EQ(outputTolerance("bfloat16", false).atol, 1.0 / 16);
  EXPECT_EQ(outputTolerance("float32", true).rtol, 1.0 / 65536);
}

TEST(Verification, CompareOutput) {
  Tolerance tol{0.01, 0.001}; // |got - ref| <= 0.01 |ref| + 0.001 * 100
  std::vector<float> ref = {100, -50, 0, 1};
  Comparison same = compareOutput(ref, ref, tol);
  EXPECT_TRUE(same.ok());
  EXPECT_EQ(same.scale, 100);
  EXPECT_EQ(same.maxAbs, 0);

  // Within: 1 <= 0.01 * 100 + 0.1; 0.09 <= 0 + 0.1 at the zero, which the
  // relative error leaves out (|ref| <= 1e-3 max|ref|).
  Comparison close = compareOutput({101, -50.5f, 0.09f, 1}, ref, tol);
  EXPECT_TRUE(close.ok()) << close.mismatches;
  EXPECT_EQ(close.maxAbs, 1);
  EXPECT_EQ(close.maxRel, 0.01);

  // Beyond at [2] and [3]; the first is reported; NaN never passes.
  Comparison far = compareOutput({100, -50, 0.2f, std::nanf("")}, ref, tol);
  EXPECT_EQ(far.mismatches, 2u);
  EXPECT_EQ(far.firstMismatch, 2u);

  // A size mismatch is a mismatch.
  EXPECT_FALSE(compareOutput({100, -50, 0}, ref, tol).ok());
}

} // namespace
