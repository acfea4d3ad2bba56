//===- ir/IR.h - Tile IR nodes ----------------------------------*- C++ -*-===//
//
// Tile IR is the one intermediate representation of tt-llc, from the parsed
// TileLang kernel down to the lowered reader / compute / writer programs.
//
//   Module    : PrimFuncs
//   PrimFunc  : name, params (buffers and scalar vars), attributes, body
//   Buffer    : name, shape, dtype, scope (global / shared / fragment / local /
//               cb), attributes. Identity object: passes share and annotate it.
//   Stmt      : Seq, Kernel (grid launch binding block vars), For (serial /
//               pipelined(stages) / parallel), Alloc, Let, If, Copy (buffer
//               region to buffer region), Gemm, Fill, Store (one element),
//               Evaluate (a call of a named intrinsic such as
//               `tt.cb.reserve_back`).
//   Expr      : integer / float / string constants, vars, unary and binary
//               arithmetic, select, cast, buffer loads, intrinsic calls.
//
// Statements and expressions are immutable and shared (passes rebuild what
// they change, see IRMutator.h); Vars are compared by identity. Every node may
// carry the SMLoc of the source text it came from, so diagnostics of any pass
// can point at the user's kernel. The text form is in Printer.h / Parser.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ttllc {

//===----------------------------------------------------------------------===//
// Data types
//===----------------------------------------------------------------------===//

enum class DType : uint8_t { Void, Bool, Int32, UInt32, Float16, BFloat16, Float32 };

/// "bfloat16", "float32", "int32", ... (the TileLang spelling).
std::string_view dtypeName(DType t);
/// Accepts the TileLang spellings, plus "float" (= float32), "int" (= int32)
/// and "bf16"/"fp16"/"fp32".
std::optional<DType> parseDType(std::string_view s);
/// Storage size of one element in bytes (0 for void).
unsigned dtypeBytes(DType t);
inline bool isFloat(DType t) {
  return t == DType::Float16 || t == DType::BFloat16 || t == DType::Float32;
}
inline bool isInteger(DType t) { return t == DType::Int32 || t == DType::UInt32; }

//===----------------------------------------------------------------------===//
// Attributes: bool, int, float, string, list and dict values
//===----------------------------------------------------------------------===//

class AttrValue;

/// String-keyed attributes kept sorted by key, so printing is deterministic.
/// AttrValue is still incomplete here: the members that touch entries_ are defined after it
/// (below AttrValue), since instantiating them needs the complete std::pair.
class AttrDict {
public:
  using Entry = std::pair<std::string, AttrValue>;
  using const_iterator = std::vector<Entry>::const_iterator;

  const AttrValue *get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  void set(std::string key, AttrValue value);
  bool erase(std::string_view key);
  bool empty() const;
  size_t size() const;
  const_iterator begin() const;
  const_iterator end() const;
  bool operator==(const AttrDict &o) const;

  std::optional<int64_t> getInt(std::string_view key) const;
  std::optional<bool> getBool(std::string_view key) const;
  std::optional<std::string> getString(std::string_view key) const;

private:
  std::vector<Entry> entries_;
};

class AttrValue {
public:
  enum class Kind { Bool, Int, Float, String, List, Dict };
  using List = std::vector<AttrValue>;

  AttrValue(bool b) : v_(b) {}
  AttrValue(int v) : v_(int64_t(v)) {}
  AttrValue(int64_t v) : v_(v) {}
  AttrValue(double v) : v_(v) {}
  AttrValue(const char *s) : v_(std::string(s)) {}
  AttrValue(std::string s) : v_(std::move(s)) {}
  AttrValue(List l) : v_(std::move(l)) {}
  AttrValue(AttrDict d) : v_(std::move(d)) {}
  /// A list of ints, e.g. a shape.
  static AttrValue ints(const std::vector<int64_t> &v);

