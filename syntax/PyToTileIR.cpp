//===- syntax/PyToTileIR.cpp - Python syntax tree to Tile IR --------------===//
//
// The converter walks one `@T.prim_func` definition. Values of Python
// expressions are scalars (IR expressions, folded when constant), tuples,
// buffers or None; statements become Tile IR statements. Names live in a
// stack of block scopes (kernel / loop / if bodies open one), with the
// compile-time environment below them.
//
//===----------------------------------------------------------------------===//

#include "syntax/PyToTileIR.h"

#include "ir/IROperators.h"
#include "ir/Intrinsics.h"
#include "ir/Printer.h"
#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/SourceMgr.h"

#include <functional>
#include <limits>
#include <set>
#include <tuple>

using namespace ttllc;
using llvm::SMLoc;

std::string PyValue::str() const {
  switch (v.index()) {
  case 0:
    return "None";
  case 1:
    return std::get<bool>(v) ? "True" : "False";
  case 2:
    return std::to_string(std::get<int64_t>(v));
  case 3:
    return toString(floatImm(std::get<double>(v)));
  case 4:
    if (std::string c = tileLangConstruct(*this); !c.empty())
      return "tilelang.language." + c;
    if (std::string m = macroName(*this); !m.empty())
      return "<macro " + m + ">";
    return "\"" + std::get<std::string>(v) + "\"";
  case 6: {
    const Dict &d = std::get<Dict>(v);
    std::string s = "{";
    for (size_t i = 0; i < d.keys.size(); ++i)
      s += (i ? ", " : "") + d.keys[i].str() + ": " + d.values[i].str();
    return s + "}";
  }
  case 7:
    return "<function " + std::get<Function>(v).name + ">";
  default: {
    const Tuple &t = std::get<Tuple>(v);
    std::string s = "(";
    for (size_t i = 0; i < t.size(); ++i)
      s += (i ? ", " : "") + t[i].str();
    return s + (t.size() == 1 ? ",)" : ")");
  }
  }
}

namespace {

/// A region whose point-indexed dimensions have no extent yet (T.copy infers
/// them from the other side).
struct PartialRegion {
  Buffer buffer;
  std::vector<Expr> starts;
  std::vector<std::optional<int64_t>> extents;
  SMLoc loc;
};

/// The value of a Python expression inside a kernel.
struct Value {
  enum Kind { Scalar, Tuple, BufferRef, Region, None } kind = None;
  Expr expr;               // Scalar (StringImm for strings)
  std::vector<Value> elts; // Tuple
  Buffer buffer;           // BufferRef
  PartialRegion region;    // Region: `A_shared[:, 0:32]` bound to a name or passed to a macro

  static Value scalar(Expr e) {
    Value v;
    v.kind = Scalar;
    v.expr = std::move(e);
    return v;
  }
  static Value tuple(std::vector<Value> e) {
    Value v;
    v.kind = Tuple;
    v.elts = std::move(e);
    return v;
  }
  static Value buf(Buffer b) {
    Value v;
    v.kind = BufferRef;
    v.buffer = std::move(b);
    return v;
  }
  static Value regionOf(PartialRegion r) {
    Value v;
    v.kind = Region;
    v.region = std::move(r);
    return v;
  }
};

const char *kindWord(const Value &v) {
  switch (v.kind) {
  case Value::Scalar:
    return v.expr->kind == ExprKind::StringImm ? "a string" : "a scalar";
  case Value::Tuple:
    return "a tuple";
  case Value::BufferRef:
    return "a buffer";
  case Value::Region:
    return "a buffer region";
  case Value::None:
    return "None";
  }
  return "?";
}

std::optional<BinaryOp> binaryOpOf(const std::string &op) {
  static const std::pair<const char *, BinaryOp> ops[] = {
      {"+", BinaryOp::Add},   {"-", BinaryOp::Sub},       {"*", BinaryOp::Mul},
      {"/", BinaryOp::Div},   {"//", BinaryOp::FloorDiv}, {"%", BinaryOp::FloorMod},
      {"==", BinaryOp::EQ},   {"!=", BinaryOp::NE},       {"<", BinaryOp::LT},
      {"<=", BinaryOp::LE},   {">", BinaryOp::GT},        {">=", BinaryOp::GE},
      {"and", BinaryOp::And}, {"or", BinaryOp::Or}};
  for (auto &[s, o] : ops)
    if (op == s)
      return o;
  return std::nullopt;
}

class Converter {
public:
  Converter(const ConstEnv &env, const ConvertOptions &opts, Diagnostics &diag)
      : env_(&env), opts_(opts), diag_(diag) {}

  PrimFuncPtr convertFunc(const py::Stmt &def);
  PrimFuncPtr convertEager(const EagerKernel &k);
  /// The value of `e`; folded integer constants must fit in int32.
  std::optional<Value> eval(const py::Expr &e);
  /// True once an integer constant did not fit in int32 (an error even where
  /// the caller tries whether an expression is a constant).
  bool outOfRange() const { return outOfRange_; }

private:
  struct NameScope {
    std::map<std::string, Value> names;
    bool isLoop = false;
  };
  /// The compile-time names: the factory's, or a macro's while its body is
  /// inlined.
  const ConstEnv *env_;
  const ConvertOptions &opts_;
  Diagnostics &diag_;
  std::vector<NameScope> scopes_;
  PrimFunc *func_ = nullptr;
  bool outOfRange_ = false;
  int kernelDepth_ = 0;

  // --- macros (inlined where a kernel calls them)
  /// Where the statement being converted goes: the body of a macro it calls
  /// is put there first. Null outside statements (a constant of the factory).
  std::vector<Stmt> *emit_ = nullptr;
  /// The macro calls of the statement being converted, already inlined, with
  /// their values: an expression evaluated twice (quietly, then for real)
  /// inlines its macros once.
  std::map<const py::Expr *, Value> macroResults_;
  /// The macros being inlined, innermost last.
  struct MacroFrame {
    const void *key; // the def or lambda
    bool returned = false;
    Value value;
  };
  std::vector<MacroFrame> macroFrames_;
  /// Loops, run-time ifs and T.Kernel bodies around the statement being
  /// converted, counted from the innermost macro's body: a macro returns
  /// only outside them.
  int runtimeDepth_ = 0;
  /// Calls inlined so far (a bound on the kernel's size).
  unsigned inlinedCalls_ = 0;
  /// True once the innermost macro has run its `return`.
  bool returning() const { return !macroFrames_.empty() && macroFrames_.back().returned; }
  /// The macro `callee` calls, when it is a name no kernel scope binds.
  std::optional<Macro> macroOf(const py::Expr &callee) const;
  std::optional<Value> callMacro(const py::Expr &call, const Macro &m);
  /// Statements of a @T.prim_func's body that declared its tensors (`A:
  /// T.Tensor[...]`, `B = T.empty(...)`, `return B`): already taken care of.
  std::set<const py::Stmt *> declarations_;

  std::optional<Value> evalUnchecked(const py::Expr &e);

  // --- helpers
  bool error(SMLoc loc, const llvm::Twine &msg) {
    diag_.error(loc, msg);
    return false;
  }
  bool rangeError(SMLoc loc, const llvm::Twine &msg) {
    outOfRange_ = true;
    return error(loc, msg);
  }
  /// Where unsupported code is: a prim_func, or the factory code around it
  /// (parameter defaults, constants, literal calls) that evalConstant reads.
  const char *inWhat() const { return func_ ? "in a kernel" : "in the kernel factory"; }
  /// The construct a name of the factory holds (`reduce_fn` bound to
  /// `T.reduce_max`: "reduce_max"), or "".
  std::string heldConstruct(const py::Expr &e) const {
    if (e.kind != py::ExprKind::Name || lookup(e.name))
      return "";
    auto it = env_->find(e.name);
    return it == env_->end() ? "" : tileLangConstruct(it->second);
  }
  /// `T.copy` for both `T.copy` and a name holding it.
  std::string dottedOf(const py::Expr &e) const {
    std::string c = heldConstruct(e);
    return c.empty() ? e.dottedName() : opts_.langAlias + "." + c;
  }
  /// "copy" for `T.copy` (or a name holding it), "" when `e` is not an
  /// attribute of the alias.
  std::string langName(const py::Expr &e) const {
    if (std::string c = heldConstruct(e); !c.empty())
      return c;
    std::string d = e.dottedName();
    std::string prefix = opts_.langAlias + ".";
    if (d.size() > prefix.size() && d.compare(0, prefix.size(), prefix) == 0 &&
        d.find('.', prefix.size()) == std::string::npos)
      return d.substr(prefix.size());
    return "";
  }
  /// `iket.range` when `iket` is an imported TileLang module (not the language).
  bool isTileLangModuleCall(const py::Expr &callee) const {
    const py::Expr *root = &callee;
    while (root->kind == py::ExprKind::Attribute)
      root = root->a.get();
    return root != &callee && root->kind == py::ExprKind::Name &&
           opts_.tileLangModules.count(root->name) && !lookup(root->name) &&
           !env_->count(root->name);
  }
  std::string shown(const py::Expr &callee) const {
    std::string d = dottedOf(callee);
    return d.empty() ? "call" : d;
  }
  const Value *lookup(const std::string &name, bool *beyondLoop = nullptr) const;
  void bind(const std::string &name, Value v) { scopes_.back().names[name] = std::move(v); }
  Value fromPy(const PyValue &p, SMLoc loc) const;

  std::optional<Expr> evalScalar(const py::Expr &e, const char *what);
  /// Python's truth of `e` when it is known at compile time (None, a string,
  /// a tuple or a constant number); nullopt otherwise, without diagnostics.
  std::optional<bool> constTruth(const py::Expr &e);
  std::optional<int64_t> evalInt(const py::Expr &e, const char *what);
  std::optional<bool> evalBool(const py::Expr &e, const char *what);
  /// A buffer dtype; with `scalar`, also "bool" (T.Cast of a scalar).
  std::optional<DType> evalDType(const py::Expr &e, bool scalar = false);
  std::optional<std::vector<int64_t>> evalShape(const py::Expr &e);
  std::optional<AttrValue> evalAttr(const py::Expr &e);
  std::optional<Value> evalCall(const py::Expr &e);
  std::optional<Value> evalSubscript(const py::Expr &e);

  // --- calls
  /// The parameters of a construct: minArgs..maxArgs arguments, of which
  /// those named in `positional` may also be passed by keyword; keyword-only
  /// options; GPU hints accepted with a warning.
  struct Signature {
    size_t minArgs, maxArgs;
    std::vector<const char *> positional = {};
    std::vector<const char *> keywords = {};
    std::vector<const char *> hints = {};
  };
  bool checkArgs(const py::Expr &call, const Signature &sig);
  const py::Expr *keyword(const py::Expr &call, const char *name) const;
  /// Positional argument i, else keyword `name`, else null.
  const py::Expr *arg(const py::Expr &call, size_t i, const char *name) const;

  std::optional<PartialRegion> evalRegion(const py::Expr &e);
  /// The indices of subscript `sub` of a buffer of `rank` dimensions, with
  /// `...` expanded to the full slices it stands for (A[..., 0:32]).
  std::optional<std::vector<const py::Expr *>> expandEllipsis(const py::Expr &sub, size_t rank);
  /// The slices expandEllipsis made, owned for the conversion.
  std::vector<py::ExprP> synthesized_;
  std::optional<Region> finishRegion(PartialRegion p, const PartialRegion *other);

  // --- statements
  bool convertBlock(const std::vector<py::StmtP> &body, std::vector<Stmt> &out, bool loopScope);
  bool convertStmt(const py::Stmt &s, std::vector<Stmt> &out);
  bool convertStmtKind(const py::Stmt &s, std::vector<Stmt> &out);
  bool convertExprStmt(const py::Stmt &s, std::vector<Stmt> &out);
  /// A call as a statement (T.copy, a macro, an intrinsic), at `loc`.
  bool convertCallStmt(const py::Expr &call, SMLoc loc, std::vector<Stmt> &out);
  bool convertAssign(const py::Stmt &s, std::vector<Stmt> &out);
  bool convertFor(const py::Stmt &s, std::vector<Stmt> &out);
  bool convertWith(const py::Stmt &s, std::vector<Stmt> &out);
  bool convertIf(const py::Stmt &s, std::vector<Stmt> &out);
  bool bindName(const py::Expr &target, Value v, SMLoc loc, std::vector<Stmt> &out);
  std::optional<Buffer> evalAlloc(const py::Expr &call, const std::string &name);
  std::optional<Buffer> evalTensorType(const py::Expr &ann, const std::string &name, SMLoc loc);
};

const Value *Converter::lookup(const std::string &name, bool *beyondLoop) const {
  bool crossedLoop = false;
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto f = it->names.find(name);
    if (f != it->names.end()) {
      if (beyondLoop)
        *beyondLoop = crossedLoop;
      return &f->second;
    }
    crossedLoop |= it->isLoop;
  }
  return nullptr;
}

