//===- interp/Interpreter.cpp - reference interpreter of Tile IR ----------===//
//
// A tree-walking interpreter. Scalars are tagged values (int64 / fp32 /
// bool); buffer elements hold exactly a value of the buffer's dtype, in as
// few bytes as it allows (Elements: bf16 as its 16 bits, fp16 / fp32 as
// floats, int32 / uint32 / bool as doubles, since int32 values above 2^24
// are not all floats). Copies and gemms resolve their regions once and then
// run tight loops over the element storage; a gemm reads float operands
// and accumulates into an fp32 C in place when their layout allows.
// Integer arithmetic is exact and checked (overflow builtins): a
// +, -, *, //, negation or abs whose result does not fit the expression's
// type (int32, uint32) is a located error, never a wrapped value, because
// the device computes it in 32 bits. Conversions (T.Cast, stores into an
// integer buffer) keep C's truncation.
// A T.Kernel's blocks run on threads when that gives the in-order results
// (runBlocksOnThreads): a kernel that reads a global buffer it writes runs
// in order; otherwise each block claims the global elements it writes, and a
// conflict or an error rolls back and reruns in order.
//
//===----------------------------------------------------------------------===//

#include "interp/Interpreter.h"

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "support/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

using namespace ttllc;
using llvm::cast;
using llvm::dyn_cast;

//===----------------------------------------------------------------------===//
// Rounding
//===----------------------------------------------------------------------===//

namespace {
inline float bf16Round(float x) {
  uint32_t u = std::bit_cast<uint32_t>(x);
  // Keep a (quiet) NaN: the payload may be in the dropped bits. (A select,
  // not a branch, so that loops of it vectorise.)
  uint32_t r = (u & 0x7FFFFFFFu) > 0x7F800000u ? u | 0x00400000u : u + 0x7FFFu + ((u >> 16) & 1u);
  return std::bit_cast<float>(r & 0xFFFF0000u);
}
} // namespace

float ttllc::roundToBFloat16(float x) { return bf16Round(x); }

float ttllc::roundToFloat16(float x) {
  if (std::isnan(x) || std::isinf(x))
    return x;
  float ax = std::fabs(x);
  float r;
  if (ax >= 65520.0f) // halfway between the largest half (65504) and 2^16
    r = std::numeric_limits<float>::infinity();
  else if (ax < 0x1p-14f) // subnormal halves: multiples of 2^-24 (exact scaling)
    r = std::nearbyint(ax * 0x1p24f) * 0x1p-24f;
  else {
    uint32_t u = std::bit_cast<uint32_t>(ax);
    u += 0xFFFu + ((u >> 13) & 1u);
    r = std::bit_cast<float>(u & ~0x1FFFu);
  }
  return std::copysign(r, x);
}

namespace {

/// x + y, x - y, x * y, or nullopt when the result is not an int64
/// (the compiler's overflow builtins: LLVM's checked arithmetic goes
/// through APInt, which shows in the profile of index expressions).
std::optional<int64_t> checkedAdd(int64_t x, int64_t y) {
  int64_t r;
  return __builtin_add_overflow(x, y, &r) ? std::nullopt : std::optional<int64_t>(r);
}
std::optional<int64_t> checkedSub(int64_t x, int64_t y) {
  int64_t r;
  return __builtin_sub_overflow(x, y, &r) ? std::nullopt : std::optional<int64_t>(r);
}
std::optional<int64_t> checkedMul(int64_t x, int64_t y) {
  int64_t r;
  return __builtin_mul_overflow(x, y, &r) ? std::nullopt : std::optional<int64_t>(r);
}

/// `x op y` for a comparison operator.
template <typename T> bool compare(BinaryOp op, T x, T y) {
  switch (op) {
  case BinaryOp::EQ:
    return x == y;
  case BinaryOp::NE:
    return x != y;
  case BinaryOp::LT:
    return x < y;
  case BinaryOp::LE:
    return x <= y;
  case BinaryOp::GT:
    return x > y;
  default:
    return x >= y;
  }
}

/// `x` rounded to float type `t`.
float roundTo(DType t, float x) {
  switch (t) {
  case DType::BFloat16:
    return bf16Round(x);
  case DType::Float16:
    return roundToFloat16(x);
  default:
    return x;
  }
}

/// "A[3, 4]": an element of a buffer.
std::string elementStr(const std::string &name, const std::vector<int64_t> &idx) {
  std::string out = name + "[";
  for (size_t i = 0; i < idx.size(); ++i)
    out += (i ? ", " : "") + std::to_string(idx[i]);
  return out + "]";
}

std::string shapeStr(const std::vector<int64_t> &s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i)
    out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

//===----------------------------------------------------------------------===//
// Scalar values
//===----------------------------------------------------------------------===//

struct Value {
  enum class Kind : uint8_t { Int, Float, Bool };
  Kind kind = Kind::Int;
  int64_t i = 0;
  float f = 0.0f;

  static Value ofInt(int64_t v) { return {Kind::Int, v, 0.0f}; }
  static Value ofFloat(float v) { return {Kind::Float, 0, v}; }
  static Value ofBool(bool v) { return {Kind::Bool, v ? 1 : 0, 0.0f}; }

  bool isFloat() const { return kind == Kind::Float; }
  float asFloat() const { return isFloat() ? f : float(i); }
  bool truth() const { return isFloat() ? f != 0.0f : i != 0; }
};

/// An integer of type `t` (int32 / uint32 wrap, bool is != 0).
int64_t wrapTo(DType t, int64_t v) {
  switch (t) {
  case DType::Int32:
    return int32_t(uint32_t(uint64_t(v)));
  case DType::UInt32:
    return uint32_t(uint64_t(v));
  case DType::Bool:
    return v != 0;
  default:
    return v;
  }
}

/// Truncates `f` toward zero; false when it has no int64 value.
bool truncToInt(double f, int64_t &out) {
  if (!(f >= -0x1p63 && f < 0x1p63))
    return false;
  out = int64_t(f);
  return true;
}

//===----------------------------------------------------------------------===//
// Buffer storage
//===----------------------------------------------------------------------===//

/// A bfloat16 value by its bits, the high half of the float's (every
/// bfloat16 value is a float whose low 16 bits are zero).
struct BF16 {
  uint16_t bits = 0;
  BF16() = default;
  /// `x` must be a bfloat16 value (bf16Round's result): its low half, zero,
  /// is dropped.
  explicit BF16(float x) : bits(uint16_t(std::bit_cast<uint32_t>(x) >> 16)) {}
  explicit BF16(double x) : BF16(float(x)) {}
  operator float() const { return std::bit_cast<float>(uint32_t(bits) << 16); }
};

/// A buffer's elements, stored exactly in as few bytes as the dtype allows:
/// bfloat16 as its 16 bits, float16 and float32 as floats (every value is a
/// float), int32 / uint32 / bool as doubles (int32 values above 2^24 are
/// not all floats). Only the vector of `kind` holds elements.
struct Elements {
  enum class Kind : uint8_t { Float, BFloat16, Double };
  Kind kind = Kind::Double;
  std::vector<float> f;
  std::vector<BF16> h;
  std::vector<double> d;

