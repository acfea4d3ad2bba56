//===- ir/IROperators.h - building Tile IR expressions ----------*- C++ -*-===//
//
// The only way passes and parsers build expressions and statements. Builders
// fold constants (2 * 16 -> 32, x + 0 -> x, a comparison of constants -> a
// bool) and infer result types, so the IR never holds a foldable constant
// subexpression and its printed form is canonical.
//
// Types of arithmetic results: int op int -> int32 (uint32 when both are
// uint32); with a float operand -> that float type, except that a float
// *literal* adopts the type of the other operand (x_bf16 * 2.0 is bfloat16);
// mixed float types promote to float32. Comparisons and and/or -> bool.
//
// Integer arithmetic is exact or not done: folding, linear forms and ranges
// use LLVM's checked arithmetic, and an operation whose result does not fit
// int64 is left unfolded (a linear form or range of it does not exist), so
// the passes report it instead of computing with a wrapped value.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <map>

namespace ttllc {

Expr intImm(int64_t v, DType t = DType::Int32, llvm::SMLoc loc = {});
Expr boolImm(bool v, llvm::SMLoc loc = {});
Expr floatImm(double v, DType t = DType::Float32, llvm::SMLoc loc = {});
Expr stringImm(std::string v, llvm::SMLoc loc = {});

Expr unary(UnaryOp op, Expr a, llvm::SMLoc loc = {});
Expr binary(BinaryOp op, Expr a, Expr b, llvm::SMLoc loc = {});
Expr select(Expr cond, Expr t, Expr f, llvm::SMLoc loc = {});
Expr cast(DType t, Expr v, llvm::SMLoc loc = {});
Expr load(Buffer b, std::vector<Expr> indices, llvm::SMLoc loc = {});
Expr call(std::string name, std::vector<Expr> args, DType ret, llvm::SMLoc loc = {});

/// A statement calling intrinsic `name` for its effect (void result).
Stmt evaluate(std::string name, std::vector<Expr> args, llvm::SMLoc loc = {});

inline Expr add(Expr a, Expr b) { return binary(BinaryOp::Add, std::move(a), std::move(b)); }
inline Expr sub(Expr a, Expr b) { return binary(BinaryOp::Sub, std::move(a), std::move(b)); }
inline Expr mul(Expr a, Expr b) { return binary(BinaryOp::Mul, std::move(a), std::move(b)); }
inline Expr floorDiv(Expr a, Expr b) {
  return binary(BinaryOp::FloorDiv, std::move(a), std::move(b));
}
inline Expr floorMod(Expr a, Expr b) {
  return binary(BinaryOp::FloorMod, std::move(a), std::move(b));
}
/// ceil(a / b) for positive b: folded when both are constant, else
/// (a + b - 1) // b.
Expr ceilDiv(Expr a, Expr b, llvm::SMLoc loc = {});

/// Python semantics of // and % on integers (round toward -inf); b != 0 and
/// not INT64_MIN // -1.
int64_t floorDivInt(int64_t a, int64_t b);
int64_t floorModInt(int64_t a, int64_t b);

std::optional<int64_t> asConstInt(const Expr &e);
std::optional<double> asConstFloat(const Expr &e); // also for int constants
bool isConstZero(const Expr &e);

/// Same tree, same vars (by identity), same buffers.
bool structurallyEqual(const Expr &a, const Expr &b);

/// hi - lo when it is a constant: hi is `lo + c`, both are constant, or both
/// are linear in the same vars with equal coefficients (`by * 32 + 32` minus
/// `by * 32` is 32).
std::optional<int64_t> constantDifference(const Expr &hi, const Expr &lo);

/// `sum(coeff * var) + constant` when `e` is an integer expression of that
/// form (vars with equal identity are merged, zero coefficients dropped).
struct LinearForm {
  std::vector<std::pair<Var, int64_t>> terms;
  int64_t constant = 0;
  /// The coefficient of `v` (0 when it does not occur).
  int64_t coefficient(const VarNode *v) const;
};
std::optional<LinearForm> asLinear(const Expr &e);

/// The values [lo, hi] an integer expression can take.
struct IntRange {
  int64_t lo = 0, hi = 0;
};
using VarRanges = std::map<const VarNode *, IntRange>;

/// The range of integer expression `e` when each var takes any value of its
/// range in `vars`, by interval arithmetic over constants, vars, +, -, *,
/// negation, min, max and // and % by a positive constant. Nothing when `e`
/// has another form, a var has no range, or a subexpression can leave the
/// 32-bit range of its type (int32, or uint32): then `*overflow` (if given)
/// is the first such subexpression, innermost first.
std::optional<IntRange> rangeOf(const Expr &e, const VarRanges &vars,
                                const ExprNode **overflow = nullptr);

/// A Seq of the statements, with nested Seqs flattened and null entries
/// dropped; a single statement is returned as is.
Stmt seq(std::vector<Stmt> stmts, llvm::SMLoc loc = {});

} // namespace ttllc