Value Converter::fromPy(const PyValue &p, SMLoc loc) const {
  switch (p.v.index()) {
  case 1:
    return Value::scalar(boolImm(std::get<bool>(p.v), loc));
  case 2:
    return Value::scalar(intImm(std::get<int64_t>(p.v), DType::Int32, loc));
  case 3:
    return Value::scalar(floatImm(std::get<double>(p.v), DType::Float32, loc));
  case 4:
    return Value::scalar(stringImm(std::get<std::string>(p.v), loc));
  case 5: {
    std::vector<Value> elts;
    for (const PyValue &e : std::get<PyValue::Tuple>(p.v))
      elts.push_back(fromPy(e, loc));
    return Value::tuple(std::move(elts));
  }
  default:
    return Value();
  }
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

std::optional<Value> Converter::eval(const py::Expr &e) {
  std::optional<Value> v = evalUnchecked(e);
  if (v && v->kind == Value::Scalar && v->expr->dtype == DType::Int32)
    if (auto c = asConstInt(v->expr); c && (*c > INT32_MAX || *c < INT32_MIN)) {
      rangeError(e.loc, "integer constant " + std::to_string(*c) + " does not fit in int32");
      return std::nullopt;
    }
  return v;
}

std::optional<Value> Converter::evalUnchecked(const py::Expr &e) {
  using K = py::ExprKind;
  switch (e.kind) {
  case K::Int:
    if (e.ival > INT32_MAX || e.ival < INT32_MIN) {
      rangeError(e.loc, "integer literal " + std::to_string(e.ival) + " does not fit in int32");
      return std::nullopt;
    }
    return Value::scalar(intImm(e.ival, DType::Int32, e.loc));
  case K::Float:
    return Value::scalar(floatImm(e.fval, DType::Float32, e.loc));
  case K::Str:
    return Value::scalar(stringImm(e.str, e.loc));
  case K::Bool:
    return Value::scalar(boolImm(e.bval, e.loc));
  case K::None:
    return Value();
  case K::Name: {
    if (const Value *v = lookup(e.name))
      return *v;
    auto it = env_->find(e.name);
    if (it != env_->end() && !macroName(it->second).empty()) {
      error(e.loc, "'" + e.name + "' is a @" + opts_.langAlias +
                       ".macro, which a kernel calls; it is not a value");
      return std::nullopt;
    }
    // A function value of the factory, or a function at the top level of the file.
    if (it != env_->end() ? std::holds_alternative<PyValue::Function>(it->second.v)
                          : opts_.macro && opts_.macro(e.name, nullptr)) {
      error(e.loc, "'" + e.name + "' is a function, which a kernel calls; it is not a value");
      return std::nullopt;
    }
    if (it != env_->end() && !tileLangConstruct(it->second).empty()) {
      error(e.loc, "'" + e.name + "' holds the TileLang construct '" + dottedOf(e) +
                       "', which is not a value in a kernel");
      return std::nullopt;
    }
    if (it != env_->end())
      return fromPy(it->second, e.loc);
    error(e.loc, "use of undefined name '" + e.name + "'");
    return std::nullopt;
  }
  case K::Attribute: {
    std::string n = langName(e);
    if (!n.empty() && parseDType(n))
      return Value::scalar(stringImm(std::string(dtypeName(*parseDType(n))), e.loc));
    if (!n.empty() && isUnsupportedTileLangDType(n)) // a value; an error where used as a dtype
      return Value::scalar(stringImm(n, e.loc));
    if ((e.name == "dtype" || e.name == "shape") && e.a->kind == K::Name) {
      // buf.dtype, buf.shape (also of a region alias)
      std::optional<Value> b;
      {
        SuppressDiagnostics quiet(diag_);
        b = eval(*e.a);
      }
      if (b && (b->kind == Value::BufferRef || b->kind == Value::Region)) {
        const Buffer &buf = b->kind == Value::Region ? b->region.buffer : b->buffer;
        if (e.name == "dtype")
          return Value::scalar(stringImm(std::string(dtypeName(buf->dtype)), e.loc));
        std::vector<Value> dims;
        if (b->kind == Value::Region)
          for (const auto &x : b->region.extents)
            dims.push_back(Value::scalar(intImm(x.value_or(1), DType::Int32, e.loc)));
        else
          for (int64_t d : buf->shape)
            dims.push_back(Value::scalar(intImm(d, DType::Int32, e.loc)));
        return Value::tuple(std::move(dims));
      }
    }
    error(e.loc, "unsupported expression '" +
                     (e.dottedName().empty() ? "." + e.name : e.dottedName()) + "'");
    return std::nullopt;
  }
  case K::Tuple:
  case K::List: {
    std::vector<Value> elts;
    for (const py::ExprP &x : e.elts) {
      auto v = eval(*x);
      if (!v)
        return std::nullopt;
      elts.push_back(std::move(*v));
    }
    return Value::tuple(std::move(elts));
  }
  case K::UnaryOp: {
    if (e.op == "+") {
      auto a = evalScalar(*e.a, "operand of unary '+'");
      return a ? std::optional<Value>(Value::scalar(*a)) : std::nullopt;
    }
    if (e.op != "-" && e.op != "not") {
      error(e.loc, "unsupported operator '" + e.op + "'");
      return std::nullopt;
    }
    auto a = evalScalar(*e.a, "operand");
    if (!a)
      return std::nullopt;
    return Value::scalar(unary(e.op == "-" ? UnaryOp::Neg : UnaryOp::Not, *a, e.loc));
  }
  case K::BinOp: {
    if (e.op == "**") {
      auto base = evalInt(*e.a, "base of '**'"), exp = evalInt(*e.b, "exponent of '**'");
      if (!base || !exp)
        return std::nullopt;
      if (*exp < 0) {
        error(e.b->loc, "exponent of '**' must not be negative");
        return std::nullopt;
      }
      int64_t r = 1;
      for (int64_t i = 0; i < *exp; ++i)
        if (__builtin_mul_overflow(r, *base, &r) || r > INT32_MAX || r < INT32_MIN) {
          rangeError(e.loc, "integer constant " + std::to_string(*base) + " ** " +
                                std::to_string(*exp) + " does not fit in int32");
          return std::nullopt;
        }
      return Value::scalar(intImm(r, DType::Int32, e.loc));
    }
    auto op = binaryOpOf(e.op);
    if (!op) {
      error(e.loc, "unsupported operator '" + e.op + "' " + inWhat());
      return std::nullopt;
    }
    auto a = evalScalar(*e.a, "left operand");
    if (!a)
      return std::nullopt;
    auto b = evalScalar(*e.b, "right operand");
    if (!b)
      return std::nullopt;
    if ((*op == BinaryOp::FloorDiv || *op == BinaryOp::FloorMod || *op == BinaryOp::Div) &&
        asConstInt(*b) == 0) {
      error(e.b->loc, "division by zero");
      return std::nullopt;
    }
    return Value::scalar(binary(*op, *a, *b, e.loc));
  }
  case K::Compare: {
    bool is = e.ops.size() == 1 && (e.ops[0] == "is" || e.ops[0] == "is not");
    if (is || (e.ops.size() == 1 && (e.ops[0] == "==" || e.ops[0] == "!="))) {
      // `x is None` (a factory option left out) is known at compile time.
      SuppressDiagnostics quiet(diag_);
      auto a = eval(*e.elts[0]);
      auto b = a ? eval(*e.elts[1]) : std::nullopt;
      bool positive = e.ops[0] == "is" || e.ops[0] == "==";
      if (a && b && (a->kind == Value::None || b->kind == Value::None))
        return Value::scalar(
            boolImm((a->kind == Value::None && b->kind == Value::None) == positive, e.loc));
    }
    if (is) {
      error(e.loc, "'" + e.ops[0] + "' compares only with None " + inWhat());
      return std::nullopt;
    }
    if (e.ops.size() == 1 && (e.ops[0] == "==" || e.ops[0] == "!=")) {
      // Strings (dtypes, the factory's options) compare at compile time.
      auto a = eval(*e.elts[0]);
      auto b = a ? eval(*e.elts[1]) : std::nullopt;
      if (!b)
        return std::nullopt;
      const auto *sa =
          a->kind == Value::Scalar ? llvm::dyn_cast<StringImmNode>(a->expr.get()) : nullptr;
      const auto *sb =
          b->kind == Value::Scalar ? llvm::dyn_cast<StringImmNode>(b->expr.get()) : nullptr;
      if (sa && sb)
        return Value::scalar(boolImm((sa->value == sb->value) == (e.ops[0] == "=="), e.loc));
    }
    Expr result;
    std::optional<Expr> lhs = evalScalar(*e.elts[0], "operand");
    if (!lhs)
      return std::nullopt;
    for (size_t i = 0; i < e.ops.size(); ++i) {
      auto op = binaryOpOf(e.ops[i]);
      if (!op) {
        error(e.loc, "unsupported comparison '" + e.ops[i] + "' " + inWhat());
        return std::nullopt;
      }
      auto rhs = evalScalar(*e.elts[i + 1], "operand");
      if (!rhs)
        return std::nullopt;
      Expr c = binary(*op, *lhs, *rhs, e.loc);
      result = result ? binary(BinaryOp::And, result, c, e.loc) : c;
      lhs = rhs;
    }
    return Value::scalar(result);
  }
  case K::BoolOp: {
    BinaryOp op = e.op == "and" ? BinaryOp::And : BinaryOp::Or;
    Expr result;
    for (const py::ExprP &x : e.elts) {
      auto v = evalScalar(*x, "operand");
      if (!v)
        return std::nullopt;
      result = result ? binary(op, result, *v, e.loc) : *v;
    }
    return Value::scalar(result);
  }
  case K::IfExp: {
    // Only the branch a compile-time condition picks is evaluated, as in
    // Python (`new_dtype if new_dtype else dtype` with new_dtype None).
    if (auto k = constTruth(*e.a))
      return eval(*k ? *e.b : *e.c);
    auto c = evalScalar(*e.a, "condition");
    if (!c)
      return std::nullopt;
    auto t = evalScalar(*e.b, "value"), f = evalScalar(*e.c, "value");
    if (!t || !f)
      return std::nullopt;
    return Value::scalar(select(*c, *t, *f, e.loc));
  }
  case K::Call:
    return evalCall(e);
  case K::Subscript:
    return evalSubscript(e);
  case K::Slice:
    error(e.loc, "a slice is only allowed as a buffer region in T.copy, T.gemm or T.fill");
    return std::nullopt;
  case K::Dict:
    error(e.loc, "a dict is only allowed in T.func_attr and T.buffer_attr");
    return std::nullopt;
  case K::Set:
    error(e.loc, std::string("a set is only evaluated in the kernel factory, not ") + inWhat());
    return std::nullopt;
  case K::FString:
  case K::FormattedValue:
    error(e.loc,
          std::string("an f-string is only evaluated in the kernel factory, not ") + inWhat());
    return std::nullopt;
  case K::Comp:
    error(e.loc,
          std::string("a comprehension is only evaluated in the kernel factory, not ") + inWhat());
    return std::nullopt;
  case K::Lambda:
    error(e.loc, std::string("a lambda is only evaluated in the kernel factory, not ") + inWhat());
    return std::nullopt;
  case K::Starred:
    error(e.loc, "unsupported syntax: starred expression in a kernel");
    return std::nullopt;
  case K::Ellipsis:
    error(e.loc, "'...' is only allowed as a statement or among the indices of a buffer");
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<bool> Converter::constTruth(const py::Expr &e) {
  std::optional<Value> v;
  {
    SuppressDiagnostics quiet(diag_);
    v = eval(e);
  }
  if (!v)
    return std::nullopt;
  switch (v->kind) {
  case Value::None:
    return false;
  case Value::Tuple:
    return !v->elts.empty();
  case Value::BufferRef:
  case Value::Region:
    return std::nullopt;
  case Value::Scalar:
    if (auto *str = llvm::dyn_cast<StringImmNode>(v->expr.get()))
      return !str->value.empty();
    if (auto i = asConstInt(v->expr))
      return *i != 0;
    if (auto f = asConstFloat(v->expr))
      return *f != 0;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Expr> Converter::evalScalar(const py::Expr &e, const char *what) {
  auto v = eval(e);
  if (!v)
    return std::nullopt;
  if (v->kind != Value::Scalar || v->expr->kind == ExprKind::StringImm) {
    error(e.loc, llvm::Twine(what) + " must be a number, got " + kindWord(*v));
    return std::nullopt;
  }
  if (v->expr->dtype == DType::Void) {
    error(e.loc, "'" + toString(v->expr) + "' returns no value, so it cannot be the " + what);
    return std::nullopt;
  }
  return v->expr;
}

std::optional<int64_t> Converter::evalInt(const py::Expr &e, const char *what) {
  auto v = evalScalar(e, what);
  if (!v)
    return std::nullopt;
  auto c = asConstInt(*v);
  if (!c || (*v)->dtype == DType::Bool) {
    error(e.loc, llvm::Twine(what) + " must be a compile-time integer constant, got '" +
                     toString(*v) + "'");
    return std::nullopt;
  }
  return c;
}

std::optional<bool> Converter::evalBool(const py::Expr &e, const char *what) {
  auto v = evalScalar(e, what);
  if (!v)
    return std::nullopt;
  auto c = asConstInt(*v);
  if (!c) {
    error(e.loc, llvm::Twine(what) + " must be a compile-time constant");
    return std::nullopt;
  }
  return *c != 0;
}

std::optional<DType> Converter::evalDType(const py::Expr &e, bool scalar) {
  auto v = eval(e);
  if (!v)
    return std::nullopt;
  if (v->kind == Value::Scalar)
    if (auto *s = llvm::dyn_cast<StringImmNode>(v->expr.get())) {
      if (auto t = parseDType(s->value); t && (scalar || *t != DType::Bool))
        return t;
      if (isUnsupportedTileLangDType(s->value))
        error(e.loc, "dtype '" + s->value + "' is not supported by the Tenstorrent lowering yet" +
                         (s->value == "bool" ? " (only as the type of a scalar cast)" : ""));
      else
        error(e.loc, "unknown dtype \"" + s->value +
                         "\" (expected bfloat16, float16, float32, int32" +
                         (scalar ? ", uint32 or bool)" : " or uint32)"));
      return std::nullopt;
    }
  error(e.loc, llvm::Twine("dtype must be a string such as \"bfloat16\", got ") + kindWord(*v));
  return std::nullopt;
}

std::optional<std::vector<int64_t>> Converter::evalShape(const py::Expr &e) {
  // Each dimension with the location to blame: its own expression when the
  // shape is written as a tuple, else the whole shape expression.
  std::vector<std::pair<Value, SMLoc>> dims;
  if (e.kind == py::ExprKind::Tuple || e.kind == py::ExprKind::List) {
    for (const py::ExprP &x : e.elts) {
      auto v = eval(*x);
      if (!v)
        return std::nullopt;
      dims.emplace_back(std::move(*v), x->loc);
    }
  } else {
    auto v = eval(e);
    if (!v)
      return std::nullopt;
    if (v->kind == Value::Tuple)
      for (Value &d : v->elts)
        dims.emplace_back(std::move(d), e.loc);
    else
      dims.emplace_back(std::move(*v), e.loc);
  }
  if (dims.empty()) {
    error(e.loc, "shape must have at least one dimension");
    return std::nullopt;
  }
  std::vector<int64_t> shape;
  for (const auto &[d, loc] : dims) {
    std::optional<int64_t> c;
    if (d.kind == Value::Scalar && d.expr->dtype != DType::Bool)
      c = asConstInt(d.expr);
    if (!c) {
      error(loc, "shape dimension must be a compile-time constant, got " +
                     (d.kind == Value::Scalar ? "'" + toString(d.expr) + "'"
                                              : std::string(kindWord(d))));
      return std::nullopt;
    }
    if (*c <= 0) {
      error(loc, "shape dimension must be positive, got " + std::to_string(*c));
      return std::nullopt;
    }
    shape.push_back(*c);
  }
  return shape;
}

std::optional<AttrValue> Converter::evalAttr(const py::Expr &e) {
  using K = py::ExprKind;
  if (e.kind == K::Dict) {
    AttrDict d;
    for (size_t i = 0; i < e.elts.size(); ++i) {
      if (e.elts[i]->kind != K::Str) {
        error(e.elts[i]->loc, "attribute keys must be string literals");
        return std::nullopt;
      }
      auto v = evalAttr(*e.values[i]);
      if (!v)
        return std::nullopt;
      d.set(e.elts[i]->str, std::move(*v));
    }
    return AttrValue(std::move(d));
  }
  if (e.kind == K::List || e.kind == K::Tuple) {
    AttrValue::List l;
    for (const py::ExprP &x : e.elts) {
      auto v = evalAttr(*x);
      if (!v)
        return std::nullopt;
      l.push_back(std::move(*v));
    }
    return AttrValue(std::move(l));
  }
  // Attribute integers are 64-bit: take literals as written.
  if (e.kind == K::Int)
    return AttrValue(e.ival);
  if (e.kind == K::UnaryOp && e.op == "-" && e.a->kind == K::Int)
    return AttrValue(-e.a->ival);
  auto v = eval(e);
  if (!v)
    return std::nullopt;
  if (v->kind == Value::Scalar) {
    const Expr &x = v->expr;
    if (auto *s = llvm::dyn_cast<StringImmNode>(x.get()))
      return AttrValue(s->value);
    if (auto *i = llvm::dyn_cast<IntImmNode>(x.get()))
      return x->dtype == DType::Bool ? AttrValue(i->value != 0) : AttrValue(i->value);
    if (auto *f = llvm::dyn_cast<FloatImmNode>(x.get()))
      return AttrValue(f->value);
  }
  error(e.loc, "attribute values must be constants (bool, int, float, string, list or dict)");
  return std::nullopt;
}

const py::Expr *Converter::keyword(const py::Expr &call, const char *name) const {
  for (const py::Keyword &k : call.keywords)
    if (k.name == name)
      return k.value.get();
  return nullptr;
}

const py::Expr *Converter::arg(const py::Expr &call, size_t i, const char *name) const {
  if (i < call.elts.size())
    return call.elts[i].get();
  return name ? keyword(call, name) : nullptr;
}

static std::string plural(size_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool Converter::checkArgs(const py::Expr &call, const Signature &sig) {
  std::string name = shown(*call.a);
  size_t n = call.elts.size();
  if (n > sig.maxArgs)
    return error(call.elts[sig.maxArgs]->loc,
                 name + " takes at most " +
                     plural(sig.maxArgs, "positional argument", "positional arguments") + ", got " +
                     std::to_string(n));
  auto in = [](const std::vector<const char *> &v, const std::string &k) {
    for (size_t i = 0; i < v.size(); ++i)
      if (k == v[i])
        return int(i);
    return -1;
  };
  std::set<std::string> seen;
  for (const py::Keyword &k : call.keywords) {
    if (!seen.insert(k.name).second)
      return error(k.loc, "keyword argument '" + k.name + "' given twice");
    if (int i = in(sig.positional, k.name); i >= 0) {
      if (size_t(i) < n)
        return error(k.loc, name + " got argument '" + k.name +
                                "' both by position and by "
                                "keyword");
      continue;
    }
    if (in(sig.keywords, k.name) >= 0)
      continue;
    if (in(sig.hints, k.name) < 0)
      return error(k.loc, "unexpected keyword argument '" + k.name + "' to " + name);
    diag_.warning(k.loc, "'" + k.name + "=' of " + name +
                             " is a GPU scheduling hint with no effect on Tenstorrent targets");
  }
  for (size_t i = n; i < sig.minArgs; ++i) {
    if (i < sig.positional.size()) {
      if (!keyword(call, sig.positional[i]))
        return error(call.loc, name + " is missing argument '" + sig.positional[i] + "'");
      continue;
    }
    return error(call.loc, name + " expects " + (sig.minArgs == sig.maxArgs ? "" : "at least ") +
                               plural(sig.minArgs, "argument", "arguments") + ", got " +
                               std::to_string(n));
  }
  return true;
}

/// Names of TileLang's language (tilelang.language) that tt-llc does not
/// take yet: a kernel using one stops with a located error naming it.
static bool isTileLangName(const std::string &n) {
  static const std::set<std::string> names = {"CUDASourceCodeKernel",
                                              "Assert",
                                              "ClusterKernel",
                                              "If",
                                              "Persistent",
                                              "PersistentTileScheduler",
                                              "Select",
                                              "StridedTensor",
                                              "WSPipeline",
                                              "WSRole",
                                              "WSSchedule",
                                              "WSScope",
                                              "While",
                                              "__ffs",
                                              "__fns",
                                              "__ldg",
                                              "access_ptr",
                                              "activemask",
                                              "align_up",
                                              "all_of",
                                              "all_sync",
                                              "alloc_barrier",
                                              "alloc_buffer",
                                              "alloc_cluster_barrier",
                                              "alloc_global",
                                              "alloc_reducer",
                                              "alloc_tcgen05_smem_desc",
                                              "alloc_tmem",
                                              "alloc_var",
                                              "alloc_wgmma_desc",
                                              "annotate_compile_flags",
                                              "annotate_consumer_reg_alloc",
                                              "annotate_min_blocks_per_sm",
                                              "annotate_pass_configs",
                                              "annotate_producer_reg_dealloc",
                                              "annotate_safe_value",
                                              "annotate_ws_schedule",
                                              "any_of",
                                              "any_sync",
                                              "assume",
                                              "async_copy",
                                              "atomic_add",
                                              "atomic_addx2",
                                              "atomic_addx4",
                                              "atomic_load",
                                              "atomic_max",
                                              "atomic_min",
                                              "atomic_or",
                                              "atomic_store",
                                              "attr",
                                              "ballot",
                                              "ballot_sync",
                                              "barrier_arrive",
                                              "barrier_wait",
                                              "block",
                                              "block_attr",
                                              "call_extern",
                                              "call_packed",
                                              "ceil",
                                              "comm_reducer",
                                              "cos",
                                              "cp_async_barrier_noinc",
                                              "cummax",
                                              "cumsum",
                                              "disable_warp_group_reg_alloc",
                                              "dp4a",
                                              "evaluate",
                                              "extract_lane",
                                              "fence_proxy_async",
                                              "finalize_reducer",
                                              "floordiv",
                                              "floormod",
                                              "gemm_sp",
                                              "get_block_binding",
                                              "get_lane_idx",
                                              "get_thread_binding",
                                              "get_warp_group_idx",
                                              "get_warp_idx",
                                              "get_warp_idx_sync",
                                              "handle",
                                              "im2col",
                                              "import_source",
                                              "index_to_coordinates",
                                              "isfinite",
                                              "launch_thread",
                                              "ldg128",
                                              "ldg256",
                                              "ldg32",
                                              "ldg64",
                                              "lds128",
                                              "lds32",
                                              "lds64",
                                              "let",
                                              "log2",
                                              "make_tensor",
                                              "match_all_sync",
                                              "match_any_sync",
                                              "match_buffer",
                                              "mbarrier_arrive",
                                              "mbarrier_arrive_expect_tx",
                                              "mbarrier_expect_tx",
                                              "mbarrier_wait_parity",
                                              "mma_gemm_blockscaled",
                                              "no_set_max_nreg",
                                              "parallel",
                                              "ptr",
                                              "ptx_commit_group",
                                              "ptx_cp_async",
                                              "ptx_wait_group",
                                              "reads",
                                              "reduce_absmax",
                                              "reduce_abssum",
                                              "reduce_max",
                                              "reduce_min",
                                              "reduce_sum",
                                              "reducer_init",
                                              "reducer_update",
                                              "reinterpret",
                                              "reshape",
                                              "set_max_nreg",
                                              "shfl_sync",
                                              "shift_left",
                                              "shuffle_elect",
                                              "sin",
                                              "stg128",
                                              "stg256",
                                              "stg32",
                                              "stg64",
                                              "sts128",
                                              "sts32",
                                              "sts64",
                                              "sync_grid",
                                              "sync_threads",
                                              "sync_warp",
                                              "syncthreads_and",
                                              "syncthreads_count",
                                              "syncthreads_or",
                                              "tcgen05_after_thread_sync",
                                              "tcgen05_before_thread_sync",
                                              "tcgen05_cp_warpx4",
                                              "tcgen05_gemm",
                                              "tcgen05_gemm_blockscaled",
                                              "tcgen05_mma_arrive",
                                              "tcgen05_sf_warp_transpose",
                                              "thread_binding",
                                              "tma_copy",
                                              "tma_gather4",
                                              "tma_gather4_bytes",
                                              "tma_scatter4",
                                              "tma_store_arrive",
                                              "tma_store_wait",
                                              "transpose",
                                              "tvm_thread_allreduce",
                                              "tvm_warp_shuffle",
                                              "unroll",
                                              "vectorized",
                                              "view",
                                              "wait_wgmma",
                                              "warp_reduce_bitand",
                                              "warp_reduce_bitor",
                                              "warp_reduce_max",
                                              "warp_reduce_min",
                                              "warp_reduce_sum",
                                              "wgmma_gemm",
                                              "writes",
                                              "ws",
                                              "ws_op",
                                              "sblock",
                                              "print",
                                              "clamp",
                                              "max_value",
                                              "min_value",
                                              "loop_break",
                                              "pdl_trigger",
                                              "pdl_sync"};
  return names.count(n) != 0;
}

std::optional<Macro> Converter::macroOf(const py::Expr &callee) const {
  if (callee.kind != py::ExprKind::Name || !opts_.macro || lookup(callee.name))
    return std::nullopt;
  auto it = env_->find(callee.name);
  if (it != env_->end() && macroName(it->second).empty() &&
      !std::holds_alternative<PyValue::Function>(it->second.v))
    return std::nullopt;
  return opts_.macro(callee.name, it != env_->end() ? &it->second : nullptr);
}

std::optional<Value> Converter::callMacro(const py::Expr &call, const Macro &m) {
  if (auto it = macroResults_.find(&call); it != macroResults_.end())
    return it->second;
  // The parameters, from the def or the lambda.
  struct Param {
    std::string name;
    SMLoc loc;
    const py::Expr *defaultValue;
    int star;
  };
  std::vector<Param> params;
  std::string what = "lambda";
  const void *key = m.lambda;
  if (m.def) {
    key = m.def;
    bool macro =
        std::any_of(m.def->decorators.begin(), m.def->decorators.end(),
                    [&](const py::ExprP &d) { return isMacroDecorator(*d, opts_.langAlias); });
    what = (macro ? "macro '" : "function '") + m.def->name + "'";
    for (const py::Param &p : m.def->params)
      params.push_back(Param{p.name, p.loc, p.defaultValue.get(), p.star});
  } else {
    for (const py::Keyword &k : m.lambda->keywords) {
      int star = k.name.rfind("**", 0) == 0 ? 2 : k.name.rfind('*', 0) == 0 ? 1 : 0;
      params.push_back(Param{k.name.substr(size_t(star)), k.loc, k.value.get(), star});
    }
  }
  if (!emit_) {
    error(call.loc, what + " can only be called in a kernel");
    return std::nullopt;
  }
  for (const MacroFrame &f : macroFrames_)
    if (f.key == key) {
      error(call.loc, "recursive call of " + what +
                          ": a kernel inlines what it calls, so it cannot call itself");
      return std::nullopt;
    }
  if (macroFrames_.size() >= 64) {
    error(call.loc, "macro calls nest too deeply");
    return std::nullopt;
  }
  if (++inlinedCalls_ > 100000) { // macros calling macros several times each
    error(call.loc, "the kernel inlines too many calls (more than 100000)");
    return std::nullopt;
  }
  for (const Param &p : params)
    if (p.star) {
      error(p.loc, "a function a kernel calls cannot take '" + std::string(size_t(p.star), '*') +
                       p.name +
                       "': it is inlined with its arguments bound to its parameters by "
                       "name");
      return std::nullopt;
    }
  // The arguments, evaluated where the call is.
  std::vector<std::optional<Value>> args(params.size());
  for (size_t i = 0; i < call.elts.size(); ++i) {
    const py::Expr &x = *call.elts[i];
    if (x.kind == py::ExprKind::Starred) {
      error(x.loc, "unsupported syntax: starred argument of a call in a kernel");
      return std::nullopt;
    }
    if (i >= params.size()) {
      error(x.loc, what + " takes " + plural(params.size(), "argument", "arguments") + ", got " +
                       std::to_string(call.elts.size()));
      return std::nullopt;
    }
    if (!(args[i] = eval(x)))
      return std::nullopt;
  }
  for (const py::Keyword &k : call.keywords) {
    auto p = std::find_if(params.begin(), params.end(),
                          [&](const Param &q) { return q.name == k.name; });
    if (k.name.empty() || p == params.end()) {
      error(k.loc, k.name.empty() ? "unsupported syntax: '**' argument of a call in a kernel"
                                  : what + " has no parameter '" + k.name + "'");
      return std::nullopt;
    }
    size_t i = size_t(p - params.begin());
    if (args[i]) {
      error(k.loc, what + " got several values for argument '" + k.name + "'");
      return std::nullopt;
    }
    if (!(args[i] = eval(*k.value)))
      return std::nullopt;
  }
  for (size_t i = 0; i < params.size(); ++i)
    if (!args[i] && !params[i].defaultValue) {
      error(call.loc, what + " is missing argument '" + params[i].name + "'");
      return std::nullopt;
    }

  // The body, with the function's own names: its parameters over the scope
  // that defines it (not the caller's names).
  std::vector<NameScope> savedScopes;
  savedScopes.swap(scopes_);
  const ConstEnv *savedEnv = env_;
  int savedDepth = runtimeDepth_;
  scopes_.push_back(NameScope{});
  env_ = &m.env;
  runtimeDepth_ = 0;
  macroFrames_.push_back(MacroFrame{key, false, Value()});
  std::vector<Stmt> body;
  bool ok = true;
  for (size_t i = 0; ok && i < params.size(); ++i) {
    if (!args[i])
      args[i] = eval(*params[i].defaultValue); // in the defining scope, as Python
    if (!(ok = args[i].has_value()))
      break;
    // As in TileLang, the parameter holds the argument's expression: `buf[i]`
    // is read where the function uses it (and is a region's start in T.copy).
    bind(params[i].name, std::move(*args[i]));
  }
  if (ok && m.lambda) {
    // `lambda A, B, C: T.gemm(A, B, C)`: a call of a construct without a
    // value is the lambda's statement; else its value.
    const py::Expr &x = *m.lambda->a;
    static const std::set<std::string> statements = {"clear", "fill", "copy", "gemm"};
    std::vector<Stmt> *savedEmit = emit_;
    emit_ = &body;
    if (x.kind == py::ExprKind::Call && statements.count(langName(*x.a))) {
      ok = convertCallStmt(x, x.loc, body);
    } else {
      std::optional<Value> v = eval(x);
      if ((ok = v.has_value()))
        macroFrames_.back().value = std::move(*v);
    }
    emit_ = savedEmit;
  }
  for (size_t i = 0; ok && m.def && i < m.def->body.size() && !returning(); ++i)
    ok = convertStmt(*m.def->body[i], body);
  Value result = std::move(macroFrames_.back().value);
  macroFrames_.pop_back();
  runtimeDepth_ = savedDepth;
  env_ = savedEnv;
  scopes_.swap(savedScopes);
  if (!ok) {
    diag_.note(call.loc, "in " + what + ", called here");
    return std::nullopt;
  }
  emit_->insert(emit_->end(), body.begin(), body.end());
  macroResults_[&call] = result;
  return result;
}

std::optional<Value> Converter::evalCall(const py::Expr &e) {
  const py::Expr &callee = *e.a;
  if (auto m = macroOf(callee))
    return callMacro(e, *m);
  std::string t = langName(callee);
  std::string dotted = dottedOf(callee);
  auto scalarArgs = [&](std::vector<Expr> &out) {
    for (const py::ExprP &x : e.elts) {
      auto v = evalScalar(*x, "argument");
      if (!v)
        return false;
      out.push_back(*v);
    }
    return true;
  };

  if (t == "ceildiv") {
    if (!checkArgs(e, {2, 2}))
      return std::nullopt;
    auto a = evalScalar(*e.elts[0], "argument"), b = evalScalar(*e.elts[1], "argument");
    if (!a || !b)
      return std::nullopt;
    if (asConstInt(*b).value_or(1) <= 0) {
      error(e.elts[1]->loc, "T.ceildiv divisor must be positive");
      return std::nullopt;
    }
    return Value::scalar(ceilDiv(*a, *b, e.loc));
  }
  if (t == "min" || t == "max" || (dotted == "min" && !lookup("min")) ||
      (dotted == "max" && !lookup("max"))) {
    if (!checkArgs(e, {2, 2}))
      return std::nullopt;
    std::vector<Expr> a;
    if (!scalarArgs(a))
      return std::nullopt;
    bool isMin = t == "min" || dotted == "min";
    return Value::scalar(binary(isMin ? BinaryOp::Min : BinaryOp::Max, a[0], a[1], e.loc));
  }
  if (t == "if_then_else") {
    if (!checkArgs(e, {3, 3}))
      return std::nullopt;
    std::vector<Expr> a;
    if (!scalarArgs(a))
      return std::nullopt;
    return Value::scalar(select(a[0], a[1], a[2], e.loc));
  }
  if (t == "Cast" || t == "cast") {
    if (!checkArgs(e, {2, 2}))
      return std::nullopt;
    // T.Cast(dtype, x) (TVMScript) and T.cast(x, dtype) (TileLang).
    const py::Expr &dt = t == "Cast" ? *e.elts[0] : *e.elts[1];
    const py::Expr &x = t == "Cast" ? *e.elts[1] : *e.elts[0];
    auto d = evalDType(dt, /*scalar=*/true); // what the printer writes for any cast
    auto v = evalScalar(x, "value");
    if (!d || !v)
      return std::nullopt;
    return Value::scalar(cast(*d, *v, e.loc));
  }
  if (!t.empty() && parseDType(t)) {
    // T.float32(x): a typed constant or a conversion.
    if (!checkArgs(e, {1, 1}))
      return std::nullopt;
    auto v = evalScalar(*e.elts[0], "value");
    if (!v)
      return std::nullopt;
    return Value::scalar(cast(*parseDType(t), *v, e.loc));
  }
  if (dotted == "float" && e.elts.size() == 1 && e.elts[0]->kind == py::ExprKind::Str) {
    const std::string &s = e.elts[0]->str;
    if (s == "inf" || s == "-inf" || s == "nan")
      return Value::scalar(floatImm(s == "nan"   ? std::numeric_limits<double>::quiet_NaN()
                                    : s == "inf" ? std::numeric_limits<double>::infinity()
                                                 : -std::numeric_limits<double>::infinity(),
                                    DType::Float32, e.loc));
  }
  if (t == "infinity") { // T.infinity(dtype): +inf of a float dtype
    if (!checkArgs(e, {1, 1}))
      return std::nullopt;
    auto d = evalDType(*e.elts[0], /*scalar=*/true);
    if (!d)
      return std::nullopt;
    if (!isFloat(*d)) {
      error(e.elts[0]->loc, "T.infinity takes a float dtype");
      return std::nullopt;
    }
    return Value::scalar(floatImm(std::numeric_limits<double>::infinity(), *d, e.loc));
  }
  if (t == "exp2") { // T.exp2(x) = e ** (x * ln 2)
    if (!checkArgs(e, {1, 1}))
      return std::nullopt;
    auto x = evalScalar(*e.elts[0], "argument");
    if (!x)
      return std::nullopt;
    Expr scaled =
        binary(BinaryOp::Mul, *x, floatImm(0.69314718055994530942, DType::Float32, e.loc), e.loc);
    DType rt = intrinsicResultType(*lookupIntrinsic("exp"), {scaled});
    return Value::scalar(call("exp", {scaled}, rt, e.loc));
  }
  // Intrinsics: T.exp(x) and tt.*(...).
  std::string intrinsic = !t.empty() ? t : dotted.rfind("tt.", 0) == 0 ? dotted : "";
  if (!intrinsic.empty()) {
    if (const IntrinsicInfo *info = lookupIntrinsic(intrinsic)) {
      if (!checkArgs(e, {size_t(info->arity), size_t(info->arity)}))
        return std::nullopt;
      std::vector<Expr> args;
      for (const py::ExprP &x : e.elts) {
        auto v = eval(*x);
        if (!v)
          return std::nullopt;
        if (v->kind != Value::Scalar) {
          error(x->loc, "arguments of " + shown(callee) + " must be scalars");
          return std::nullopt;
        }
        args.push_back(v->expr);
      }
      DType rt = intrinsicResultType(*info, args);
      return Value::scalar(call(intrinsic, std::move(args), rt, e.loc));
    }
  }
  static const std::set<std::string> allocs = {"alloc_shared", "alloc_fragment", "alloc_local",
                                               "alloc_cb"};
  static const std::set<std::string> statements = {"clear", "fill",      "copy",
                                                   "gemm",  "func_attr", "buffer_attr"};
  if (allocs.count(t))
    error(callee.loc, dotted + " must be assigned to a name: 'buf = " + dotted + "(shape, dtype)'");
  else if (t == "Kernel")
    error(callee.loc, "T.Kernel is only allowed as 'with T.Kernel(...) as ...'");
  else if (t == "Pipelined" || t == "serial" || t == "Parallel" || t == "grid")
    error(callee.loc, dotted + " is only allowed as the iterator of a 'for' loop");
  else if (!t.empty() && isUnsupportedTileLangDType(t))
    error(callee.loc, "dtype '" + t + "' is not supported by the Tenstorrent lowering yet");
  else if (statements.count(t))
    error(callee.loc, dotted + " is a statement and has no value");
  else if (t == "Tensor" || t == "Buffer") // T.Tensor(shape, dtype, buf.data): a view
    error(callee.loc, "'" + dotted +
                          "' (TileLang) is not supported by the Tenstorrent lowering yet "
                          "in a kernel's body (a view of a buffer's data)");
  else if (!t.empty() && isTileLangName(t))
    error(callee.loc,
          "'" + dotted + "' (TileLang) is not supported by the Tenstorrent lowering yet");
  else if (!t.empty())
    error(callee.loc, "unknown TileLang construct '" + dotted + "'");
  else if (dotted.rfind("tt.", 0) == 0)
    error(callee.loc, "unknown intrinsic '" + dotted + "'");
  else if (isTileLangModuleCall(callee))
    error(callee.loc,
          "'" + dotted + "' (TileLang) is not supported by the Tenstorrent lowering yet");
  else
    error(callee.loc, (dotted.empty() ? std::string("unsupported call ")
                                      : "unsupported call of '" + dotted + "' ") +
                          inWhat());
  return std::nullopt;
}

std::optional<Value> Converter::evalSubscript(const py::Expr &e) {
  auto base = eval(*e.a);
  if (!base)
    return std::nullopt;
  if (base->kind == Value::Tuple) {
    if (e.elts.size() != 1) {
      error(e.loc, "a tuple takes one index");
      return std::nullopt;
    }
    auto i = evalInt(*e.elts[0], "tuple index");
    if (!i)
      return std::nullopt;
    int64_t n = int64_t(base->elts.size());
    int64_t k = *i < 0 ? *i + n : *i;
    if (k < 0 || k >= n) {
      error(e.elts[0]->loc, "tuple index " + std::to_string(*i) + " out of range");
      return std::nullopt;
    }
    return base->elts[size_t(k)];
  }
  if (base->kind != Value::BufferRef) {
    error(e.loc, llvm::Twine("cannot index ") + kindWord(*base) +
                     (base->kind == Value::Region ? "; index the buffer itself" : ""));
    return std::nullopt;
  }
  const Buffer &b = base->buffer;
  auto indices = expandEllipsis(e, b->shape.size());
  if (!indices)
    return std::nullopt;
  // `A_shared[0:32, :]` outside a region argument: a region value, for a
  // name (an alias) or a macro's parameter.
  if (std::any_of(indices->begin(), indices->end(),
                  [](const py::Expr *x) { return x->kind == py::ExprKind::Slice; })) {
    auto r = evalRegion(e);
    if (!r)
      return std::nullopt;
    return Value::regionOf(std::move(*r));
  }
  if (indices->size() != b->shape.size()) {
    error(e.loc, "buffer '" + b->name + "' has " +
                     plural(b->shape.size(), "dimension", "dimensions") + ", got " +
                     plural(indices->size(), "index", "indices"));
    return std::nullopt;
  }
  std::vector<Expr> idx;
  for (const py::Expr *x : *indices) {
    if (x->kind == py::ExprKind::Slice) {
      error(x->loc, "a slice is only allowed as a buffer region in T.copy, T.gemm or T.fill");
      return std::nullopt;
    }
    auto v = evalScalar(*x, "index");
    if (!v)
      return std::nullopt;
    if (!isInteger((*v)->dtype)) {
      error(x->loc, "index must be an integer, got '" + toString(*v) + "'");
      return std::nullopt;
    }
    idx.push_back(*v);
  }
  return Value::scalar(load(b, std::move(idx), e.loc));
}

//===----------------------------------------------------------------------===//
// Regions
//===----------------------------------------------------------------------===//

std::optional<std::vector<const py::Expr *>> Converter::expandEllipsis(const py::Expr &sub,
                                                                       size_t rank) {
  std::vector<const py::Expr *> out;
  bool seen = false;
  for (const py::ExprP &x : sub.elts) {
    if (x->kind != py::ExprKind::Ellipsis) {
      out.push_back(x.get());
      continue;
    }
    if (seen) {
      error(x->loc, "an index can only have a single ellipsis ('...')");
      return std::nullopt;
    }
    seen = true;
    // `...` stands for a full slice of each dimension the others leave.
    for (size_t k = sub.elts.size() - 1; k < rank; ++k) {
      synthesized_.push_back(std::make_unique<py::Expr>(py::ExprKind::Slice, x->loc));
      out.push_back(synthesized_.back().get());
    }
  }
  return out;
}

std::optional<PartialRegion> Converter::evalRegion(const py::Expr &e) {
  const py::Expr &base = e.kind == py::ExprKind::Subscript ? *e.a : e;
  auto bv = eval(base);
  if (!bv)
    return std::nullopt;
  if (bv->kind == Value::Region && e.kind != py::ExprKind::Subscript) {
    PartialRegion r = bv->region; // a region alias, used where it is named
    r.loc = e.loc;
    return r;
  }
  if (bv->kind == Value::Scalar && e.kind != py::ExprKind::Subscript)
    if (const auto *ld = llvm::dyn_cast<LoadNode>(bv->expr.get())) {
      // A name holding `B[i, j]` (a macro's parameter): the point region.
      PartialRegion r{ld->buffer, ld->indices, {}, e.loc};
      r.extents.resize(ld->indices.size());
      return r;
    }
  if (bv->kind == Value::Region) {
    error(e.loc, "cannot index a buffer region; index the buffer itself");
    return std::nullopt;
  }
  if (bv->kind != Value::BufferRef) {
    error(base.loc, llvm::Twine("expected a buffer or a buffer region, got ") + kindWord(*bv));
    return std::nullopt;
  }
  PartialRegion r;
  r.buffer = bv->buffer;
  r.loc = e.loc;
  const auto &shape = r.buffer->shape;
  if (e.kind != py::ExprKind::Subscript) {
    for (int64_t d : shape) {
      r.starts.push_back(intImm(0));
      r.extents.push_back(d);
    }
    return r;
  }
  auto indices = expandEllipsis(e, shape.size());
  if (!indices)
    return std::nullopt;
  if (indices->size() != shape.size()) {
    error(e.loc, "buffer '" + r.buffer->name + "' has " +
                     plural(shape.size(), "dimension", "dimensions") + ", got " +
                     plural(indices->size(), "index", "indices"));
    return std::nullopt;
  }
  for (size_t d = 0; d < shape.size(); ++d) {
    const py::Expr &x = *(*indices)[d];
    if (x.kind != py::ExprKind::Slice) {
      auto s = evalScalar(x, "region start");
      if (!s)
        return std::nullopt;
      if (!isInteger((*s)->dtype)) {
        error(x.loc, "region start must be an integer, got '" + toString(*s) + "'");
        return std::nullopt;
      }
      r.starts.push_back(*s);
      r.extents.push_back(std::nullopt);
      continue;
    }
    if (x.c) {
      auto step = evalInt(*x.c, "slice step");
      if (!step)
        return std::nullopt;
      if (*step != 1) {
        error(x.c->loc, "strided regions are not supported (step must be 1)");
        return std::nullopt;
      }
    }
    Expr lo = intImm(0), hi = intImm(shape[d]);
    for (auto [bound, what, out] :
         {std::tuple{x.a.get(), "slice start", &lo}, std::tuple{x.b.get(), "slice end", &hi}}) {
      if (!bound)
        continue;
      auto v = evalScalar(*bound, what);
      if (!v)
        return std::nullopt;
      if (!isInteger((*v)->dtype)) {
        error(bound->loc, llvm::Twine(what) + " must be an integer, got '" + toString(*v) + "'");
        return std::nullopt;
      }
      *out = *v;
    }
    auto ext = constantDifference(hi, lo);
    if (!ext) {
      error(x.loc, "region extent '" + toString(hi) + " - (" + toString(lo) +
                       ")' is not a compile-time constant");
      return std::nullopt;
    }
    if (*ext <= 0) {
      error(x.loc, "region extent must be positive, got " + std::to_string(*ext));
      return std::nullopt;
    }
    r.starts.push_back(lo);
    r.extents.push_back(*ext);
  }
  return r;
}

std::optional<Region> Converter::finishRegion(PartialRegion p, const PartialRegion *other) {
  // TileLang: a side with a slice is a region whose point indices are
  // extent-1 dimensions (A[b, lo:hi, h, 0:64] is (1, n, 1, 64)); a side of
  // points only (A[i, j], a BufferLoad) takes the extents of the other side,
  // aligned at the trailing dimension. The verifier compares the shapes with
  // their extent-1 dimensions dropped.
  bool points = true;
  for (auto &x : p.extents)
    points &= !x.has_value();
  if (points && !p.extents.empty() && other) {
    std::vector<int64_t> theirs;
    for (auto &x : other->extents)
      theirs.push_back(x.value_or(1));
    bool otherPoints = std::all_of(other->extents.begin(), other->extents.end(),
                                   [](const std::optional<int64_t> &x) { return !x; });
    if (otherPoints && !other->extents.empty()) {
      error(p.loc, "cannot infer the region extents: both sides of T.copy are indexed by a "
                   "point; give one of them as slices (lo:hi)");
      return std::nullopt;
    }
    size_t n = p.extents.size(), m = theirs.size();
    for (size_t j = 0; j < n; ++j)
      p.extents[n - 1 - j] = j < m ? theirs[m - 1 - j] : 1;
  }
  Region r;
  r.buffer = p.buffer;
  r.loc = p.loc;
  r.starts = std::move(p.starts);
  for (auto &x : p.extents)
    r.extents.push_back(x.value_or(1));
  return r;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

bool Converter::convertBlock(const std::vector<py::StmtP> &body, std::vector<Stmt> &out,
                             bool loopScope) {
  scopes_.push_back(NameScope{{}, loopScope});
  bool ok = true;
  for (const py::StmtP &s : body)
    if (!(ok = convertStmt(*s, out)) || returning())
      break;
  scopes_.pop_back();
  return ok;
}

bool Converter::convertStmt(const py::Stmt &s, std::vector<Stmt> &out) {
  if (declarations_.count(&s))
    return true;
  std::vector<Stmt> *savedEmit = emit_;
  std::map<const py::Expr *, Value> savedResults;
  savedResults.swap(macroResults_);
  emit_ = &out;
  bool ok = convertStmtKind(s, out);
  emit_ = savedEmit;
  macroResults_.swap(savedResults);
  return ok;
}

bool Converter::convertStmtKind(const py::Stmt &s, std::vector<Stmt> &out) {
  using K = py::StmtKind;
  switch (s.kind) {
  case K::ExprStmt:
    return convertExprStmt(s, out);
  case K::Assign:
  case K::AnnAssign:
  case K::AugAssign:
    return convertAssign(s, out);
  case K::For:
    return convertFor(s, out);
  case K::With:
    return convertWith(s, out);
  case K::If:
    return convertIf(s, out);
  case K::Pass:
    return true;
  case K::FunctionDef:
    return error(s.loc, "nested function definitions are not supported in a kernel");
  case K::Return: {
    if (macroFrames_.empty())
      return error(s.loc, "'return' is not allowed in a kernel body");
    if (runtimeDepth_ > 0)
      return error(s.loc, "a macro can only return at the top level of its body, not inside a "
                          "loop, a run-time 'if' or a T.Kernel");
    Value v;
    if (s.value) {
      auto r = eval(*s.value);
      if (!r)
        return false;
      v = std::move(*r);
    }
    macroFrames_.back().returned = true;
    macroFrames_.back().value = std::move(v);
    return true;
  }
  case K::While:
    return error(s.loc, "'while' loops are not supported; use T.serial");
  case K::Break:
  case K::Continue:
    return error(s.loc, "'break' and 'continue' are not supported in a kernel");
  case K::Import:
  case K::ImportFrom:
    return error(s.loc, "imports are not allowed in a kernel body");
  case K::Assert: {
    // A compile-time condition is checked now; a run-time one has no
    // Tenstorrent equivalent yet.
    auto c = evalScalar(*s.test, "assert condition");
    if (!c)
      return false;
    auto k = asConstInt(*c);
    if (!k)
      return error(s.test->loc, "run-time assert is not supported in a kernel (only "
                                "compile-time conditions)");
    if (*k)
      return true;
    std::string msg;
    if (s.value && s.value->kind == py::ExprKind::Str)
      msg = ": " + s.value->str;
    if (s.value && s.value->kind == py::ExprKind::FString) {
      // f"M={M}": the fields' compile-time values, when each has one.
      SuppressDiagnostics quiet(diag_);
      msg = ": ";
      for (const py::ExprP &part : s.value->elts) {
        std::optional<Value> v;
        if (part->kind == py::ExprKind::FormattedValue && part->op.empty() && part->str.empty())
          v = eval(*part->a);
        const Expr *x = v && v->kind == Value::Scalar ? &v->expr : nullptr;
        if (part->kind == py::ExprKind::Str)
          msg += part->str;
        else if (auto *str = x ? llvm::dyn_cast<StringImmNode>(x->get()) : nullptr)
          msg += str->value;
        else if (auto i = x && (*x)->dtype != DType::Bool ? asConstInt(*x) : std::nullopt)
          msg += std::to_string(*i);
        else
          msg = "";
        if (msg.empty())
          break;
      }
    }
    return error(s.loc, "assertion failed in the kernel" + msg);
  }
  case K::Raise:
    return error(s.loc, "'raise' is not supported in a kernel");
  }
  return error(s.loc, "unsupported statement");
}

bool Converter::convertExprStmt(const py::Stmt &s, std::vector<Stmt> &out) {
  const py::Expr &e = *s.value;
  if (e.kind != py::ExprKind::Call) {
    if (e.kind == py::ExprKind::Str || e.kind == py::ExprKind::Ellipsis)
      return true; // a docstring, or `...` (a no-op)
    return error(e.loc, "expression statement has no effect");
  }
  return convertCallStmt(e, s.loc, out);
}

bool Converter::convertCallStmt(const py::Expr &e, SMLoc loc, std::vector<Stmt> &out) {
  const py::Expr &callee = *e.a;
  if (auto m = macroOf(callee))
    return callMacro(e, *m).has_value(); // its value, if any, is dropped
  std::string t = langName(callee);

  if (t == "clear" || t == "fill") {
    bool isClear = t == "clear";
    if (!checkArgs(e, {isClear ? 1u : 2u, isClear ? 1u : 2u}))
      return false;
    auto r = evalRegion(*e.elts[0]);
    if (!r)
      return false;
    auto reg = finishRegion(std::move(*r), nullptr);
    Expr value = intImm(0, DType::Int32, e.loc);
    if (!isClear) {
      auto v = evalScalar(*e.elts[1], "fill value");
      if (!v)
        return false;
      value = *v;
    }
    out.push_back(std::make_shared<const FillNode>(std::move(*reg), value, loc));
    return true;
  }
  if (t == "copy") {
    // annotations= carries GPU hints too (T.WSID, a warp-specialisation role).
    if (!checkArgs(e, {2,
                       2,
                       {"src", "dst"},
                       {},
                       {"coalesced_width", "disable_tma", "eviction_policy", "annotations",
                        "prefer_instruction", "loop_layout"}}))
      return false;
    auto a = evalRegion(*arg(e, 0, "src")); // present: checkArgs
    if (!a)
      return false;
    auto b = evalRegion(*arg(e, 1, "dst"));
    if (!b)
      return false;
    auto src = finishRegion(*a, &*b);
    if (!src)
      return false;
    auto dst = finishRegion(*b, &*a);
    if (!dst)
      return false;
    out.push_back(std::make_shared<const CopyNode>(std::move(*src), std::move(*dst), loc));
    return true;
  }
  if (t == "gemm") {
    if (!checkArgs(e, {3,
                       5,
                       {"A", "B", "C", "transpose_A", "transpose_B"},
                       {"clear_accum"},
                       {"policy", "k_pack", "wg_wait"}}))
      return false;
    const char *names[] = {"A", "B", "C"};
    std::vector<Region> regs;
    for (int i = 0; i < 3; ++i) {
      auto r = evalRegion(*arg(e, size_t(i), names[i])); // present: checkArgs
      if (!r)
        return false;
      regs.push_back(*finishRegion(std::move(*r), nullptr));
    }
    bool flags[3] = {false, false, false};
    const char *flagNames[] = {"transpose_A", "transpose_B", "clear_accum"};
    for (int i = 0; i < 3; ++i)
      if (const py::Expr *x = arg(e, size_t(3 + i), flagNames[i])) {
        auto b = evalBool(*x, flagNames[i]);
        if (!b)
          return false;
        flags[i] = *b;
      }
    // The accumulator lives in the destination registers whatever scope it
    // was allocated in: TileLang kernels also accumulate into alloc_shared.
    if (regs[2].buffer->scope == Scope::Shared)
      regs[2].buffer->scope = Scope::Fragment;
    out.push_back(std::make_shared<const GemmNode>(regs[0], regs[1], regs[2], flags[0], flags[1],
                                                   flags[2], loc));
    return true;
  }
  if (t == "func_attr") {
    if (!checkArgs(e, {1, 1}))
      return false;
    if (e.elts[0]->kind != py::ExprKind::Dict)
      return error(e.elts[0]->loc, "T.func_attr expects a dict literal");
    auto d = evalAttr(*e.elts[0]);
    if (!d)
      return false;
    for (const auto &[k, v] : d->getDict())
      func_->attrs.set(k, v);
    return true;
  }
  if (t == "buffer_attr") {
    if (!checkArgs(e, {2, 2}))
      return false;
    auto b = eval(*e.elts[0]);
    if (!b)
      return false;
    if (b->kind != Value::BufferRef)
      return error(e.elts[0]->loc, "T.buffer_attr expects a buffer as its first argument");
    if (e.elts[1]->kind != py::ExprKind::Dict)
      return error(e.elts[1]->loc, "T.buffer_attr expects a dict literal");
    auto d = evalAttr(*e.elts[1]);
    if (!d)
      return false;
    for (const auto &[k, v] : d->getDict())
      b->buffer->attrs.set(k, v);
    return true;
  }
  if (t == "use_swizzle" || t == "annotate_layout" || t == "no_set_max_nreg") {
    diag_.warning(callee.loc, "T." + t +
                                  " is a GPU-only hint with no effect on Tenstorrent "
                                  "targets (ignored)");
    return true;
  }
  // Anything else must be a call with an effect: an intrinsic.
  auto v = evalCall(e);
  if (!v)
    return false;
  out.push_back(std::make_shared<const EvaluateNode>(v->expr, loc));
  return true;
}

std::optional<Buffer> Converter::evalAlloc(const py::Expr &e, const std::string &name) {
  std::string t = langName(*e.a);
  Scope scope;
  if (t == "alloc_shared")
    scope = Scope::Shared;
  else if (t == "alloc_fragment")
    scope = Scope::Fragment;
  else if (t == "alloc_local")
    scope = Scope::Local;
  else if (t == "alloc_cb")
    scope = Scope::CB;
  else
    return std::nullopt;
  // scope ("shared.dyn", "shared", "local.fragment") is a GPU memory
  // space, also passed by position: where the buffer lives here is decided
  // by the allocation's kind.
  if (!checkArgs(e, {2, 3, {"shape", "dtype"}, {}, {"scope"}}))
    return Buffer();
  if (e.elts.size() == 3)
    diag_.warning(e.elts[2]->loc, "the scope argument of " + shown(*e.a) +
                                      " is a GPU memory space with no effect on Tenstorrent "
                                      "targets");
  auto shape = evalShape(*arg(e, 0, "shape"));
  if (!shape)
    return Buffer();
  auto dt = evalDType(*arg(e, 1, "dtype"));
  if (!dt)
    return Buffer();
  return makeBuffer(name, *shape, *dt, scope, e.loc);
}

bool Converter::bindName(const py::Expr &target, Value v, SMLoc loc, std::vector<Stmt> &out) {
  if (target.kind == py::ExprKind::Tuple || target.kind == py::ExprKind::List) {
    if (v.kind != Value::Tuple || v.elts.size() != target.elts.size())
      return error(loc, "cannot unpack " + std::string(kindWord(v)) + " into " +
                            std::to_string(target.elts.size()) + " names");
    for (size_t i = 0; i < v.elts.size(); ++i)
      if (!bindName(*target.elts[i], v.elts[i], loc, out))
        return false;
    return true;
  }
  if (target.kind != py::ExprKind::Name)
    return error(target.loc, "cannot assign to this expression");
  bool beyondLoop = false;
  const Value *old = lookup(target.name, &beyondLoop);
  if (old && old->kind == Value::BufferRef)
    return error(target.loc, "cannot rebind buffer '" + target.name + "'");
  if (v.kind == Value::Scalar && v.expr->dtype == DType::Void &&
      v.expr->kind != ExprKind::StringImm) // a string (a dtype) is a compile-time value
    return error(loc,
                 "'" + toString(v.expr) + "' returns no value to assign to '" + target.name + "'");
  if (v.kind == Value::Scalar && !asConstInt(v.expr) && !asConstFloat(v.expr) &&
      v.expr->kind != ExprKind::StringImm) {
    // A computed scalar: a let binding for the rest of the block.
    if (old && old->kind == Value::Scalar && beyondLoop && old->expr->kind == ExprKind::Var)
      return error(target.loc, "cannot reassign '" + target.name +
                                   "' inside a loop; use a buffer for values carried across "
                                   "iterations");
    Var var = makeVar(target.name, v.expr->dtype, target.loc);
    out.push_back(std::make_shared<const LetNode>(var, v.expr, loc));
    bind(target.name, Value::scalar(var));
    return true;
  }
  bind(target.name, std::move(v));
  return true;
}

bool Converter::convertAssign(const py::Stmt &s, std::vector<Stmt> &out) {
  const py::Expr &target = *s.targets[0];
  if (s.kind == py::StmtKind::AnnAssign) {
    if (target.kind != py::ExprKind::Name)
      return error(target.loc, "annotated assignment needs a plain name");
    if (!s.value)
      return error(s.loc, "annotated name '" + target.name + "' needs a value");
    std::string t = langName(*s.annotation);
    auto dt = t.empty() ? std::nullopt : parseDType(t);
    if (!dt)
      return error(s.annotation->loc, "expected a scalar type such as T.int32");
    auto v = evalScalar(*s.value, "value");
    if (!v)
      return false;
    Var var = makeVar(target.name, *dt, target.loc);
    out.push_back(std::make_shared<const LetNode>(var, cast(*dt, *v, s.value->loc), s.loc));
    bind(target.name, Value::scalar(var));
    return true;
  }
  // Element store: buf[i, j] = v.
  auto store = [&](const py::Expr &t, Expr value) {
    auto lhs = evalSubscript(t);
    if (!lhs)
      return false;
    auto *ld = static_cast<const LoadNode *>(lhs->expr.get());
    out.push_back(std::make_shared<const StoreNode>(ld->buffer, ld->indices,
                                                    cast(ld->buffer->dtype, value), s.loc));
    return true;
  };
  if (s.kind == py::StmtKind::Assign && s.targets.size() > 1) {
    // a = B[i] = C[i] = expr: the value once, then each target from the left,
    // as Python does; a computed value is a let first, so that a store to
    // one target does not change what the next one gets.
    auto v = eval(*s.value);
    if (!v)
      return false;
    if (v->kind == Value::Scalar && v->expr->dtype != DType::Void && !asConstInt(v->expr) &&
        !asConstFloat(v->expr) && v->expr->kind != ExprKind::StringImm) {
      Var var = makeVar("value", v->expr->dtype, s.value->loc);
      out.push_back(std::make_shared<const LetNode>(var, v->expr, s.loc));
      v = Value::scalar(var);
    }
    for (const py::ExprP &t : s.targets) {
      if (t->kind != py::ExprKind::Subscript) {
        if (!bindName(*t, *v, s.loc, out))
          return false;
        continue;
      }
      if (v->kind != Value::Scalar || v->expr->dtype == DType::Void)
        return error(s.value->loc,
                     llvm::Twine("cannot store ") + kindWord(*v) + " in a buffer element");
      if (!store(*t, v->expr))
        return false;
    }
    return true;
  }
  if (s.kind == py::StmtKind::AugAssign) {
    // buf[i, j] += v, and x -= 1 of a scalar name: x = x - 1.
    auto op = binaryOpOf(s.op);
    if (!op || isComparison(*op))
      return error(s.loc, "unsupported augmented assignment '" + s.op + "='");
    if (target.kind != py::ExprKind::Subscript && target.kind != py::ExprKind::Name)
      return error(target.loc, "augmented assignment needs a buffer element or a name");
    auto old = evalScalar(target, "augmented assignment target");
    auto v = evalScalar(*s.value, "value");
    if (!old || !v)
      return false;
    Expr value = binary(*op, *old, *v, s.loc);
    if (target.kind == py::ExprKind::Subscript)
      return store(target, value);
    return bindName(target, Value::scalar(value), s.loc, out);
  }
  if (target.kind == py::ExprKind::Subscript) {
    auto v = evalScalar(*s.value, "stored value");
    return v && store(target, *v);
  }

  if (target.kind == py::ExprKind::Name && s.value->kind == py::ExprKind::Call) {
    if (auto b = evalAlloc(*s.value, target.name)) {
      if (!*b)
        return false;
      if (lookup(target.name))
        return error(target.loc, "'" + target.name + "' is already defined");
      out.push_back(std::make_shared<const AllocNode>(*b, s.loc));
      bind(target.name, Value::buf(*b));
      return true;
    }
  }
  auto v = eval(*s.value);
  if (!v)
    return false;
  return bindName(target, std::move(*v), s.loc, out);
}

bool Converter::convertFor(const py::Stmt &s, std::vector<Stmt> &out) {
  if (!s.orelse.empty())
    return error(s.loc, "'for ... else' is not supported in a kernel");
  const py::Expr &iter = *s.iter;
  if (iter.kind != py::ExprKind::Call)
    return error(iter.loc, "a kernel loop must iterate over T.serial, T.Pipelined, T.Parallel, "
                           "T.grid or range");
  std::string t = langName(*iter.a);
  std::string dotted = iter.a->dottedName();
  const py::Expr &target = *s.targets[0];
  std::vector<const py::Expr *> names;
  if (target.kind == py::ExprKind::Name)
    names.push_back(&target);
  else if (target.kind == py::ExprKind::Tuple)
    for (const py::ExprP &x : target.elts) {
      if (x->kind != py::ExprKind::Name)
        return error(x->loc, "loop variables must be plain names");
      names.push_back(x.get());
    }
  else
    return error(target.loc, "loop variables must be plain names");

  struct Dim {
    Expr begin, end;
    int64_t step = 1; // range(a, b, step): the loop counts iterations, the name steps
  };
  std::vector<Dim> dims;
  ForKind kind = ForKind::Serial;
  int64_t stages = 0;
  auto evalBound = [&](const py::Expr &x) -> std::optional<Expr> {
    auto v = evalScalar(x, "loop bound");
    if (v && !isInteger((*v)->dtype)) {
      error(x.loc, "loop bound must be an integer, got '" + toString(*v) + "'");
      return std::nullopt;
    }
    return v;
  };
  auto rangeDims = [&](const py::Expr &call) -> bool {
    // (stop) or (start, stop)
    if (call.elts.size() == 1) {
      auto e = evalBound(*call.elts[0]);
      if (!e)
        return false;
      dims.push_back({intImm(0), *e});
    } else {
      auto b = evalBound(*call.elts[0]), e = evalBound(*call.elts[1]);
      if (!b || !e)
        return false;
      dims.push_back({*b, *e});
    }
    return true;
  };

  if (t == "serial" || dotted == "range") {
    if (!checkArgs(iter, {1, 3}) || !rangeDims(iter))
      return false;
    if (iter.elts.size() == 3) {
      // range(start, stop, step) with a constant step: a loop over the
      // iteration count, ceil((stop - start) / step) and at least 0.
      auto step = evalInt(*iter.elts[2], "loop step");
      if (!step)
        return false;
      if (*step == 0)
        return error(iter.elts[2]->loc, "loop step must not be zero");
      Dim &d = dims.back();
      if (*step != 1) {
        d.step = *step;
        Expr span = *step > 0 ? binary(BinaryOp::Sub, d.end, d.begin, iter.loc)
                              : binary(BinaryOp::Sub, d.begin, d.end, iter.loc);
        int64_t mag = *step > 0 ? *step : -*step;
        Expr trips =
            binary(BinaryOp::FloorDiv, binary(BinaryOp::Add, span, intImm(mag - 1), iter.loc),
                   intImm(mag), iter.loc);
        d.end = binary(BinaryOp::Max, trips, intImm(0), iter.loc);
      }
    }
  } else if (t == "Pipelined") {
    if (!checkArgs(iter, {1, 2, {}, {"num_stages"}, {"order", "stage", "group", "sync"}}) ||
        !rangeDims(iter))
      return false;
    kind = ForKind::Pipelined;
    if (const py::Expr *ns = keyword(iter, "num_stages")) {
      auto n = evalInt(*ns, "num_stages");
      if (!n)
        return false;
      if (*n < 0)
        return error(ns->loc, "num_stages must not be negative");
      stages = *n;
    }
  } else if (t == "Parallel" || t == "grid") {
    if (!checkArgs(iter, {1, 8}))
      return false;
    kind = t == "Parallel" ? ForKind::Parallel : ForKind::Serial;
    if (names.size() == 1 && iter.elts.size() == 2 && t == "Parallel") {
      if (!rangeDims(iter))
        return false;
    } else {
      for (const py::ExprP &x : iter.elts) {
        auto e = evalBound(*x);
        if (!e)
          return false;
        dims.push_back({intImm(0), *e});
      }
    }
  } else if (!t.empty()) {
    return error(iter.a->loc, "unknown loop kind '" + dotted +
                                  "' (expected T.serial, T.Pipelined, T.Parallel or T.grid)");
  } else {
    return error(iter.loc, "a kernel loop must iterate over T.serial, T.Pipelined, T.Parallel, "
                           "T.grid or range");
  }
  if (dims.size() != names.size())
    return error(target.loc, "loop has " + std::to_string(dims.size()) + " dimension" +
                                 (dims.size() == 1 ? "" : "s") + " but " +
                                 std::to_string(names.size()) + " loop variable" +
                                 (names.size() == 1 ? "" : "s"));

  scopes_.push_back(NameScope{{}, true});
  std::vector<Var> vars;
  std::vector<Stmt> body;
  for (size_t i = 0; i < names.size(); ++i) {
    const py::Expr *n = names[i];
    if (dims[i].step == 1) {
      vars.push_back(makeVar(n->name, DType::Int32, n->loc));
      bind(n->name, Value::scalar(vars.back()));
      continue;
    }
    // The name is start + k * step of the iteration k.
    vars.push_back(makeVar(n->name + "_iter", DType::Int32, n->loc));
    Var v = makeVar(n->name, DType::Int32, n->loc);
    Expr value = binary(BinaryOp::Add, dims[i].begin,
                        binary(BinaryOp::Mul, vars.back(), intImm(dims[i].step), n->loc), n->loc);
    body.push_back(std::make_shared<const LetNode>(v, value, n->loc));
    bind(n->name, Value::scalar(v));
    dims[i].begin = intImm(0);
  }
  ++runtimeDepth_;
  bool ok = convertBlock(s.body, body, true);
  --runtimeDepth_;
  scopes_.pop_back();
  if (!ok)
    return false;
  Stmt loop = seq(std::move(body), s.loc);
  for (size_t i = dims.size(); i-- > 0;)
    loop = std::make_shared<const ForNode>(vars[i], dims[i].begin, dims[i].end, kind, stages, loop,
                                           s.loc);
  out.push_back(loop);
  return true;
}

bool Converter::convertWith(const py::Stmt &s, std::vector<Stmt> &out) {
  // `with T.Kernel(...) as bx, iket.range("total"):` names the other
  // context (a TileLang tool) as the construct that stops it.
  for (size_t i = 1; i < s.items.size(); ++i) {
    const py::Expr &other = *s.items[i].context;
    if (other.kind == py::ExprKind::Call && isTileLangModuleCall(*other.a))
      return error(other.loc, "'" + other.a->dottedName() +
                                  "' (TileLang) is not supported by the Tenstorrent lowering yet");
  }
  if (s.items.size() != 1)
    return error(s.loc, "a kernel 'with' takes exactly one T.Kernel(...)");
  const py::WithItem &item = s.items[0];
  const py::Expr &ctx = *item.context;
  if (ctx.kind == py::ExprKind::Call && isTileLangName(langName(*ctx.a)))
    return error(ctx.loc, "'" + dottedOf(*ctx.a) +
                              "' (TileLang) is not supported by the Tenstorrent lowering yet");
  if (ctx.kind != py::ExprKind::Call || langName(*ctx.a) != "Kernel")
    return error(ctx.loc, "only 'with T.Kernel(...)' is supported");
  if (kernelDepth_ > 0)
    return error(ctx.loc, "T.Kernel cannot be nested in another T.Kernel");
  if (!checkArgs(ctx, {1, 3, {}, {}, {"threads", "is_cpu", "prelude"}}))
    return false;
  std::vector<Expr> grid;
  for (const py::ExprP &x : ctx.elts) {
    auto n = evalInt(*x, "kernel grid extent");
    if (!n)
      return false;
    if (*n <= 0)
      return error(x->loc, "kernel grid extent must be positive, got " + std::to_string(*n));
    grid.push_back(intImm(*n, DType::Int32, x->loc));
  }
  std::vector<const py::Expr *> names;
  if (item.target) {
    if (item.target->kind == py::ExprKind::Name)
      names.push_back(item.target.get());
    else if (item.target->kind == py::ExprKind::Tuple)
      for (const py::ExprP &x : item.target->elts)
        names.push_back(x.get());
  }
  for (const py::Expr *n : names)
    if (n->kind != py::ExprKind::Name)
      return error(n->loc, "block indices must be plain names");
  if (item.target && names.size() != grid.size())
    return error(item.target->loc, "T.Kernel has " + std::to_string(grid.size()) +
                                       " grid dimension" + (grid.size() == 1 ? "" : "s") +
                                       " but binds " + std::to_string(names.size()) + " block " +
                                       (names.size() == 1 ? "index" : "indices"));

  scopes_.push_back(NameScope{{}, true});
  std::vector<Var> vars;
  for (const py::Expr *n : names) {
    vars.push_back(makeVar(n->name, DType::Int32, n->loc));
    bind(n->name, Value::scalar(vars.back()));
  }
  // `with T.Kernel(...):` without `as`: the block indices exist, unnamed in
  // the source (named bx, by, bz in the Tile IR, not visible to the body).
  static const char *unnamed[] = {"bx", "by", "bz"};
  for (size_t i = vars.size(); i < grid.size(); ++i)
    vars.push_back(makeVar(unnamed[i], DType::Int32, ctx.loc));
  ++kernelDepth_;
  ++runtimeDepth_;
  std::vector<Stmt> body;
  bool ok = convertBlock(s.body, body, false);
  --runtimeDepth_;
  --kernelDepth_;
  scopes_.pop_back();
  if (!ok)
    return false;
  out.push_back(std::make_shared<const KernelNode>(std::move(grid), std::move(vars),
                                                   seq(std::move(body), s.loc), s.loc));
  return true;
}

bool Converter::convertIf(const py::Stmt &s, std::vector<Stmt> &out) {
  auto k = constTruth(*s.test);
  auto c = k ? std::optional<Expr>(boolImm(*k, s.test->loc)) : evalScalar(*s.test, "condition");
  if (!c)
    return false;
  if (k) {
    // A compile-time condition (e.g. on a factory parameter) picks a branch.
    for (const py::StmtP &x : *k ? s.body : s.orelse)
      if (!convertStmt(*x, out))
        return false;
      else if (returning())
        break;
    return true;
  }
  std::vector<Stmt> thenS, elseS;
  ++runtimeDepth_;
  bool ok = convertBlock(s.body, thenS, false) && convertBlock(s.orelse, elseS, false);
  --runtimeDepth_;
  if (!ok)
    return false;
  out.push_back(std::make_shared<const IfNode>(
      *c, seq(std::move(thenS), s.loc), elseS.empty() ? nullptr : seq(std::move(elseS), s.loc),
      s.loc));
  return true;
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

std::optional<Buffer> Converter::evalTensorType(const py::Expr &ann, const std::string &name,
                                                SMLoc loc) {
  // T.Tensor((M, K), dtype), T.Buffer(...), or T.Tensor[(M, K), dtype].
  std::string t = langName(
      ann.kind == py::ExprKind::Call || ann.kind == py::ExprKind::Subscript ? *ann.a : ann);
  if (t != "Tensor" && t != "Buffer" && !(t == "empty" && ann.kind == py::ExprKind::Call))
    return std::nullopt;
  const py::Expr *shapeE = nullptr, *dtypeE = nullptr;
  if (ann.kind == py::ExprKind::Call) {
    if (!checkArgs(ann, {1, 2, {"shape", "dtype"}}))
      return Buffer();
    shapeE = arg(ann, 0, "shape");
    dtypeE = arg(ann, 1, "dtype");
  } else if (ann.kind == py::ExprKind::Subscript && ann.elts.size() == 2) {
    shapeE = ann.elts[0].get();
    dtypeE = ann.elts[1].get();
  } else {
    error(ann.loc, "expected T." + t + "(shape, dtype)");
    return Buffer();
  }
  auto shape = evalShape(*shapeE);
  if (!shape)
    return Buffer();
  DType dt = DType::Float32;
  if (dtypeE) {
    auto d = evalDType(*dtypeE);
    if (!d)
      return Buffer();
    dt = *d;
  }
  return makeBuffer(name, *shape, dt, Scope::Global, loc);
}

PrimFuncPtr Converter::convertFunc(const py::Stmt &def) {
  auto f = std::make_shared<PrimFunc>();
  f->name = def.name;
  f->loc = def.loc;
  func_ = f.get();
  scopes_.push_back(NameScope{});
  // TileLang's lazy form: parameters typed in the body (`A: T.Tensor[[M,
  // N], dtype]`), outputs `B = T.empty(shape, dtype)` and `return B`, as in
  // an eager kernel.
  std::map<std::string, const py::Stmt *> bodyTypes;
  std::vector<const py::Stmt *> outputs;
  for (const py::StmtP &sp : def.body) {
    const py::Stmt &s = *sp;
    bool name = !s.targets.empty() && s.targets[0]->kind == py::ExprKind::Name;
    if (s.kind == py::StmtKind::AnnAssign && !s.value && name &&
        std::any_of(def.params.begin(), def.params.end(), [&](const py::Param &p) {
          return p.name == s.targets[0]->name && !p.annotation;
        })) {
      if (bodyTypes.count(s.targets[0]->name)) {
        error(s.loc, "parameter '" + s.targets[0]->name + "' is typed twice");
        return nullptr;
      }
      bodyTypes[s.targets[0]->name] = &s;
      declarations_.insert(&s);
    } else if (s.kind == py::StmtKind::Assign && s.targets.size() == 1 && name &&
               s.value->kind == py::ExprKind::Call && langName(*s.value->a) == "empty") {
      outputs.push_back(&s);
      declarations_.insert(&s);
    }
  }
  auto param = [&](const std::string &name, SMLoc loc, const py::Expr &ann) -> bool {
    if (lookup(name))
      return error(loc, "duplicate parameter '" + name + "'");
    if (auto b = evalTensorType(ann, name, loc)) {
      if (!*b)
        return false;
      f->params.push_back(*b);
      bind(name, Value::buf(*b));
      return true;
    }
    std::string t = langName(ann);
    std::string form = langName(
        ann.kind == py::ExprKind::Call || ann.kind == py::ExprKind::Subscript ? *ann.a : ann);
    auto dt = t.empty() ? std::nullopt : parseDType(t);
    if (!dt && isUnsupportedTileLangDType(t)) // T.int8, T.short, T.ptr, T.handle, ...
      return error(ann.loc, "dtype '" + t + "' is not supported by the Tenstorrent lowering yet");
    if (!dt && isTileLangName(form)) // T.StridedTensor[(M, N), (1, s), dtype]
      return error(ann.loc,
                   "'" +
                       (ann.kind == py::ExprKind::Name || ann.kind == py::ExprKind::Attribute
                            ? ann.dottedName()
                            : ann.a->dottedName()) +
                       "' (TileLang) is not supported by the Tenstorrent lowering yet");
    if (!dt)
      return error(ann.loc, "expected T.Tensor(shape, dtype), T.Buffer(shape, dtype) or a "
                            "scalar type such as T.int32");
    Var v = makeVar(name, *dt, loc);
    f->params.push_back(v);
    bind(name, Value::scalar(v));
    return true;
  };
  for (const py::Param &p : def.params) {
    if (p.star) {
      error(p.loc, "a kernel cannot take '" + std::string(size_t(p.star), '*') + p.name +
                       "': its parameters are its tensors and scalars");
      return nullptr;
    }
    if (p.defaultValue) {
      error(p.defaultValue->loc, "kernel parameters cannot have default values");
      return nullptr;
    }
    const py::Expr *ann = p.annotation.get();
    if (!ann && bodyTypes.count(p.name))
      ann = bodyTypes[p.name]->annotation.get();
    if (!ann) {
      error(p.loc, "kernel parameter '" + p.name +
                       "' needs a type annotation such as T.Tensor((M, K), \"bfloat16\") (in "
                       "the signature or as the body's first statements, '" +
                       p.name + ": T.Tensor[(M, K), \"bfloat16\"]')");
      return nullptr;
    }
    if (!param(p.name, p.loc, *ann))
      return nullptr;
  }
  for (const py::Stmt *s : outputs)
    if (!param(s->targets[0]->name, s->targets[0]->loc, *s->value))
      return nullptr;
  // `return B` (or `return B, C`) at the end hands the outputs to the caller.
  if (!def.body.empty() && def.body.back()->kind == py::StmtKind::Return) {
    const py::Stmt &r = *def.body.back();
    std::vector<const py::Expr *> names;
    if (r.value && r.value->kind == py::ExprKind::Tuple)
      for (const py::ExprP &x : r.value->elts)
        names.push_back(x.get());
    else if (r.value)
      names.push_back(r.value.get());
    for (const py::Expr *x : names)
      if (x->kind != py::ExprKind::Name ||
          std::none_of(outputs.begin(), outputs.end(),
                       [&](const py::Stmt *o) { return o->targets[0]->name == x->name; })) {
        error(x->loc, "a @" + opts_.langAlias + ".prim_func returns only its " + opts_.langAlias +
                          ".empty outputs");
        return nullptr;
      }
    declarations_.insert(&r);
  }
  std::vector<Stmt> body;
  if (!convertBlock(def.body, body, false))
    return nullptr;
  f->body = seq(std::move(body), def.loc);
  return f;
}

PrimFuncPtr Converter::convertEager(const EagerKernel &k) {
  auto f = std::make_shared<PrimFunc>();
  f->name = k.name;
  f->loc = k.loc;
  func_ = f.get();
  scopes_.push_back(NameScope{});
  for (const EagerKernel::Tensor &t : k.tensors) {
    if (lookup(t.name)) {
      error(t.loc, "tensor '" + t.name + "' is declared twice");
      return nullptr;
    }
    auto b = evalTensorType(*t.type, t.name, t.loc);
    if (!b) {
      error(t.type->loc, "expected T.Tensor(shape, dtype) or T.empty(shape, dtype)");
      return nullptr;
    }
    if (!*b)
      return nullptr;
    f->params.push_back(*b);
    bind(t.name, Value::buf(*b));
  }
  std::vector<Stmt> body;
  for (const py::Stmt *s : k.body)
    if (!convertStmt(*s, body))
      return nullptr;
  f->body = seq(std::move(body), k.loc);
  return f;
}

bool isPrimFuncDecorator(const py::Expr &d, const std::string &alias) {
  const py::Expr &x = d.kind == py::ExprKind::Call ? *d.a : d;
  return x.dottedName() == alias + ".prim_func";
}

} // namespace

std::string ttllc::tileLangConstruct(const PyValue &v) {
  const auto *s = std::get_if<std::string>(&v.v);
  llvm::StringRef r = s ? llvm::StringRef(*s) : llvm::StringRef();
  return r.consume_front(kTileLangMarker) ? r.str() : "";
}

std::string ttllc::macroName(const PyValue &v) {
  const auto *s = std::get_if<std::string>(&v.v);
  llvm::StringRef r = s ? llvm::StringRef(*s) : llvm::StringRef();
  if (!r.consume_front(kMacroMarker))
    return "";
  return r.split(':').second.str();
}

bool ttllc::isMacroDecorator(const py::Expr &decorator, const std::string &langAlias) {
  std::string n = (decorator.kind == py::ExprKind::Call ? *decorator.a : decorator).dottedName();
  return n == langAlias + ".macro" || n == "tilelang.language.macro";
}

bool ttllc::isUnsupportedTileLangDType(std::string_view name) {
  static const std::set<std::string, std::less<>> names = {"bool",
                                                           "int8",
                                                           "int16",
                                                           "int64",
                                                           "uint8",
                                                           "uint16",
                                                           "uint64",
                                                           "float64",
                                                           "double",
                                                           "half",
                                                           "tfloat32",
                                                           "float8_e4m3",
                                                           "float8_e5m2",
                                                           "float8_e4m3fn",
                                                           "float8_e5m2fnuz",
                                                           "float8_e4m3fnuz",
                                                           "float8_e8m0fnu",
                                                           "float4_e2m1fn",
                                                           "int4",
                                                           "uint4",
                                                           "int2",
                                                           "uint2",
                                                           "int1",
                                                           "float6_e2m3fn",
                                                           "float6_e3m2fn",
                                                           "ptr",
                                                           "handle",
                                                           "short",
                                                           "long",
                                                           "ulong"};
  if (names.count(name))
    return true;
  // A vector dtype: a scalar one with its lanes (`float16x2`, `int8x4`).
  size_t x = name.rfind('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == name.size())
    return false;
  std::string_view lanes = name.substr(x + 1), base = name.substr(0, x);
  if (lanes.find_first_not_of("0123456789") != std::string_view::npos || lanes[0] == '0')
    return false;
  return (parseDType(base) || names.count(base)) && base != "ptr" && base != "handle";
}

PrimFuncPtr ttllc::convertPrimFunc(const py::Stmt &def, const ConstEnv &env,
                                   const ConvertOptions &opts, Diagnostics &diag) {
  Converter c(env, opts, diag);
  return c.convertFunc(def);
}

PrimFuncPtr ttllc::convertEagerKernel(const EagerKernel &k, const ConstEnv &env,
                                      const ConvertOptions &opts, Diagnostics &diag) {
  Converter c(env, opts, diag);
  return c.convertEager(k);
}

std::optional<PyValue> ttllc::evalConstant(const py::Expr &e, const ConstEnv &env,
                                           const ConvertOptions &opts, Diagnostics &diag,
                                           bool *outOfRange) {
  Converter c(env, opts, diag);
  auto v = c.eval(e);
  if (outOfRange)
    *outOfRange = c.outOfRange();
  if (!v)
    return std::nullopt;
  std::function<std::optional<PyValue>(const Value &)> toPy =
      [&](const Value &x) -> std::optional<PyValue> {
    switch (x.kind) {
    case Value::None:
      return PyValue{};
    case Value::Tuple: {
      PyValue::Tuple t;
      for (const Value &y : x.elts) {
        auto p = toPy(y);
        if (!p)
          return std::nullopt;
        t.push_back(std::move(*p));
      }
      return PyValue{std::move(t)};
    }
    case Value::Scalar:
      if (auto *s = llvm::dyn_cast<StringImmNode>(x.expr.get()))
        return PyValue{s->value};
      if (auto *i = llvm::dyn_cast<IntImmNode>(x.expr.get()))
        return x.expr->dtype == DType::Bool ? PyValue{i->value != 0} : PyValue{i->value};
      if (auto *f = llvm::dyn_cast<FloatImmNode>(x.expr.get()))
        return PyValue{f->value};
      break;
    case Value::BufferRef:
    case Value::Region:
      break;
    }
    diag.error(e.loc, "expected a compile-time constant");
    return std::nullopt;
  };
  return toPy(*v);
}

std::optional<Module> ttllc::parseTileIR(llvm::SourceMgr &sm, unsigned bufferId,
                                         Diagnostics &diag) {
  auto toks = py::lex(sm, bufferId, diag);
  if (!toks)
    return std::nullopt;
  py::Parser parser(*toks, diag);
  auto stmts = parser.parseModule();
  if (!stmts)
    return std::nullopt;
  ConvertOptions opts;
  ConstEnv env;
  Module m;
  for (const py::StmtP &s : *stmts) {
    if (s->kind == py::StmtKind::Import || s->kind == py::StmtKind::ImportFrom)
      continue;
    bool isFunc = s->kind == py::StmtKind::FunctionDef && s->decorators.size() == 1 &&
                  isPrimFuncDecorator(*s->decorators[0], opts.langAlias);
    if (!isFunc) {
      diag.error(s->loc, "expected a '@T.prim_func' function at the top level of Tile IR text");
      return std::nullopt;
    }
    if (m.lookup(s->name)) {
      diag.error(s->loc, "function '" + s->name + "' is defined twice");
      return std::nullopt;
    }
    PrimFuncPtr f = convertPrimFunc(*s, env, opts, diag);
    if (!f)
      return std::nullopt;
    m.funcs.push_back(std::move(f));
  }
  return m;
}