  size_t size() const {
    return kind == Kind::Float ? f.size() : kind == Kind::BFloat16 ? h.size() : d.size();
  }
  double get(size_t i) const {
    return kind == Kind::Float ? double(f[i]) : kind == Kind::BFloat16 ? double(h[i]) : d[i];
  }
  /// `v` must be a value of the buffer's dtype.
  void set(size_t i, double v) {
    if (kind == Kind::Float)
      f[i] = float(v);
    else if (kind == Kind::BFloat16)
      h[i] = BF16(v);
    else
      d[i] = v;
  }
  /// `n` zero elements stored for dtype `t`.
  void assignZero(DType t, size_t n) {
    kind = t == DType::BFloat16 ? Kind::BFloat16 : isFloat(t) ? Kind::Float : Kind::Double;
    f.clear();
    h.clear();
    d.clear();
    if (kind == Kind::Float)
      f.assign(n, 0.0f);
    else if (kind == Kind::BFloat16)
      h.assign(n, BF16());
    else
      d.assign(n, 0.0);
  }
};

/// fn(p) with p the element pointer of `e` (float *, BF16 * or double *).
template <typename E, typename F> decltype(auto) withData(E &e, F &&fn) {
  switch (e.kind) {
  case Elements::Kind::Float:
    return fn(e.f.data());
  case Elements::Kind::BFloat16:
    return fn(e.h.data());
  default:
    return fn(e.d.data());
  }
}

/// A global buffer's state while a T.Kernel's blocks run on threads: which
/// block wrote each element (0: none; block index + 1), its values before
/// the kernel (taken at the first write, for the roll-back).
struct ParallelBuffer {
  std::once_flag once;
  Elements before;
  std::unique_ptr<std::atomic<uint32_t>[]> writer;
  std::atomic<bool> written{false};
};

struct Storage {
  const BufferNode *buffer = nullptr;
  std::vector<int64_t> strides;
  Elements data;
  bool global = false;
  std::unique_ptr<ParallelBuffer> par; // set while a kernel runs on threads

  const std::vector<int64_t> &shape() const { return buffer->shape; }
  DType dtype() const { return buffer->dtype; }
};

/// Number of elements of `shape`; false when a dimension is not positive or
/// the count is unreasonably large for a host interpreter.
bool elementCount(const std::vector<int64_t> &shape, int64_t &count) {
  count = 1;
  for (int64_t d : shape) {
    auto next = d > 0 ? checkedMul(count, d) : std::nullopt;
    if (!next || *next > (int64_t(1) << 32))
      return false;
    count = *next;
  }
  return true;
}

std::vector<int64_t> rowMajorStrides(const std::vector<int64_t> &shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    s[d - 1] = s[d] * shape[d];
  return s;
}

/// A region with its start indices evaluated.
struct Resolved {
  Storage *st = nullptr;
  llvm::SmallVector<int64_t, 4> starts;
  bool inBounds = true;
};

/// The two buffer dimensions a gemm operand spans and their extents.
struct Matrix {
  int d0 = 0, d1 = 0;
  int64_t e0 = 0, e1 = 0;
};

//===----------------------------------------------------------------------===//
// The interpreter
//===----------------------------------------------------------------------===//

/// Shared by the threads running one T.Kernel's blocks.
struct ParallelRun {
  std::atomic<int64_t> next{0};  // the next block to take
  std::atomic<bool> stop{false}; // a block failed or two blocks wrote an element
};

class Interpreter {
public:
  Interpreter(Diagnostics &diag, unsigned threads) : diag_(diag), threads_(threads) {}

  bool run(const PrimFunc &f, std::vector<HostTensor> &buffers);
  InterpretStats stats;

private:
  Diagnostics &diag_;
  unsigned threads_; // for T.Kernel blocks; 1: sequential
  bool failed_ = false;
  llvm::SMLoc stmtLoc_; // the statement being executed, for nodes without a location
  llvm::DenseMap<const VarNode *, Value> vars_;
  std::unordered_map<const BufferNode *, Storage> own_;       // buffers this interpreter allocated
  std::unordered_map<const BufferNode *, Storage *> storage_; // every visible buffer
  ParallelRun *par_ = nullptr;               // set in a thread running blocks of a kernel
  uint32_t block_ = 0;                       // that thread's current block index + 1
  std::vector<float> gemmA_, gemmB_, gemmC_; // a gemm's scratch, reused between calls

  bool fail(llvm::SMLoc loc, const llvm::Twine &msg) {
    if (!failed_)
      diag_.error(loc.isValid() ? loc : stmtLoc_, msg);
    failed_ = true;
    return false;
  }

  // Conversions.
  bool toElement(const Value &v, DType t, llvm::SMLoc loc, double &out);
  bool coerce(Value &v, DType t, llvm::SMLoc loc);
  static Value fromElement(double d, DType t);

  // Expressions. On error, failed_ is set and the value is meaningless.
  Value eval(const ExprNode *e);
  Value evalBinary(const BinaryNode *e);
  Value evalCall(const CallNode *e);
  Value evalCast(const CastNode *e);
  bool evalInt(const Expr &e, int64_t &out);
  /// v, the result of `x op y` (or `op(x)`) at integer expression `e`, or
  /// an error when it does not exist (nullopt: not in int64) or does not
  /// fit e's type.
  Value intResult(const ExprNode *e, std::optional<int64_t> v, const char *op, int64_t x,
                  std::optional<int64_t> y = std::nullopt);
  Storage *lookup(const Buffer &b, llvm::SMLoc loc);
  bool elementOffset(const Storage &st, const std::vector<Expr> &indices, llvm::SMLoc loc,
                     int64_t &off);

  // Statements.
  bool exec(const StmtNode *s);
  bool execKernel(const KernelNode *s);
  bool execFor(const ForNode *s);
  bool execAlloc(const AllocNode *s);
  bool execStore(const StoreNode *s);
  bool execEvaluate(const EvaluateNode *s);
  bool execFill(const FillNode *s);
  bool execCopy(const CopyNode *s);
  bool execGemm(const GemmNode *s);

  bool runBlocksOnThreads(const KernelNode *s, const int64_t g[3], int64_t total);
  /// In a thread running blocks: claims elements base + j * stride, j in
  /// [lo, hi), of `st` for the current block before they are written; false
  /// (and the run stops) when another block wrote one of them.
  bool claim(Storage &st, int64_t base, int64_t stride = 1, int64_t lo = 0, int64_t hi = 1) {
    return !par_ || !st.global || claimWrites(st, base, stride, lo, hi);
  }
  bool claimWrites(Storage &st, int64_t base, int64_t stride, int64_t lo, int64_t hi);

