//===- tests/unit/CodegenTest.cpp - Tile IR programs to LLVM IR -----------===//
//
// Programs are parsed from Tile IR text, compiled by generateProgram, and
// their runtime arguments bound to constants: after -O2 every intrinsic call
// has constant arguments, which are the values the program computes.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "backend/Codegen.h"
#include "backend/Emit.h"
#include "ir/IROperators.h"
#include "syntax/PyToTileIR.h"
#include "tt/device_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

class CodegenTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto tm = createTargetMachine(*lookupTarget("wormhole_b0"), 2);
    ASSERT_TRUE(bool(tm)) << llvm::toString(tm.takeError());
    tm_ = std::move(*tm);
  }

  /// Compiles the program `body` with int32 parameters a, b.
  std::unique_ptr<llvm::Module> compile(const std::string &body,
                                        const std::string &params = "a: T.int32, b: T.int32") {
    std::string text = "# tt-llc Tile IR\nimport tilelang.language as T\n\n\n@T.prim_func\n"
                       "def prog(" +
                       params + "):\n" + body;
    unsigned id = cap_.add(text, "prog.tir");
    auto m = parseTileIR(cap_.sm(), id, cap_.diag());
    if (!m || m->funcs.size() != 1)
      return nullptr;
    return generateProgram(*m->funcs[0], *lookupTarget("wormhole_b0"), tm_->createDataLayout(),
                           ctx_, cap_.diag());
  }

  /// Binds the runtime arguments to `values` (every load from the program's
  /// argument area at TT_RUNTIME_ARGS_ADDR of its RISC becomes the value of
  /// its word), optimises, and returns the constant arguments of every call
  /// of `callee`, in program order.
  std::vector<std::vector<int64_t>> callsWith(llvm::Module &m, std::vector<int32_t> values,
                                              llvm::StringRef callee, unsigned risc) {
    unsigned bound = 0;
    for (llvm::Instruction &i :
         llvm::make_early_inc_range(llvm::instructions(*m.getFunction(kEntrySymbol)))) {
      auto *load = llvm::dyn_cast<llvm::LoadInst>(&i);
      if (!load)
        continue;
      llvm::APInt offset(32, 0);
      const llvm::Value *base = load->getPointerOperand()->stripAndAccumulateConstantOffsets(
          m.getDataLayout(), offset, /*AllowNonInbounds=*/true);
      auto *address = llvm::dyn_cast<llvm::ConstantExpr>(base);
      if (!address || address->getOpcode() != llvm::Instruction::IntToPtr)
        continue;
      uint64_t byte = llvm::cast<llvm::ConstantInt>(address->getOperand(0))->getZExtValue() +
                      offset.getZExtValue() - TT_RUNTIME_ARGS_ADDR(risc);
      EXPECT_EQ(byte % 4, 0u);
      EXPECT_LT(byte / 4, values.size());
      if (byte % 4 != 0 || byte / 4 >= values.size())
        return {};
      load->replaceAllUsesWith(
          llvm::ConstantInt::getSigned(llvm::Type::getInt32Ty(ctx_), values[byte / 4]));
      load->eraseFromParent();
      ++bound;
    }
    EXPECT_EQ(bound, values.size()) << "one load per runtime argument";
    optimizeModule(m, *tm_, 2);
    std::vector<std::vector<int64_t>> calls;
    for (llvm::Instruction &i : llvm::instructions(*m.getFunction(kEntrySymbol)))
      if (auto *c = llvm::dyn_cast<llvm::CallInst>(&i))
        if (c->getCalledFunction() && c->getCalledFunction()->getName() == callee) {
          std::vector<int64_t> vals;
          for (llvm::Value *a : c->args()) {
            auto *k = llvm::dyn_cast<llvm::ConstantInt>(a);
            vals.push_back(k ? k->getSExtValue() : INT64_MIN);
          }
          calls.push_back(vals);
        }
    return calls;
  }

  test::Captured cap_;
  llvm::LLVMContext ctx_;
  std::unique_ptr<llvm::TargetMachine> tm_;
};

int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a % b < 0) != (b < 0)));
}
int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }

TEST_F(CodegenTest, FloorDivisionAndModuloFollowPython) {
  // a - 100 may be negative: the general floor sequence, checked on every sign.
  const std::string body = "    T.func_attr({\"tt.program\": \"reader\"})\n"
                           "    x: T.int32 = a - 100\n"
                           "    tt.l1.zero(x // b, x % b)\n";
  for (int32_t a : {93, 100, 107, 113, 0, 200})
    for (int32_t b : {7, -7, 12, -3, 1}) {
      auto m = compile(body);
      ASSERT_TRUE(m) << cap_.text();
      auto calls = callsWith(*m, {a, b}, "tt.l1.zero", TT_RISC_NCRISC);
      ASSERT_EQ(calls.size(), 1u);
      int64_t x = a - 100;
      EXPECT_EQ(calls[0], (std::vector<int64_t>{floorDiv(x, b), floorMod(x, b)}))
          << x << " // " << b;
    }
}

TEST_F(CodegenTest, LoopsLetsAndConditions) {
  // for i in [0, a): if i % 3 == 1: zero(i * b, min(i, 2))
  const std::string body = "    T.func_attr({\"tt.program\": \"reader\"})\n"
                           "    for i in T.serial(4):\n"
                           "        if i % 3 == 1:\n"
                           "            tt.l1.zero(i * b, T.min(i, 2))\n"
                           "        else:\n"
                           "            tt.l1.zero(T.max(i, a), 0 - i)\n";
  auto m = compile(body);
  ASSERT_TRUE(m) << cap_.text();
  auto calls = callsWith(*m, {2, 5}, "tt.l1.zero", TT_RISC_NCRISC);
  EXPECT_EQ(calls, (std::vector<std::vector<int64_t>>{{2, 0}, {5, 1}, {2, -2}, {3, -3}}));
}

TEST_F(CodegenTest, RuntimeArgumentsAreWordsOfTheArgumentArea) {
  auto m = compile("    T.func_attr({\"tt.program\": \"writer\"})\n"
                   "    tt.noc.write_dram(c, b, a, 2048)\n",
                   "a: T.uint32, b: T.int32, c: T.int32");
  ASSERT_TRUE(m) << cap_.text();
  EXPECT_TRUE(m->getFunction("kernel_main"));
  EXPECT_EQ(m->getTargetTriple(), "riscv32-unknown-elf");
  auto calls = callsWith(*m, {0x10000, 7, 9}, "tt.noc.write_dram", TT_RISC_BRISC);
  EXPECT_EQ(calls, (std::vector<std::vector<int64_t>>{{9, 7, 0x10000, 2048}}));
}

TEST_F(CodegenTest, UnloweredConstructsAreLocatedErrors) {
  auto m = compile("    T.func_attr({\"tt.program\": \"math\"})\n"
                   "    tt.mm_init(0, 1, 16, 0)\n");
  EXPECT_FALSE(m);
  EXPECT_NE(cap_.text().find("prog.tir:8:5: error: cannot compile 'prog': 'tt.mm_init' must be "
                             "split per TRISC"),
            std::string::npos)
      << cap_.text();
}

TEST_F(CodegenTest, DivisionByConstantZeroIsAnError) {
  auto m = compile("    T.func_attr({\"tt.program\": \"reader\"})\n"
                   "    tt.l1.zero(a // 0, 0)\n");
  EXPECT_FALSE(m);
  EXPECT_NE(cap_.text().find("division by zero"), std::string::npos) << cap_.text();
}

TEST_F(CodegenTest, ConstantThatDoesNotFit32BitsIsAnErrorAtItsStatement) {
  // A constant a pass folded has no location of its own: the error is at the
  // statement that uses it (it used to have no location at all).
  unsigned id = cap_.add("# tt-llc Tile IR\nimport tilelang.language as T\n\n\n@T.prim_func\n"
                         "def prog(a: T.int32):\n"
                         "    T.func_attr({\"tt.program\": \"reader\"})\n"
                         "    tt.l1.zero(a, 0)\n",
                         "prog.tir");
  auto m = parseTileIR(cap_.sm(), id, cap_.diag());
  ASSERT_TRUE(m && m->funcs.size() == 1) << cap_.text();
  PrimFunc &f = *m->funcs[0];
  llvm::SMLoc at = f.body->loc;
  ASSERT_TRUE(at.isValid());
  Expr a = std::get<Var>(f.params.at(0));
  f.body = evaluate("tt.l1.zero", {add(a, intImm(int64_t(1) << 40)), intImm(0)}, at);
  EXPECT_FALSE(
      generateProgram(f, *lookupTarget("wormhole_b0"), tm_->createDataLayout(), ctx_, cap_.diag()));
  EXPECT_NE(cap_.text().find("prog.tir:8:5: error: cannot compile 'prog': the constant "
                             "1099511627776 does not fit 32 bits"),
            std::string::npos)
      << cap_.text();
}

} // namespace
