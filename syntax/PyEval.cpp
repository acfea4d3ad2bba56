//===- syntax/PyEval.cpp - compile-time Python of kernel factories --------===//
//
// A tree-walking interpreter over PyValue; see syntax/PyEval.h for what it
// accepts. Integers are int64 with overflow checks (Python's are unbounded:
// a result that does not fit is an error, never a wrapped value).
//
//===----------------------------------------------------------------------===//

#include "syntax/PyEval.h"

#include "ir/IR.h"
#include "support/Diagnostics.h"
#include "syntax/PyAST.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <set>

using namespace ttllc;
using llvm::SMLoc;

namespace {

enum Index { None = 0, Bool = 1, Int = 2, Float = 3, Str = 4, Tuple = 5, Dict = 6, Function = 7 };

size_t kind(const PyValue &v) { return v.v.index(); }
bool isNumber(const PyValue &v) { return kind(v) == Bool || kind(v) == Int || kind(v) == Float; }
bool isIntegral(const PyValue &v) { return kind(v) == Bool || kind(v) == Int; }
int64_t asInt(const PyValue &v) {
  return kind(v) == Bool ? int64_t(std::get<bool>(v.v)) : std::get<int64_t>(v.v);
}
double asFloat(const PyValue &v) {
  return kind(v) == Float ? std::get<double>(v.v) : double(asInt(v));
}
const std::string &asStr(const PyValue &v) { return std::get<std::string>(v.v); }
const PyValue::Tuple &asTuple(const PyValue &v) { return std::get<PyValue::Tuple>(v.v); }
const PyValue::Dict &asDict(const PyValue &v) { return std::get<PyValue::Dict>(v.v); }

bool truth(const PyValue &v) {
  switch (kind(v)) {
  case None:
    return false;
  case Bool:
  case Int:
    return asInt(v) != 0;
  case Float:
    return asFloat(v) != 0;
  case Str:
    return !asStr(v).empty();
  case Tuple:
    return !asTuple(v).empty();
  case Dict:
    return !asDict(v).keys.empty();
  default:
    return true;
  }
}

const char *typeName(const PyValue &v) {
  static const char *names[] = {"None", "bool", "int", "float", "str", "tuple", "dict", "function"};
  return names[kind(v)];
}

bool equal(const PyValue &a, const PyValue &b) {
  if (isNumber(a) && isNumber(b))
    return isIntegral(a) && isIntegral(b) ? asInt(a) == asInt(b) : asFloat(a) == asFloat(b);
  if (kind(a) != kind(b))
    return false;
  switch (kind(a)) {
  case None:
    return true;
  case Str:
    return asStr(a) == asStr(b);
  case Tuple: {
    const auto &x = asTuple(a), &y = asTuple(b);
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!equal(x[i], y[i]))
        return false;
    return true;
  }
  case Dict: { // equal regardless of order, as Python's dicts
    const auto &x = asDict(a), &y = asDict(b);
    if (x.keys.size() != y.keys.size())
      return false;
    for (size_t i = 0; i < x.keys.size(); ++i) {
      size_t j = 0;
      while (j < y.keys.size() && !equal(x.keys[i], y.keys[j]))
        ++j;
      if (j == y.keys.size() || !equal(x.values[i], y.values[j]))
        return false;
    }
    return true;
  }
  case Function:
    return std::get<PyValue::Function>(a.v).id == std::get<PyValue::Function>(b.v).id;
  default:
    return false;
  }
}

/// The index of `key` among a dict's keys, or -1.
long findKey(const PyValue::Dict &d, const PyValue &key) {
  for (size_t i = 0; i < d.keys.size(); ++i)
    if (equal(d.keys[i], key))
      return long(i);
  return -1;
}

/// Sets d[key] = value, keeping the key's first position, as Python does.
void setKey(PyValue::Dict &d, const PyValue &key, PyValue value) {
  long i = findKey(d, key);
  if (i >= 0) {
    d.values[size_t(i)] = std::move(value);
    return;
  }
  d.keys.push_back(key);
  d.values.push_back(std::move(value));
}

/// Sets longer than this are not evaluated (PyEvaluator::setOf is quadratic).
constexpr size_t kMaxSet = 4096;

/// Python's text of a value for messages and str(): strings without quotes.
std::string text(const PyValue &v) { return kind(v) == Str ? asStr(v) : v.str(); }

PyValue intValue(int64_t i) { return PyValue{i}; }
PyValue floatValue(double d) { return PyValue{d}; }

/// The dtype a `T.<name>` attribute stands for, as TileLang spells it, or "".
std::string dtypeOf(const std::string &name) {
  if (name == "float")
    return "float32";
  if (auto t = parseDType(name))
    return std::string(dtypeName(*t));
  if (isUnsupportedTileLangDType(name) && name != "ptr" && name != "handle")
    return name;
  return "";
}

/// TileLang's GPU code-generation library (tensor-core and matrix-core
/// instruction emitters, fp4 intrinsic groups, sparse-GEMM metadata factors,
/// TVM targets): called by a factory, a construct the Tenstorrent lowering does
/// not take. `named`: by the last component alone (also when a file re-exports
/// it, `from sparse_utils import get_e_factor`); else also by its module
/// (tilelang.cuda / rocm / intrinsics, TVM's targets, bitblas.tl).
bool gpuFacility(const std::string &name, bool named) {
  static const std::set<std::string, std::less<>> names = {
      "TensorCoreIntrinEmitter",     "TensorCoreIntrinEmitterWithLadderTransform",
      "INT4TensorCoreIntrinEmitter", "INT4TensorCoreIntrinEmitterWithLadderTransform",
      "MatrixCoreIntrinEmitter",     "MatrixCorePreshuffleIntrinEmitter",
      "get_mxfp_intrin_group",       "get_e_factor",
      "get_e_replicate_factor"};
  llvm::StringRef n(name);
  if (names.count(n.substr(n.rfind('.') + 1)))
    return true;
  if (named)
    return false;
  for (const char *gpu : {"tilelang.cuda.", "tilelang.rocm.", "tilelang.intrinsics.",
                          "tilelang.tvm.target.", "tvm.target.", "bitblas.tl."})
    if (n.starts_with(gpu))
      return true;
  return false;
}

} // namespace

/// The scope that binds `name` as a constant, searching outwards; null when none does.
static PyScope *bindingScope(const PyScope &scope, const std::string &name) {
  for (const PyScope *s = &scope; s; s = s->parent)
    if (s->values.count(name))
      return const_cast<PyScope *>(s); // scopes are the evaluator's own, mutable state
  return nullptr;
}

void PyScope::set(const std::string &name, PyValue v) {
  functions.erase(name);
  modules.erase(name);
  opaque.erase(name);
  namespaces.erase(name);
  values[name] = std::move(v);
}

ConstEnv PyScope::flatten() const {
  ConstEnv env = parent ? parent->flatten() : ConstEnv();
  for (const auto &[k, v] : values)
    env[k] = v;
  // Names this scope rebinds to something else hide the parent's constants.
  for (const auto &kv : modules)
    env.erase(kv.first);
  for (const auto &kv : functions)
    env.erase(kv.first);
  for (const auto &kv : opaque)
    env.erase(kv.first);
  for (const auto &kv : namespaces)
    env.erase(kv.first);
  return env;
}

std::string ttllc::torchDtype(const std::string &member) {
  static const std::pair<const char *, const char *> aliases[] = {
      {"half", "float16"}, {"float", "float32"}, {"double", "float64"},
      {"int", "int32"},    {"long", "int64"},    {"short", "int16"}};
  for (const auto &[alias, name] : aliases)
    if (member == alias)
      return name;
  if (member == "half" || member == "tfloat32" || member.rfind("float4", 0) == 0)
    return "";
  return dtypeOf(member);
}

bool PyEvaluator::error(SMLoc loc, const std::string &msg) {
  diag_.error(loc, msg);
  return false;
}

/// "math.ceil" for `math.ceil` when `math` is an imported module (or the
/// TileLang alias), nullopt otherwise.
std::optional<std::string> PyEvaluator::dottedPath(const py::Expr &e, const PyScope &scope) const {
  if (e.kind == py::ExprKind::Name) {
    for (const PyScope *s = &scope; s; s = s->parent) {
      if (auto it = s->modules.find(e.name); it != s->modules.end())
        return it->second;
      if (s->values.count(e.name) || s->functions.count(e.name) || s->opaque.count(e.name) ||
          s->namespaces.count(e.name))
        return std::nullopt;
    }
    if (e.name == opts_.langAlias)
      return std::string("tilelang.language");
    if (e.name == "math" || e.name == "tilelang")
      return e.name;
    return std::nullopt;
  }
  if (e.kind == py::ExprKind::Attribute) {
    auto base = dottedPath(*e.a, scope);
    if (!base)
      return std::nullopt;
    return *base + "." + e.name;
  }
  return std::nullopt;
}

std::optional<PyValue> PyEvaluator::evalAttribute(const py::Expr &e, const PyScope &scope) {
  if (e.a->kind == py::ExprKind::Name) // args.n of an argparse namespace
    for (const PyScope *s = &scope; s; s = s->parent) {
      if (s->values.count(e.a->name) || s->functions.count(e.a->name) ||
          s->modules.count(e.a->name) || s->opaque.count(e.a->name))
        break;
      if (auto it = s->namespaces.find(e.a->name); it != s->namespaces.end()) {
        if (auto v = it->second.find(e.name); v != it->second.end())
          return v->second;
        error(e.loc, "'" + e.a->name + "' has no attribute '" + e.name + "'");
        return std::nullopt;
      }
    }
  if (e.a->kind != py::ExprKind::Name && hostTensor) // x.view(4, -1).shape
    if (auto t = hostTensor(*e.a, scope)) {
      if (auto v = t->find(e.name); v != t->end())
        return v->second;
      error(e.loc, "cannot evaluate the tensor's '." + e.name +
                       "' at compile time (shape-only: .shape, .ndim, .dtype are known)");
      return std::nullopt;
    }
  auto path = dottedPath(e, scope);
  if (path) {
    if (path->rfind("tilelang.language.", 0) == 0) {
      std::string d = dtypeOf(path->substr(18));
      if (!d.empty())
        return PyValue{d};
      // A construct as a value (`reduce_fn=T.reduce_max`): the kernel that
      // calls it decides whether the lowering takes it.
      if (path->find('.', 18) == std::string::npos)
        return PyValue{kTileLangMarker + path->substr(18)};
    }
    if (path->rfind("torch.", 0) == 0) { // torch.float16: the dtype's TileLang name
      std::string d = torchDtype(path->substr(6));
      if (!d.empty())
        return PyValue{d};
    }
    // An enumerator of TileLang (T.GemmWarpPolicy.Square): its name, a string.
    llvm::StringRef full(*path);
    size_t dot = full.rfind('.');
    llvm::StringRef cls = full.substr(0, dot);
    cls = cls.substr(cls.rfind('.') + 1);
    if (full.starts_with("tilelang.") && dot != llvm::StringRef::npos && !cls.empty() &&
        std::isupper(static_cast<unsigned char>(cls[0])))
      return PyValue{(cls + full.substr(dot)).str()};
    if (*path == "math.pi")
      return floatValue(M_PI);
    if (*path == "math.e")
      return floatValue(M_E);
    if (*path == "math.inf")
      return floatValue(std::numeric_limits<double>::infinity());
    if (*path == "math.nan")
      return floatValue(std::numeric_limits<double>::quiet_NaN());
  }
  if (!path && e.name == "bits") { // DataType(dtype).bits, a dtype's width
    std::optional<PyValue> base;
    {
      SuppressDiagnostics quiet(diag_);
      base = eval(*e.a, scope);
    }
    if (base && kind(*base) == Str && !dtypeOf(asStr(*base)).empty()) {
      const std::string &d = asStr(*base);
      if (d == "bool")
        return intValue(1);
      size_t i = d.find_first_of("0123456789");
      return intValue(i == std::string::npos ? 32 : std::atoll(d.c_str() + i));
    }
  }
  // An attribute of a call's result: the call's own error first
  // (torch.cuda.get_device_properties(0).multi_processor_count).
  if (!path && e.a->kind == py::ExprKind::Call && !eval(*e.a, scope))
    return std::nullopt;
  std::string shown = path ? *path : e.dottedName();
  error(e.loc,
        "cannot evaluate '" + (shown.empty() ? "." + e.name : shown) + "' in the kernel factory");
  return std::nullopt;
}