  Kind kind() const { return Kind(v_.index()); }
  bool isBool() const { return kind() == Kind::Bool; }
  bool isInt() const { return kind() == Kind::Int; }
  bool isFloat() const { return kind() == Kind::Float; }
  bool isString() const { return kind() == Kind::String; }
  bool isList() const { return kind() == Kind::List; }
  bool isDict() const { return kind() == Kind::Dict; }
  bool getBool() const { return std::get<bool>(v_); }
  int64_t getInt() const { return std::get<int64_t>(v_); }
  double getFloat() const { return std::get<double>(v_); }
  const std::string &getString() const { return std::get<std::string>(v_); }
  const List &getList() const { return std::get<List>(v_); }
  List &getList() { return std::get<List>(v_); }
  const AttrDict &getDict() const { return std::get<AttrDict>(v_); }
  AttrDict &getDict() { return std::get<AttrDict>(v_); }
  /// The list as ints; nullopt when it is not a list of ints.
  std::optional<std::vector<int64_t>> getInts() const;

  bool operator==(const AttrValue &o) const { return v_ == o.v_; }

private:
  std::variant<bool, int64_t, double, std::string, List, AttrDict> v_;
};

inline bool AttrDict::empty() const { return entries_.empty(); }
inline size_t AttrDict::size() const { return entries_.size(); }
inline AttrDict::const_iterator AttrDict::begin() const { return entries_.begin(); }
inline AttrDict::const_iterator AttrDict::end() const { return entries_.end(); }

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

enum class Scope : uint8_t { Global, Shared, Fragment, Local, CB };
std::string_view scopeName(Scope s);

struct BufferNode {
  std::string name;
  std::vector<int64_t> shape;
  DType dtype;
  Scope scope;
  AttrDict attrs;
  llvm::SMLoc loc;
};
using Buffer = std::shared_ptr<BufferNode>;
Buffer makeBuffer(std::string name, std::vector<int64_t> shape, DType dtype, Scope scope,
                  llvm::SMLoc loc = {});

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

enum class ExprKind : uint8_t {
  IntImm,
  FloatImm,
  StringImm,
  Var,
  Unary,
  Binary,
  Select,
  Cast,
  Load,
  Call
};

class ExprNode {
public:
  const ExprKind kind;
  const DType dtype;
  const llvm::SMLoc loc;
  virtual ~ExprNode() = default;

protected:
  ExprNode(ExprKind k, DType t, llvm::SMLoc l) : kind(k), dtype(t), loc(l) {}
};
using Expr = std::shared_ptr<const ExprNode>;

struct IntImmNode final : ExprNode {
  const int64_t value;
  IntImmNode(int64_t v, DType t, llvm::SMLoc l) : ExprNode(ExprKind::IntImm, t, l), value(v) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::IntImm; }
};

struct FloatImmNode final : ExprNode {
  const double value;
  FloatImmNode(double v, DType t, llvm::SMLoc l) : ExprNode(ExprKind::FloatImm, t, l), value(v) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::FloatImm; }
};

struct StringImmNode final : ExprNode {
  const std::string value;
  StringImmNode(std::string v, llvm::SMLoc l)
      : ExprNode(ExprKind::StringImm, DType::Void, l), value(std::move(v)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::StringImm; }
};

/// A scalar variable: a kernel block index, a loop variable, a let-bound
/// value or a scalar parameter. Compared by identity, never by name.
struct VarNode final : ExprNode {
  const std::string name;
  VarNode(std::string n, DType t, llvm::SMLoc l)
      : ExprNode(ExprKind::Var, t, l), name(std::move(n)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Var; }
};
using Var = std::shared_ptr<const VarNode>;
Var makeVar(std::string name, DType t = DType::Int32, llvm::SMLoc loc = {});

enum class UnaryOp : uint8_t { Neg, Not };
struct UnaryNode final : ExprNode {
  const UnaryOp op;
  const Expr a;
  UnaryNode(UnaryOp o, Expr x, DType t, llvm::SMLoc l)
      : ExprNode(ExprKind::Unary, t, l), op(o), a(std::move(x)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Unary; }
};

enum class BinaryOp : uint8_t {
  Add,
  Sub,
  Mul,
  Div,      // true division (floats)
  FloorDiv, // Python `//`: rounds toward negative infinity
  FloorMod, // Python `%`: result has the sign of the divisor
  Min,
  Max,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  And,
  Or
};
bool isComparison(BinaryOp op);

