//===- ir/IROperators.cpp - folding expression builders -------------------===//

#include "ir/IROperators.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <map>

using namespace ttllc;
using llvm::dyn_cast;

Expr ttllc::intImm(int64_t v, DType t, llvm::SMLoc loc) {
  return std::make_shared<const IntImmNode>(v, t, loc);
}
Expr ttllc::boolImm(bool v, llvm::SMLoc loc) { return intImm(v ? 1 : 0, DType::Bool, loc); }
Expr ttllc::floatImm(double v, DType t, llvm::SMLoc loc) {
  return std::make_shared<const FloatImmNode>(v, t, loc);
}
Expr ttllc::stringImm(std::string v, llvm::SMLoc loc) {
  return std::make_shared<const StringImmNode>(std::move(v), loc);
}

int64_t ttllc::floorDivInt(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}
int64_t ttllc::floorModInt(int64_t a, int64_t b) { return a - floorDivInt(a, b) * b; }

std::optional<int64_t> ttllc::asConstInt(const Expr &e) {
  if (auto *i = dyn_cast<IntImmNode>(e.get()))
    return i->value;
  return std::nullopt;
}
std::optional<double> ttllc::asConstFloat(const Expr &e) {
  if (auto *f = dyn_cast<FloatImmNode>(e.get()))
    return f->value;
  if (auto *i = dyn_cast<IntImmNode>(e.get()))
    return double(i->value);
  return std::nullopt;
}
bool ttllc::isConstZero(const Expr &e) {
  auto f = asConstFloat(e);
  return f && *f == 0.0;
}

static DType arithType(const Expr &a, const Expr &b) {
  DType ta = a->dtype, tb = b->dtype;
  if (!isFloat(ta) && !isFloat(tb))
    return ta == DType::UInt32 && tb == DType::UInt32 ? DType::UInt32 : DType::Int32;
  if (!isFloat(ta))
    return tb;
  if (!isFloat(tb))
    return ta;
  if (ta == tb)
    return ta;
  // A float literal adopts the type of the other operand.
  if (a->kind == ExprKind::FloatImm)
    return tb;
  if (b->kind == ExprKind::FloatImm)
    return ta;
  return DType::Float32;
}

Expr ttllc::unary(UnaryOp op, Expr a, llvm::SMLoc loc) {
  if (op == UnaryOp::Neg) {
    if (auto i = dyn_cast<IntImmNode>(a.get()); i && i->dtype != DType::Bool)
      if (auto n = llvm::checkedSub<int64_t>(0, i->value))
        return intImm(*n, i->dtype, loc);
    if (auto f = dyn_cast<FloatImmNode>(a.get()))
      return floatImm(-f->value, f->dtype, loc);
    DType t = a->dtype == DType::Bool ? DType::Int32 : a->dtype;
    return std::make_shared<const UnaryNode>(op, std::move(a), t, loc);
  }
  if (auto c = asConstFloat(a))
    return boolImm(*c == 0.0, loc);
  return std::make_shared<const UnaryNode>(op, std::move(a), DType::Bool, loc);
}

/// Comparisons and and/or of two constants of the same C++ type.
template <typename T>
static std::optional<Expr> foldLogical(BinaryOp op, T x, T y, llvm::SMLoc loc) {
  switch (op) {
  case BinaryOp::EQ:
    return boolImm(x == y, loc);
  case BinaryOp::NE:
    return boolImm(x != y, loc);
  case BinaryOp::LT:
    return boolImm(x < y, loc);
  case BinaryOp::LE:
    return boolImm(x <= y, loc);
  case BinaryOp::GT:
    return boolImm(x > y, loc);
  case BinaryOp::GE:
    return boolImm(x >= y, loc);
  case BinaryOp::And:
    return boolImm(x != 0 && y != 0, loc);
  case BinaryOp::Or:
    return boolImm(x != 0 || y != 0, loc);
  default:
    return std::nullopt;
  }
}

