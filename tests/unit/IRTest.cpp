//===- tests/unit/IRTest.cpp - Tile IR nodes, builders, printer, verifier -===//

#include "TestUtil.h"

#include "ir/IROperators.h"
#include "ir/Printer.h"
#include "ir/Verifier.h"
#include "syntax/PyToTileIR.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

TEST(AttrDict, KeepsKeysSortedAndOverwrites) {
  AttrDict d;
  d.set("zeta", 1);
  d.set("alpha", "x");
  d.set("mid", true);
  d.set("zeta", 2);
  std::vector<std::string> keys;
  for (auto &[k, v] : d)
    keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(d.getInt("zeta"), 2);
  EXPECT_EQ(d.getString("alpha"), "x");
  EXPECT_EQ(d.getBool("mid"), true);
  EXPECT_EQ(d.getInt("alpha"), std::nullopt);
  EXPECT_TRUE(d.erase("mid"));
  EXPECT_FALSE(d.has("mid"));
  EXPECT_FALSE(d.erase("mid"));
}

TEST(AttrValue, ListsOfInts) {
  AttrValue v = AttrValue::ints({32, 32});
  ASSERT_TRUE(v.getInts());
  EXPECT_EQ(*v.getInts(), (std::vector<int64_t>{32, 32}));
  AttrValue mixed(AttrValue::List{AttrValue(1), AttrValue("a")});
  EXPECT_FALSE(mixed.getInts());
}

TEST(Builders, FoldIntegerArithmeticWithPythonSemantics) {
  EXPECT_EQ(asConstInt(add(intImm(2), mul(intImm(3), intImm(5)))), 17);
  EXPECT_EQ(asConstInt(floorDiv(intImm(-7), intImm(2))), -4);
  EXPECT_EQ(asConstInt(floorMod(intImm(-7), intImm(2))), 1);
  EXPECT_EQ(asConstInt(floorMod(intImm(7), intImm(-2))), -1);
  EXPECT_EQ(asConstInt(ceilDiv(intImm(100), intImm(32))), 4);
  EXPECT_EQ(asConstInt(ceilDiv(intImm(96), intImm(32))), 3);
  Expr cmp = binary(BinaryOp::LT, intImm(1), intImm(2));
  EXPECT_EQ(cmp->dtype, DType::Bool);
  EXPECT_EQ(asConstInt(cmp), 1);
  // Division by a constant zero is left for the verifier / interpreter.
  EXPECT_FALSE(asConstInt(floorDiv(intImm(1), intImm(0))));
}

TEST(Builders, IdentitiesKeepVarsUnchanged) {
  Var x = makeVar("x");
  EXPECT_EQ(add(x, intImm(0)), Expr(x));
  EXPECT_EQ(mul(intImm(1), x), Expr(x));
  EXPECT_EQ(asConstInt(mul(x, intImm(0))), 0);
  EXPECT_EQ(toString(add(mul(x, intImm(32)), intImm(32))), "x * 32 + 32");
}

TEST(Builders, TypeInference) {
  Buffer b = makeBuffer("S", {32}, DType::BFloat16, Scope::Shared);
  Expr l = load(b, {intImm(0)});
  EXPECT_EQ(mul(l, floatImm(2.0))->dtype, DType::BFloat16); // literal adopts
  Buffer f = makeBuffer("F", {32}, DType::Float16, Scope::Shared);
  EXPECT_EQ(add(l, load(f, {intImm(0)}))->dtype, DType::Float32); // promote
  EXPECT_EQ(add(intImm(1), floatImm(0.5))->dtype, DType::Float32);
  EXPECT_EQ(binary(BinaryOp::Div, intImm(1), intImm(2))->dtype, DType::Float32);
}

TEST(Builders, ConstantDifferenceOfLinearForms) {
  Var by = makeVar("by"), k = makeVar("k");
  Expr lo = mul(by, intImm(32));
  EXPECT_EQ(constantDifference(add(lo, intImm(32)), lo), 32);
  // (by + 1) * 32 - by * 32
  EXPECT_EQ(constantDifference(mul(add(by, intImm(1)), intImm(32)), lo), 32);
  EXPECT_EQ(constantDifference(intImm(40), intImm(8)), 32);
  EXPECT_FALSE(constantDifference(mul(k, intImm(32)), lo));
  EXPECT_FALSE(constantDifference(mul(by, intImm(64)), lo));
}