  bool resolve(const Region &r, llvm::SMLoc loc, Resolved &out);
  bool matrixOf(const Region &r, const char *what, llvm::SMLoc loc, Matrix &m);
};

//===--- Conversions ------------------------------------------------------===//

bool Interpreter::toElement(const Value &v, DType t, llvm::SMLoc loc, double &out) {
  if (isFloat(t)) {
    out = roundTo(t, v.asFloat());
    return true;
  }
  if (t == DType::Bool) {
    out = v.truth() ? 1.0 : 0.0;
    return true;
  }
  if (!isInteger(t))
    return fail(loc, "cannot store a value of type " + llvm::Twine(dtypeName(t)));
  int64_t i = v.i;
  if (v.isFloat() && !truncToInt(v.f, i))
    return fail(loc, "float value " + llvm::Twine(std::to_string(v.f)) +
                         " cannot be converted to " + dtypeName(t));
  out = double(wrapTo(t, i));
  return true;
}

bool Interpreter::coerce(Value &v, DType t, llvm::SMLoc loc) {
  if (isFloat(t)) {
    v = Value::ofFloat(v.asFloat());
    return true;
  }
  if (t == DType::Bool) {
    v = Value::ofBool(v.truth());
    return true;
  }
  if (!isInteger(t))
    return fail(loc, "expression of type " + llvm::Twine(dtypeName(t)) + " has no value");
  if (v.isFloat()) {
    int64_t i;
    if (!truncToInt(v.f, i))
      return fail(loc, "float value " + llvm::Twine(std::to_string(v.f)) +
                           " cannot be converted to " + dtypeName(t));
    v = Value::ofInt(i);
  } else {
    v = Value::ofInt(v.i);
  }
  return true;
}

Value Interpreter::fromElement(double d, DType t) {
  if (isFloat(t))
    return Value::ofFloat(float(d));
  if (t == DType::Bool)
    return Value::ofBool(d != 0.0);
  return Value::ofInt(int64_t(d));
}

//===--- Expressions ------------------------------------------------------===//

Storage *Interpreter::lookup(const Buffer &b, llvm::SMLoc loc) {
  auto it = storage_.find(b.get());
  if (it == storage_.end()) {
    fail(loc, "buffer '" + b->name + "' is used before it is allocated");
    return nullptr;
  }
  return it->second;
}

bool Interpreter::evalInt(const Expr &e, int64_t &out) {
  Value v = eval(e.get());
  if (failed_)
    return false;
  if (v.isFloat())
    return fail(e->loc, "index or extent must be an integer, got a float");
  out = v.i;
  return true;
}

bool Interpreter::elementOffset(const Storage &st, const std::vector<Expr> &indices,
                                llvm::SMLoc loc, int64_t &off) {
  const std::vector<int64_t> &shape = st.shape();
  if (indices.size() != shape.size())
    return fail(loc, "buffer '" + st.buffer->name + "' of shape " + shapeStr(shape) +
                         " indexed with " + llvm::Twine(indices.size()) + " indices");
  std::vector<int64_t> idx(indices.size());
  for (size_t d = 0; d < indices.size(); ++d)
    if (!evalInt(indices[d], idx[d]))
      return false;
  off = 0;
  for (size_t d = 0; d < idx.size(); ++d) {
    if (idx[d] < 0 || idx[d] >= shape[d])
      return fail(loc, "out-of-bounds access " + elementStr(st.buffer->name, idx) +
                           ": buffer shape is " + shapeStr(shape));
    off += idx[d] * st.strides[d];
  }
  return true;
}

Value Interpreter::intResult(const ExprNode *e, std::optional<int64_t> v, const char *op, int64_t x,
                             std::optional<int64_t> y) {
  bool u = e->dtype == DType::UInt32, checked = u || e->dtype == DType::Int32;
  int64_t min = u ? 0 : INT32_MIN, max = u ? int64_t(UINT32_MAX) : INT32_MAX;
  if (v && (!checked || (*v >= min && *v <= max)))
    return Value::ofInt(*v);
  std::string what = y ? std::to_string(x) + " " + op + " " + std::to_string(*y)
                       : std::string(op) + "(" + std::to_string(x) + ")";
  fail(e->loc, "integer overflow: " + what + " is " +
                   (v ? std::to_string(*v) : std::string("outside 64 bits")) +
                   ", which does not fit " +
                   std::string(dtypeName(u ? DType::UInt32 : DType::Int32)) +
                   " (integer arithmetic does not wrap)");
  return {};
}

Value Interpreter::eval(const ExprNode *e) {
  if (failed_)
    return {};
  switch (e->kind) {
  case ExprKind::IntImm: {
    int64_t v = cast<IntImmNode>(e)->value;
    return e->dtype == DType::Bool ? Value::ofBool(v != 0) : Value::ofInt(v);
  }
  case ExprKind::FloatImm:
    return Value::ofFloat(float(cast<FloatImmNode>(e)->value));
  case ExprKind::StringImm:
    fail(e->loc, "a string has no numeric value");
    return {};
  case ExprKind::Var: {
    auto *v = cast<VarNode>(e);
    auto it = vars_.find(v);
    if (it == vars_.end()) {
      // A var node's location is its definition: report at the use.
      fail(stmtLoc_,
           "variable '" + v->name + "' has no value (the interpreter binds no scalar parameters)");
      if (e->loc.isValid())
        diag_.note(e->loc, "'" + v->name + "' is defined here");
      return {};
    }
    return it->second;
  }
  case ExprKind::Unary: {
    auto *u = cast<UnaryNode>(e);
    Value a = eval(u->a.get());
    if (u->op == UnaryOp::Not)
      return Value::ofBool(!a.truth());
    if (failed_)
      return {};
    Value r = a.isFloat() ? Value::ofFloat(-a.f) : intResult(e, checkedSub(0, a.i), "-", a.i);
    coerce(r, e->dtype, e->loc);
    return r;
  }
  case ExprKind::Binary:
    return evalBinary(cast<BinaryNode>(e));
  case ExprKind::Select: {
    auto *s = cast<SelectNode>(e);
    Value c = eval(s->cond.get());
    if (failed_)
      return {};
    Value r = eval(c.truth() ? s->t.get() : s->f.get());
    coerce(r, e->dtype, e->loc);
    return r;
  }
  case ExprKind::Cast:
    return evalCast(cast<CastNode>(e));
  case ExprKind::Load: {
    auto *l = cast<LoadNode>(e);
    Storage *st = lookup(l->buffer, e->loc);
    int64_t off;
    if (!st || !elementOffset(*st, l->indices, e->loc, off))
      return {};
    return fromElement(st->data.get(size_t(off)), st->dtype());
  }
  case ExprKind::Call:
    return evalCall(cast<CallNode>(e));
  }
  fail(e->loc, "unsupported expression");
  return {};
}

Value Interpreter::evalBinary(const BinaryNode *e) {
  Value a = eval(e->a.get());
  if (failed_)
    return {};
  // and / or short-circuit like Python.
  if (e->op == BinaryOp::And || e->op == BinaryOp::Or) {
    if (a.truth() == (e->op == BinaryOp::Or))
      return Value::ofBool(a.truth());
    return Value::ofBool(eval(e->b.get()).truth());
  }
  Value b = eval(e->b.get());
  if (failed_)
    return {};
  if (isComparison(e->op))
    return Value::ofBool(a.isFloat() || b.isFloat() ? compare(e->op, a.asFloat(), b.asFloat())
                                                    : compare(e->op, a.i, b.i));

  if (isFloat(e->dtype)) {
    float x = a.asFloat(), y = b.asFloat();
    switch (e->op) {
    case BinaryOp::Add:
      return Value::ofFloat(x + y);
    case BinaryOp::Sub:
      return Value::ofFloat(x - y);
    case BinaryOp::Mul:
      return Value::ofFloat(x * y);
    case BinaryOp::Div:
      return Value::ofFloat(x / y);
    case BinaryOp::FloorDiv:
      return Value::ofFloat(std::floor(x / y));
    case BinaryOp::FloorMod:
      return Value::ofFloat(x - std::floor(x / y) * y);
    case BinaryOp::Min:
      return Value::ofFloat(std::min(x, y));
    case BinaryOp::Max:
      return Value::ofFloat(std::max(x, y));
    default:
      break;
    }
  } else if (!a.isFloat() && !b.isFloat()) {
    int64_t x = a.i, y = b.i;
    static const std::pair<BinaryOp, const char *> kSymbols[] = {
        {BinaryOp::Add, "+"},       {BinaryOp::Sub, "-"},      {BinaryOp::Mul, "*"},
        {BinaryOp::FloorDiv, "//"}, {BinaryOp::FloorMod, "%"},
    };
    const char *sym = "?";
    for (auto [op, text] : kSymbols)
      if (op == e->op)
        sym = text;
    Value r;
    switch (e->op) {
    case BinaryOp::Add:
      r = intResult(e, checkedAdd(x, y), sym, x, y);
      break;
    case BinaryOp::Sub:
      r = intResult(e, checkedSub(x, y), sym, x, y);
      break;
    case BinaryOp::Mul:
      r = intResult(e, checkedMul(x, y), sym, x, y);
      break;
    case BinaryOp::FloorDiv:
    case BinaryOp::FloorMod:
      if (y == 0) {
        fail(e->loc, "integer division by zero");
        return {};
      }
      if (y == -1) // avoids the overflow of INT64_MIN / -1
        r = intResult(e, e->op == BinaryOp::FloorDiv ? checkedSub(0, x) : std::optional<int64_t>(0),
                      sym, x, y);
      else
        r = intResult(e, e->op == BinaryOp::FloorDiv ? floorDivInt(x, y) : floorModInt(x, y), sym,
                      x, y);
      break;
    case BinaryOp::Min:
      r = Value::ofInt(std::min(x, y));
      break;
    case BinaryOp::Max:
      r = Value::ofInt(std::max(x, y));
      break;
    default:
      fail(e->loc, "unsupported integer operation");
      return {};
    }
    if (failed_)
      return {};
    coerce(r, e->dtype, e->loc);
    return r;
  }
  fail(e->loc, "unsupported operand types of a " + llvm::Twine(dtypeName(e->dtype)) + " operation");
  return {};
}

Value Interpreter::evalCast(const CastNode *e) {
  Value v = eval(e->value.get());
  if (failed_)
    return {};
  DType t = e->dtype;
  if (isFloat(t))
    return Value::ofFloat(roundTo(t, v.asFloat()));
  if (t == DType::Bool)
    return Value::ofBool(v.truth());
  if (!isInteger(t)) {
    fail(e->loc, "cast to " + llvm::Twine(dtypeName(t)) + " is not supported");
    return {};
  }
  int64_t i = v.i;
  if (v.isFloat() && !truncToInt(v.f, i)) {
    fail(e->loc, "float value " + llvm::Twine(std::to_string(v.f)) + " cannot be converted to " +
                     dtypeName(t));
    return {};
  }
  return Value::ofInt(wrapTo(t, i));
}

Value Interpreter::evalCall(const CallNode *e) {
  enum { Exp, Log, Sqrt, Rsqrt, Abs, Tanh, Sigmoid, None } fn = None;
  static const std::pair<std::string_view, int> kMath[] = {
      {"exp", Exp}, {"log", Log},   {"sqrt", Sqrt},       {"rsqrt", Rsqrt},
      {"abs", Abs}, {"tanh", Tanh}, {"sigmoid", Sigmoid},
  };
  for (const auto &[name, id] : kMath)
    if (e->name == name)
      fn = decltype(fn)(id);
  if (fn == None) {
    fail(e->loc, "the interpreter does not support calls of '" + e->name + "'");
    return {};
  }
  if (e->args.size() != 1) {
    fail(e->loc, "'" + e->name + "' takes one argument, got " + llvm::Twine(e->args.size()));
    return {};
  }
  Value a = eval(e->args[0].get());
  if (failed_)
    return {};
  if (fn == Abs && !a.isFloat())
    return intResult(e, a.i < 0 ? checkedSub(0, a.i) : a.i, "abs", a.i);
  float x = a.asFloat(), r;
  switch (fn) {
  case Exp:
    r = std::exp(x);
    break;
  case Log:
    r = std::log(x);
    break;
  case Sqrt:
    r = std::sqrt(x);
    break;
  case Rsqrt:
    r = 1.0f / std::sqrt(x);
    break;
  case Abs:
    r = std::fabs(x);
    break;
  case Tanh:
    r = std::tanh(x);
    break;
  default:
    r = 1.0f / (1.0f + std::exp(-x));
    break;
  }
  Value v = Value::ofFloat(r);
  coerce(v, e->dtype, e->loc);
  return v;
}

//===--- Statements -------------------------------------------------------===//

bool Interpreter::exec(const StmtNode *s) {
  if (failed_)
    return false;
  if (s->loc.isValid())
    stmtLoc_ = s->loc;
  switch (s->kind) {
  case StmtKind::Seq:
    for (const Stmt &c : cast<SeqNode>(s)->stmts)
      if (!exec(c.get()))
        return false;
    return true;
  case StmtKind::Kernel:
    return execKernel(cast<KernelNode>(s));
  case StmtKind::For:
    return execFor(cast<ForNode>(s));
  case StmtKind::Alloc:
    return execAlloc(cast<AllocNode>(s));
  case StmtKind::Let: {
    auto *l = cast<LetNode>(s);
    Value v = eval(l->value.get());
    if (failed_ || !coerce(v, l->var->dtype, l->loc))
      return false;
    vars_[l->var.get()] = v;
    return true;
  }
  case StmtKind::If: {
    auto *i = cast<IfNode>(s);
    Value c = eval(i->cond.get());
    if (failed_)
      return false;
    if (c.truth())
      return exec(i->then.get());
    return !i->otherwise || exec(i->otherwise.get());
  }
  case StmtKind::Copy:
    return execCopy(cast<CopyNode>(s));
  case StmtKind::Gemm:
    return execGemm(cast<GemmNode>(s));
  case StmtKind::Fill:
    return execFill(cast<FillNode>(s));
  case StmtKind::Store:
    return execStore(cast<StoreNode>(s));
  case StmtKind::Evaluate:
    return execEvaluate(cast<EvaluateNode>(s));
  }
  return fail(s->loc, "unsupported statement");
}

bool Interpreter::execKernel(const KernelNode *s) {
  if (s->grid.empty() || s->grid.size() > 3 || s->vars.size() > s->grid.size())
    return fail(s->loc, "T.Kernel needs 1 to 3 grid extents and at most one var per extent");
  int64_t g[3] = {1, 1, 1};
  for (size_t d = 0; d < s->grid.size(); ++d) {
    if (!evalInt(s->grid[d], g[d]))
      return false;
    if (g[d] < 0)
      return fail(s->loc, "T.Kernel grid extent " + llvm::Twine(g[d]) + " is negative");
  }
  std::optional<int64_t> total = checkedMul(g[0], g[1]);
  if (total)
    total = checkedMul(*total, g[2]);
  if (threads_ > 1 && total && *total > 1 && runBlocksOnThreads(s, g, *total)) {
    ++stats.parallelKernels;
    return true;
  }
  ++stats.sequentialKernels;
  for (int64_t z = 0; z < g[2]; ++z)
    for (int64_t y = 0; y < g[1]; ++y)
      for (int64_t x = 0; x < g[0]; ++x) {
        int64_t idx[3] = {x, y, z};
        for (size_t d = 0; d < s->vars.size(); ++d)
          vars_[s->vars[d].get()] = Value::ofInt(idx[d]);
        if (!exec(s->body.get()))
          return false;
      }
  return true;
}

bool Interpreter::execFor(const ForNode *s) {
  int64_t begin, end;
  if (!evalInt(s->begin, begin) || !evalInt(s->end, end))
    return false;
  for (int64_t i = begin; i < end; ++i) {
    vars_[s->var.get()] = Value::ofInt(i);
    if (!exec(s->body.get()))
      return false;
  }
  return true;
}

bool Interpreter::claimWrites(Storage &st, int64_t base, int64_t stride, int64_t lo, int64_t hi) {
  ParallelBuffer &pb = *st.par;
  std::call_once(pb.once, [&] {
    pb.before = st.data;
    pb.writer = std::make_unique<std::atomic<uint32_t>[]>(st.data.size());
    pb.written = true;
  });
  for (int64_t j = lo; j < hi; ++j) {
    std::atomic<uint32_t> &w = pb.writer[size_t(base + j * stride)];
    uint32_t prev = w.load(std::memory_order_relaxed);
    if (prev == block_)
      continue;
    if (prev != 0 || !w.compare_exchange_strong(prev, block_, std::memory_order_relaxed)) {
      par_->stop = true;
      failed_ = true;
      return false;
    }
  }
  return true;
}

/// Runs the blocks of `s` on threads, each thread an interpreter of its own
/// (variables, on-chip buffers, scratch) sharing the global buffers. The
/// result is the sequential one when no element is written by two blocks
/// and no buffer a block writes is read by any block: then every read sees
/// the value from before the kernel and every element's final value comes
/// from its one writer. Otherwise, or when a block fails, the global
/// buffers are rolled back to their values before the kernel and false is
/// returned, for the sequential run (which also reports the first error in
/// block order).
namespace {

/// The buffers a statement tree reads and writes (a gemm's C both, unless
/// it is cleared first). A kernel whose blocks may read a buffer that
/// another block writes runs in order: its blocks never run on threads, so
/// no thread reads what another writes.
class BufferAccesses : public IRVisitor {
public:
  llvm::DenseSet<const BufferNode *> reads, writes;

protected:
  void visitCopy(const CopyNode *s) override {
    reads.insert(s->src.buffer.get());
    writes.insert(s->dst.buffer.get());
    IRVisitor::visitCopy(s);
  }
  void visitGemm(const GemmNode *s) override {
    reads.insert(s->a.buffer.get());
    reads.insert(s->b.buffer.get());
    if (!s->clearAccum)
      reads.insert(s->c.buffer.get());
    writes.insert(s->c.buffer.get());
    IRVisitor::visitGemm(s);
  }
  void visitFill(const FillNode *s) override {
    writes.insert(s->dst.buffer.get());
    IRVisitor::visitFill(s);
  }
  void visitStore(const StoreNode *s) override {
    writes.insert(s->buffer.get());
    IRVisitor::visitStore(s);
  }
  void visitLoad(const LoadNode *e) override {
    reads.insert(e->buffer.get());
    IRVisitor::visitLoad(e);
  }
};

} // namespace

/// The t-th block of grid g in the order the threads take blocks: squares
/// of kTile x kTile blocks (x fastest inside a square, squares x fastest,
/// then z), so that the blocks running close in time share the rows (by)
/// and columns (bx) of the global buffers they read (a GEMM's A and B
/// panels) while these are still in the host's caches.
void tiledBlock(int64_t t, const int64_t g[3], int64_t idx[3]) {
  constexpr int64_t kTile = 8;
  int64_t plane = g[0] * g[1];
  idx[2] = t / plane;
  t %= plane;
  int64_t strip = t / (kTile * g[0]), h = std::min(kTile, g[1] - strip * kTile);
  t -= strip * kTile * g[0];
  int64_t col = t / (kTile * h), w = std::min(kTile, g[0] - col * kTile);
  t -= col * kTile * h;
  idx[1] = strip * kTile + t / w;
  idx[0] = col * kTile + t % w;
}

bool Interpreter::runBlocksOnThreads(const KernelNode *s, const int64_t g[3], int64_t total) {
  if (total >= int64_t(std::numeric_limits<uint32_t>::max()))
    return false;
  // Only the global buffers outlive a block: a block's on-chip buffers are
  // its own, so only a global buffer both read and written can race.
  BufferAccesses access;
  access.visit(s->body);
  for (const BufferNode *b : access.writes) {
    auto it = storage_.find(b);
    if (it != storage_.end() && it->second->global && access.reads.contains(b))
      return false;
  }
  std::vector<Storage *> globals;
  for (auto &[b, st] : storage_) {
    if (!st->global)
      return false; // an on-chip buffer from outside the kernel would be shared
    globals.push_back(st);
  }
  for (Storage *st : globals)
    st->par = std::make_unique<ParallelBuffer>();
  ParallelRun run;
  auto worker = [&] {
    Diagnostics quiet(nullptr, llvm::nulls());
    Interpreter sub(quiet, 1);
    sub.vars_ = vars_;
    sub.storage_ = storage_;
    sub.stmtLoc_ = stmtLoc_;
    sub.par_ = &run;
    for (;;) {
      int64_t b = run.next.fetch_add(1, std::memory_order_relaxed);
      if (b >= total || run.stop.load(std::memory_order_relaxed))
        return;
      int64_t idx[3];
      tiledBlock(b, g, idx);
      for (size_t d = 0; d < s->vars.size(); ++d)
        sub.vars_[s->vars[d].get()] = Value::ofInt(idx[d]);
      sub.block_ = uint32_t(b + 1);
      if (!sub.exec(s->body.get())) {
        run.stop = true;
        return;
      }
    }
  };
  {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<int64_t>(threads_, total); ++t)
      pool.emplace_back(worker);
    worker();
    for (std::thread &t : pool)
      t.join();
  }
  bool ok = !run.stop;
  for (Storage *st : globals) {
    if (!ok && st->par->written)
      st->data = std::move(st->par->before);
    st->par.reset();
  }
  return ok;
}

