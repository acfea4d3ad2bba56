//===- tests/unit/FrontendTest.cpp - TileLang files to Tile IR ------------===//

#include "TestUtil.h"

#include "frontend/Frontend.h"
#include "ir/IROperators.h"
#include "ir/Printer.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/Casting.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

const char *kFactory = R"(import tilelang
import tilelang.language as T

SIZE = 64

@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K=32, dtype="bfloat16", accum_dtype="float"):
    tile = block_M
    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_s = T.alloc_shared((tile, block_K), dtype)
            B_s = T.alloc_shared((block_K, block_N), dtype)
            C_l = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])
    return gemm

def run():
    args = parse()
    k = matmul(args.m, 1, 1, 1, 1)          # not literal: skipped
    k = matmul(SIZE * 4, 128, 96, 64, 32)   # literal (SIZE is a constant)
    print(f"{k}")
)";

struct Result {
  std::optional<Module> module;
  std::string diags;
};

Result compile(const std::string &src, std::vector<std::string> defines = {},
               std::string kernel = "") {
  test::Captured c;
  unsigned id = c.add(src, "k.py");
  FrontendOptions opts;
  opts.defines = std::move(defines);
  opts.kernelName = std::move(kernel);
  Result r;
  r.module = parseTileLang(c.sm(), id, opts, c.diag());
  r.diags = c.text();
  return r;
}

const KernelNode *kernelOf(const Module &m) {
  const Stmt &body = m.funcs.at(0)->body;
  if (auto *k = llvm::dyn_cast<KernelNode>(body.get()))
    return k;
  for (const Stmt &s : llvm::cast<SeqNode>(body.get())->stmts)
    if (auto *k = llvm::dyn_cast<KernelNode>(s.get()))
      return k;
  return nullptr;
}

std::vector<int64_t> grid(const Module &m) {
  std::vector<int64_t> g;
  for (const Expr &e : kernelOf(m)->grid)
    g.push_back(*asConstInt(e));
  return g;
}

TEST(Frontend, BindsFromTheFirstLiteralCall) {
  Result r = compile(kFactory);
  ASSERT_TRUE(r.module) << r.diags;
  const PrimFunc &f = *r.module->funcs[0];
  EXPECT_EQ(f.name, "gemm");
  auto bufs = f.bufferParams();
  ASSERT_EQ(bufs.size(), 3u);
  EXPECT_EQ(bufs[0]->shape, (std::vector<int64_t>{256, 96}));
  EXPECT_EQ(bufs[1]->shape, (std::vector<int64_t>{96, 128}));
  EXPECT_EQ(bufs[2]->shape, (std::vector<int64_t>{256, 128}));
  EXPECT_EQ(bufs[0]->dtype, DType::BFloat16);
  EXPECT_EQ(grid(*r.module), (std::vector<int64_t>{4, 4})); // ceil(128/32), ceil(256/64)
  // threads= is a GPU hint: warned about, not an error.
  EXPECT_NE(r.diags.find("k.py:12:69: warning: 'threads=' of T.Kernel is a GPU scheduling "
                         "hint"),
            std::string::npos)
      << r.diags;
}

TEST(Frontend, DefinesWinOverDefaultsAndCalls) {
  Result r = compile(kFactory, {"M=100", "block_K=64", "dtype=float16"});
  ASSERT_TRUE(r.module) << r.diags;
  auto bufs = r.module->funcs[0]->bufferParams();
  EXPECT_EQ(bufs[0]->shape, (std::vector<int64_t>{100, 96}));
  EXPECT_EQ(bufs[0]->dtype, DType::Float16);
  EXPECT_EQ(grid(*r.module), (std::vector<int64_t>{4, 2})); // ceil(128/32), ceil(100/64)
  std::string text = toString(*r.module);
  EXPECT_NE(text.find("for k in T.Pipelined(2, num_stages=2):"), std::string::npos) << text;
  EXPECT_NE(text.find("A_s = T.alloc_shared((64, 64), \"float16\")"), std::string::npos) << text;
}

TEST(Frontend, RejectsUnknownDefine) {
  Result r = compile(kFactory, {"Q=1"});
  EXPECT_FALSE(r.module);
  EXPECT_EQ(r.diags, "error: -D Q: 'matmul' has no parameter 'Q' (its parameters are: M, N, K, "
                     "block_M, block_N, block_K, dtype, accum_dtype)\n");
}

TEST(Frontend, ReportsUnboundParameterAtItsDefinition) {
  std::string src = kFactory;
  src = src.substr(0, src.find("def run():"));
  Result r = compile(src, {"M=64", "N=64", "K=64", "block_M=32"});
  EXPECT_FALSE(r.module);
  EXPECT_NE(r.diags.find("k.py:7:30: error: parameter 'block_N' of 'matmul' has no value"),
            std::string::npos)
      << r.diags;
}

TEST(Frontend, TopLevelPrimFuncUsesGlobalConstants) {
  Result r = compile(R"(import tilelang.language as TL
N = 64
half = N // 2

@TL.prim_func
def add_one(A: TL.Tensor((N,), "float32"), B: TL.Tensor((N,), "float32")):
    with TL.Kernel(2) as bx:
        for i in TL.Parallel(half):
            B[bx * half + i] = A[bx * half + i] + 1.0
)");
  ASSERT_TRUE(r.module) << r.diags;
  std::string text = toString(*r.module);
  EXPECT_NE(text.find("        for i in T.Parallel(32):\n"
                      "            B[bx * 32 + i] = A[bx * 32 + i] + 1.0\n"),
            std::string::npos)
      << text;
}