struct BinaryNode final : ExprNode {
  const BinaryOp op;
  const Expr a, b;
  BinaryNode(BinaryOp o, Expr x, Expr y, DType t, llvm::SMLoc l)
      : ExprNode(ExprKind::Binary, t, l), op(o), a(std::move(x)), b(std::move(y)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Binary; }
};

struct SelectNode final : ExprNode {
  const Expr cond, t, f;
  SelectNode(Expr c, Expr x, Expr y, DType ty, llvm::SMLoc l)
      : ExprNode(ExprKind::Select, ty, l), cond(std::move(c)), t(std::move(x)), f(std::move(y)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Select; }
};

struct CastNode final : ExprNode {
  const Expr value;
  CastNode(DType t, Expr v, llvm::SMLoc l) : ExprNode(ExprKind::Cast, t, l), value(std::move(v)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Cast; }
};

struct LoadNode final : ExprNode {
  const Buffer buffer;
  const std::vector<Expr> indices;
  LoadNode(Buffer b, std::vector<Expr> idx, llvm::SMLoc l)
      : ExprNode(ExprKind::Load, b->dtype, l), buffer(std::move(b)), indices(std::move(idx)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Load; }
};

/// A call of a named intrinsic: "tt.cb.reserve_back", "exp", ...
struct CallNode final : ExprNode {
  const std::string name;
  const std::vector<Expr> args;
  CallNode(std::string n, std::vector<Expr> a, DType t, llvm::SMLoc l)
      : ExprNode(ExprKind::Call, t, l), name(std::move(n)), args(std::move(a)) {}
  static bool classof(const ExprNode *e) { return e->kind == ExprKind::Call; }
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

enum class StmtKind : uint8_t {
  Seq,
  Kernel,
  For,
  Alloc,
  Let,
  If,
  Copy,
  Gemm,
  Fill,
  Store,
  Evaluate
};

class StmtNode {
public:
  const StmtKind kind;
  const llvm::SMLoc loc;
  virtual ~StmtNode() = default;

protected:
  StmtNode(StmtKind k, llvm::SMLoc l) : kind(k), loc(l) {}
};
using Stmt = std::shared_ptr<const StmtNode>;

/// A rectangular region of a buffer: per dimension a start and a constant
/// extent. A region covering the whole buffer prints as the bare buffer name.
struct Region {
  Buffer buffer;
  std::vector<Expr> starts;
  std::vector<int64_t> extents;
  llvm::SMLoc loc;

  static Region full(const Buffer &b, llvm::SMLoc loc = {});
  bool isFull() const;
  /// Extents with the unit dimensions dropped (the shape that must agree
  /// between the two sides of a copy).
  std::vector<int64_t> squeezedExtents() const;
};

/// Statements executed in order. Alloc and Let are visible to the statements
/// after them in the same Seq (and everything nested in those).
struct SeqNode final : StmtNode {
  const std::vector<Stmt> stmts;
  SeqNode(std::vector<Stmt> s, llvm::SMLoc l) : StmtNode(StmtKind::Seq, l), stmts(std::move(s)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Seq; }
};

/// `with T.Kernel(gx, gy) as (bx, by): body`: body runs once per block of
/// the (1 to 3 dimensional) kernel grid, with vars bound to the block index.
struct KernelNode final : StmtNode {
  const std::vector<Expr> grid;
  const std::vector<Var> vars;
  const Stmt body;
  KernelNode(std::vector<Expr> g, std::vector<Var> v, Stmt b, llvm::SMLoc l)
      : StmtNode(StmtKind::Kernel, l), grid(std::move(g)), vars(std::move(v)), body(std::move(b)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Kernel; }
};

enum class ForKind : uint8_t { Serial, Pipelined, Parallel };

/// `for var in [begin, end)`; Pipelined loops carry the number of stages the
/// user asked for (0 when not given).
struct ForNode final : StmtNode {
  const Var var;
  const Expr begin, end;
  const ForKind forKind;
  const int64_t stages;
  const Stmt body;
  ForNode(Var v, Expr b, Expr e, ForKind k, int64_t st, Stmt body_, llvm::SMLoc l)
      : StmtNode(StmtKind::For, l), var(std::move(v)), begin(std::move(b)), end(std::move(e)),
        forKind(k), stages(st), body(std::move(body_)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::For; }
};

/// Declares a buffer (scope shared / fragment / local / cb) for the rest of
/// the enclosing Seq.
struct AllocNode final : StmtNode {
  const Buffer buffer;
  AllocNode(Buffer b, llvm::SMLoc l) : StmtNode(StmtKind::Alloc, l), buffer(std::move(b)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Alloc; }
};

/// Binds var to value for the rest of the enclosing Seq.
struct LetNode final : StmtNode {
  const Var var;
  const Expr value;
  LetNode(Var v, Expr e, llvm::SMLoc l)
      : StmtNode(StmtKind::Let, l), var(std::move(v)), value(std::move(e)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Let; }
};

struct IfNode final : StmtNode {
  const Expr cond;
  const Stmt then;
  const Stmt otherwise; // may be null
  IfNode(Expr c, Stmt t, Stmt e, llvm::SMLoc l)
      : StmtNode(StmtKind::If, l), cond(std::move(c)), then(std::move(t)), otherwise(std::move(e)) {
  }
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::If; }
};