bool Interpreter::execAlloc(const AllocNode *s) {
  const Buffer &b = s->buffer;
  if (b->scope == Scope::Global || b->scope == Scope::CB)
    return fail(s->loc, "the interpreter cannot allocate buffer '" + b->name + "' of scope " +
                            llvm::Twine(scopeName(b->scope)));
  int64_t n;
  if (!elementCount(b->shape, n))
    return fail(s->loc,
                "buffer '" + b->name + "' has an invalid or too large shape " + shapeStr(b->shape));
  Storage &st = own_[b.get()];
  storage_[b.get()] = &st;
  st.buffer = b.get();
  st.global = false;
  st.strides = rowMajorStrides(b->shape);
  st.data.assignZero(b->dtype, size_t(n));
  return true;
}

bool Interpreter::execStore(const StoreNode *s) {
  Storage *st = lookup(s->buffer, s->loc);
  int64_t off;
  if (!st || !elementOffset(*st, s->indices, s->loc, off))
    return false;
  Value v = eval(s->value.get());
  double d;
  if (failed_ || !toElement(v, st->dtype(), s->loc, d) || !claim(*st, off))
    return false;
  st->data.set(size_t(off), d);
  return true;
}

bool Interpreter::execEvaluate(const EvaluateNode *s) {
  auto *c = dyn_cast<CallNode>(s->value.get());
  if (!c)
    return fail(s->loc, "an expression statement must be an intrinsic call");
  eval(c); // reports device intrinsics as unsupported
  return !failed_;
}