TEST(Frontend, SeveralKernelsNeedAChoice) {
  std::string two = R"(import tilelang.language as T
@T.prim_func
def first(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        T.clear(A)
@T.prim_func
def second(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        T.fill(A, 2.0)
)";
  Result r = compile(two);
  EXPECT_FALSE(r.module);
  EXPECT_NE(r.diags.find("k.py:7:5: error: this file defines several kernels (first, second); "
                         "choose one with --kernel"),
            std::string::npos)
      << r.diags;
  r = compile(two, {}, "second");
  ASSERT_TRUE(r.module) << r.diags;
  EXPECT_EQ(r.module->funcs[0]->name, "second");
}

TEST(Frontend, CompileTimeConditionsPickABranch) {
  Result r = compile(R"(import tilelang.language as T
def k(trans, N=32):
    @T.prim_func
    def main(A: T.Tensor((N, N), "float32"), B: T.Tensor((N, N), "float32")):
        with T.Kernel(1) as bx:
            if trans:
                T.copy(A, B)
            else:
                T.clear(B)
    return main
)",
                     {"trans=True"});
  ASSERT_TRUE(r.module) << r.diags;
  std::string text = toString(*r.module);
  EXPECT_NE(text.find("T.copy(A, B)"), std::string::npos) << text;
  EXPECT_EQ(text.find("T.clear"), std::string::npos) << text;
  EXPECT_EQ(text.find("if "), std::string::npos) << text;
}

} // namespace

namespace {
/// The T.copy statements of the kernel, in order.
std::vector<const CopyNode *> copiesOf(const Module &m) {
  std::vector<const CopyNode *> out;
  const Stmt &body = kernelOf(m)->body;
  auto one = [&](const Stmt &s) {
    if (auto *c = llvm::dyn_cast<CopyNode>(s.get()))
      out.push_back(c);
  };
  if (auto *seq = llvm::dyn_cast<SeqNode>(body.get()))
    for (const Stmt &s : seq->stmts)
      one(s);
  else
    one(body);
  return out;
}
} // namespace

TEST(Frontend, CopyPointIndexIsAnExtentOneDimension) {
  // A point beside slices is one element (TileLang's BufferRegion); a side of
  // points only takes the other side's extents, aligned at the last dimension.
  Result r = compile(R"(import tilelang.language as T
@T.prim_func
def k(A: T.Tensor((2, 128, 4, 64), "float32"), B: T.Tensor((128, 64), "float32")):
    with T.Kernel(2, 2, 4) as (bs, bb, bh):
        S = T.alloc_shared((64, 64), "float32")
        T.copy(dst=S, src=A[bb, bs * 64:(bs + 1) * 64, bh, 0:64])
        T.copy(S, B[bs * 64, 0])
)");
  ASSERT_TRUE(r.module) << r.diags;
  auto copies = copiesOf(*r.module);
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0]->src.buffer->name, "A");
  EXPECT_EQ(copies[0]->src.extents, (std::vector<int64_t>{1, 64, 1, 64}));
  EXPECT_EQ(copies[0]->dst.extents, (std::vector<int64_t>{64, 64}));
  EXPECT_EQ(copies[1]->dst.extents, (std::vector<int64_t>{64, 64}));
  EXPECT_EQ(*asConstInt(copies[1]->dst.starts[1]), 0);

  // Shapes that differ after dropping the extent-1 dimensions stay an error.
  Result bad = compile(R"(import tilelang.language as T
@T.prim_func
def k(A: T.Tensor((2, 128, 64), "float32")):
    with T.Kernel(2) as bx:
        S = T.alloc_shared((64, 32), "float32")
        T.copy(A[bx, 0:64, 0:64], S)
)");
  ASSERT_TRUE(bad.module) << bad.diags; // the verifier reports it, not the frontend
  EXPECT_EQ(copiesOf(*bad.module)[0]->src.extents, (std::vector<int64_t>{1, 64, 64}));
}

TEST(Frontend, UnsupportedTileLangDTypesStopAtTheirUse) {
  EXPECT_TRUE(isUnsupportedTileLangDType("float8_e4m3fn"));
  EXPECT_TRUE(isUnsupportedTileLangDType("ptr"));
  EXPECT_FALSE(isUnsupportedTileLangDType("float32"));
  EXPECT_FALSE(isUnsupportedTileLangDType("float33"));
  // Vector dtypes: a dtype of TileLang with its lanes.
  EXPECT_TRUE(isUnsupportedTileLangDType("float16x2"));
  EXPECT_TRUE(isUnsupportedTileLangDType("bfloat16x2"));
  EXPECT_TRUE(isUnsupportedTileLangDType("int8x4"));
  EXPECT_TRUE(isUnsupportedTileLangDType("float8_e4m3fnx2"));
  EXPECT_FALSE(isUnsupportedTileLangDType("float16x"));
  EXPECT_FALSE(isUnsupportedTileLangDType("float16x02"));
  EXPECT_FALSE(isUnsupportedTileLangDType("float33x2"));
  EXPECT_FALSE(isUnsupportedTileLangDType("ptrx2"));
  EXPECT_FALSE(isUnsupportedTileLangDType("x2"));
  // A value (compared at compile time) until it is used as a dtype.
  Result r = compile(R"(import tilelang.language as T
@T.prim_func
def k(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        if T.tfloat32 == "tfloat32":
            S = T.alloc_fragment((32, 32), T.tfloat32)
)");
  EXPECT_FALSE(r.module);
  EXPECT_NE(r.diags.find("k.py:6:44: error: dtype 'tfloat32' is not supported by the Tenstorrent "
                         "lowering yet"),
            std::string::npos)
      << r.diags;
}