// Issue 13: linear forms multiplied int64 coefficients unchecked, so
// by * 32 * 2^21 * 2^21 * 2^17 (by * 2^64) became the linear form 0.
TEST(Builders, LinearFormsDoNotWrap) {
  Var by = makeVar("by");
  Expr wraps = mul(mul(mul(mul(by, intImm(32)), intImm(2097152)), intImm(2097152)), intImm(131072));
  EXPECT_FALSE(asLinear(wraps));
  EXPECT_FALSE(constantDifference(wraps, intImm(0)));
  EXPECT_FALSE(constantDifference(add(wraps, intImm(32)), intImm(0)));
  // `lo + 32` minus lo is exactly 32 however large lo is: the extent of a
  // printed region `lo:lo + 32`, never computed through lo's arithmetic.
  EXPECT_EQ(constantDifference(add(wraps, intImm(32)), wraps), 32);
  EXPECT_FALSE(constantDifference(add(wraps, intImm(32)), mul(by, intImm(32))));
  // Coefficients that sum past int64 are not merged into a wrapped one.
  Expr big = mul(by, intImm(INT64_MAX / 2 + 1));
  EXPECT_FALSE(asLinear(add(big, big)));
  EXPECT_FALSE(asLinear(add(intImm(INT64_MAX), add(by, intImm(1)))));
  // Up to int64 they are exact.
  auto lin = asLinear(mul(mul(by, intImm(2097152)), intImm(2097152)));
  ASSERT_TRUE(lin);
  EXPECT_EQ(lin->coefficient(by.get()), int64_t(1) << 42);
}

TEST(Builders, FoldingDoesNotWrap) {
  // Constants beyond int32 (the frontend rejects them; passes may build
  // them) fold exactly up to int64 and are left unfolded past it.
  EXPECT_EQ(asConstInt(mul(intImm(1LL << 31), intImm(1LL << 31))), int64_t(1) << 62);
  Expr over = mul(intImm(1LL << 32), intImm(1LL << 32));
  EXPECT_FALSE(asConstInt(over));
  EXPECT_EQ(toString(over), "4294967296 * 4294967296");
  EXPECT_FALSE(asConstInt(add(intImm(INT64_MAX), intImm(1))));
  EXPECT_FALSE(asConstInt(sub(intImm(INT64_MIN), intImm(1))));
  EXPECT_FALSE(asConstInt(unary(UnaryOp::Neg, intImm(INT64_MIN))));
  EXPECT_FALSE(asConstInt(floorDiv(intImm(INT64_MIN), intImm(-1))));
  EXPECT_EQ(asConstInt(floorDiv(intImm(-7), intImm(2))), -4);
}

TEST(Builders, RangeOfIndexExpressions) {
  Var by = makeVar("by"), k = makeVar("k"), u = makeVar("u");
  VarRanges r = {{by.get(), {0, 7}}, {k.get(), {-2, 3}}};
  using R = std::pair<int64_t, int64_t>;
  auto range = [&](const Expr &e) -> R {
    auto x = rangeOf(e, r);
    return x ? R{x->lo, x->hi} : R{INT64_MIN, INT64_MIN};
  };
  EXPECT_EQ(range(add(mul(by, intImm(32)), intImm(32))), R(32, 256));
  EXPECT_EQ(range(sub(by, k)), R(-3, 9));
  EXPECT_EQ(range(mul(k, k)), R(-6, 9)); // intervals, not exact
  EXPECT_EQ(range(floorDiv(k, intImm(2))), R(-1, 1));
  EXPECT_EQ(range(floorMod(by, intImm(4))), R(0, 3));
  EXPECT_EQ(range(floorMod(add(by, intImm(8)), intImm(16))), R(8, 15));
  EXPECT_EQ(range(binary(BinaryOp::Min, by, k)), R(-2, 3));
  EXPECT_FALSE(rangeOf(add(by, u), r)); // u has no range
  // The first subexpression that leaves int32 is reported.
  Expr inner = mul(mul(by, intImm(32)), intImm(2097152)); // fits: 7 * 2^26
  Expr outer = mul(inner, intImm(2097152));               // 7 * 2^47 does not
  const ExprNode *overflow = nullptr;
  EXPECT_FALSE(rangeOf(mul(outer, intImm(131072)), r, &overflow));
  EXPECT_EQ(overflow, outer.get());
  EXPECT_FALSE(rangeOf(add(intImm(2147483647), by), r, &overflow));
  EXPECT_NE(overflow, nullptr);
  EXPECT_TRUE(rangeOf(add(intImm(2147483640), by), r, &overflow));
  EXPECT_EQ(overflow, nullptr);
  // uint32 ranges are [0, 2^32).
  Var a = makeVar("a", DType::UInt32);
  VarRanges ur = {{a.get(), {0, 10}}};
  EXPECT_FALSE(rangeOf(sub(a, cast(DType::UInt32, intImm(1))), ur, &overflow));
  EXPECT_NE(overflow, nullptr);
}