bool Interpreter::resolve(const Region &r, llvm::SMLoc loc, Resolved &out) {
  if (r.loc.isValid())
    loc = r.loc;
  out.st = lookup(r.buffer, loc);
  if (!out.st)
    return false;
  const std::vector<int64_t> &shape = out.st->shape();
  if (r.starts.size() != shape.size() || r.extents.size() != shape.size())
    return fail(loc, "region of buffer '" + r.buffer->name + "' of shape " + shapeStr(shape) +
                         " has " + llvm::Twine(r.starts.size()) + " dimensions");
  out.starts.resize(shape.size());
  out.inBounds = true;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!evalInt(r.starts[d], out.starts[d]))
      return false;
    int64_t st = out.starts[d], ext = r.extents[d];
    // Bounded so that offset arithmetic of masked regions cannot overflow.
    if (ext <= 0 || ext > (int64_t(1) << 32) || st < -(int64_t(1) << 32) || st > (int64_t(1) << 32))
      return fail(loc, "region of buffer '" + r.buffer->name + "' has start " + llvm::Twine(st) +
                           " and extent " + llvm::Twine(ext) + " in dimension " + llvm::Twine(d));
    if (st < 0 || st + ext > shape[d])
      out.inBounds = false;
  }
  if (!out.inBounds && !out.st->global) {
    std::vector<int64_t> ends;
    for (size_t d = 0; d < shape.size(); ++d)
      ends.push_back(out.starts[d] + r.extents[d]);
    return fail(loc, "region " + shapeStr({out.starts.begin(), out.starts.end()}) + " to " +
                         shapeStr(ends) + " is out of bounds of buffer '" + r.buffer->name +
                         "' of shape " + shapeStr(shape));
  }
  return true;
}