/// Folds two integer constants; nothing (the operation stays in the IR) when
/// the exact result does not fit int64 or is a division by zero.
static std::optional<Expr> foldInts(BinaryOp op, int64_t x, int64_t y, DType t, llvm::SMLoc loc) {
  auto imm = [&](std::optional<int64_t> v) -> std::optional<Expr> {
    if (!v)
      return std::nullopt;
    return intImm(*v, t, loc);
  };
  switch (op) {
  case BinaryOp::Add:
    return imm(llvm::checkedAdd(x, y));
  case BinaryOp::Sub:
    return imm(llvm::checkedSub(x, y));
  case BinaryOp::Mul:
    return imm(llvm::checkedMul(x, y));
  case BinaryOp::FloorDiv:
  case BinaryOp::FloorMod:
  case BinaryOp::Div:
    if (y == 0 || (y == -1 && x == INT64_MIN))
      return std::nullopt;
    if (op == BinaryOp::Div)
      return floatImm(double(x) / double(y), DType::Float32, loc);
    return intImm(op == BinaryOp::FloorDiv ? floorDivInt(x, y) : floorModInt(x, y), t, loc);
  case BinaryOp::Min:
    return intImm(std::min(x, y), t, loc);
  case BinaryOp::Max:
    return intImm(std::max(x, y), t, loc);
  default:
    return foldLogical(op, x, y, loc);
  }
}

static std::optional<Expr> foldFloats(BinaryOp op, double x, double y, DType t, llvm::SMLoc loc) {
  switch (op) {
  case BinaryOp::Add:
    return floatImm(x + y, t, loc);
  case BinaryOp::Sub:
    return floatImm(x - y, t, loc);
  case BinaryOp::Mul:
    return floatImm(x * y, t, loc);
  case BinaryOp::Div:
    return floatImm(x / y, t, loc);
  case BinaryOp::FloorDiv:
    return floatImm(std::floor(x / y), t, loc);
  case BinaryOp::FloorMod:
    return floatImm(x - std::floor(x / y) * y, t, loc);
  case BinaryOp::Min:
    return floatImm(std::min(x, y), t, loc);
  case BinaryOp::Max:
    return floatImm(std::max(x, y), t, loc);
  default:
    return foldLogical(op, x, y, loc);
  }
}

Expr ttllc::binary(BinaryOp op, Expr a, Expr b, llvm::SMLoc loc) {
  bool logical = op == BinaryOp::And || op == BinaryOp::Or;
  DType t = isComparison(op) || logical                                       ? DType::Bool
            : op == BinaryOp::Div && !isFloat(a->dtype) && !isFloat(b->dtype) ? DType::Float32
                                                                              : arithType(a, b);
  DType intT = isFloat(t) || t == DType::Bool ? DType::Int32 : t;
  auto ia = asConstInt(a), ib = asConstInt(b);
  if (ia && ib)
    if (auto f = foldInts(op, *ia, *ib, intT, loc))
      return *f;
  auto fa = asConstFloat(a), fb = asConstFloat(b);
  if (fa && fb && !(ia && ib))
    if (auto f = foldFloats(op, *fa, *fb, isFloat(t) ? t : DType::Float32, loc))
      return *f;
  // Integer identities keep index arithmetic tidy.
  if (!isFloat(t) && !logical && !isComparison(op)) {
    if (op == BinaryOp::Add && ia && *ia == 0)
      return b;
    if ((op == BinaryOp::Add || op == BinaryOp::Sub) && ib && *ib == 0)
      return a;
    if (op == BinaryOp::Mul && ia && *ia == 1)
      return b;
    if ((op == BinaryOp::Mul || op == BinaryOp::FloorDiv) && ib && *ib == 1)
      return a;
    if (op == BinaryOp::Mul && ((ia && *ia == 0) || (ib && *ib == 0)))
      return intImm(0, t, loc);
    if (op == BinaryOp::FloorMod && ib && *ib == 1)
      return intImm(0, t, loc);
  }
  return std::make_shared<const BinaryNode>(op, std::move(a), std::move(b), t, loc);
}

Expr ttllc::select(Expr cond, Expr t, Expr f, llvm::SMLoc loc) {
  if (auto c = asConstInt(cond))
    return *c ? t : f;
  DType ty = arithType(t, f);
  return std::make_shared<const SelectNode>(std::move(cond), std::move(t), std::move(f), ty, loc);
}