TEST(Builders, SeqFlattensAndUnwraps) {
  Buffer b = makeBuffer("S", {4}, DType::Float32, Scope::Shared);
  Stmt a = std::make_shared<const AllocNode>(b, llvm::SMLoc());
  Stmt f = std::make_shared<const FillNode>(Region::full(b), intImm(0), llvm::SMLoc());
  EXPECT_EQ(seq({a}), a);
  Stmt s = seq({seq({a, nullptr}), seq({f})});
  auto *sq = llvm::dyn_cast<SeqNode>(s.get());
  ASSERT_NE(sq, nullptr);
  EXPECT_EQ(sq->stmts.size(), 2u);
}

/// A module built in C++: C = A @ B over a 2 x 2 grid of 32 x 32 blocks.
Module buildGemm() {
  Buffer A = makeBuffer("A", {64, 32}, DType::BFloat16, Scope::Global);
  Buffer B = makeBuffer("B", {32, 64}, DType::BFloat16, Scope::Global);
  Buffer C = makeBuffer("C", {64, 64}, DType::BFloat16, Scope::Global);
  Buffer As = makeBuffer("A_shared", {32, 32}, DType::BFloat16, Scope::Shared);
  Buffer Bs = makeBuffer("B_shared", {32, 32}, DType::BFloat16, Scope::Shared);
  Buffer Cl = makeBuffer("C_local", {32, 32}, DType::Float32, Scope::Fragment);
  Var bx = makeVar("bx"), by = makeVar("by");
  auto region = [](Buffer b, Expr r, Expr c) {
    Region reg;
    reg.buffer = b;
    reg.starts = {r, c};
    reg.extents = {32, 32};
    return reg;
  };
  llvm::SMLoc no;
  std::vector<Stmt> body = {
      std::make_shared<const AllocNode>(As, no),
      std::make_shared<const AllocNode>(Bs, no),
      std::make_shared<const AllocNode>(Cl, no),
      std::make_shared<const FillNode>(Region::full(Cl), intImm(0), no),
      std::make_shared<const CopyNode>(region(A, mul(by, intImm(32)), intImm(0)), Region::full(As),
                                       no),
      std::make_shared<const CopyNode>(region(B, intImm(0), mul(bx, intImm(32))), Region::full(Bs),
                                       no),
      std::make_shared<const GemmNode>(Region::full(As), Region::full(Bs), Region::full(Cl), false,
                                       false, false, no),
      std::make_shared<const CopyNode>(Region::full(Cl),
                                       region(C, mul(by, intImm(32)), mul(bx, intImm(32))), no),
  };
  auto f = std::make_shared<PrimFunc>();
  f->name = "gemm";
  f->params = {A, B, C};
  f->attrs.set("tt_num_tiles", 4);
  A->attrs.set("tt_tile_shape", AttrValue::ints({32, 32}));
  f->body = std::make_shared<const KernelNode>(std::vector<Expr>{intImm(2), intImm(2)},
                                               std::vector<Var>{bx, by}, seq(std::move(body)), no);
  Module m;
  m.funcs.push_back(f);
  return m;
}