bool Interpreter::execFill(const FillNode *s) {
  Resolved r;
  if (!resolve(s->dst, s->loc, r))
    return false;
  if (!r.inBounds)
    return fail(s->loc, "T.fill region is out of bounds of buffer '" + s->dst.buffer->name + "'");
  Value v = eval(s->value.get());
  double d;
  if (failed_ || !toElement(v, r.st->dtype(), s->loc, d))
    return false;
  // Rows along the last dimension; an odometer over the others.
  const std::vector<int64_t> &ext = s->dst.extents;
  size_t nd = ext.size();
  int64_t inner = nd ? ext.back() : 1, stride = nd ? r.st->strides.back() : 1;
  llvm::SmallVector<int64_t, 4> idx(nd ? nd - 1 : 0, 0);
  return withData(r.st->data, [&](auto *p) {
    using T = std::remove_reference_t<decltype(*p)>;
    T value = T(d); // exact: d is a value of the buffer's dtype
    while (true) {
      int64_t off = 0;
      for (size_t k = 0; k < nd; ++k)
        off += (r.starts[k] + (k < idx.size() ? idx[k] : 0)) * r.st->strides[k];
      if (!claim(*r.st, off, stride, 0, inner))
        return false;
      for (int64_t j = 0; j < inner; ++j)
        p[off + j * stride] = value;
      size_t k = idx.size();
      while (k > 0 && ++idx[k - 1] == ext[k - 1])
        idx[--k] = 0;
      if (k == 0)
        return true;
    }
  });
}

/// Per squeezed dimension of a copy, the buffer dimension it walks.
llvm::SmallVector<int, 4> nonUnitDims(const Region &r) {
  llvm::SmallVector<int, 4> out;
  for (size_t d = 0; d < r.extents.size(); ++d)
    if (r.extents[d] != 1)
      out.push_back(int(d));
  return out;
}

bool Interpreter::execCopy(const CopyNode *s) {
  llvm::SmallVector<int, 4> sDims = nonUnitDims(s->src), dDims = nonUnitDims(s->dst);
  size_t nsq = sDims.size();
  bool sameShape = nsq == dDims.size();
  for (size_t d = 0; sameShape && d < nsq; ++d)
    sameShape = s->src.extents[sDims[d]] == s->dst.extents[dDims[d]];
  if (!sameShape)
    return fail(s->loc, "T.copy shapes disagree: source '" + s->src.buffer->name + "' region " +
                            shapeStr(s->src.extents) + ", destination '" + s->dst.buffer->name +
                            "' region " + shapeStr(s->dst.extents));
  Resolved src, dst;
  if (!resolve(s->src, s->loc, src) || !resolve(s->dst, s->loc, dst))
    return false;
  DType dt = dst.st->dtype();
  bool floatDst = isFloat(dt);
  DType sdt = src.st->dtype();
  bool exact = sdt == dt || (dt == DType::Float32 && isFloat(sdt));

  // The innermost squeezed dimension is walked by a tight loop; the outer
  // ones by an odometer. Per row, each side gets a base offset and the range
  // [lo, hi) of inner positions inside its buffer (masking of global edges).
  int64_t inner = nsq ? s->src.extents[sDims.back()] : 1;
  llvm::SmallVector<int64_t, 4> outer(nsq ? nsq - 1 : 0, 0), shape(outer.size());
  for (size_t o = 0; o < outer.size(); ++o)
    shape[o] = s->src.extents[sDims[o]];
  struct Side {
    const Resolved *r;
    const llvm::SmallVector<int, 4> *dims;
    int64_t stride = 0;                       // of the inner dimension
    int64_t start = 0;                        // offset of the region's start
    llvm::SmallVector<int64_t, 4> outStrides; // of the outer dimensions
  };
  Side sides[2] = {{&src, &sDims, 0, 0, {}}, {&dst, &dDims, 0, 0, {}}};
  for (Side &sd : sides) {
    const std::vector<int64_t> &strides = sd.r->st->strides;
    sd.stride = nsq ? strides[sd.dims->back()] : 0;
    for (size_t d = 0; d < sd.r->starts.size(); ++d)
      sd.start += sd.r->starts[d] * strides[d];
    for (size_t o = 0; o < outer.size(); ++o)
      sd.outStrides.push_back(strides[(*sd.dims)[o]]);
  }
  // Regions inside their buffers (the usual case): a row's offsets are
  // sums of the outer positions times their strides.
  bool inside = src.inBounds && dst.inBounds;
  int64_t ss = sides[0].stride, ds = sides[1].stride;
  bool contiguous = inside && ss == 1 && ds == 1;
  llvm::SmallVector<int64_t, 4> coord;

  // The rows, on the storage types of both sides (float or double); one
  // rounding per row, chosen outside the element loop.
  auto copyRows = [&](const auto *sData, auto *dData) {
    using S = std::remove_cv_t<std::remove_reference_t<decltype(*sData)>>;
    using D = std::remove_reference_t<decltype(*dData)>;
    while (true) {
      int64_t base[2], lo[2], hi[2];
      for (int k = 0; k < 2; ++k) {
        const Side &sd = sides[k];
        base[k] = sd.start;
        for (size_t o = 0; o < outer.size(); ++o)
          base[k] += outer[o] * sd.outStrides[o];
        lo[k] = 0;
        hi[k] = inner;
      }
      for (int k = 0; !inside && k < 2; ++k) {
        const Resolved &r = *sides[k].r;
        const llvm::SmallVector<int, 4> &dims = *sides[k].dims;
        const std::vector<int64_t> &bshape = r.st->shape();
        coord.assign(r.starts.begin(), r.starts.end());
        for (size_t o = 0; o < outer.size(); ++o)
          coord[dims[o]] += outer[o];
        int innerDim = nsq ? dims.back() : -1;
        bool rowValid = true;
        for (size_t d = 0; d < coord.size(); ++d)
          if (int(d) != innerDim && (coord[d] < 0 || coord[d] >= bshape[d]))
            rowValid = false;
        if (innerDim >= 0) {
          lo[k] = std::max<int64_t>(0, -coord[innerDim]);
          hi[k] = std::min<int64_t>(inner, bshape[innerDim] - coord[innerDim]);
        }
        if (!rowValid || lo[k] > hi[k])
          lo[k] = hi[k] = 0;
      }
      if (!claim(*dst.st, base[1], ds, lo[1], hi[1]))
        return false;
      const auto *sp = sData + base[0];
      D *dp = dData + base[1];
      auto floatRow = [&](auto round) {
        if (contiguous) { // the loop vectorises
          for (int64_t j = 0; j < inner; ++j)
            dp[j] = D(round(float(sp[j])));
          return;
        }
        for (int64_t j = lo[1]; j < hi[1]; ++j)
          dp[j * ds] = D(round(j >= lo[0] && j < hi[0] ? float(sp[j * ss]) : 0.0f));
      };
      if (exact) {
        // Every source value is a destination value (and both sides store
        // floats, or both doubles): converting and rounding are the
        // identity (bf16Round and roundToFloat16 are idempotent, also on
        // the quiet NaNs stored).
        if (contiguous) {
          if constexpr (std::is_same_v<S, D>)
            std::copy(sp, sp + inner, dp);
          else
            for (int64_t j = 0; j < inner; ++j)
              dp[j] = D(sp[j]);
        } else
          for (int64_t j = lo[1]; j < hi[1]; ++j)
            dp[j * ds] = j >= lo[0] && j < hi[0] ? D(sp[j * ss]) : D(0.0f);
      } else if (dt == DType::BFloat16) {
        floatRow([](float x) { return bf16Round(x); });
      } else if (dt == DType::Float16) {
        floatRow([](float x) { return roundToFloat16(x); });
      } else if (floatDst) {
        floatRow([](float x) { return x; });
      } else {
        for (int64_t j = lo[1]; j < hi[1]; ++j) {
          double v = j >= lo[0] && j < hi[0] ? double(sp[j * ss]) : 0.0, out;
          if (!toElement(fromElement(v, sdt), dt, s->loc, out))
            return false;
          dp[j * ds] = D(out);
        }
      }
      // Next row.
      size_t k = outer.size();
      while (k > 0 && ++outer[k - 1] == shape[k - 1])
        outer[--k] = 0;
      if (k == 0)
        return true;
    }
  };
  return withData(src.st->data, [&](const auto *sp) {
    return withData(dst.st->data, [&](auto *dp) { return copyRows(sp, dp); });
  });
}