std::optional<PyValue> PyEvaluator::eval(const py::Expr &e, const PyScope &scope) {
  using K = py::ExprKind;
  switch (e.kind) {
  case K::Int:
    return intValue(e.ival);
  case K::Float:
    return floatValue(e.fval);
  case K::Str:
    return PyValue{e.str};
  case K::FString: {
    std::string out;
    for (const py::ExprP &part : e.elts) {
      if (part->kind == K::Str) {
        out += part->str;
        continue;
      }
      auto v = eval(*part->a, scope);
      if (!v)
        return std::nullopt;
      auto s = format(*v, part->op, part->str, part->loc);
      if (!s)
        return std::nullopt;
      out += *s;
    }
    return PyValue{std::move(out)};
  }
  case K::FormattedValue: // only inside an FString
    error(e.loc, "a replacement field outside an f-string");
    return std::nullopt;
  case K::Bool:
    return PyValue{e.bval};
  case K::None:
    return PyValue{};
  case K::Name: {
    for (const PyScope *s = &scope; s; s = s->parent) {
      if (auto it = s->values.find(e.name); it != s->values.end()) {
        // A name's value is a copy: bound the elements copied, so that
        // quadratic Python (a loop reading a growing list) ends.
        const PyValue &v = it->second;
        copied_ += kind(v) == Tuple  ? asTuple(v).size()
                   : kind(v) == Dict ? asDict(v).keys.size()
                                     : 0;
        if (copied_ > 200000000) {
          error(e.loc, "the kernel factory's Python takes too long to evaluate");
          return std::nullopt;
        }
        return v;
      }
      if (auto it = s->opaque.find(e.name); it != s->opaque.end()) {
        error(e.loc, "'" + e.name + "' is " + it->second +
                         ", not a compile-time value of the kernel factory");
        return std::nullopt;
      }
      if (auto it = s->functions.find(e.name); it != s->functions.end())
        return functionValue(it->second, e.name);
      if (s->modules.count(e.name) || s->namespaces.count(e.name)) {
        error(e.loc, "'" + e.name + "' is a module or namespace, not a compile-time value");
        return std::nullopt;
      }
    }
    if (globalFunction && globalScope)
      if (const py::Stmt *def = globalFunction(e.name))
        return functionValue(globalScope->function(def), e.name);
    error(e.loc, "use of undefined name '" + e.name + "' in the kernel factory");
    return std::nullopt;
  }
  case K::Attribute:
    return evalAttribute(e, scope);
  case K::Tuple:
  case K::List:
  case K::Set: {
    PyValue::Tuple t;
    for (const py::ExprP &x : e.elts) {
      bool star = x->kind == K::Starred;
      auto v = eval(star ? *x->a : *x, scope);
      if (!v)
        return std::nullopt;
      if (!star) {
        t.push_back(std::move(*v));
        continue;
      }
      auto elems = items(*v, x->loc);
      if (!elems)
        return std::nullopt;
      t.insert(t.end(), elems->begin(), elems->end());
    }
    if (e.kind == K::Set)
      return setOf(std::move(t), e.loc);
    return PyValue{std::move(t)};
  }
  case K::Dict: {
    PyValue::Dict d;
    for (size_t i = 0; i < e.elts.size(); ++i) {
      const py::Expr &k = *e.elts[i];
      if (!e.values[i]) { // **base
        auto base = eval(*k.a, scope);
        if (!base)
          return std::nullopt;
        if (kind(*base) != Dict) {
          error(k.loc, std::string("'") + typeName(*base) + "' object is not a mapping");
          return std::nullopt;
        }
        for (size_t j = 0; j < asDict(*base).keys.size(); ++j)
          setKey(d, asDict(*base).keys[j], asDict(*base).values[j]);
        continue;
      }
      auto key = eval(k, scope);
      auto value = key ? eval(*e.values[i], scope) : std::nullopt;
      if (!value)
        return std::nullopt;
      setKey(d, *key, std::move(*value));
    }
    return PyValue{std::move(d)};
  }
  case K::Lambda:
    return functionValue(PyFunction{nullptr, &e, &scope, scope.token.p}, "<lambda>");
  case K::Starred:
    error(e.loc, "a starred expression is only allowed in a call, a list or a tuple");
    return std::nullopt;
  case K::UnaryOp: {
    auto a = eval(*e.a, scope);
    if (!a)
      return std::nullopt;
    if (e.op == "not")
      return PyValue{!truth(*a)};
    if (!isNumber(*a)) {
      error(e.loc, "bad operand type for unary " + e.op + ": '" + typeName(*a) + "'");
      return std::nullopt;
    }
    if (e.op == "+")
      return kind(*a) == Bool ? intValue(asInt(*a)) : *a;
    if (e.op == "-") {
      if (kind(*a) == Float)
        return floatValue(-asFloat(*a));
      if (asInt(*a) == std::numeric_limits<int64_t>::min()) {
        outOfRange_ = true;
        error(e.loc, "integer result does not fit in 64 bits");
        return std::nullopt;
      }
      return intValue(-asInt(*a));
    }
    if (e.op == "~" && isIntegral(*a))
      return intValue(~asInt(*a));
    error(e.loc, "bad operand type for unary " + e.op + ": '" + typeName(*a) + "'");
    return std::nullopt;
  }
  case K::BinOp: {
    auto a = eval(*e.a, scope);
    if (!a)
      return std::nullopt;
    auto b = eval(*e.b, scope);
    if (!b)
      return std::nullopt;
    return binary(e.op, *a, *b, e.loc);
  }
  case K::Compare: {
    auto lhs = eval(*e.elts[0], scope);
    if (!lhs)
      return std::nullopt;
    for (size_t i = 0; i < e.ops.size(); ++i) {
      auto rhs = eval(*e.elts[i + 1], scope);
      if (!rhs)
        return std::nullopt;
      auto c = compare(e.ops[i], *lhs, *rhs, e.loc);
      if (!c)
        return std::nullopt;
      if (!*c)
        return PyValue{false};
      lhs = std::move(rhs);
    }
    return PyValue{true};
  }
  case K::BoolOp: {
    // Python returns the deciding operand, not a bool.
    std::optional<PyValue> v;
    for (const py::ExprP &x : e.elts) {
      v = eval(*x, scope);
      if (!v)
        return std::nullopt;
      if (truth(*v) == (e.op == "or"))
        return v;
    }
    return v;
  }
  case K::IfExp: {
    auto c = eval(*e.a, scope);
    if (!c)
      return std::nullopt;
    return eval(truth(*c) ? *e.b : *e.c, scope);
  }
  case K::Call:
    return evalCall(e, scope);
  case K::Subscript:
    return subscript(e, scope);
  case K::Comp:
    return comprehension(e, scope);
  case K::Slice:
    error(e.loc, "a slice is only allowed inside []");
    return std::nullopt;
  case K::Ellipsis:
    error(e.loc, "cannot evaluate '...' in the kernel factory");
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<PyValue> PyEvaluator::binary(const std::string &op, const PyValue &a,
                                           const PyValue &b, SMLoc loc) {
  auto unsupported = [&]() -> std::optional<PyValue> {
    error(loc, "unsupported operand types for " + op + ": '" + typeName(a) + "' and '" +
                   typeName(b) + "'");
    return std::nullopt;
  };
  auto overflow = [&]() -> std::optional<PyValue> {
    outOfRange_ = true;
    error(loc, "integer result of '" + op + "' does not fit in 64 bits");
    return std::nullopt;
  };
  // Sequences.
  if (kind(a) == Str && kind(b) == Str && op == "+")
    return PyValue{asStr(a) + asStr(b)};
  if (kind(a) == Tuple && kind(b) == Tuple && op == "+") {
    PyValue::Tuple t = asTuple(a);
    t.insert(t.end(), asTuple(b).begin(), asTuple(b).end());
    return PyValue{std::move(t)};
  }
  if (op == "*" && ((kind(a) == Tuple || kind(a) == Str) && isIntegral(b))) {
    int64_t n = std::max<int64_t>(asInt(b), 0);
    size_t size = kind(a) == Str ? asStr(a).size() : asTuple(a).size();
    if (n > 1000000 || size_t(n) * size > 10000000) {
      error(loc, "the result of '*' is too long to evaluate in the kernel factory");
      return std::nullopt;
    }
    if (kind(a) == Str) {
      std::string s;
      for (int64_t i = 0; i < n; ++i)
        s += asStr(a);
      return PyValue{s};
    }
    PyValue::Tuple t;
    for (int64_t i = 0; i < n; ++i)
      t.insert(t.end(), asTuple(a).begin(), asTuple(a).end());
    return PyValue{std::move(t)};
  }
  if (op == "*" && isIntegral(a) && (kind(b) == Tuple || kind(b) == Str))
    return binary(op, b, a, loc);
  if (!isNumber(a) || !isNumber(b))
    return unsupported();

  if (isIntegral(a) && isIntegral(b)) {
    int64_t x = asInt(a), y = asInt(b), r = 0;
    if (op == "+")
      return __builtin_add_overflow(x, y, &r) ? overflow() : intValue(r);
    if (op == "-")
      return __builtin_sub_overflow(x, y, &r) ? overflow() : intValue(r);
    if (op == "*")
      return __builtin_mul_overflow(x, y, &r) ? overflow() : intValue(r);
    if (op == "/") {
      if (y == 0) {
        error(loc, "division by zero");
        return std::nullopt;
      }
      return floatValue(double(x) / double(y));
    }
    if (op == "//" || op == "%") {
      if (y == 0) {
        error(loc, op == "//" ? "integer division by zero" : "integer modulo by zero");
        return std::nullopt;
      }
      if (x == std::numeric_limits<int64_t>::min() && y == -1)
        return overflow();
      int64_t q = x / y, m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) { // floor, as Python
        q -= 1;
        m += y;
      }
      return intValue(op == "//" ? q : m);
    }
    if (op == "**") {
      if (y < 0)
        return floatValue(std::pow(double(x), double(y)));
      r = 1;
      for (int64_t i = 0; i < y; ++i) {
        if (__builtin_mul_overflow(r, x, &r))
          return overflow();
        if (r == 0 || r == 1)
          break;
      }
      if (r == 1 && x == -1)
        r = (y % 2) ? -1 : 1;
      return intValue(r);
    }
    if (op == "&")
      return intValue(x & y);
    if (op == "|")
      return intValue(x | y);
    if (op == "^")
      return intValue(x ^ y);
    if (op == "<<" || op == ">>") {
      if (y < 0) {
        error(loc, "negative shift count");
        return std::nullopt;
      }
      if (op == ">>")
        return intValue(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
      if (y >= 63 || (x != 0 && (std::abs(x) >> (62 - y)) != 0))
        return x == 0 ? intValue(0) : overflow();
      return intValue(x << y);
    }
    return unsupported();
  }
  double x = asFloat(a), y = asFloat(b);
  if (op == "+")
    return floatValue(x + y);
  if (op == "-")
    return floatValue(x - y);
  if (op == "*")
    return floatValue(x * y);
  if (op == "/" || op == "//" || op == "%") {
    if (y == 0) {
      error(loc, "float division by zero");
      return std::nullopt;
    }
    if (op == "/")
      return floatValue(x / y);
    if (op == "//")
      return floatValue(std::floor(x / y));
    double m = std::fmod(x, y);
    if (m != 0 && ((m < 0) != (y < 0)))
      m += y;
    return floatValue(m);
  }
  if (op == "**") {
    if (x < 0 && std::floor(y) != y) {
      error(loc, "a negative number to a fractional power is complex");
      return std::nullopt;
    }
    return floatValue(std::pow(x, y));
  }
  return unsupported();
}

std::optional<bool> PyEvaluator::compare(const std::string &op, const PyValue &a, const PyValue &b,
                                         SMLoc loc) {
  if (op == "==")
    return equal(a, b);
  if (op == "!=")
    return !equal(a, b);
  if (op == "is" || op == "is not") {
    bool same = kind(a) == kind(b) && equal(a, b);
    return op == "is" ? same : !same;
  }
  if (op == "in" || op == "not in") {
    bool found = false;
    if (kind(b) == Str && kind(a) == Str)
      found = asStr(b).find(asStr(a)) != std::string::npos;
    else if (kind(b) == Tuple)
      found = std::any_of(asTuple(b).begin(), asTuple(b).end(),
                          [&](const PyValue &x) { return equal(a, x); });
    else if (kind(b) == Dict)
      found = findKey(asDict(b), a) >= 0;
    else {
      error(loc, std::string("argument of type '") + typeName(b) + "' is not iterable");
      return std::nullopt;
    }
    return op == "in" ? found : !found;
  }
  int c;
  if (isNumber(a) && isNumber(b)) {
    if (isIntegral(a) && isIntegral(b))
      c = asInt(a) < asInt(b) ? -1 : asInt(a) > asInt(b);
    else
      c = asFloat(a) < asFloat(b) ? -1 : asFloat(a) > asFloat(b);
  } else if (kind(a) == Str && kind(b) == Str) {
    c = asStr(a).compare(asStr(b));
    c = c < 0 ? -1 : c > 0;
  } else {
    error(loc, "'" + op + "' not supported between instances of '" + typeName(a) + "' and '" +
                   typeName(b) + "'");
    return std::nullopt;
  }
  if (op == "<")
    return c < 0;
  if (op == "<=")
    return c <= 0;
  if (op == ">")
    return c > 0;
  return c >= 0;
}

std::optional<std::vector<PyValue>> PyEvaluator::items(const PyValue &v, SMLoc loc) {
  if (kind(v) == Tuple)
    return asTuple(v);
  if (kind(v) == Dict)
    return asDict(v).keys;
  if (kind(v) == Str) {
    std::vector<PyValue> out;
    for (char ch : asStr(v))
      out.push_back(PyValue{std::string(1, ch)});
    return out;
  }
  error(loc, std::string("'") + typeName(v) + "' object is not iterable");
  return std::nullopt;
}

std::optional<PyValue> PyEvaluator::subscript(const py::Expr &e, const PyScope &scope) {
  auto base = eval(*e.a, scope);
  if (!base)
    return std::nullopt;
  if (kind(*base) == Dict && e.elts.size() == 1 && e.elts[0]->kind != py::ExprKind::Slice) {
    auto key = eval(*e.elts[0], scope);
    if (!key)
      return std::nullopt;
    long i = findKey(asDict(*base), *key);
    if (i < 0) {
      error(e.elts[0]->loc, "KeyError: " + key->str());
      return std::nullopt;
    }
    return asDict(*base).values[size_t(i)];
  }
  if (kind(*base) != Tuple && kind(*base) != Str) {
    error(e.loc, std::string("'") + typeName(*base) + "' object is not subscriptable");
    return std::nullopt;
  }
  if (e.elts.size() != 1) {
    error(e.loc, "a tuple takes one index");
    return std::nullopt;
  }
  auto elems = items(*base, e.loc);
  int64_t n = int64_t(elems->size());
  const py::Expr &ix = *e.elts[0];
  auto bound = [&](const py::ExprP &x, int64_t dflt) -> std::optional<int64_t> {
    if (!x)
      return dflt;
    auto v = eval(*x, scope);
    if (!v)
      return std::nullopt;
    if (!isIntegral(*v)) {
      error(x->loc, "slice indices must be integers");
      return std::nullopt;
    }
    int64_t i = asInt(*v);
    if (i < 0)
      i += n;
    return std::clamp<int64_t>(i, 0, n);
  };
  auto pack = [&](std::vector<PyValue> out) {
    if (kind(*base) == Tuple)
      return PyValue{PyValue::Tuple(std::move(out))};
    std::string s;
    for (const PyValue &c : out)
      s += asStr(c);
    return PyValue{s};
  };
  if (ix.kind == py::ExprKind::Slice) {
    if (ix.c) {
      error(ix.c->loc, "slices with a step are not evaluated in the kernel factory");
      return std::nullopt;
    }
    auto lo = bound(ix.a, 0), hi = bound(ix.b, n);
    if (!lo || !hi)
      return std::nullopt;
    std::vector<PyValue> out;
    for (int64_t i = *lo; i < *hi; ++i)
      out.push_back((*elems)[size_t(i)]);
    return pack(std::move(out));
  }
  auto iv = eval(ix, scope);
  if (!iv)
    return std::nullopt;
  if (!isIntegral(*iv)) {
    error(ix.loc, "indices must be integers");
    return std::nullopt;
  }
  int64_t i = asInt(*iv);
  int64_t k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) {
    error(ix.loc, "index " + std::to_string(i) + " out of range");
    return std::nullopt;
  }
  return (*elems)[size_t(k)];
}

std::optional<PyValue> PyEvaluator::comprehension(const py::Expr &e, const PyScope &scope) {
  PyScope inner;
  inner.parent = &scope;
  PyValue::Tuple out;
  PyValue::Dict dict;
  std::function<bool(size_t)> loop = [&](size_t g) -> bool {
    if (g == e.generators.size()) {
      auto v = eval(*e.a, inner);
      if (!v)
        return false;
      if (e.op == "dict") {
        auto value = eval(*e.b, inner);
        if (!value)
          return false;
        setKey(dict, *v, std::move(*value));
        return dict.keys.size() <= 1000000 || error(e.loc, "comprehension is too long");
      }
      out.push_back(std::move(*v));
      return out.size() <= 1000000 || error(e.loc, "comprehension is too long");
    }
    const py::CompFor &c = e.generators[g];
    auto it = eval(*c.iter, inner);
    if (!it)
      return false;
    auto elems = items(*it, c.iter->loc);
    if (!elems)
      return false;
    for (const PyValue &x : *elems) {
      if (!assign(*c.target, x, inner))
        return false;
      bool keep = true;
      for (const py::ExprP &cond : c.ifs) {
        auto t = eval(*cond, inner);
        if (!t)
          return false;
        if (!(keep = truth(*t)))
          break;
      }
      if (keep && !loop(g + 1))
        return false;
    }
    return true;
  };
  if (!loop(0))
    return std::nullopt;
  if (e.op == "dict")
    return PyValue{std::move(dict)};
  if (e.op == "set")
    return setOf(std::move(out), e.loc);
  return PyValue{std::move(out)};
}

std::optional<PyValue> PyEvaluator::setOf(PyValue::Tuple t, SMLoc loc) {
  if (t.size() > kMaxSet) {
    error(loc, "set is too large to evaluate in the kernel factory");
    return std::nullopt;
  }
  PyValue::Tuple out;
  for (PyValue &x : t)
    if (std::none_of(out.begin(), out.end(), [&](const PyValue &y) { return equal(x, y); }))
      out.push_back(std::move(x));
  return PyValue{std::move(out)};
}

std::optional<std::string> PyEvaluator::format(const PyValue &v, const std::string &conversion,
                                               const std::string &spec, SMLoc loc) {
  std::string s = conversion == "r" || conversion == "a"
                      ? (kind(v) == Str ? "'" + asStr(v) + "'" : v.str())
                      : text(v);
  if (spec.empty())
    return s;
  // Python's format spec: [[fill]align][sign][0][width][.precision][type].
  auto bad = [&](const std::string &why) -> std::optional<std::string> {
    error(loc, "format spec '" + spec + "' " + why);
    return std::nullopt;
  };
  llvm::StringRef r(spec);
  char fill = ' ', align = 0;
  if (r.size() >= 2 && llvm::StringRef("<>^=").contains(r[1])) {
    fill = r[0];
    align = r[1];
    r = r.drop_front(2);
  } else if (!r.empty() && llvm::StringRef("<>^=").contains(r[0])) {
    align = r[0];
    r = r.drop_front();
  }
  char sign = 0;
  if (!r.empty() && llvm::StringRef("+- ").contains(r[0])) {
    sign = r[0];
    r = r.drop_front();
  }
  if (r.starts_with("0") && !align) {
    fill = '0';
    align = '=';
  }
  unsigned width = 0, precision = 0;
  r.consumeInteger(10, width);
  bool hasPrecision = r.consume_front(".");
  if (hasPrecision && r.consumeInteger(10, precision))
    return bad("is invalid");
  char type = r.empty() ? 0 : r[0];
  if (r.size() > 1 || (type && !llvm::StringRef("sdxXobeEfFgG%").contains(type)) || width > 1000 ||
      precision > 100)
    return bad("is not evaluated in the kernel factory");
  bool number = conversion.empty() && isNumber(v) && kind(v) != Bool;
  bool integral = number && kind(v) == Int;
  if (!number && type && type != 's')
    return bad(std::string("does not apply to '") + typeName(v) + "'");
  if (number && type == 's')
    return bad("does not apply to a number");
  if (!integral && type && llvm::StringRef("dxXob").contains(type))
    return bad(std::string("does not apply to '") + typeName(v) + "'");
  if (integral && (llvm::StringRef("dxXob").contains(type) || !type)) {
    if (hasPrecision)
      return bad("has a precision, which an integer does not take");
    int64_t i = asInt(v);
    uint64_t mag = i < 0 ? 0 - uint64_t(i) : uint64_t(i);
    std::string digits;
    unsigned base = type == 'x' || type == 'X' ? 16 : type == 'o' ? 8 : type == 'b' ? 2 : 10;
    do {
      digits.insert(digits.begin(), "0123456789abcdef"[mag % base]);
      mag /= base;
    } while (mag);
    if (type == 'X')
      digits = llvm::StringRef(digits).upper();
    s = (i < 0 ? "-" : "") + digits;
  } else if (number && (type || hasPrecision)) {
    double d = asFloat(v);
    char t = !type ? 'g' : type == '%' ? 'f' : type;
    char buf[512];
    std::snprintf(buf, sizeof buf, (std::string("%.*") + t).c_str(),
                  int(hasPrecision ? precision : 6), type == '%' ? d * 100 : d);
    s = std::string(buf) + (type == '%' ? "%" : "");
  } else if (!number && hasPrecision && s.size() > precision) {
    s = s.substr(0, precision);
  }
  if (number && sign && sign != '-' && s[0] != '-')
    s.insert(s.begin(), sign);
  if (s.size() < width) {
    size_t pad = width - s.size();
    char a = align ? align : number ? '>' : '<';
    if (a == '<')
      s += std::string(pad, fill);
    else if (a == '>')
      s.insert(0, pad, fill);
    else if (a == '^')
      s = std::string(pad / 2, fill) + s + std::string(pad - pad / 2, fill);
    else // '=': between the sign and the digits
      s.insert(number && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0, pad, fill);
  }
  return s;
}

std::optional<Macro> PyEvaluator::macro(const std::string &name, const PyValue *value) {
  if (value && kind(*value) == Function) {
    const PyFunction &f = functions_[std::get<PyValue::Function>(value->v).id];
    if (f.alive.expired())
      return std::nullopt;
    return Macro{f.def, f.lambda, f.scope->flatten()};
  }
  if (value) {
    const auto *s = std::get_if<std::string>(&value->v);
    llvm::StringRef r = s ? llvm::StringRef(*s) : llvm::StringRef();
    size_t id = 0;
    if (!r.consume_front(kMacroMarker) || r.split(':').first.getAsInteger(10, id) ||
        id >= macros_.size())
      return std::nullopt;
    const MacroDef &m = macros_[id];
    if (m.function.alive.expired())
      return Macro{m.function.def, nullptr, m.atDefinition};
    return Macro{m.function.def, nullptr, m.function.scope->flatten()};
  }
  // An undecorated helper the factory's Python defined (the latest of the
  // name whose scope lives: a kernel is converted while its factory's scope
  // lives), else a macro or an undecorated helper at the top level of the
  // file.
  if (auto it = defined_.find(name); it != defined_.end() && !it->second.alive.expired())
    return Macro{it->second.def, nullptr, it->second.scope->flatten()};
  const py::Stmt *def = globalFunction && globalScope ? globalFunction(name) : nullptr;
  if (!def || std::any_of(def->decorators.begin(), def->decorators.end(), [&](const py::ExprP &d) {
        return !isMacroDecorator(*d, opts_.langAlias);
      }))
    return std::nullopt;
  return Macro{def, nullptr, globalScope->flatten()};
}

PyValue PyEvaluator::functionValue(const PyFunction &f, const std::string &name) {
  for (size_t i = 0; i < functions_.size(); ++i)
    if (functions_[i].def == f.def && functions_[i].lambda == f.lambda &&
        functions_[i].scope == f.scope && !functions_[i].alive.expired())
      return PyValue{PyValue::Function{i, name}};
  functions_.push_back(f);
  return PyValue{PyValue::Function{functions_.size() - 1, name}};
}

bool PyEvaluator::evalArgs(const py::Expr &e, const PyScope &scope, std::vector<PyValue> &args,
                           std::map<std::string, PyValue> &kwargs) {
  for (const py::ExprP &x : e.elts) {
    if (x->kind != py::ExprKind::Starred) {
      auto v = eval(*x, scope);
      if (!v)
        return false;
      args.push_back(std::move(*v));
      continue;
    }
    auto v = eval(*x->a, scope);
    if (!v)
      return false;
    if (x->op == "*") {
      auto elems = items(*v, x->loc);
      if (!elems)
        return false;
      args.insert(args.end(), elems->begin(), elems->end());
      continue;
    }
    if (kind(*v) != Dict)
      return error(x->loc,
                   std::string("argument after ** must be a mapping, not '") + typeName(*v) + "'");
    const PyValue::Dict &d = asDict(*v);
    for (size_t i = 0; i < d.keys.size(); ++i) {
      if (kind(d.keys[i]) != Str)
        return error(x->loc, "keywords must be strings");
      if (!kwargs.emplace(asStr(d.keys[i]), d.values[i]).second)
        return error(x->loc, "got multiple values for keyword argument '" + asStr(d.keys[i]) + "'");
    }
  }
  for (const py::Keyword &k : e.keywords) {
    auto v = eval(*k.value, scope);
    if (!v)
      return false;
    if (!kwargs.emplace(k.name, std::move(*v)).second)
      return error(k.loc, "got multiple values for keyword argument '" + k.name + "'");
  }
  return true;
}

const ConstEnv *PyEvaluator::tensorShapeOf(const py::Expr &e, const PyScope &scope) const {
  if (e.kind != py::ExprKind::Name)
    return nullptr;
  for (const PyScope *s = &scope; s; s = s->parent) {
    if (auto it = s->namespaces.find(e.name); it != s->namespaces.end())
      return it->second.count("shape") ? &it->second : nullptr;
    if (s->values.count(e.name) || s->functions.count(e.name) || s->modules.count(e.name) ||
        s->opaque.count(e.name))
      return nullptr;
  }
  return nullptr;
}

std::optional<PyValue> PyEvaluator::tensorMethod(const ConstEnv &tensor, const py::Expr &callee,
                                                 const py::Expr &call, const PyScope &scope) {
  std::vector<PyValue> args;
  std::map<std::string, PyValue> kwargs;
  if (!evalArgs(call, scope, args, kwargs))
    return std::nullopt;
  const auto &shape = std::get<PyValue::Tuple>(tensor.at("shape").v);
  const std::string &m = callee.name;
  std::string base = callee.a->kind == py::ExprKind::Name ? callee.a->name : "tensor";
  std::string what = "'" + base + "." + m + "()'";
  if ((m == "size" || m == "numel" || m == "dim") && !kwargs.empty()) {
    error(call.loc, what + " takes no keyword arguments in the kernel factory's host code");
    return std::nullopt;
  }
  if (m == "size" && args.empty())
    return PyValue{shape};
  if (m == "size" && args.size() == 1 && std::holds_alternative<int64_t>(args[0].v)) {
    int64_t i = std::get<int64_t>(args[0].v), n = static_cast<int64_t>(shape.size());
    if (i < -n || i >= n) {
      error(call.loc, what + ": dimension " + std::to_string(i) + " out of range for a tensor of " +
                          std::to_string(n) + " dimensions");
      return std::nullopt;
    }
    return shape[static_cast<size_t>(i < 0 ? i + n : i)];
  }
  if (m == "numel" && args.empty()) {
    int64_t n = 1;
    for (const PyValue &d : shape)
      n *= std::get<int64_t>(d.v);
    return PyValue{n};
  }
  if (m == "dim" && args.empty())
    return PyValue{static_cast<int64_t>(shape.size())};
  if (auto it = tensor.find(kTensorValues); it != tensor.end() && args.empty() && kwargs.empty()) {
    // Values host code wrote: numbers, all of one kind.
    std::vector<PyValue> flat;
    std::function<void(const PyValue &)> walk = [&](const PyValue &v) {
      if (const auto *t = std::get_if<PyValue::Tuple>(&v.v))
        for (const PyValue &x : *t)
          walk(x);
      else
        flat.push_back(v);
    };
    walk(it->second);
    if (m == "tolist")
      return it->second;
    if (m == "item" && flat.size() == 1)
      return flat[0];
    if ((m == "max" || m == "min" || m == "sum") && !flat.empty()) {
      PyValue acc = m == "sum" ? PyValue{int64_t(0)} : flat[0];
      for (const PyValue &x : flat) {
        if (m == "sum") {
          auto r = binary("+", acc, x, call.loc);
          if (!r)
            return std::nullopt;
          acc = *r;
          continue;
        }
        auto better = compare(m == "max" ? ">" : "<", x, acc, call.loc);
        if (!better)
          return std::nullopt;
        if (*better)
          acc = x;
      }
      return acc;
    }
  }
  if (m == "item" || m == "tolist" || m == "cpu" || m == "numpy")
    error(call.loc, what + " needs the values of tensor '" + base +
                        "', which are known only at run time (tt-llc knows its shape)");
  else
    error(call.loc, "cannot evaluate " + what + " of tensor '" + base +
                        "' at compile time (shape-only: .shape, .size(i), .numel(), .dim(), "
                        ".ndim, .dtype are known)");
  return std::nullopt;
}

std::optional<PyValue> PyEvaluator::evalCall(const py::Expr &e, const PyScope &scope) {
  const py::Expr &callee = *e.a;
  std::vector<PyValue> args;
  std::map<std::string, PyValue> kwargs;
  // What is called: a function value, a builtin, a module member, or a method.
  std::string name;
  if (callee.kind == py::ExprKind::Name) {
    for (const PyScope *s = &scope; s && name.empty(); s = s->parent) {
      if (s->functions.count(callee.name) || s->values.count(callee.name))
        break; // a function value: evaluated below
      if (auto m = s->modules.find(callee.name); m != s->modules.end())
        name = m->second;
      else if (s->opaque.count(callee.name)) {
        error(callee.loc, "'" + callee.name + "' is not callable in the kernel factory");
        return std::nullopt;
      }
    }
  } else if (auto p = dottedPath(callee, scope)) {
    name = *p;
  } else if (const ConstEnv *t = callee.kind == py::ExprKind::Attribute
                                     ? tensorShapeOf(*callee.a, scope)
                                     : nullptr) {
    return tensorMethod(*t, callee, e, scope);
  } else if (std::optional<ConstEnv> t = callee.kind == py::ExprKind::Attribute &&
                                                 callee.a->kind != py::ExprKind::Name && hostTensor
                                             ? hostTensor(*callee.a, scope)
                                             : std::nullopt) {
    return tensorMethod(*t, callee, e, scope); // x.view(4, -1).size(0)
  } else if (callee.kind == py::ExprKind::Attribute) {
    // A method of a constant (xs.append(x)), when the base is one.
    bool isValue = callee.a->kind == py::ExprKind::Name && bindingScope(scope, callee.a->name);
    if (!isValue) { // (a name is not copied: xs.append(x) stays O(1))
      SuppressDiagnostics quiet(diag_);
      isValue = eval(*callee.a, scope).has_value();
    }
    if (!isValue) {
      std::string d = callee.dottedName();
      error(callee.loc, (d.empty() ? std::string("cannot evaluate this call")
                                   : "cannot evaluate a call of '" + d + "'") +
                            " in the kernel factory");
      return std::nullopt;
    }
    if (!evalArgs(e, scope, args, kwargs))
      return std::nullopt;
    return callMethod(*callee.a, callee.name, e, scope, args, kwargs);
  }
  if (callee.kind == py::ExprKind::Name && callee.name == "len" && name.empty() &&
      e.elts.size() == 1 && e.keywords.empty() && !(globalFunction && globalFunction("len")) &&
      !bindingScope(scope, "len")) {
    // len(x) of a shape-only tensor: its first dimension.
    const py::Expr &x = *e.elts[0];
    std::optional<ConstEnv> t;
    if (const ConstEnv *n = tensorShapeOf(x, scope))
      t = *n;
    else if (x.kind != py::ExprKind::Name && hostTensor)
      t = hostTensor(x, scope);
    if (t) {
      const auto &shape = std::get<PyValue::Tuple>(t->at("shape").v);
      if (shape.empty()) {
        error(e.loc, "len() of a 0-d tensor");
        return std::nullopt;
      }
      return shape[0];
    }
  }
  if (callee.kind == py::ExprKind::Name && callee.name == "isinstance" && name.empty() &&
      e.elts.size() == 2 && e.keywords.empty() &&
      !(globalFunction && globalFunction("isinstance"))) {
    // isinstance(x, int) / isinstance(x, (int, float)): the builtin types by
    // name; a shape-only tensor of host code is a torch.Tensor.
    const py::Expr &t = *e.elts[1];
    std::vector<const py::Expr *> types;
    if (t.kind == py::ExprKind::Tuple)
      for (const py::ExprP &x : t.elts)
        types.push_back(x.get());
    else
      types.push_back(&t);
    std::string have;
    if (tensorShapeOf(*e.elts[0], scope)) {
      have = "torch.Tensor";
    } else {
      auto v = eval(*e.elts[0], scope);
      if (!v)
        return std::nullopt;
      have = typeName(*v);
    }
    bool match = false;
    for (const py::Expr *x : types) {
      static const char *known[] = {"int", "float", "str", "bool", "tuple", "list", "dict"};
      if (x->dottedName() == "torch.Tensor") {
        match |= have == "torch.Tensor";
        continue;
      }
      if (x->kind != py::ExprKind::Name ||
          std::find(std::begin(known), std::end(known), x->name) == std::end(known)) {
        error(x->loc, "isinstance() is evaluated for the builtin types int, float, str, bool, "
                      "tuple, list and dict, and torch.Tensor, only");
        return std::nullopt;
      }
      const std::string &want = x->name;
      match |=
          want == have || (want == "int" && have == "bool") || (want == "list" && have == "tuple");
    }
    return PyValue{match};
  }
  bool builtin = !name.empty();
  if (!builtin && callee.kind == py::ExprKind::Name) {
    // A name bound to nothing else is a builtin unless it is a top-level def.
    bool bound = false;
    for (const PyScope *s = &scope; s && !bound; s = s->parent)
      bound = s->functions.count(callee.name) || s->values.count(callee.name);
    if (!bound && !(globalFunction && globalScope && globalFunction(callee.name))) {
      name = callee.name;
      builtin = true;
    }
  }
  // T.dynamic / T.const are statements of the factory, not values.
  if (name == "tilelang.language.dynamic" || name == "tilelang.language.symbolic") {
    error(callee.loc, "symbolic dimensions (" + callee.dottedName() +
                          ") are not supported: tt-llc compiles fixed shapes; bind the "
                          "dimension to a constant (T.const, or a parameter with -D)");
    return std::nullopt;
  }
  if (builtin && name == "print") // host-side output, no value
    return PyValue{};
  if (builtin && gpuFacility(name, /*named=*/true)) {
    error(callee.loc, "'" + callee.dottedName() +
                          "' (TileLang) is not supported by the Tenstorrent lowering yet");
    return std::nullopt;
  }
  std::optional<PyValue> fn;
  if (!builtin && !(fn = eval(callee, scope)))
    return std::nullopt;
  if (!evalArgs(e, scope, args, kwargs))
    return std::nullopt;
  if (builtin)
    return callBuiltin(name, e, args, kwargs);
  if (std::string m = macroName(*fn); !m.empty()) {
    error(callee.loc, "macro '" + m + "' can only be called in a kernel");
    return std::nullopt;
  }
  if (kind(*fn) != Function) {
    error(callee.loc, std::string("'") + typeName(*fn) + "' object is not callable");
    return std::nullopt;
  }
  return callValue(*fn, e.loc, std::move(args), std::move(kwargs));
}

std::optional<PyValue> PyEvaluator::callValue(const PyValue &f, SMLoc loc,
                                              std::vector<PyValue> args,
                                              std::map<std::string, PyValue> kwargs) {
  if (kind(f) != Function) {
    error(loc, std::string("'") + typeName(f) + "' object is not callable");
    return std::nullopt;
  }
  PyFunction fn = functions_[std::get<PyValue::Function>(f.v).id];
  return callFunction(fn, loc, args, kwargs);
}

std::optional<PyValue> PyEvaluator::callFunction(const PyFunction &f, SMLoc loc,
                                                 std::vector<PyValue> &args,
                                                 std::map<std::string, PyValue> &kwargs) {
  std::string fname = f.def ? f.def->name : "<lambda>";
  if (f.def &&
      std::any_of(f.def->decorators.begin(), f.def->decorators.end(),
                  [&](const py::ExprP &d) { return isMacroDecorator(*d, opts_.langAlias); })) {
    error(loc, "macro '" + fname + "' can only be called in a kernel");
    return std::nullopt;
  }
  if (f.alive.expired()) {
    error(loc, "'" + fname +
                   "' was defined in a call that has returned; closures are not evaluated in "
                   "the kernel factory");
    return std::nullopt;
  }
  if (callDepth_ >= 64) {
    error(loc, "helper calls nest too deeply in the kernel factory");
    return std::nullopt;
  }
  // The parameters: name, default, stars.
  struct P {
    std::string name;
    const py::Expr *dflt;
    int star;
  };
  std::vector<P> params;
  if (f.def)
    for (const py::Param &p : f.def->params)
      params.push_back(P{p.name, p.defaultValue.get(), p.star});
  else
    for (const py::Keyword &k : f.lambda->keywords) {
      int star = k.name.rfind("**", 0) == 0 ? 2 : k.name.rfind("*", 0) == 0 ? 1 : 0;
      params.push_back(P{k.name.substr(size_t(star)), k.value.get(), star});
    }
  PyScope local;
  local.parent = f.scope;
  size_t next = 0; // the next positional argument
  bool hasVarKw = false;
  for (const P &p : params) {
    if (p.star == 1) {
      PyValue::Tuple rest(args.begin() + long(std::min(next, args.size())), args.end());
      next = args.size();
      local.set(p.name, PyValue{std::move(rest)});
      continue;
    }
    if (p.star == 2) {
      hasVarKw = true;
      continue;
    }
    if (next < args.size()) {
      if (kwargs.count(p.name)) {
        error(loc, fname + "() got multiple values for argument '" + p.name + "'");
        return std::nullopt;
      }
      local.set(p.name, args[next++]);
    } else if (auto it = kwargs.find(p.name); it != kwargs.end()) {
      local.set(p.name, it->second);
      kwargs.erase(it);
    } else if (p.dflt) {
      auto v = eval(*p.dflt, *f.scope);
      if (!v)
        return std::nullopt;
      local.set(p.name, *v);
    } else {
      error(loc, fname + "() missing argument '" + p.name + "'");
      return std::nullopt;
    }
  }
  if (next < args.size()) {
    error(loc, fname + "() takes " + std::to_string(next) + " positional arguments but " +
                   std::to_string(args.size()) + " were given");
    return std::nullopt;
  }
  if (hasVarKw) {
    PyValue::Dict rest;
    for (auto &[k, v] : kwargs)
      setKey(rest, PyValue{k}, v);
    for (const P &p : params)
      if (p.star == 2)
        local.set(p.name, PyValue{std::move(rest)});
  } else if (!kwargs.empty()) {
    error(loc, fname + "() got an unexpected keyword argument '" + kwargs.begin()->first + "'");
    return std::nullopt;
  }
  ++callDepth_;
  std::optional<PyValue> result;
  if (f.lambda) {
    result = eval(*f.lambda->a, local);
  } else {
    Flow flow = exec(f.def->body, local);
    if (flow == Flow::Return) {
      result = returned_;
      returned_ = PyValue{};
    } else if (flow != Flow::Error) {
      result = PyValue{};
    }
  }
  --callDepth_;
  if (!result)
    diag_.note(loc, "in this call of '" + fname + "'");
  return result;
}

std::optional<PyValue> PyEvaluator::callMethod(const py::Expr &baseExpr, const std::string &method,
                                               const py::Expr &call, const PyScope &scope,
                                               std::vector<PyValue> &args,
                                               std::map<std::string, PyValue> &kwargs) {
  SMLoc loc = call.loc;
  auto fail = [&](const std::string &msg) -> std::optional<PyValue> {
    error(loc, msg);
    return std::nullopt;
  };
  bool reported = false;
  auto arity = [&](size_t lo, size_t hi) {
    if (args.size() >= lo && args.size() <= hi && kwargs.empty())
      return true;
    reported = true;
    error(loc, method + "() takes " + std::to_string(lo) +
                   (hi > lo ? " to " + std::to_string(hi) : std::string()) + " arguments, got " +
                   std::to_string(args.size() + kwargs.size()));
    return false;
  };
  // Mutating methods change the value of the name they are called on, in place.
  bool mutating =
      method == "append" || method == "extend" || method == "insert" || method == "update";
  PyScope *holder =
      baseExpr.kind == py::ExprKind::Name ? bindingScope(scope, baseExpr.name) : nullptr;
  if (mutating && holder) {
    PyValue &target = holder->values[baseExpr.name];
    if (auto *t = std::get_if<PyValue::Tuple>(&target.v)) {
      if (method == "append" && arity(1, 1))
        t->push_back(args[0]);
      else if (method == "extend" && arity(1, 1)) {
        auto more = items(args[0], loc);
        if (!more)
          return std::nullopt;
        t->insert(t->end(), more->begin(), more->end());
      } else if (method == "insert" && arity(2, 2) && isIntegral(args[0])) {
        int64_t n = int64_t(t->size()), i = asInt(args[0]);
        t->insert(t->begin() + std::clamp<int64_t>(i < 0 ? i + n : i, 0, n), args[1]);
      } else {
        return reported ? std::nullopt
                        : fail("cannot evaluate a call of '" + baseExpr.name + "." + method +
                               "' in the kernel factory");
      }
      if (t->size() > 1000000)
        return fail("list is too long to evaluate in the kernel factory");
      return PyValue{};
    }
    if (auto *d = std::get_if<PyValue::Dict>(&target.v);
        d && method == "update" && args.size() <= 1) {
      if (args.size() == 1) {
        if (kind(args[0]) != Dict)
          return fail("update() expects a dict");
        for (size_t i = 0; i < asDict(args[0]).keys.size(); ++i)
          setKey(*d, asDict(args[0]).keys[i], asDict(args[0]).values[i]);
      }
      for (auto &[k, v] : kwargs)
        setKey(*d, PyValue{k}, v);
      return PyValue{};
    }
  }
  auto base = eval(baseExpr, scope);
  if (!base)
    return std::nullopt;
  if (mutating && holder)
    return fail("cannot evaluate a call of '" + baseExpr.name + "." + method +
                "' in the kernel factory");
  if (mutating)
    return fail("cannot evaluate '." + method +
                "()' on this expression in the kernel factory: only on a name");
  switch (kind(*base)) {
  case Tuple: {
    const PyValue::Tuple &t = asTuple(*base);
    if ((method == "index" || method == "count") && arity(1, 1)) {
      int64_t n = 0;
      for (size_t i = 0; i < t.size(); ++i)
        if (equal(t[i], args[0])) {
          if (method == "index")
            return intValue(int64_t(i));
          ++n;
        }
      if (method == "index")
        return fail(args[0].str() + " is not in list");
      return intValue(n);
    }
    if (method == "copy" && arity(0, 0))
      return *base;
    break;
  }
  case Dict: {
    const PyValue::Dict &d = asDict(*base);
    if ((method == "items" || method == "keys" || method == "values") && arity(0, 0)) {
      if (method == "keys")
        return PyValue{d.keys};
      if (method == "values")
        return PyValue{d.values};
      PyValue::Tuple out;
      for (size_t i = 0; i < d.keys.size(); ++i)
        out.push_back(PyValue{PyValue::Tuple{d.keys[i], d.values[i]}});
      return PyValue{std::move(out)};
    }
    if (method == "get" && arity(1, 2)) {
      long i = findKey(d, args[0]);
      return i >= 0 ? d.values[size_t(i)] : args.size() == 2 ? args[1] : PyValue{};
    }
    if (method == "copy" && arity(0, 0))
      return *base;
    break;
  }
  case Int:
  case Float:
    // A number stands for the 0-d tensor a reduction of host code's known
    // values gives (kTensorValues): its .item() is the number.
    if (method == "item" && arity(0, 0))
      return *base;
    if (kind(*base) == Float)
      break;
    if (method == "bit_length" && arity(0, 0)) {
      uint64_t v = uint64_t(std::llabs(asInt(*base)));
      int64_t bits = 0;
      for (; v; v >>= 1)
        ++bits;
      return intValue(bits);
    }
    break;
  case Str: {
    const std::string &str = asStr(*base);
    if ((method == "upper" || method == "lower") && arity(0, 0)) {
      std::string r = str;
      for (char &c : r)
        c = char(method == "upper" ? std::toupper(c) : std::tolower(c));
      return PyValue{r};
    }
    bool ascii = std::all_of(str.begin(), str.end(), [](char c) { return (c & 0x80) == 0; });
    // str.isdigit() and its kind, on ASCII text (CPython's Unicode classes
    // are not modelled); an empty string is False, as in Python.
    static const std::map<std::string, int (*)(int)> classes = {
        {"isdigit", [](int c) { return std::isdigit(c); }},
        {"isalpha", [](int c) { return std::isalpha(c); }},
        {"isalnum", [](int c) { return std::isalnum(c); }},
        {"isspace", [](int c) { return std::isspace(c); }}};
    if (auto cls = classes.find(method); cls != classes.end() && ascii && arity(0, 0))
      return PyValue{!str.empty() && std::all_of(str.begin(), str.end(), [&](char c) {
        return cls->second(static_cast<unsigned char>(c)) != 0;
      })};
    if ((method == "strip" || method == "lstrip" || method == "rstrip") && ascii && arity(0, 1) &&
        (args.empty() || kind(args[0]) == Str)) {
      std::string chars = args.empty() ? std::string(" \t\n\r\v\f") : asStr(args[0]);
      size_t b = method == "rstrip" ? 0 : str.find_first_not_of(chars);
      if (b == std::string::npos)
        return PyValue{std::string()};
      size_t e = method == "lstrip" ? str.size() : str.find_last_not_of(chars) + 1;
      return PyValue{str.substr(b, e - b)};
    }
    if ((method == "startswith" || method == "endswith") && arity(1, 1) && kind(args[0]) == Str) {
      const std::string &x = asStr(args[0]);
      bool r = x.size() <= str.size() &&
               (method == "startswith" ? str.compare(0, x.size(), x) == 0
                                       : str.compare(str.size() - x.size(), x.size(), x) == 0);
      return PyValue{r};
    }
    if (method == "replace" && arity(2, 2) && kind(args[0]) == Str && kind(args[1]) == Str &&
        !asStr(args[0]).empty()) {
      std::string r;
      const std::string &from = asStr(args[0]), &to = asStr(args[1]);
      for (size_t i = 0; i < str.size();)
        if (str.compare(i, from.size(), from) == 0) {
          r += to;
          i += from.size();
        } else {
          r += str[i++];
        }
      return PyValue{r};
    }
    if (method == "join" && arity(1, 1)) {
      auto parts = items(args[0], loc);
      if (!parts)
        return std::nullopt;
      std::string r;
      for (size_t i = 0; i < parts->size(); ++i) {
        if (kind((*parts)[i]) != Str)
          return fail("join() expects strings");
        r += (i ? str : "") + asStr((*parts)[i]);
      }
      return PyValue{r};
    }
    if (method == "split" && arity(0, 1)) {
      PyValue::Tuple out;
      std::string sep = args.empty() ? "" : kind(args[0]) == Str ? asStr(args[0]) : "";
      if (sep.empty()) { // whitespace runs
        std::string cur;
        for (char c : str + " ")
          if (std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty())
              out.push_back(PyValue{cur});
            cur.clear();
          } else {
            cur += c;
          }
      } else {
        size_t b = 0, k;
        while ((k = str.find(sep, b)) != std::string::npos) {
          out.push_back(PyValue{str.substr(b, k - b)});
          b = k + sep.size();
        }
        out.push_back(PyValue{str.substr(b)});
      }
      return PyValue{std::move(out)};
    }
    break;
  }
  default:
    break;
  }
  if (reported)
    return std::nullopt;
  // A method of TileLang's enumerators (T.GemmWarpPolicy.Square, a string
  // here): GPU warp partitioning and the like.
  if (kind(*base) == Str && llvm::StringRef(asStr(*base)).starts_with("GemmWarpPolicy."))
    return fail("'" + baseExpr.dottedName() + "." + method +
                "' (TileLang) is not supported by the Tenstorrent lowering yet");
  return fail(
      "cannot evaluate a call of '" +
      (baseExpr.dottedName().empty() ? std::string(typeName(*base)) : baseExpr.dottedName()) + "." +
      method + "' in the kernel factory");
}