Expr ttllc::cast(DType t, Expr v, llvm::SMLoc loc) {
  if (v->dtype == t)
    return v;
  if (auto i = asConstInt(v)) {
    if (t == DType::Bool)
      return boolImm(*i != 0, loc);
    if (isInteger(t))
      return intImm(t == DType::UInt32 ? int64_t(uint32_t(*i)) : int64_t(int32_t(*i)), t, loc);
    if (isFloat(t))
      return floatImm(double(*i), t, loc);
  }
  if (auto *fl = dyn_cast<FloatImmNode>(v.get())) {
    if (isFloat(t))
      return floatImm(fl->value, t, loc);
    if (isInteger(t) && std::isfinite(fl->value) && std::fabs(fl->value) < 2147483648.0)
      return intImm(int64_t(fl->value), t, loc);
  }
  return std::make_shared<const CastNode>(t, std::move(v), loc);
}

Expr ttllc::load(Buffer b, std::vector<Expr> indices, llvm::SMLoc loc) {
  return std::make_shared<const LoadNode>(std::move(b), std::move(indices), loc);
}

Expr ttllc::call(std::string name, std::vector<Expr> args, DType ret, llvm::SMLoc loc) {
  return std::make_shared<const CallNode>(std::move(name), std::move(args), ret, loc);
}

Stmt ttllc::evaluate(std::string name, std::vector<Expr> args, llvm::SMLoc loc) {
  return std::make_shared<const EvaluateNode>(
      call(std::move(name), std::move(args), DType::Void, loc), loc);
}

Expr ttllc::ceilDiv(Expr a, Expr b, llvm::SMLoc loc) {
  auto ia = asConstInt(a), ib = asConstInt(b);
  if (ia && ib && *ib > 0 && *ia > INT64_MIN)
    return intImm(-floorDivInt(-*ia, *ib), DType::Int32, loc);
  Expr bm1 = sub(b, intImm(1));
  return floorDiv(add(std::move(a), bm1), std::move(b));
}

bool ttllc::structurallyEqual(const Expr &a, const Expr &b) {
  if (a == b)
    return true;
  if (!a || !b || a->kind != b->kind || a->dtype != b->dtype)
    return false;
  auto eqList = [](const std::vector<Expr> &x, const std::vector<Expr> &y) {
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!structurallyEqual(x[i], y[i]))
        return false;
    return true;
  };
  switch (a->kind) {
  case ExprKind::IntImm:
    return static_cast<const IntImmNode &>(*a).value == static_cast<const IntImmNode &>(*b).value;
  case ExprKind::FloatImm:
    return static_cast<const FloatImmNode &>(*a).value ==
           static_cast<const FloatImmNode &>(*b).value;
  case ExprKind::StringImm:
    return static_cast<const StringImmNode &>(*a).value ==
           static_cast<const StringImmNode &>(*b).value;
  case ExprKind::Var:
    return false; // identity was checked above
  case ExprKind::Unary: {
    auto &x = static_cast<const UnaryNode &>(*a), &y = static_cast<const UnaryNode &>(*b);
    return x.op == y.op && structurallyEqual(x.a, y.a);
  }
  case ExprKind::Binary: {
    auto &x = static_cast<const BinaryNode &>(*a), &y = static_cast<const BinaryNode &>(*b);
    return x.op == y.op && structurallyEqual(x.a, y.a) && structurallyEqual(x.b, y.b);
  }
  case ExprKind::Select: {
    auto &x = static_cast<const SelectNode &>(*a), &y = static_cast<const SelectNode &>(*b);
    return structurallyEqual(x.cond, y.cond) && structurallyEqual(x.t, y.t) &&
           structurallyEqual(x.f, y.f);
  }
  case ExprKind::Cast:
    return structurallyEqual(static_cast<const CastNode &>(*a).value,
                             static_cast<const CastNode &>(*b).value);
  case ExprKind::Load: {
    auto &x = static_cast<const LoadNode &>(*a), &y = static_cast<const LoadNode &>(*b);
    return x.buffer == y.buffer && eqList(x.indices, y.indices);
  }
  case ExprKind::Call: {
    auto &x = static_cast<const CallNode &>(*a), &y = static_cast<const CallNode &>(*b);
    return x.name == y.name && eqList(x.args, y.args);
  }
  }
  return false;
}