/// Eight fp32 lanes (GCC vector extension; two SSE registers on the
/// baseline target), loaded and stored unaligned through memcpy.
typedef float V8 __attribute__((vector_size(32)));

[[gnu::always_inline]] inline V8 load8(const float *p) {
  V8 v;
  std::memcpy(&v, p, sizeof(V8));
  return v;
}
[[gnu::always_inline]] inline void store8(float *p, V8 v) { std::memcpy(p, &v, sizeof(V8)); }

/// The operands of C += A . B in place: A's element (i, k) is
/// a[i * ai + k * ak] (any layout: it is read one scalar at a time), B's
/// (k, j) is b[k * ldb + j] and C's (i, j) is c[i * ldc + j] (rows of
/// contiguous elements, read and written as vectors).
struct GemmOperands {
  const float *a;
  int64_t ai, ak;
  const float *b;
  int64_t ldb;
  float *c;
  int64_t ldc;
};

/// Rows [i, i + R) (R is 1 or 2) by columns [j0, j0 + 32) of C += A . B:
/// R x 4 vectors of accumulators stay in registers over the whole k loop
/// and every loaded B vector serves the R rows. Per element: products
/// rounded to fp32, added in increasing k (the vector multiply and add are
/// separate operations). Written out unrolled so that the accumulators are
/// registers, not a stack array.
template <int R>
[[gnu::always_inline]] inline void gemmBlock(const GemmOperands &o, int64_t i, int64_t j0,
                                             int64_t k) {
  float *c0 = o.c + i * o.ldc + j0, *c1 = c0 + (R > 1 ? o.ldc : 0);
  const float *a0 = o.a + i * o.ai, *a1 = a0 + (R > 1 ? o.ai : 0);
  int64_t ak = o.ak;
  V8 x0 = load8(c0), x1 = load8(c0 + 8), x2 = load8(c0 + 16), x3 = load8(c0 + 24);
  V8 y0 = load8(c1), y1 = load8(c1 + 8), y2 = load8(c1 + 16), y3 = load8(c1 + 24);
  const float *bp = o.b + j0;
  for (int64_t kk = 0; kk < k; ++kk, bp += o.ldb) {
    V8 b0 = load8(bp), b1 = load8(bp + 8), b2 = load8(bp + 16), b3 = load8(bp + 24);
    V8 av = V8{} + a0[kk * ak];
    V8 p0 = av * b0, p1 = av * b1, p2 = av * b2, p3 = av * b3;
    x0 += p0;
    x1 += p1;
    x2 += p2;
    x3 += p3;
    if constexpr (R > 1) {
      V8 aw = V8{} + a1[kk * ak];
      V8 q0 = aw * b0, q1 = aw * b1, q2 = aw * b2, q3 = aw * b3;
      y0 += q0;
      y1 += q1;
      y2 += q2;
      y3 += q3;
    }
  }
  store8(c0, x0);
  store8(c0 + 8, x1);
  store8(c0 + 16, x2);
  store8(c0 + 24, x3);
  if constexpr (R > 1) {
    store8(c1, y0);
    store8(c1 + 8, y1);
    store8(c1 + 16, y2);
    store8(c1 + 24, y3);
  }
}

/// C (m x n) += A (m x k) . B (k x n) in fp32 (GemmOperands): every product
/// rounded to fp32, then added in increasing k (no fused multiply-add).
/// Blocks of 2 rows x 32 columns (gemmBlock); compiled for AVX2 and for the
/// baseline, the loader picks.
#if defined(__x86_64__) && !defined(__clang_analyzer__)
[[gnu::target_clones("avx2", "default")]]
#endif
void gemmKernel(const GemmOperands &o, int64_t m, int64_t n, int64_t k) {
  constexpr int64_t W = 32;
  int64_t nW = n - n % W;
  int64_t i = 0;
  for (; i + 2 <= m; i += 2)
    for (int64_t j0 = 0; j0 < nW; j0 += W)
      gemmBlock<2>(o, i, j0, k);
  for (; i < m; ++i)
    for (int64_t j0 = 0; j0 < nW; j0 += W)
      gemmBlock<1>(o, i, j0, k);
  for (i = 0; i < m && nW < n; ++i) {
    const float *arow = o.a + i * o.ai;
    float *crow = o.c + i * o.ldc;
    for (int64_t kk = 0; kk < k; ++kk) {
      float av = arow[kk * o.ak];
      for (int64_t j = nW; j < n; ++j) {
        float p = av * o.b[kk * o.ldb + j];
        crow[j] += p;
      }
    }
  }
}

/// out (rows x cols, dense) := the elements src[r * rs + c * cs] as floats.
template <typename T>
void denseFloats(const T *src, int64_t rows, int64_t cols, int64_t rs, int64_t cs, float *out) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      out[r * cols + c] = float(src[r * rs + c * cs]);
}

bool Interpreter::matrixOf(const Region &r, const char *what, llvm::SMLoc loc, Matrix &m) {
  llvm::SmallVector<int, 4> dims = nonUnitDims(r);
  if (dims.size() != 2) {
    if (r.extents.size() != 2)
      return fail(loc, "T.gemm operand " + llvm::Twine(what) + " ('" + r.buffer->name +
                           "') must be 2-D, got shape " + shapeStr(r.extents));
    dims = {0, 1};
  }
  if (!isFloat(r.buffer->dtype))
    return fail(loc, "T.gemm operand " + llvm::Twine(what) + " ('" + r.buffer->name +
                         "') must have a float dtype, not " + dtypeName(r.buffer->dtype));
  m.d0 = dims[0];
  m.d1 = dims[1];
  m.e0 = r.extents[dims[0]];
  m.e1 = r.extents[dims[1]];
  return true;
}