TEST(Printer, PrintsModuleBuiltInCpp) {
  EXPECT_EQ(toString(buildGemm()), R"(# tt-llc Tile IR
import tilelang.language as T


@T.prim_func
def gemm(
    A: T.Tensor((64, 32), "bfloat16"),
    B: T.Tensor((32, 64), "bfloat16"),
    C: T.Tensor((64, 64), "bfloat16"),
):
    T.func_attr({"tt_num_tiles": 4})
    T.buffer_attr(A, {"tt_tile_shape": [32, 32]})
    with T.Kernel(2, 2) as (bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        B_shared = T.alloc_shared((32, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        T.clear(C_local)
        T.copy(A[by * 32:by * 32 + 32, 0:32], A_shared)
        T.copy(B[0:32, bx * 32:bx * 32 + 32], B_shared)
        T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32])
)");
}

TEST(Printer, RoundTripsThroughTheParser) {
  std::string text = toString(buildGemm());
  test::Captured c;
  unsigned id = c.add(text, "gemm.tir");
  auto m = parseTileIR(c.sm(), id, c.diag());
  ASSERT_TRUE(m) << c.text();
  EXPECT_EQ(toString(*m), text);
  EXPECT_TRUE(verifyModule(*m, c.diag())) << c.text();
}

TEST(Printer, UniquesNamesOfDistinctVars) {
  Buffer S = makeBuffer("S", {4}, DType::Float32, Scope::Global);
  Var i1 = makeVar("i"), i2 = makeVar("i");
  llvm::SMLoc no;
  auto store = [&](Var v) {
    return std::make_shared<const StoreNode>(S, std::vector<Expr>{v}, floatImm(1.0), no);
  };
  Stmt l1 =
      std::make_shared<const ForNode>(i1, intImm(0), intImm(4), ForKind::Serial, 0, store(i1), no);
  Stmt l2 = std::make_shared<const ForNode>(i2, intImm(1), intImm(4), ForKind::Parallel, 0,
                                            store(i2), no);
  auto f = std::make_shared<PrimFunc>();
  f->name = "f";
  f->params = {S};
  f->body = seq({l1, l2});
  Module m;
  m.funcs.push_back(f);
  std::string text = toString(m);
  EXPECT_NE(text.find("    for i in T.serial(4):\n        S[i] = 1.0\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("    for i_1 in T.Parallel(1, 4):\n        S[i_1] = 1.0\n"),
            std::string::npos)
      << text;
  test::Captured c;
  auto back = parseTileIR(c.sm(), c.add(text), c.diag());
  ASSERT_TRUE(back) << c.text();
  EXPECT_EQ(toString(*back), text);
}

TEST(Printer, ExpressionPrecedence) {
  Var a = makeVar("a"), b = makeVar("b"), c = makeVar("c");
  EXPECT_EQ(toString(mul(add(a, b), c)), "(a + b) * c");
  EXPECT_EQ(toString(sub(a, sub(b, c))), "a - (b - c)");
  EXPECT_EQ(toString(sub(sub(a, b), c)), "a - b - c");
  EXPECT_EQ(toString(floorDiv(a, mul(b, c))), "a // (b * c)");
  EXPECT_EQ(toString(unary(UnaryOp::Neg, add(a, b))), "-(a + b)");
  Expr cmp = binary(BinaryOp::LT, add(a, intImm(1)), b);
  EXPECT_EQ(toString(binary(BinaryOp::And, cmp, unary(UnaryOp::Not, cmp))),
            "a + 1 < b and not a + 1 < b");
  EXPECT_EQ(toString(binary(BinaryOp::EQ, binary(BinaryOp::LT, a, b), c)), "(a < b) == c");
  EXPECT_EQ(toString(binary(BinaryOp::Min, a, intImm(-3))), "T.min(a, -3)");
  EXPECT_EQ(toString(cast(DType::BFloat16, a)), "T.Cast(\"bfloat16\", a)");
  EXPECT_EQ(toString(floatImm(0.1)), "0.1");
  EXPECT_EQ(toString(floatImm(2.0)), "2.0");
  EXPECT_EQ(toString(floatImm(1.5, DType::BFloat16)), "T.bfloat16(1.5)");
  EXPECT_EQ(toString(intImm(7, DType::UInt32)), "T.uint32(7)");
}

TEST(Verifier, ReportsEveryProblemOfHandBuiltIR) {
  Module m = buildGemm();
  // Break it: the gemm now reads a buffer that was never allocated, and the
  // output copy uses an undefined var.
  PrimFunc &f = *m.funcs[0];
  Buffer stray = makeBuffer("stray", {32, 32}, DType::BFloat16, Scope::Shared);
  Buffer C = f.bufferParams()[2];
  Region out;
  out.buffer = C;
  out.starts = {makeVar("ghost"), intImm(0)};
  out.extents = {32, 32};
  llvm::SMLoc no;
  f.body = seq({f.body, std::make_shared<const CopyNode>(Region::full(stray), out, no)});
  test::Captured c;
  EXPECT_FALSE(verifyModule(m, c.diag()));
  EXPECT_EQ(c.text(), "error: buffer 'stray' is used outside the scope where it is defined\n"
                      "error: variable 'ghost' is used outside the scope where it is defined\n");
}

TEST(Verifier, GemmOperandShapes) {
  test::Captured c;
  unsigned id = c.add(R"(import tilelang.language as T

@T.prim_func
def f(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(1) as bx:
        a = T.alloc_shared((32, 64), "bfloat16")
        b = T.alloc_shared((32, 64), "bfloat16")
        acc = T.alloc_fragment((32, 32), "float32")
        T.gemm(a, b, acc, transpose_B=True)
        T.gemm(a, b, acc)
)",
                      "g.tir");
  auto m = parseTileIR(c.sm(), id, c.diag());
  ASSERT_TRUE(m) << c.text();
  EXPECT_FALSE(verifyModule(*m, c.diag()));
  EXPECT_NE(c.text().find("g.tir:10:9: error: T.gemm reduction dimensions disagree: A ('a', "
                          "32x64) has K = 64, B ('b', 32x64) has K = 32"),
            std::string::npos)
      << c.text();
  // The transposed gemm on line 9 is fine.
  EXPECT_EQ(c.text().find("g.tir:9:"), std::string::npos) << c.text();
}

} // namespace

namespace {

TEST(Diagnostics, SuppressedErrorsAreNeitherPrintedNorCounted) {
  test::Captured c;
  unsigned id = c.add("x = 1\n");
  llvm::SMLoc at = llvm::SMLoc::getFromPointer(c.sm().getMemoryBuffer(id)->getBufferStart());
  {
    SuppressDiagnostics quiet(c.diag());
    c.diag().error(at, "speculative");
    EXPECT_TRUE(quiet.failed());
  }
  EXPECT_FALSE(c.diag().hasErrors());
  EXPECT_EQ(c.text(), "");
  c.diag().error(at, "real");
  EXPECT_EQ(c.diag().errorCount(), 1u);
  EXPECT_EQ(c.text(), "test.py:1:1: error: real\nx = 1\n^\n");
}

TEST(Diagnostics, MessagesWithoutLocationCarryTheProgramName) {
  test::Captured c;
  c.diag().setProgramName("tt-llc");
  c.diag().warning(llvm::SMLoc(), "no place");
  EXPECT_EQ(c.text(), "tt-llc: warning: no place\n");
  EXPECT_FALSE(c.diag().hasErrors());
}

TEST(Diagnostics, MessagePrefixGoesBeforeEveryMessageWhileSet) {
  test::Captured c;
  unsigned id = c.add("x = 1\n");
  llvm::SMLoc at = llvm::SMLoc::getFromPointer(c.sm().getMemoryBuffer(id)->getBufferStart());
  c.diag().setMessagePrefix("pass 'p': ");
  c.diag().error(at, "located");
  c.diag().note(llvm::SMLoc(), "unlocated");
  c.diag().setMessagePrefix("");
  c.diag().error(at, "plain");
  EXPECT_EQ(c.text(), "test.py:1:1: error: pass 'p': located\nx = 1\n^\n"
                      "note: pass 'p': unlocated\n"
                      "test.py:1:1: error: plain\nx = 1\n^\n");
}

} // namespace