std::optional<PyValue> PyEvaluator::callBuiltin(const std::string &name, const py::Expr &call,
                                                std::vector<PyValue> &args,
                                                std::map<std::string, PyValue> &kwargs) {
  SMLoc loc = call.loc;
  auto fail = [&](const std::string &msg) -> std::optional<PyValue> {
    error(loc, msg);
    return std::nullopt;
  };
  auto arity = [&](size_t lo, size_t hi) {
    if (args.size() < lo || args.size() > hi || !kwargs.empty()) {
      error(loc,
            name + "() takes " +
                (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                " positional argument" + (hi == 1 ? "" : "s") + ", got " +
                std::to_string(args.size()) +
                (kwargs.empty() ? "" : " and keyword '" + kwargs.begin()->first + "'"));
      return false;
    }
    return true;
  };
  auto numbers = [&]() {
    for (const PyValue &a : args)
      if (!isNumber(a)) {
        error(loc, name + "() expects numbers, got '" + typeName(a) + "'");
        return false;
      }
    return true;
  };
  auto toInt = [&](double d) -> std::optional<PyValue> {
    if (std::isnan(d) || std::isinf(d))
      return fail(name + "() of " + (std::isnan(d) ? "nan" : "inf"));
    if (d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) {
      outOfRange_ = true;
      return fail("integer result of " + name + "() does not fit in 64 bits");
    }
    return intValue(int64_t(d));
  };
  std::string lang = "tilelang.language.";
  std::string member = name.rfind(lang, 0) == 0 ? name.substr(lang.size()) : "";

  if (name == "min" || name == "max" || member == "min" || member == "max") {
    bool isMin = name == "min" || member == "min";
    std::vector<PyValue> xs = args;
    if (args.size() == 1) {
      auto it = items(args[0], loc);
      if (!it)
        return std::nullopt;
      xs = *it;
    }
    if (xs.empty() || !kwargs.empty())
      return fail(name + "() needs at least one value and no keywords");
    PyValue best = xs[0];
    for (size_t i = 1; i < xs.size(); ++i) {
      auto lt = compare("<", xs[i], best, loc);
      auto gt = compare(">", xs[i], best, loc);
      if (!lt || !gt)
        return std::nullopt;
      if (isMin ? *lt : *gt)
        best = xs[i];
    }
    return best;
  }
  if (name == "abs" || name == "math.fabs") {
    if (!arity(1, 1) || !numbers())
      return std::nullopt;
    if (name == "abs" && isIntegral(args[0])) {
      if (asInt(args[0]) == std::numeric_limits<int64_t>::min())
        return fail("integer result of abs() does not fit in 64 bits");
      return intValue(std::abs(asInt(args[0])));
    }
    return floatValue(std::fabs(asFloat(args[0])));
  }
  if (name == "int") {
    if (!arity(1, 1))
      return std::nullopt;
    if (kind(args[0]) == Str) {
      const std::string &s = asStr(args[0]);
      char *end = nullptr;
      long long v = std::strtoll(s.c_str(), &end, 10);
      if (s.empty() || *end)
        return fail("invalid literal for int(): '" + s + "'");
      return intValue(v);
    }
    if (!numbers())
      return std::nullopt;
    return isIntegral(args[0]) ? intValue(asInt(args[0])) : toInt(std::trunc(asFloat(args[0])));
  }
  if (name == "float") {
    if (!arity(1, 1))
      return std::nullopt;
    if (kind(args[0]) == Str) {
      const std::string &s = asStr(args[0]);
      if (s == "inf" || s == "-inf" || s == "nan")
        return floatValue(s == "nan"   ? std::numeric_limits<double>::quiet_NaN()
                          : s == "inf" ? std::numeric_limits<double>::infinity()
                                       : -std::numeric_limits<double>::infinity());
      char *end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || *end)
        return fail("could not convert string to float: '" + s + "'");
      return floatValue(d);
    }
    if (!numbers())
      return std::nullopt;
    return floatValue(asFloat(args[0]));
  }
  if (name == "bool") {
    if (!arity(1, 1))
      return std::nullopt;
    return PyValue{truth(args[0])};
  }
  if (name == "str") {
    if (!arity(1, 1))
      return std::nullopt;
    return PyValue{text(args[0])};
  }
  if (name == "round") {
    if (args.size() == 1 && kwargs.count("ndigits"))
      args.push_back(kwargs["ndigits"]), kwargs.clear();
    if (!arity(1, 2) || !numbers())
      return std::nullopt;
    double x = asFloat(args[0]);
    if (args.size() == 2) {
      double scale = std::pow(10.0, double(asInt(args[1])));
      return floatValue(std::nearbyint(x * scale) / scale);
    }
    if (isIntegral(args[0]))
      return intValue(asInt(args[0]));
    return toInt(std::nearbyint(x)); // half to even, as Python
  }
  if (name == "len") {
    if (!arity(1, 1))
      return std::nullopt;
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    return intValue(int64_t(it->size()));
  }
  if (name == "range") {
    if (!arity(1, 3))
      return std::nullopt;
    for (const PyValue &a : args)
      if (!isIntegral(a))
        return fail("range() expects integers, got '" + std::string(typeName(a)) + "'");
    int64_t lo = args.size() > 1 ? asInt(args[0]) : 0;
    int64_t hi = args.size() > 1 ? asInt(args[1]) : asInt(args[0]);
    int64_t step = args.size() > 2 ? asInt(args[2]) : 1;
    if (step == 0)
      return fail("range() arg 3 must not be zero");
    PyValue::Tuple t;
    for (int64_t i = lo; step > 0 ? i < hi : i > hi; i += step) {
      if (t.size() >= 1000000)
        return fail("range() is too long to evaluate in the kernel factory");
      t.push_back(intValue(i));
    }
    return PyValue{std::move(t)};
  }
  if (name == "sum" || name == "math.prod" || name == "any" || name == "all") {
    if (!arity(1, 2))
      return std::nullopt;
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    if (name == "any" || name == "all") {
      bool isAny = name == "any";
      for (const PyValue &x : *it)
        if (truth(x) == isAny)
          return PyValue{isAny};
      return PyValue{!isAny};
    }
    bool isSum = name == "sum";
    PyValue acc = args.size() == 2 ? args[1] : intValue(isSum ? 0 : 1);
    for (const PyValue &x : *it) {
      auto r = binary(isSum ? "+" : "*", acc, x, loc);
      if (!r)
        return std::nullopt;
      acc = std::move(*r);
    }
    return acc;
  }
  if (name == "itertools.accumulate" && args.size() == 1 && kwargs.empty()) {
    auto it = items(args[0], loc); // running sums
    if (!it)
      return std::nullopt;
    PyValue::Tuple out;
    for (const PyValue &x : *it) {
      auto r = out.empty() ? std::optional<PyValue>(x) : binary("+", out.back(), x, loc);
      if (!r)
        return std::nullopt;
      out.push_back(std::move(*r));
    }
    return PyValue{std::move(out)};
  }
  if (name == "zip" || name == "itertools.product") {
    bool isZip = name == "zip";
    int64_t repeat = 1;
    if (!isZip && kwargs.count("repeat")) {
      if (!isIntegral(kwargs["repeat"]) || asInt(kwargs["repeat"]) < 0)
        return fail("product() repeat must be a non-negative integer");
      repeat = asInt(kwargs["repeat"]);
      kwargs.erase("repeat");
    }
    if (!kwargs.empty())
      return fail(name + "() got an unexpected keyword argument '" + kwargs.begin()->first + "'");
    std::vector<std::vector<PyValue>> lists;
    for (int64_t r = 0; r < repeat; ++r)
      for (const PyValue &a : args) {
        auto it = items(a, loc);
        if (!it)
          return std::nullopt;
        lists.push_back(std::move(*it));
      }
    PyValue::Tuple out;
    if (isZip) {
      size_t n = lists.empty() ? 0 : SIZE_MAX;
      for (const auto &l : lists)
        n = std::min(n, l.size());
      for (size_t i = 0; i < n; ++i) {
        PyValue::Tuple row;
        for (const auto &l : lists)
          row.push_back(l[i]);
        out.push_back(PyValue{std::move(row)});
      }
      return PyValue{std::move(out)};
    }
    size_t total = 1;
    for (const auto &l : lists)
      if (__builtin_mul_overflow(total, l.size(), &total) || total > 1000000)
        return fail("itertools.product() is too long to evaluate in the kernel factory");
    for (size_t i = 0; i < total; ++i) { // the last iterable varies fastest
      PyValue::Tuple row(lists.size());
      size_t rest = i;
      for (size_t k = lists.size(); k-- > 0;) {
        row[k] = lists[k][rest % lists[k].size()];
        rest /= lists[k].size();
      }
      out.push_back(PyValue{std::move(row)});
    }
    return PyValue{std::move(out)};
  }
  if (name == "enumerate") {
    int64_t start = 0;
    if (kwargs.count("start") && isIntegral(kwargs["start"]))
      args.push_back(kwargs["start"]), kwargs.erase("start");
    if (!arity(1, 2))
      return std::nullopt;
    if (args.size() == 2) {
      if (!isIntegral(args[1]))
        return fail("enumerate() start must be an integer");
      start = asInt(args[1]);
    }
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    PyValue::Tuple out;
    for (const PyValue &x : *it)
      out.push_back(PyValue{PyValue::Tuple{intValue(start++), x}});
    return PyValue{std::move(out)};
  }
  if (name == "dict") {
    PyValue::Dict d;
    if (args.size() > 1)
      return fail("dict() takes at most 1 positional argument");
    if (args.size() == 1) {
      if (kind(args[0]) == Dict) {
        d = asDict(args[0]);
      } else {
        auto it = items(args[0], loc);
        if (!it)
          return std::nullopt;
        for (const PyValue &pair : *it) {
          auto kv = kind(pair) == Tuple || kind(pair) == Str ? items(pair, loc) : std::nullopt;
          if (!kv || kv->size() != 2)
            return fail("dict() expects pairs of a key and a value");
          setKey(d, (*kv)[0], (*kv)[1]);
        }
      }
    }
    for (auto &[k, v] : kwargs)
      setKey(d, PyValue{k}, v);
    return PyValue{std::move(d)};
  }
  if (name == "map" || name == "filter") {
    if (!arity(2, 2 + (name == "map" ? 8 : 0)))
      return std::nullopt;
    std::vector<std::vector<PyValue>> lists;
    for (size_t i = 1; i < args.size(); ++i) {
      auto it = items(args[i], loc);
      if (!it)
        return std::nullopt;
      lists.push_back(std::move(*it));
    }
    size_t n = SIZE_MAX;
    for (const auto &l : lists)
      n = std::min(n, l.size());
    PyValue::Tuple out;
    for (size_t i = 0; i < n; ++i) {
      std::vector<PyValue> fargs;
      for (const auto &l : lists)
        fargs.push_back(l[i]);
      if (name == "filter" && args[0].isNone()) {
        if (truth(fargs[0]))
          out.push_back(fargs[0]);
        continue;
      }
      auto r = callValue(args[0], loc, fargs);
      if (!r)
        return std::nullopt;
      if (name == "map")
        out.push_back(std::move(*r));
      else if (truth(*r))
        out.push_back(fargs[0]);
    }
    return PyValue{std::move(out)};
  }
  if (name == "reversed") {
    if (!arity(1, 1))
      return std::nullopt;
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    return PyValue{PyValue::Tuple(it->rbegin(), it->rend())};
  }
  if (name == "sorted") {
    std::optional<PyValue> key, reverse;
    if (kwargs.count("key"))
      key = kwargs["key"], kwargs.erase("key");
    if (kwargs.count("reverse"))
      reverse = kwargs["reverse"], kwargs.erase("reverse");
    if (!arity(1, 1))
      return std::nullopt;
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    std::vector<std::pair<PyValue, PyValue>> keyed;
    for (const PyValue &x : *it) {
      std::optional<PyValue> k = x;
      if (key && !key->isNone() && !(k = callValue(*key, loc, {x})))
        return std::nullopt;
      keyed.emplace_back(*k, x);
    }
    bool bad = false, rev = reverse && truth(*reverse);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto &a, const auto &b) {
      auto lt = bad ? std::optional<bool>(false)
                    : compare("<", rev ? b.first : a.first, rev ? a.first : b.first, loc);
      bad |= !lt;
      return lt.value_or(false);
    });
    if (bad)
      return std::nullopt;
    PyValue::Tuple out;
    for (auto &kv : keyed)
      out.push_back(std::move(kv.second));
    return PyValue{std::move(out)};
  }
  if (name == "tuple" || name == "list" || name == "set" || name == "frozenset") {
    if (!arity(0, 1))
      return std::nullopt;
    if (args.empty())
      return PyValue{PyValue::Tuple()};
    auto it = items(args[0], loc);
    if (!it)
      return std::nullopt;
    if (name == "set" || name == "frozenset")
      return setOf(std::move(*it), loc);
    return PyValue{PyValue::Tuple(std::move(*it))};
  }
  if (name == "pow" || name == "math.pow") {
    if (!arity(2, 2) || !numbers())
      return std::nullopt;
    if (name == "math.pow")
      return floatValue(std::pow(asFloat(args[0]), asFloat(args[1])));
    return binary("**", args[0], args[1], loc);
  }
  if (name == "divmod") {
    if (!arity(2, 2))
      return std::nullopt;
    auto q = binary("//", args[0], args[1], loc);
    auto r = q ? binary("%", args[0], args[1], loc) : std::nullopt;
    if (!r)
      return std::nullopt;
    return PyValue{PyValue::Tuple{*q, *r}};
  }
  if (name == "math.ceil" || name == "math.floor" || name == "math.trunc") {
    if (!arity(1, 1) || !numbers())
      return std::nullopt;
    if (isIntegral(args[0]))
      return intValue(asInt(args[0]));
    double x = asFloat(args[0]);
    return toInt(name == "math.ceil"    ? std::ceil(x)
                 : name == "math.floor" ? std::floor(x)
                                        : std::trunc(x));
  }
  static const std::pair<const char *, double (*)(double)> unaryMath[] = {
      {"math.sqrt", [](double x) { return std::sqrt(x); }},
      {"math.exp", [](double x) { return std::exp(x); }},
      {"math.exp2", [](double x) { return std::exp2(x); }},
      {"math.log2", [](double x) { return std::log2(x); }},
      {"math.log10", [](double x) { return std::log10(x); }},
      {"math.tanh", [](double x) { return std::tanh(x); }}};
  for (auto [n, f] : unaryMath)
    if (name == n) {
      if (!arity(1, 1) || !numbers())
        return std::nullopt;
      double x = asFloat(args[0]);
      if ((name == "math.sqrt" && x < 0) || (name.rfind("math.log", 0) == 0 && x <= 0))
        return fail(name + "(): math domain error");
      return floatValue(f(x));
    }
  if (name == "math.log") {
    if (!arity(1, 2) || !numbers())
      return std::nullopt;
    double x = asFloat(args[0]);
    double base = args.size() == 2 ? asFloat(args[1]) : M_E;
    if (x <= 0 || base <= 0 || base == 1)
      return fail("math.log(): math domain error");
    return floatValue(std::log(x) / std::log(base));
  }
  if (name == "math.isqrt") {
    if (!arity(1, 1) || !isIntegral(args[0]) || asInt(args[0]) < 0)
      return fail("math.isqrt() expects a non-negative integer");
    int64_t r = int64_t(std::sqrt(double(asInt(args[0]))));
    while (r * r > asInt(args[0]))
      --r;
    while ((r + 1) * (r + 1) <= asInt(args[0]))
      ++r;
    return intValue(r);
  }
  if (llvm::StringRef(name).starts_with("tilelang.") &&
      llvm::StringRef(name).ends_with(".determine_fp8_type")) {
    // TileLang's choice on CUDA (ROCm's FNUZ types are a run-time choice).
    if (args.empty() && kwargs.count("fp8_format"))
      args.push_back(kwargs["fp8_format"]), kwargs.clear();
    if (!arity(0, 1))
      return std::nullopt;
    std::string f = args.empty() || kind(args[0]) != Str ? "e4m3" : asStr(args[0]);
    if (f != "e4m3" && f != "e5m2")
      return fail("Unsupported FP8 format: " + f);
    return PyValue{std::string(f == "e4m3" ? "float8_e4m3fn" : "float8_e5m2")};
  }
  if (name == "DataType" || llvm::StringRef(name).ends_with(".DataType") ||
      name == "tilelang.language.dtype") { // a dtype as TVM's DataType: its name
    if (!arity(1, 1))
      return std::nullopt;
    if (kind(args[0]) != Str || dtypeOf(asStr(args[0])).empty())
      return fail(name + "() expects a dtype name");
    return PyValue{dtypeOf(asStr(args[0]))};
  }
  if (name == "tilelang.math.next_power_of_2" ||
      name == "tilelang.next_power_of_2") { // 1 << (x - 1).bit_length()
    if (!arity(1, 1) || !isIntegral(args[0]) || asInt(args[0]) > (int64_t(1) << 62))
      return fail("next_power_of_2() expects an integer up to 2**62");
    uint64_t v = uint64_t(std::llabs(asInt(args[0]) - 1));
    int bits = 0;
    for (; v; v >>= 1)
      ++bits;
    return intValue(int64_t(1) << bits);
  }
  if (name == "math.gcd" || name == "math.lcm") {
    if (!arity(2, 2) || !isIntegral(args[0]) || !isIntegral(args[1]))
      return fail(name + "() expects two integers");
    int64_t a = asInt(args[0]), b = asInt(args[1]);
    return intValue(name == "math.gcd" ? std::gcd(a, b) : std::lcm(a, b));
  }
  if (member == "ceildiv" || member == "cdiv" || name == "tilelang.cdiv" ||
      name == "tilelang.math.cdiv") {
    if (!arity(2, 2))
      return std::nullopt;
    if (!isIntegral(args[0]) || !isIntegral(args[1]))
      return fail(name + "() expects integers");
    if (asInt(args[1]) <= 0)
      return fail("the divisor of " + call.a->dottedName() + " must be positive");
    auto a1 = binary("+", args[0], intValue(asInt(args[1]) - 1), loc);
    if (!a1)
      return std::nullopt;
    return binary("//", *a1, args[1], loc);
  }
  if (!member.empty() && !dtypeOf(member).empty()) {
    // T.float32(x): a typed constant.
    if (!arity(1, 1) || !numbers())
      return std::nullopt;
    std::string d = dtypeOf(member);
    if (d.rfind("float", 0) == 0 || d == "bfloat16" || d == "half" || d == "double" ||
        d == "tfloat32")
      return floatValue(asFloat(args[0]));
    if (d == "bool")
      return PyValue{truth(args[0])};
    return isIntegral(args[0]) ? intValue(asInt(args[0])) : toInt(std::trunc(asFloat(args[0])));
  }
  if (member == "const")
    return fail(call.a->dottedName() +
                " declares compile-time names: write 'M, N = T.const(\"M, N\")' in the "
                "factory body");
  std::string shown = call.a->dottedName().empty() ? name : call.a->dottedName();
  // tilelang.compile / lower of a @T.prim_func, and TIR simplification, give
  // back the kernel (the frontend's prim_func marker).
  if ((name == "tilelang.compile" || name == "tilelang.lower" || name == "tilelang.engine.lower" ||
       name == "tilelang.transform.simplify.apply_simplify") &&
      !args.empty() && kind(args[0]) == Str && asStr(args[0]).rfind(kPrimFuncMarker, 0) == 0)
    return args[0];
  if (gpuFacility(name, /*named=*/false))
    return fail("'" + shown + "' (TileLang) is not supported by the Tenstorrent lowering yet");
  // Questions to a CUDA / ROCm GPU: tt-llc compiles for Tenstorrent, so
  // there is none (is_available() is False); what they would decide is an
  // error at the question.
  llvm::StringRef q(name);
  if (q == "torch.cuda.is_available" || q.ends_with("get_num_sms") ||
      q.starts_with("torch.cuda.get_device") || q == "torch.cuda.device_count" ||
      q == "torch.cuda.current_device" || q.ends_with(".get_device_capability") ||
      q.ends_with(".get_device_name")) {
    if (q.ends_with("get_num_sms") && computeUnits && args.empty() && kwargs.empty()) {
      diag_.note(loc, "'" + shown + "()' is taken as " + std::to_string(*computeUnits) +
                          ", the Tensix cores of the target's grid (a persistent kernel's "
                          "parallel units; --device / --grid change it)");
      return PyValue{*computeUnits};
    }
    bool available = q == "torch.cuda.is_available";
    if (!gpuQuery || (!available && gpuQuery->second == "torch.cuda.is_available()"))
      gpuQuery = {loc, shown + "()"};
    if (available)
      return PyValue{false};
    return fail("'" + shown +
                "()' asks the GPU, which tt-llc does not have (it compiles for Tenstorrent): "
                "make what it decides a parameter and pass it with -D NAME=VALUE");
  }
  return fail("cannot evaluate a call of '" + shown + "' in the kernel factory");
}