bool Interpreter::execGemm(const GemmNode *s) {
  Matrix ma, mb, mc;
  if (!matrixOf(s->a, "A", s->loc, ma) || !matrixOf(s->b, "B", s->loc, mb) ||
      !matrixOf(s->c, "C", s->loc, mc))
    return false;
  int64_t m = s->transA ? ma.e1 : ma.e0, k = s->transA ? ma.e0 : ma.e1;
  int64_t kb = s->transB ? mb.e1 : mb.e0, n = s->transB ? mb.e0 : mb.e1;
  if (k != kb || mc.e0 != m || mc.e1 != n)
    return fail(s->loc, "T.gemm shapes disagree: op(A) is " + llvm::Twine(m) + "x" +
                            llvm::Twine(k) + ", op(B) is " + llvm::Twine(kb) + "x" +
                            llvm::Twine(n) + ", C is " + llvm::Twine(mc.e0) + "x" +
                            llvm::Twine(mc.e1));
  Resolved a, b, c;
  if (!resolve(s->a, s->loc, a) || !resolve(s->b, s->loc, b) || !resolve(s->c, s->loc, c))
    return false;
  for (const Resolved *r : {&a, &b, &c})
    if (!r->inBounds)
      return fail(s->loc, "T.gemm operand '" + r->st->buffer->name +
                              "' region is out of bounds of the buffer");

  auto baseOf = [](const Resolved &r) {
    int64_t off = 0;
    for (size_t d = 0; d < r.starts.size(); ++d)
      off += r.starts[d] * r.st->strides[d];
    return off;
  };
  // Operands have float dtypes (matrixOf): float or bfloat16 storage. op(A)
  // is read in place from float storage, op(B) from float storage with
  // contiguous rows (else each is converted into a dense scratch matrix),
  // C in place when it is fp32 with contiguous rows and no operand shares
  // its buffer (else accumulated in a dense m x n scratch and stored
  // rounded). The products and their order are the same either way.
  //
  // An operand as rows x cols floats with strides (rs, cs): in place when
  // `inPlace`, else converted into `scratch` (dense, cs = 1).
  auto operand = [&](const Resolved &r, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                     bool inPlace, std::vector<float> &scratch, int64_t &outRs, int64_t &outCs) {
    int64_t base = baseOf(r);
    outRs = rs;
    outCs = cs;
    if (inPlace)
      return static_cast<const float *>(r.st->data.f.data() + base);
    scratch.resize(size_t(rows * cols));
    withData(r.st->data,
             [&](const auto *src) { denseFloats(src + base, rows, cols, rs, cs, scratch.data()); });
    outRs = cols;
    outCs = 1;
    return static_cast<const float *>(scratch.data());
  };
  GemmOperands o;
  int64_t a0 = a.st->strides[ma.d0], a1 = a.st->strides[ma.d1];
  o.a = operand(a, m, k, s->transA ? a1 : a0, s->transA ? a0 : a1,
                a.st->data.kind == Elements::Kind::Float, gemmA_, o.ai, o.ak);
  int64_t b0 = b.st->strides[mb.d0], b1 = b.st->strides[mb.d1], bj = s->transB ? b0 : b1, bCs;
  o.b = operand(b, k, n, s->transB ? b1 : b0, bj,
                b.st->data.kind == Elements::Kind::Float && bj == 1, gemmB_, o.ldb, bCs);
  int64_t cBase = baseOf(c), ci = c.st->strides[mc.d0], cj = c.st->strides[mc.d1];
  DType ct = c.st->dtype();
  for (int64_t i = 0; i < m; ++i)
    if (!claim(*c.st, cBase + i * ci, cj, 0, n))
      return false;
  if (ct == DType::Float32 && cj == 1 && c.st != a.st && c.st != b.st) {
    float *cp = c.st->data.f.data() + cBase;
    if (s->clearAccum)
      for (int64_t i = 0; i < m; ++i)
        std::fill(cp + i * ci, cp + i * ci + n, 0.0f);
    o.c = cp;
    o.ldc = ci;
    gemmKernel(o, m, n, k);
    return true;
  }
  std::vector<float> &acc = gemmC_;
  acc.resize(size_t(m * n));
  return withData(c.st->data, [&](auto *cData) {
    using T = std::remove_reference_t<decltype(*cData)>;
    T *cp = cData + cBase;
    if (s->clearAccum)
      std::fill(acc.begin(), acc.end(), 0.0f);
    else
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          acc[i * n + j] = float(cp[i * ci + j * cj]);
    o.c = acc.data();
    o.ldc = n;
    gemmKernel(o, m, n, k);
    // The rounding is chosen once, outside the element loops.
    auto storeC = [&](auto round) {
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          cp[i * ci + j * cj] = T(round(acc[i * n + j]));
    };
    if (ct == DType::BFloat16)
      storeC([](float x) { return bf16Round(x); });
    else if (ct == DType::Float16)
      storeC([](float x) { return roundToFloat16(x); });
    else
      storeC([](float x) { return x; });
    return true;
  });
}

//===--- Entry ------------------------------------------------------------===//

bool Interpreter::run(const PrimFunc &f, std::vector<HostTensor> &buffers) {
  std::vector<Buffer> params = f.bufferParams();
  if (params.size() != buffers.size())
    return fail(f.loc, "kernel '" + f.name + "' has " + llvm::Twine(params.size()) +
                           " buffer parameters but " + llvm::Twine(buffers.size()) +
                           " tensors were given");
  std::vector<Storage *> bound;
  for (size_t p = 0; p < params.size(); ++p) {
    const Buffer &b = params[p];
    HostTensor &t = buffers[p];
    int64_t n;
    llvm::SMLoc loc = b->loc.isValid() ? b->loc : f.loc;
    if (b->scope != Scope::Global)
      return fail(loc, "parameter '" + b->name + "' is not a global buffer");
    if (t.shape != b->shape || !elementCount(b->shape, n) || int64_t(t.data.size()) != n)
      return fail(loc, "tensor bound to '" + b->name + "' has shape " + shapeStr(t.shape) +
                           " and " + llvm::Twine(t.data.size()) + " elements; the buffer is " +
                           shapeStr(b->shape));
    if (storage_.count(b.get()))
      return fail(loc, "buffer '" + b->name + "' is bound twice");
    Storage &st = own_[b.get()];
    storage_[b.get()] = &st;
    st.buffer = b.get();
    st.global = true;
    st.strides = rowMajorStrides(b->shape);
    st.data.assignZero(b->dtype, size_t(n));
    // Float buffers: the rounding chosen once, outside the element loop.
    auto floatData = [&](auto round) {
      withData(st.data, [&](auto *p) {
        using T = std::remove_reference_t<decltype(*p)>;
        for (int64_t i = 0; i < n; ++i)
          p[i] = T(round(t.data[i]));
      });
    };
    if (b->dtype == DType::BFloat16)
      floatData([](float x) { return bf16Round(x); });
    else if (b->dtype == DType::Float16)
      floatData([](float x) { return roundToFloat16(x); });
    else if (b->dtype == DType::Float32)
      floatData([](float x) { return x; });
    else
      for (int64_t i = 0; i < n; ++i)
        if (!toElement(Value::ofFloat(t.data[i]), b->dtype, loc, st.data.d[i]))
          return false;
    bound.push_back(&st);
  }
  exec(f.body.get());
  for (size_t p = 0; p < bound.size(); ++p)
    withData(bound[p]->data, [&](const auto *src) {
      std::vector<float> &out = buffers[p].data;
      for (size_t i = 0; i < out.size(); ++i)
        out[i] = float(src[i]);
    });
  return !failed_;
}

} // namespace

bool ttllc::interpret(const PrimFunc &f, std::vector<HostTensor> &buffers, Diagnostics &diag,
                      const InterpretOptions &opts, InterpretStats *stats) {
  if (!f.body) {
    diag.error(f.loc, "kernel '" + f.name + "' has no body");
    return false;
  }
  unsigned threads =
      opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  Interpreter interp(diag, threads);
  bool ok = interp.run(f, buffers);
  if (stats)
    *stats = interp.stats;
  return ok;
}