namespace {
/// sum(coeff * atom) + constant, where atoms are vars or other non-linear
/// subexpressions compared structurally. `overflow` is set when a
/// coefficient or the constant does not fit int64: the form is then
/// meaningless and its users treat the expression as not linear.
struct Linear {
  std::vector<std::pair<Expr, int64_t>> terms;
  int64_t constant = 0;
  bool overflow = false;

  /// `v`, or sets `overflow`.
  int64_t checked(std::optional<int64_t> v) {
    overflow |= !v;
    return v.value_or(0);
  }
  void addTerm(const Expr &atom, int64_t c) {
    for (auto &[e, k] : terms)
      if (structurallyEqual(e, atom)) {
        k = checked(llvm::checkedAdd(k, c));
        return;
      }
    terms.emplace_back(atom, c);
  }
  void addScaled(const Linear &o, int64_t s) {
    overflow |= o.overflow;
    constant = checked(llvm::checkedAdd(constant, checked(llvm::checkedMul(s, o.constant))));
    for (auto &[e, k] : o.terms)
      addTerm(e, checked(llvm::checkedMul(s, k)));
  }
};

Linear linearize(const Expr &e) {
  Linear out;
  if (auto c = asConstInt(e)) {
    out.constant = *c;
    return out;
  }
  if (auto *b = dyn_cast<BinaryNode>(e.get()); b && !isFloat(b->dtype)) {
    if (b->op == BinaryOp::Add || b->op == BinaryOp::Sub) {
      out.addScaled(linearize(b->a), 1);
      out.addScaled(linearize(b->b), b->op == BinaryOp::Add ? 1 : -1);
      return out;
    }
    if (b->op == BinaryOp::Mul) {
      if (auto c = asConstInt(b->b)) {
        out.addScaled(linearize(b->a), *c);
        return out;
      }
      if (auto c = asConstInt(b->a)) {
        out.addScaled(linearize(b->b), *c);
        return out;
      }
    }
  }
  if (auto *u = dyn_cast<UnaryNode>(e.get()); u && u->op == UnaryOp::Neg) {
    out.addScaled(linearize(u->a), -1);
    return out;
  }
  out.addTerm(e, 1);
  return out;
}
} // namespace

std::optional<int64_t> ttllc::constantDifference(const Expr &hi, const Expr &lo) {
  // `lo + c`, the form the Tile IR printer gives a region's end: its extent
  // even when lo's own arithmetic leaves int64 (tile-pad then reports lo).
  if (const auto *add = llvm::dyn_cast<BinaryNode>(hi.get());
      add && add->op == BinaryOp::Add && structurallyEqual(add->a, lo))
    if (std::optional<int64_t> c = asConstInt(add->b))
      return c;
  Linear d = linearize(hi);
  d.addScaled(linearize(lo), -1);
  if (d.overflow)
    return std::nullopt;
  for (auto &[e, k] : d.terms)
    if (k != 0)
      return std::nullopt;
  return d.constant;
}

int64_t LinearForm::coefficient(const VarNode *v) const {
  for (const auto &[var, k] : terms)
    if (var.get() == v)
      return k;
  return 0;
}

std::optional<LinearForm> ttllc::asLinear(const Expr &e) {
  if (isFloat(e->dtype))
    return std::nullopt;
  Linear l = linearize(e);
  if (l.overflow)
    return std::nullopt;
  LinearForm out;
  out.constant = l.constant;
  for (auto &[atom, k] : l.terms) {
    if (k == 0)
      continue;
    if (atom->kind != ExprKind::Var)
      return std::nullopt;
    out.terms.emplace_back(std::static_pointer_cast<const VarNode>(atom), k);
  }
  return out;
}

Stmt ttllc::seq(std::vector<Stmt> stmts, llvm::SMLoc loc) {
  std::vector<Stmt> flat;
  for (Stmt &s : stmts) {
    if (!s)
      continue;
    if (auto *sq = dyn_cast<SeqNode>(s.get()))
      flat.insert(flat.end(), sq->stmts.begin(), sq->stmts.end());
    else
      flat.push_back(std::move(s));
  }
  if (flat.size() == 1)
    return flat.front();
  return std::make_shared<const SeqNode>(std::move(flat), loc);
}