/// `T.copy(src, dst)`: element-wise copy with conversion to dst's dtype.
/// Elements of a global-buffer region outside the buffer read as zero and
/// are not written (TileLang's masked copy of edge blocks).
struct CopyNode final : StmtNode {
  const Region src, dst;
  CopyNode(Region s, Region d, llvm::SMLoc l)
      : StmtNode(StmtKind::Copy, l), src(std::move(s)), dst(std::move(d)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Copy; }
};

/// `T.gemm(A, B, C)`: C += op(A) * op(B), op = transpose when flagged;
/// clearAccum zeroes C first.
struct GemmNode final : StmtNode {
  const Region a, b, c;
  const bool transA, transB, clearAccum;
  GemmNode(Region a_, Region b_, Region c_, bool ta, bool tb, bool clear, llvm::SMLoc l)
      : StmtNode(StmtKind::Gemm, l), a(std::move(a_)), b(std::move(b_)), c(std::move(c_)),
        transA(ta), transB(tb), clearAccum(clear) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Gemm; }
};

/// `T.fill(dst, value)`; `T.clear(dst)` is a fill with zero.
struct FillNode final : StmtNode {
  const Region dst;
  const Expr value;
  FillNode(Region d, Expr v, llvm::SMLoc l)
      : StmtNode(StmtKind::Fill, l), dst(std::move(d)), value(std::move(v)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Fill; }
};

/// `buffer[indices] = value`.
struct StoreNode final : StmtNode {
  const Buffer buffer;
  const std::vector<Expr> indices;
  const Expr value;
  StoreNode(Buffer b, std::vector<Expr> idx, Expr v, llvm::SMLoc l)
      : StmtNode(StmtKind::Store, l), buffer(std::move(b)), indices(std::move(idx)),
        value(std::move(v)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Store; }
};

/// Evaluates an expression for its effect (an intrinsic call).
struct EvaluateNode final : StmtNode {
  const Expr value;
  EvaluateNode(Expr v, llvm::SMLoc l) : StmtNode(StmtKind::Evaluate, l), value(std::move(v)) {}
  static bool classof(const StmtNode *s) { return s->kind == StmtKind::Evaluate; }
};

//===----------------------------------------------------------------------===//
// Functions and modules
//===----------------------------------------------------------------------===//

/// A parameter is a global buffer or a scalar.
using Param = std::variant<Buffer, Var>;

struct PrimFunc {
  std::string name;
  std::vector<Param> params;
  AttrDict attrs;
  Stmt body;
  llvm::SMLoc loc;

  /// The buffer parameters, in order.
  std::vector<Buffer> bufferParams() const;
};
using PrimFuncPtr = std::shared_ptr<PrimFunc>;

struct Module {
  std::vector<PrimFuncPtr> funcs;
  /// The function named `name`, or null.
  PrimFuncPtr lookup(std::string_view name) const;
};

} // namespace ttllc