bool PyEvaluator::assign(const py::Expr &target, const PyValue &v, PyScope &scope) {
  if (target.kind == py::ExprKind::Name) {
    scope.set(target.name, v);
    return true;
  }
  if (target.kind == py::ExprKind::Tuple || target.kind == py::ExprKind::List) {
    auto elems = items(v, target.loc);
    if (!elems)
      return false;
    if (elems->size() != target.elts.size())
      return error(target.loc, "cannot unpack " + std::to_string(elems->size()) + " values into " +
                                   std::to_string(target.elts.size()) + " names");
    for (size_t i = 0; i < elems->size(); ++i)
      if (!assign(*target.elts[i], (*elems)[i], scope))
        return false;
    return true;
  }
  if (target.kind == py::ExprKind::Subscript && target.a->kind == py::ExprKind::Name &&
      target.elts.size() == 1 && target.elts[0]->kind != py::ExprKind::Slice) {
    // d[k] = v, xs[i] = v: rebinds the name to the updated value.
    PyScope *s = bindingScope(scope, target.a->name);
    auto key = s ? eval(*target.elts[0], scope) : std::nullopt;
    if (s && !key)
      return false;
    if (s) {
      PyValue &base = s->values[target.a->name];
      if (kind(base) == Dict) {
        setKey(std::get<PyValue::Dict>(base.v), *key, v);
        return true;
      }
      if (kind(base) == Tuple && isIntegral(*key)) {
        auto &t = std::get<PyValue::Tuple>(base.v);
        int64_t n = int64_t(t.size()), i = asInt(*key);
        if (i < -n || i >= n)
          return error(target.elts[0]->loc, "list assignment index out of range");
        t[size_t(i < 0 ? i + n : i)] = v;
        return true;
      }
    }
  }
  return error(
      target.loc,
      "cannot evaluate an assignment to " +
          std::string(target.kind == py::ExprKind::Subscript ? "a subscript" : "an attribute") +
          " in the kernel factory");
}