namespace {
/// Interval arithmetic for rangeOf.
struct RangeEval {
  const VarRanges &vars;
  const ExprNode *overflow = nullptr;

  /// [lo, hi] as the range of `e`, or nothing (and `e` is the overflow) when
  /// a bound did not fit int64 or the range leaves e's 32-bit type.
  std::optional<IntRange> fits(const ExprNode *e, std::optional<int64_t> lo,
                               std::optional<int64_t> hi) {
    bool u = e->dtype == DType::UInt32;
    int64_t min = u ? 0 : INT32_MIN, max = u ? int64_t(UINT32_MAX) : INT32_MAX;
    if (lo && hi && *lo >= min && *hi <= max)
      return IntRange{*lo, *hi};
    if (!overflow)
      overflow = e;
    return std::nullopt;
  }

  std::optional<IntRange> eval(const ExprNode *e) {
    if (e->dtype != DType::Int32 && e->dtype != DType::UInt32)
      return std::nullopt;
    if (auto *i = dyn_cast<IntImmNode>(e))
      return fits(e, i->value, i->value);
    if (auto *v = dyn_cast<VarNode>(e)) {
      auto it = vars.find(v);
      return it == vars.end() ? std::nullopt : std::optional<IntRange>(it->second);
    }
    if (auto *u = dyn_cast<UnaryNode>(e); u && u->op == UnaryOp::Neg) {
      auto a = eval(u->a.get());
      if (!a)
        return std::nullopt;
      return fits(e, llvm::checkedSub<int64_t>(0, a->hi), llvm::checkedSub<int64_t>(0, a->lo));
    }
    auto *b = dyn_cast<BinaryNode>(e);
    if (!b)
      return std::nullopt;
    auto x = eval(b->a.get());
    if (!x)
      return std::nullopt;
    auto y = eval(b->b.get());
    if (!y)
      return std::nullopt;
    switch (b->op) {
    case BinaryOp::Add:
      return fits(e, llvm::checkedAdd(x->lo, y->lo), llvm::checkedAdd(x->hi, y->hi));
    case BinaryOp::Sub:
      return fits(e, llvm::checkedSub(x->lo, y->hi), llvm::checkedSub(x->hi, y->lo));
    case BinaryOp::Mul: {
      std::optional<int64_t> lo, hi;
      for (int64_t p : {x->lo, x->hi})
        for (int64_t q : {y->lo, y->hi}) {
          auto r = llvm::checkedMul(p, q);
          if (!r)
            return fits(e, std::nullopt, std::nullopt);
          lo = lo ? std::min(*lo, *r) : *r;
          hi = hi ? std::max(*hi, *r) : *r;
        }
      return fits(e, lo, hi);
    }
    case BinaryOp::Min:
      return fits(e, std::min(x->lo, y->lo), std::min(x->hi, y->hi));
    case BinaryOp::Max:
      return fits(e, std::max(x->lo, y->lo), std::max(x->hi, y->hi));
    case BinaryOp::FloorDiv:
    case BinaryOp::FloorMod: {
      if (y->lo != y->hi || y->lo <= 0)
        return std::nullopt;
      int64_t c = y->lo, qlo = floorDivInt(x->lo, c), qhi = floorDivInt(x->hi, c);
      if (b->op == BinaryOp::FloorDiv)
        return fits(e, qlo, qhi);
      if (qlo == qhi)
        return fits(e, floorModInt(x->lo, c), floorModInt(x->hi, c));
      return fits(e, int64_t(0), c - 1);
    }
    default:
      return std::nullopt;
    }
  }
};
} // namespace

std::optional<IntRange> ttllc::rangeOf(const Expr &e, const VarRanges &vars,
                                       const ExprNode **overflow) {
  RangeEval r{vars};
  auto out = r.eval(e.get());
  if (overflow)
    *overflow = r.overflow;
  return r.overflow ? std::nullopt : out;
}