PyEvaluator::Flow PyEvaluator::exec(const std::vector<py::StmtP> &body, PyScope &scope) {
  for (const py::StmtP &s : body) {
    Flow f = execStmt(*s, scope);
    if (f != Flow::Next)
      return f;
  }
  return Flow::Next;
}

PyEvaluator::Flow PyEvaluator::execStmt(const py::Stmt &s, PyScope &scope) {
  using K = py::StmtKind;
  auto ok = [](bool b) { return b ? Flow::Next : Flow::Error; };
  switch (s.kind) {
  case K::Assign: {
    auto v = eval(*s.value, scope);
    if (!v)
      return Flow::Error;
    for (const py::ExprP &t : s.targets)
      if (!assign(*t, *v, scope))
        return Flow::Error;
    return Flow::Next;
  }
  case K::AnnAssign: {
    if (!s.value)
      return Flow::Next; // a declaration only
    auto v = eval(*s.value, scope);
    return ok(v && assign(*s.targets[0], *v, scope));
  }
  case K::AugAssign: {
    const py::Expr &t = *s.targets[0];
    if (t.kind != py::ExprKind::Name) {
      error(t.loc, "cannot evaluate an augmented assignment to this target in the kernel "
                   "factory");
      return Flow::Error;
    }
    auto old = eval(t, scope);
    auto v = old ? eval(*s.value, scope) : std::nullopt;
    auto r = v ? binary(s.op, *old, *v, s.loc) : std::nullopt;
    return ok(r && assign(t, *r, scope));
  }
  case K::ExprStmt: {
    if (s.value->kind == py::ExprKind::Str || s.value->kind == py::ExprKind::Ellipsis)
      return Flow::Next; // a docstring, or `...` (a no-op)
    return ok(eval(*s.value, scope).has_value());
  }
  case K::If: {
    auto c = eval(*s.test, scope);
    if (!c)
      return Flow::Error;
    return exec(truth(*c) ? s.body : s.orelse, scope);
  }
  case K::For: {
    auto it = eval(*s.iter, scope);
    if (!it)
      return Flow::Error;
    auto elems = items(*it, s.iter->loc);
    if (!elems)
      return Flow::Error;
    for (const PyValue &x : *elems) {
      if (!assign(*s.targets[0], x, scope))
        return Flow::Error;
      Flow f = exec(s.body, scope);
      if (f == Flow::Break)
        return Flow::Next;
      if (f == Flow::Return || f == Flow::Error)
        return f;
    }
    return exec(s.orelse, scope);
  }
  case K::While: {
    for (int64_t n = 0;; ++n) {
      if (n > 1000000) {
        error(s.loc, "'while' loop runs too long to evaluate in the kernel factory");
        return Flow::Error;
      }
      auto c = eval(*s.test, scope);
      if (!c)
        return Flow::Error;
      if (!truth(*c))
        return exec(s.orelse, scope);
      Flow f = exec(s.body, scope);
      if (f == Flow::Break)
        return Flow::Next;
      if (f == Flow::Return || f == Flow::Error)
        return f;
    }
  }
  case K::Assert: {
    auto c = eval(*s.test, scope);
    if (!c)
      return Flow::Error;
    if (truth(*c))
      return Flow::Next;
    std::string msg;
    if (s.value) {
      auto m = eval(*s.value, scope);
      if (!m)
        return Flow::Error;
      msg = ": " + text(*m);
    }
    error(s.loc, "assertion failed in the kernel factory" + msg);
    return Flow::Error;
  }
  case K::Raise: {
    std::string what = "the kernel factory raises an exception";
    if (s.value) {
      const py::Expr &x = *s.value;
      const py::Expr &cls = x.kind == py::ExprKind::Call ? *x.a : x;
      std::string name = cls.dottedName();
      what = "the kernel factory raises " + (name.empty() ? std::string("an exception") : name);
      if (x.kind == py::ExprKind::Call && x.elts.size() == 1) {
        SuppressDiagnostics quiet(diag_);
        if (auto m = eval(*x.elts[0], scope))
          what += ": " + text(*m);
      }
    }
    error(s.loc, what);
    return Flow::Error;
  }
  case K::Import:
    for (const py::ImportName &n : s.names) {
      if (!n.alias.empty()) { // tvm.tl.language: TileLang's language under its old name
        scope.modules[n.alias] = n.name == "tvm.tl.language" ? "tilelang.language" : n.name;
      } else {
        std::string head = n.name.substr(0, n.name.find('.'));
        scope.modules[head] = head;
      }
      scope.values.erase(n.alias.empty() ? n.name.substr(0, n.name.find('.')) : n.alias);
    }
    return Flow::Next;
  case K::ImportFrom:
    for (const py::ImportName &n : s.names) {
      std::string alias = n.alias.empty() ? n.name : n.alias;
      scope.modules[alias] = s.module + "." + n.name;
      scope.values.erase(alias);
    }
    return Flow::Next;
  case K::FunctionDef:
    if (defHook && defHook(s, scope))
      return Flow::Next;
    if (std::any_of(s.decorators.begin(), s.decorators.end(),
                    [&](const py::ExprP &d) { return isMacroDecorator(*d, opts_.langAlias); })) {
      // A kernel calling the name inlines the macro (syntax/PyToTileIR.cpp).
      macros_.push_back(MacroDef{scope.function(&s), scope.flatten()});
      scope.set(s.name, PyValue{kMacroMarker + std::to_string(macros_.size() - 1) + ":" + s.name});
      return Flow::Next;
    }
    scope.values.erase(s.name);
    scope.functions[s.name] = scope.function(&s);
    if (s.decorators.empty())
      defined_[s.name] = scope.function(&s);
    return Flow::Next;
  case K::Return: {
    if (!s.value) {
      returned_ = PyValue{};
      return Flow::Return;
    }
    auto v = eval(*s.value, scope);
    if (!v)
      return Flow::Error;
    returned_ = std::move(*v);
    return Flow::Return;
  }
  case K::Pass:
    return Flow::Next;
  case K::Break:
    return Flow::Break;
  case K::Continue:
    return Flow::Continue;
  case K::With:
    error(s.loc, "cannot evaluate a 'with' statement in the kernel factory");
    return Flow::Error;
  }
  return Flow::Error;
}
