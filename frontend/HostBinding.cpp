//===- frontend/HostBinding.cpp - Host code binds a kernel's parameters ---===//
//
// The host-code half of FileFrontend (frontend/HostBinding.h): evaluates the
// Python around a kernel, quietly and as far as the evaluator goes, to bind
// the kernel's compile-time parameters. It follows the file's calls of a
// factory (findCall, through wrappers that pass their parameters on, aliases,
// an autograd Function's apply, methods of the file's classes), runs the host
// statements before such a call (hostBlock / hostStmt: constants, tensors
// created by torch with their shapes and dtypes, argparse defaults, helper
// functions returning tensors, class instances), and binds each parameter
// from -D, the call, a pytest case, a default or an autotune configuration
// (bindParams). What it cannot evaluate stays unbound, with notes saying
// where host code set it.
//
//===----------------------------------------------------------------------===//

#include "frontend/HostBinding.h"

#include "support/Diagnostics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace ttllc::frontend {

/// Parses `-D` values: integers, floats, True/False/None, quoted strings;
/// anything else is taken as a bare string (-D dtype=bfloat16).
static PyValue parseDefineValue(const std::string &text) {
  int64_t i;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && p == text.data() + text.size())
    return PyValue{i};
  if (text == "True" || text == "False")
    return PyValue{text == "True"};
  if (text == "None")
    return PyValue{};
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    return PyValue{text.substr(1, text.size() - 2)};
  char *end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size())
    return PyValue{d};
  return PyValue{text};
}

/// The attributes of a shape-only tensor (syntax/PyEval.h).
ConstEnv tensorAttrs(const Shape &shape, const std::string &dtype,
                     const std::optional<PyValue> &data) {
  ConstEnv attrs;
  if (data)
    attrs[kTensorValues] = *data;
  if (!dtype.empty())
    attrs["dtype"] = PyValue{dtype};
  PyValue::Tuple dims;
  for (int64_t d : shape)
    dims.push_back(PyValue{d});
  attrs["shape"] = PyValue{dims};
  attrs["ndim"] = PyValue{static_cast<int64_t>(shape.size())};
  return attrs;
}

std::map<std::string, PyValue> FileFrontend::pytestCase(const TopDef &d) {
  std::map<std::string, PyValue> out;
  py::Parser parser(toks_, diag_);
  SuppressDiagnostics quiet(diag_);
  for (size_t k = d.begin; k < d.end && !toks_[k].isName("def"); ++k) {
    if (!toks_[k].isOp("@"))
      continue;
    parser.setPos(k + 1);
    py::ExprP e = parser.parseExpression();
    if (!e || e->kind != py::ExprKind::Call || e->elts.size() < 2 ||
        !llvm::StringRef(e->a->dottedName()).ends_with("parametrize"))
      continue;
    // The names: one string "a, b", or a tuple or list of strings ("a", "b").
    std::vector<std::string> names;
    const py::Expr &spec = *e->elts[0];
    if (spec.kind == py::ExprKind::Str)
      names = constNames(spec.str);
    else if (spec.kind == py::ExprKind::Tuple || spec.kind == py::ExprKind::List)
      for (const py::ExprP &n : spec.elts) {
        if (n->kind != py::ExprKind::Str) {
          names.clear();
          break;
        }
        names.push_back(n->str);
      }
    auto cases = eval_.eval(*e->elts[1], globals_);
    const auto *list = cases ? std::get_if<PyValue::Tuple>(&cases->v) : nullptr;
    if (!list || list->empty() || names.empty())
      continue;
    const PyValue &first = list->front();
    if (names.size() == 1) {
      out[names[0]] = first;
      continue;
    }
    const auto *row = std::get_if<PyValue::Tuple>(&first.v);
    if (row && row->size() == names.size())
      for (size_t i = 0; i < names.size(); ++i)
        out[names[i]] = (*row)[i];
  }
  return out;
}

/// torch functions that make a tensor of the shape given by their arguments.
static bool isTorchMaker(const std::string &d) {
  static const char *makers[] = {"torch.randn", "torch.rand",    "torch.empty", "torch.zeros",
                                 "torch.ones",  "torch.randint", "torch.full"};
  return llvm::is_contained(makers, d);
}

/// An integer constant of host code, or nullopt.
static std::optional<int64_t> intOf(const std::optional<PyValue> &v) {
  if (v && std::holds_alternative<int64_t>(v->v))
    return std::get<int64_t>(v->v);
  if (v && std::holds_alternative<bool>(v->v))
    return std::get<bool>(v->v) ? 1 : 0;
  return std::nullopt;
}

std::optional<Shape> FileFrontend::creationShape(const py::Expr &c, const PyScope &scope) {
  SuppressDiagnostics quiet(diag_);
  Shape shape;
  std::vector<const py::Expr *> dims;
  std::string d = c.a->dottedName();
  size_t n = d == "torch.randint" ? 2 : 0;          // randint(lo, hi, size)
  size_t e = d == "torch.full" ? 1 : c.elts.size(); // full(size, value)
  for (size_t i = n; i < e && i < c.elts.size(); ++i)
    dims.push_back(c.elts[i].get());
  for (const py::Keyword &k : c.keywords)
    if (k.name == "size" && dims.empty())
      dims.push_back(k.value.get());
  if (dims.empty())
    return std::nullopt;
  for (const py::Expr *x : dims) {
    auto v = eval_.eval(*x, scope);
    if (auto i = intOf(v)) {
      shape.push_back(*i);
    } else if (v && dims.size() == 1 && std::holds_alternative<PyValue::Tuple>(v->v)) {
      for (const PyValue &y : std::get<PyValue::Tuple>(v->v))
        if (std::holds_alternative<int64_t>(y.v))
          shape.push_back(std::get<int64_t>(y.v));
        else
          return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return shape;
}

/// A size of host code: an integer (one dimension) or a sequence of them.
std::optional<Shape> FileFrontend::sizeOf(const py::Expr &x, const PyScope &scope) {
  SuppressDiagnostics quiet(diag_);
  auto v = eval_.eval(x, scope);
  if (auto i = intOf(v))
    return Shape{*i};
  const auto *t = v ? std::get_if<PyValue::Tuple>(&v->v) : nullptr;
  if (!t)
    return std::nullopt;
  Shape out;
  for (const PyValue &y : *t)
    if (auto i = intOf(y))
      out.push_back(*i);
    else
      return std::nullopt;
  return out;
}

/// The integer arguments of `x.view(2, 3)` / `x.view((2, 3))` / `x.permute([1, 0])`.
std::optional<Shape> FileFrontend::intArgs(const py::Expr &call, const PyScope &scope) {
  if (call.elts.size() == 1)
    return sizeOf(*call.elts[0], scope);
  Shape out;
  for (const py::ExprP &x : call.elts) {
    auto v = sizeOf(*x, scope);
    if (!v || v->size() != 1 || x->kind == py::ExprKind::Tuple || x->kind == py::ExprKind::List)
      return std::nullopt;
    out.push_back(v->front());
  }
  return out;
}

/// The tensor `e` sorts, when it is `x.sort(...)` or `torch.sort(x, ...)`.
static const py::Expr *sortedOf(const py::Expr &e) {
  if (e.kind != py::ExprKind::Call)
    return nullptr;
  if (e.a->dottedName() == "torch.sort" && !e.elts.empty())
    return e.elts[0].get();
  if (e.a->kind == py::ExprKind::Attribute && e.a->name == "sort")
    return e.a->a.get();
  return nullptr;
}

std::string FileFrontend::hostDtype(const py::Expr &e, const PyScope &scope) {
  auto dtypeValue = [&](const py::Expr &x) -> std::string {
    SuppressDiagnostics quiet(diag_);
    auto v = eval_.eval(x, scope);
    const auto *str = v ? std::get_if<std::string>(&v->v) : nullptr;
    return str && (torchDtype(*str) == *str) ? *str : "";
  };
  auto keyword = [&](const char *name) -> std::string {
    for (const py::Keyword &k : e.keywords)
      if (k.name == name)
        return dtypeValue(*k.value);
    return "";
  };
  switch (e.kind) {
  case py::ExprKind::Name: {
    const ConstEnv *t = eval_.tensorShapeOf(e, scope);
    auto it = t ? t->find("dtype") : ConstEnv::const_iterator();
    const auto *str = t && it != t->end() ? std::get_if<std::string>(&it->second.v) : nullptr;
    return str ? *str : "";
  }
  case py::ExprKind::Attribute:
  case py::ExprKind::Subscript:
  case py::ExprKind::UnaryOp:
    if (const py::Expr *x = sortedOf(*e.a)) { // x.sort()[1], x.sort().indices: int64
      bool indices =
          e.kind == py::ExprKind::Attribute
              ? e.name == "indices"
              : e.elts.size() == 1 && e.elts[0]->kind == py::ExprKind::Int && e.elts[0]->ival == 1;
      return indices ? "int64" : hostDtype(*x, scope);
    }
    return hostDtype(*e.a, scope);
  case py::ExprKind::BinOp: { // the tensor operand's, when the two agree
    std::string a = hostDtype(*e.a, scope), b = hostDtype(*e.b, scope);
    bool ta = false, tb = false;
    hostShape(*e.a, scope, ta);
    hostShape(*e.b, scope, tb);
    return ta && tb ? (a == b ? a : "") : ta ? a : b;
  }
  case py::ExprKind::Call:
    break;
  default:
    return "";
  }
  std::string d = e.a->dottedName();
  llvm::StringRef fn(d);
  if (e.a->kind == py::ExprKind::Name && globalFunction(e.a->name)) { // a helper's tensor
    auto values = hostCall(e, scope);
    return values && values->size() == 1 ? values->front().dtype : "";
  }
  if (d == "torch.randperm") {
    std::string k = keyword("dtype");
    return k.empty() ? "int64" : k;
  }
  if (isTorchMaker(d) || (fn.starts_with("torch.") && fn.ends_with("_like"))) {
    std::string k = keyword("dtype");
    if (!k.empty() || !fn.ends_with("_like") || e.elts.empty())
      return k; // (no dtype=: torch's default, which host code may change)
    return hostDtype(*e.elts[0], scope);
  }
  if ((d == "torch.cat" || d == "torch.concat" || d == "torch.stack") && !e.elts.empty() &&
      (e.elts[0]->kind == py::ExprKind::List || e.elts[0]->kind == py::ExprKind::Tuple) &&
      !e.elts[0]->elts.empty())
    return hostDtype(*e.elts[0]->elts[0], scope);
  if ((fn.ends_with("functional.pad") || d == "F.pad") && !e.elts.empty())
    return hostDtype(*e.elts[0], scope);
  if (e.a->kind != py::ExprKind::Attribute)
    return "";
  const std::string &m = e.a->name;
  static const std::pair<const char *, const char *> casts[] = {
      {"half", "float16"}, {"float", "float32"}, {"bfloat16", "bfloat16"}, {"double", "float64"},
      {"int", "int32"},    {"long", "int64"},    {"bool", "bool"}};
  for (const auto &[method, dtype] : casts)
    if (m == method)
      return dtype;
  if (m == "view" && e.elts.size() == 1) // x.view(torch.int32) reinterprets
    if (std::string a = dtypeValue(*e.elts[0]); !a.empty())
      return a;
  if (m == "to" || m == "type" || m.rfind("new_", 0) == 0) {
    for (const py::Keyword &k : e.keywords)
      if (k.name == "dtype")
        return dtypeValue(*k.value); // "" when not a known dtype: unknown
    // x.to(torch.float16), x.to("cuda", torch.half); x.to(other) is unknown
    for (size_t i = 0; m.rfind("new_", 0) != 0 && i < e.elts.size(); ++i) {
      if (std::string a = dtypeValue(*e.elts[i]); !a.empty())
        return a;
      SuppressDiagnostics quiet(diag_);
      auto v = eval_.eval(*e.elts[i], scope);
      if (!v || !std::holds_alternative<std::string>(v->v))
        return "";
    }
  }
  return hostDtype(*e.a->a, scope);
}

std::optional<Shape> FileFrontend::hostShape(const py::Expr &e, const PyScope &scope,
                                             bool &tensor) {
  auto dimIndex = [](int64_t d, size_t rank) -> std::optional<size_t> {
    int64_t n = static_cast<int64_t>(rank);
    if (d < -n || d >= n)
      return std::nullopt;
    return static_cast<size_t>(d < 0 ? d + n : d);
  };
  auto kwInt = [&](const py::Expr &call, const char *name, size_t pos,
                   int64_t dflt) -> std::optional<int64_t> {
    SuppressDiagnostics quiet(diag_);
    for (const py::Keyword &k : call.keywords)
      if (k.name == name)
        return intOf(eval_.eval(*k.value, scope));
    if (pos < call.elts.size())
      return intOf(eval_.eval(*call.elts[pos], scope));
    return dflt;
  };
  switch (e.kind) {
  case py::ExprKind::Name: {
    const ConstEnv *t = eval_.tensorShapeOf(e, scope);
    if (!t)
      return std::nullopt;
    tensor = true;
    Shape s;
    for (const PyValue &d : std::get<PyValue::Tuple>(t->at("shape").v))
      s.push_back(std::get<int64_t>(d.v));
    return s;
  }
  case py::ExprKind::Attribute: { // x.T, x.mT, x.data
    if (const py::Expr *x = sortedOf(*e.a); x && (e.name == "values" || e.name == "indices"))
      return hostShape(*x, scope, tensor); // x.sort().values
    if (e.name != "T" && e.name != "mT" && e.name != "data")
      return std::nullopt;
    auto s = hostShape(*e.a, scope, tensor);
    if (!s)
      return std::nullopt;
    if (e.name == "data")
      return s;
    if (e.name == "T") {
      std::reverse(s->begin(), s->end());
      return s;
    }
    if (e.name == "mT" && s->size() >= 2) {
      std::swap((*s)[s->size() - 1], (*s)[s->size() - 2]);
      return s;
    }
    return std::nullopt;
  }
  case py::ExprKind::Subscript: { // x[0], x[:, 1:3], x[..., None]
    if (const py::Expr *x = sortedOf(*e.a); x && e.elts.size() == 1) {
      // x.sort()[0] (the values), [1] (the indices): x's shape
      SuppressDiagnostics quiet(diag_);
      auto k = intOf(eval_.eval(*e.elts[0], scope));
      if (!k || (*k != 0 && *k != 1))
        return std::nullopt;
      return hostShape(*x, scope, tensor);
    }
    auto s = hostShape(*e.a, scope, tensor);
    if (!s)
      return std::nullopt;
    if (e.elts.size() == 1 && e.elts[0]->kind != py::ExprKind::Slice) {
      // x[idx] of a tensor of integers (torch.randperm(n)[:k]): idx's
      // shape, then x's other dimensions; a mask of bools depends on data.
      bool t = false;
      auto idx = hostShape(*e.elts[0], scope, t);
      if (t) {
        std::string dt = hostDtype(*e.elts[0], scope);
        if (!idx || s->empty() || (dt.rfind("int", 0) != 0 && dt.rfind("uint", 0) != 0))
          return std::nullopt;
        idx->insert(idx->end(), s->begin() + 1, s->end());
        return idx;
      }
    }
    size_t ellipsis = e.elts.size();
    size_t used = 0;
    for (size_t i = 0; i < e.elts.size(); ++i) {
      const py::Expr &x = *e.elts[i];
      if (x.kind == py::ExprKind::Ellipsis ||
          (x.kind == py::ExprKind::Name && x.name == "Ellipsis"))
        ellipsis = i;
      else if (x.kind != py::ExprKind::None)
        ++used;
    }
    if (used > s->size())
      return std::nullopt;
    Shape out;
    size_t d = 0;
    SuppressDiagnostics quiet(diag_);
    for (size_t i = 0; i < e.elts.size(); ++i) {
      const py::Expr &x = *e.elts[i];
      if (i == ellipsis) {
        for (size_t k = 0; k < s->size() - used; ++k)
          out.push_back((*s)[d++]);
        continue;
      }
      if (x.kind == py::ExprKind::None) {
        out.push_back(1);
        continue;
      }
      int64_t n = (*s)[d++];
      if (x.kind != py::ExprKind::Slice) {
        if (!intOf(eval_.eval(x, scope)))
          return std::nullopt; // a tensor index: its values decide
        continue;
      }
      // Python's slice of range(n).
      std::optional<int64_t> step = 1, lo, hi;
      if (x.c && !(step = intOf(eval_.eval(*x.c, scope))))
        return std::nullopt;
      if (*step == 0)
        return std::nullopt;
      if (x.a && !(lo = intOf(eval_.eval(*x.a, scope))))
        return std::nullopt;
      if (x.b && !(hi = intOf(eval_.eval(*x.b, scope))))
        return std::nullopt;
      auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
        if (!v)
          return dflt;
        int64_t y = *v < 0 ? *v + n : *v;
        return *step > 0 ? std::clamp<int64_t>(y, 0, n) : std::clamp<int64_t>(y, -1, n - 1);
      };
      int64_t b = clamp(lo, *step > 0 ? 0 : n - 1), f = clamp(hi, *step > 0 ? n : -1);
      int64_t len = *step > 0 ? (f - b + *step - 1) / *step : (b - f - *step - 1) / -*step;
      out.push_back(std::max<int64_t>(len, 0));
    }
    while (d < s->size())
      out.push_back((*s)[d++]);
    return out;
  }
  case py::ExprKind::UnaryOp:
    return e.op == "-" || e.op == "+" || e.op == "~" ? hostShape(*e.a, scope, tensor)
                                                     : std::nullopt;
  case py::ExprKind::BinOp: { // a * 2 - 1, a + b (broadcast), a @ b
    bool ta = false, tb = false;
    auto a = hostShape(*e.a, scope, ta);
    auto b = hostShape(*e.b, scope, tb);
    if (!ta && !tb)
      return std::nullopt;
    tensor = true;
    if (!ta || !tb) { // a tensor and a number
      SuppressDiagnostics quiet(diag_);
      auto v = eval_.eval(ta ? *e.b : *e.a, scope);
      if (!v || !(std::holds_alternative<int64_t>(v->v) || std::holds_alternative<double>(v->v) ||
                  std::holds_alternative<bool>(v->v)))
        return std::nullopt;
      return ta ? a : b;
    }
    if (!a || !b)
      return std::nullopt;
    if (e.op == "@") {
      if (a->size() != 2 || b->size() != 2 || (*a)[1] != (*b)[0])
        return std::nullopt;
      return Shape{(*a)[0], (*b)[1]};
    }
    Shape out(std::max(a->size(), b->size()));
    for (size_t i = 0; i < out.size(); ++i) { // numpy's broadcast, from the last dimension
      int64_t x = i < a->size() ? (*a)[a->size() - 1 - i] : 1;
      int64_t y = i < b->size() ? (*b)[b->size() - 1 - i] : 1;
      if (x != y && x != 1 && y != 1)
        return std::nullopt;
      out[out.size() - 1 - i] = x == 1 ? y : x;
    }
    return out;
  }
  case py::ExprKind::Call:
    break;
  default:
    return std::nullopt;
  }
  const py::Expr &callee = *e.a;
  std::string d = callee.dottedName();
  if (isTorchMaker(d)) {
    tensor = true;
    return creationShape(e, scope);
  }
  if (callee.kind == py::ExprKind::Name && globalFunction(callee.name)) { // scale(a)
    auto values = hostCall(e, scope);
    if (!values || values->size() != 1 || !values->front().tensor)
      return std::nullopt;
    tensor = true;
    return values->front().shape;
  }
  if (d == "torch.tensor" && !e.elts.empty()) { // torch.tensor([[1, 2], [3, 4]]): (2, 2)
    tensor = true;
    SuppressDiagnostics quiet(diag_);
    auto v = eval_.eval(*e.elts[0], scope);
    if (!v)
      return std::nullopt;
    Shape out;
    for (const PyValue *x = &*v; const auto *t = std::get_if<PyValue::Tuple>(&x->v);) {
      out.push_back(int64_t(t->size()));
      if (t->empty())
        break;
      x = &t->front();
    }
    return out;
  }
  if (d == "torch.randperm" || d == "torch.linspace") { // (n,), (steps,)
    tensor = true;
    auto n = d == "torch.randperm" ? kwInt(e, "n", 0, -1) : kwInt(e, "steps", 2, -1);
    if (!n || *n < 0)
      return std::nullopt;
    return Shape{*n};
  }
  if (d == "torch.arange" && !e.elts.empty() && e.elts.size() <= 3) { // (len(range(...)),)
    tensor = true;
    auto args = intArgs(e, scope);
    if (!args || args->size() != e.elts.size())
      return std::nullopt;
    int64_t lo = args->size() > 1 ? (*args)[0] : 0, hi = args->size() > 1 ? (*args)[1] : (*args)[0];
    int64_t step = args->size() > 2 ? (*args)[2] : 1;
    if (step == 0)
      return std::nullopt;
    int64_t n = step > 0 ? (hi - lo + step - 1) / step : (lo - hi - step - 1) / -step;
    return Shape{std::max<int64_t>(n, 0)};
  }
  if (std::string f = importedName(callee, scope);
      (f == "einops.rearrange" || f == "einops.repeat") && e.elts.size() == 2) {
    tensor = true; // rearrange(x, "b s h -> (b s) h"), repeat(x, "k -> s k", s=S)
    auto s = hostShape(*e.elts[0], scope, tensor);
    SuppressDiagnostics quiet(diag_);
    auto pattern = eval_.eval(*e.elts[1], scope);
    const auto *text = pattern ? std::get_if<std::string>(&pattern->v) : nullptr;
    std::map<std::string, int64_t> sizes;
    for (const py::Keyword &k : e.keywords) {
      auto v = intOf(eval_.eval(*k.value, scope));
      if (!v)
        return std::nullopt;
      sizes[k.name] = *v;
    }
    if (!s || !text)
      return std::nullopt;
    return einopsShape(*s, *text, sizes);
  }
  llvm::StringRef fn(d);
  if (fn.starts_with("torch.") && fn.ends_with("_like") && !e.elts.empty()) {
    tensor = true; // torch.empty_like(x), torch.randn_like(x), ...
    return hostShape(*e.elts[0], scope, tensor);
  }
  if ((d == "torch.cat" || d == "torch.concat" || d == "torch.stack") && !e.elts.empty()) {
    tensor = true;
    const py::Expr &seq = *e.elts[0];
    if (seq.kind != py::ExprKind::List && seq.kind != py::ExprKind::Tuple)
      return std::nullopt;
    std::vector<Shape> parts;
    for (const py::ExprP &x : seq.elts) {
      bool t = false;
      auto s = hostShape(*x, scope, t);
      if (!s)
        return std::nullopt;
      parts.push_back(*s);
    }
    auto dim = kwInt(e, "dim", 1, 0);
    if (parts.empty() || !dim)
      return std::nullopt;
    Shape out = parts[0];
    bool stack = d == "torch.stack";
    auto at = dimIndex(*dim, out.size() + (stack ? 1 : 0));
    if (!at)
      return std::nullopt;
    for (const Shape &p : parts)
      if (p.size() != out.size())
        return std::nullopt;
    if (stack) {
      out.insert(out.begin() + long(*at), int64_t(parts.size()));
      return out;
    }
    for (size_t i = 1; i < parts.size(); ++i)
      out[*at] += parts[i][*at];
    return out;
  }
  if ((fn.ends_with("functional.pad") || d == "F.pad") && e.elts.size() >= 2) {
    tensor = true; // F.pad(x, (left, right, top, bottom, ...)): last dimension first
    auto s = hostShape(*e.elts[0], scope, tensor);
    SuppressDiagnostics quiet(diag_);
    auto pad = eval_.eval(*e.elts[1], scope);
    const auto *p = pad ? std::get_if<PyValue::Tuple>(&pad->v) : nullptr;
    if (!s || !p || p->size() % 2 || p->size() / 2 > s->size())
      return std::nullopt;
    for (size_t i = 0; i < p->size(); ++i) {
      auto v = intOf((*p)[i]);
      if (!v)
        return std::nullopt;
      (*s)[s->size() - 1 - i / 2] += *v;
    }
    return s;
  }
  if (callee.kind != py::ExprKind::Attribute)
    return std::nullopt;
  // A method of a tensor.
  bool baseTensor = false;
  auto s = hostShape(*callee.a, scope, baseTensor);
  if (!baseTensor)
    return std::nullopt;
  const std::string &m = callee.name;
  static const char *shaping[] = {"new_empty", "new_zeros", "new_ones",  "new_full", "view",
                                  "reshape",   "t",         "transpose", "swapaxes", "permute",
                                  "unsqueeze", "squeeze",   "flatten",   "expand"};
  static const char *same[] = {
      "cuda",      "cpu",       "to",       "half",           "float",      "bfloat16",
      "double",    "int",       "long",     "bool",           "contiguous", "clone",
      "detach",    "normal_",   "uniform_", "requires_grad_", "zero_",      "fill_",
      "abs",       "exp",       "neg",      "sigmoid",        "relu",       "sqrt",
      "type",      "random_",   "clamp",    "clamp_",         "float_",     "pin_memory",
      "clamp_min", "clamp_max", "round",    "floor",          "ceil",       "log",
      "log2",      "reciprocal"};
  if (llvm::is_contained(same, m)) {
    tensor = true;
    return s;
  }
  static const char *compares[] = {"ne", "eq", "gt", "lt", "ge", "le"};
  if (llvm::is_contained(compares, m) && e.elts.size() == 1) { // x.ne(0): x's shape
    tensor = true;
    SuppressDiagnostics quiet(diag_);
    auto v = eval_.eval(*e.elts[0], scope);
    if (!v || !(std::holds_alternative<int64_t>(v->v) || std::holds_alternative<double>(v->v)))
      return std::nullopt;
    return s;
  }
  static const char *reductions[] = {"sum",    "mean",      "amax",   "amin",   "argmax",
                                     "argmin", "prod",      "std",    "var",    "all",
                                     "any",    "logsumexp", "nansum", "nanmean"};
  if (llvm::is_contained(reductions, m)) { // x.amax(dim=2), x.sum(-1, keepdim=True)
    tensor = true;
    if (!s)
      return std::nullopt;
    SuppressDiagnostics quiet(diag_);
    if (e.elts.size() > 1)
      return std::nullopt;
    const py::Expr *dimE = e.elts.empty() ? nullptr : e.elts[0].get();
    bool keep = false;
    for (const py::Keyword &k : e.keywords) {
      if (k.name == "dim" && !dimE) {
        dimE = k.value.get();
      } else if (k.name == "keepdim") {
        auto v = eval_.eval(*k.value, scope);
        if (!v || !std::holds_alternative<bool>(v->v))
          return std::nullopt;
        keep = std::get<bool>(v->v);
      } else if (k.name != "dtype") {
        return std::nullopt;
      }
    }
    if (!dimE)
      return Shape{}; // all elements: a 0-d tensor
    auto v = eval_.eval(*dimE, scope);
    std::vector<int64_t> dims;
    if (auto d = intOf(v))
      dims.push_back(*d);
    else if (const auto *t = v ? std::get_if<PyValue::Tuple>(&v->v) : nullptr)
      for (const PyValue &x : *t)
        if (auto d = intOf(x))
          dims.push_back(*d);
        else
          return std::nullopt;
    else
      return std::nullopt;
    std::set<size_t> reduced;
    for (int64_t d : dims)
      if (auto i = dimIndex(d, s->size()))
        reduced.insert(*i);
      else
        return std::nullopt;
    Shape out;
    for (size_t i = 0; i < s->size(); ++i)
      if (!reduced.count(i))
        out.push_back((*s)[i]);
      else if (keep)
        out.push_back(1);
    return out;
  }
  if (!llvm::is_contained(shaping, m))
    return std::nullopt; // x.size(0), x.item(): not a tensor
  tensor = true;
  if (!s)
    return std::nullopt;
  if (m == "new_empty" || m == "new_zeros" || m == "new_ones" || m == "new_full") {
    if (e.elts.empty())
      return std::nullopt;
    if (m != "new_full")
      return intArgs(e, scope);
    return sizeOf(*e.elts[0], scope);
  }
  if (m == "view" && e.elts.size() == 1) { // x.view(torch.int32): a dtype of the same size
    SuppressDiagnostics quiet(diag_);
    auto v = eval_.eval(*e.elts[0], scope);
    const auto *to = v ? std::get_if<std::string>(&v->v) : nullptr;
    auto bytes = [](llvm::StringRef d) -> int {
      return llvm::StringSwitch<int>(d)
          .Cases("float64", "int64", "uint64", 8)
          .Cases("float32", "int32", "uint32", 4)
          .Cases("float16", "bfloat16", "int16", "uint16", 2)
          .Cases("int8", "uint8", "bool", 1)
          .Default(0);
    };
    if (to) {
      int a = bytes(hostDtype(*callee.a, scope)), b = bytes(*to);
      return a && a == b ? s : std::nullopt;
    }
  }
  if (m == "view" || m == "reshape") {
    auto dims = intArgs(e, scope);
    if (!dims)
      return std::nullopt;
    int64_t total = 1, known = 1;
    for (int64_t x : *s)
      total *= x;
    size_t free = dims->size();
    for (size_t i = 0; i < dims->size(); ++i)
      if ((*dims)[i] == -1 && free == dims->size())
        free = i;
      else if ((*dims)[i] < 0)
        return std::nullopt;
      else
        known *= (*dims)[i];
    if (free < dims->size()) {
      if (known == 0 || total % known)
        return std::nullopt;
      (*dims)[free] = total / known;
    } else if (known != total) {
      return std::nullopt;
    }
    return dims;
  }
  if (m == "t" && s->size() <= 2) {
    std::reverse(s->begin(), s->end());
    return s;
  }
  if (m == "transpose" || m == "swapaxes") {
    auto a = kwInt(e, "dim0", 0, 0), b = kwInt(e, "dim1", 1, 0);
    auto i = a ? dimIndex(*a, s->size()) : std::nullopt;
    auto j = b ? dimIndex(*b, s->size()) : std::nullopt;
    if (!i || !j || e.elts.size() != 2)
      return std::nullopt;
    std::swap((*s)[*i], (*s)[*j]);
    return s;
  }
  if (m == "permute") {
    auto dims = intArgs(e, scope);
    if (!dims || dims->size() != s->size())
      return std::nullopt;
    Shape out;
    std::set<size_t> seen;
    for (int64_t x : *dims) {
      auto i = dimIndex(x, s->size());
      if (!i || !seen.insert(*i).second)
        return std::nullopt;
      out.push_back((*s)[*i]);
    }
    return out;
  }
  if (m == "unsqueeze") {
    auto a = kwInt(e, "dim", 0, 0);
    auto i = a ? dimIndex(*a, s->size() + 1) : std::nullopt;
    if (!i)
      return std::nullopt;
    s->insert(s->begin() + long(*i), 1);
    return s;
  }
  if (m == "squeeze") {
    if (e.elts.empty() && e.keywords.empty()) {
      s->erase(std::remove(s->begin(), s->end(), 1), s->end());
      return s;
    }
    auto a = kwInt(e, "dim", 0, 0);
    auto i = a ? dimIndex(*a, s->size()) : std::nullopt;
    if (!i)
      return std::nullopt;
    if ((*s)[*i] == 1)
      s->erase(s->begin() + long(*i));
    return s;
  }
  if (m == "flatten") {
    auto a = kwInt(e, "start_dim", 0, 0), b = kwInt(e, "end_dim", 1, -1);
    auto i = a ? dimIndex(*a, s->size()) : std::nullopt;
    auto j = b ? dimIndex(*b, s->size()) : std::nullopt;
    if (s->empty())
      return Shape{1};
    if (!i || !j || *i > *j)
      return std::nullopt;
    int64_t p = 1;
    for (size_t k = *i; k <= *j; ++k)
      p *= (*s)[k];
    Shape out(s->begin(), s->begin() + long(*i));
    out.push_back(p);
    out.insert(out.end(), s->begin() + long(*j) + 1, s->end());
    return out;
  }
  if (m == "expand") {
    auto dims = intArgs(e, scope);
    if (!dims || dims->size() < s->size())
      return std::nullopt;
    size_t off = dims->size() - s->size();
    for (size_t k = 0; k < dims->size(); ++k)
      if ((*dims)[k] == -1) {
        if (k < off)
          return std::nullopt;
        (*dims)[k] = (*s)[k - off];
      }
    return dims;
  }
  return std::nullopt;
}

std::string FileFrontend::importedName(const py::Expr &e, const PyScope &scope) const {
  auto module = [&](const std::string &n) -> std::string {
    for (const PyScope *p = &scope; p; p = p->parent) {
      if (auto it = p->modules.find(n); it != p->modules.end())
        return it->second;
      if (p->values.count(n) || p->functions.count(n) || p->namespaces.count(n) ||
          p->opaque.count(n))
        return "";
    }
    return "";
  };
  if (e.kind == py::ExprKind::Name)
    return module(e.name);
  if (e.kind == py::ExprKind::Attribute && e.a->kind == py::ExprKind::Name)
    if (std::string m = module(e.a->name); !m.empty())
      return m + "." + e.name;
  return "";
}

std::optional<Shape> einopsShape(const Shape &in, llvm::StringRef pattern,
                                 std::map<std::string, int64_t> sizes) {
  // Each side: groups of axes; an axis is a name, "1", or "..." (alone).
  using Side = std::vector<std::vector<std::string>>;
  auto parse = [](llvm::StringRef t) -> std::optional<Side> {
    Side out;
    bool open = false;
    for (size_t i = 0; i < t.size();) {
      char c = t[i];
      if (c == ' ') {
        ++i;
      } else if (c == '(') {
        if (open)
          return std::nullopt;
        open = true;
        out.emplace_back();
        ++i;
      } else if (c == ')') {
        if (!open)
          return std::nullopt;
        open = false;
        ++i;
      } else {
        size_t j = i;
        while (j < t.size() && t[j] != ' ' && t[j] != '(' && t[j] != ')')
          ++j;
        std::string axis = t.substr(i, j - i).str();
        if (open)
          out.back().push_back(axis);
        else
          out.push_back({axis});
        i = j;
      }
    }
    if (open)
      return std::nullopt;
    return out;
  };
  if (!pattern.contains("->"))
    return std::nullopt;
  auto [lhsText, rhsText] = pattern.split("->");
  auto lhs = parse(lhsText), rhs = parse(rhsText);
  if (!lhs || !rhs)
    return std::nullopt;
  auto isEllipsis = [](const std::vector<std::string> &g) {
    return g.size() == 1 && g[0] == "...";
  };
  size_t ell = std::find_if(lhs->begin(), lhs->end(), isEllipsis) - lhs->begin();
  bool hasEll = ell < lhs->size();
  if (hasEll ? in.size() + 1 < lhs->size() : in.size() != lhs->size())
    return std::nullopt;
  Shape rest; // the dimensions "..." stands for
  size_t d = 0;
  for (size_t g = 0; g < lhs->size(); ++g) {
    if (g == ell) {
      size_t n = in.size() - (lhs->size() - 1);
      rest.assign(in.begin() + long(d), in.begin() + long(d + n));
      d += n;
      continue;
    }
    int64_t dim = in[d++], known = 1;
    std::string unknown;
    for (const std::string &a : (*lhs)[g]) {
      if (a == "1")
        continue;
      if (auto it = sizes.find(a); it != sizes.end())
        known *= it->second;
      else if (unknown.empty())
        unknown = a;
      else
        return std::nullopt; // two axes of one group without sizes
    }
    if (!unknown.empty()) {
      if (known == 0 || dim % known)
        return std::nullopt;
      sizes[unknown] = dim / known;
    } else if (known != dim) {
      return std::nullopt;
    }
  }
  Shape out;
  for (const auto &g : *rhs) {
    if (isEllipsis(g)) {
      if (!hasEll)
        return std::nullopt;
      out.insert(out.end(), rest.begin(), rest.end());
      continue;
    }
    int64_t p = 1;
    for (const std::string &a : g) {
      if (a == "1")
        continue;
      auto it = sizes.find(a);
      if (a == "..." || it == sizes.end())
        return std::nullopt;
      p *= it->second;
    }
    out.push_back(p);
  }
  return out;
}

bool FileFrontend::hostTensor(const std::string &name, const py::Expr &value, PyScope &scope,
                              std::map<std::string, Shape> &shapes) {
  HostValue v;
  v.shape = hostShape(value, scope, v.tensor);
  if (!v.tensor)
    return false;
  if (v.shape) {
    v.dtype = hostDtype(value, scope);
    v.data = hostData(value, scope);
  }
  bindHostValue(scope, name, v, &shapes);
  return true;
}

void FileFrontend::bindHostValue(PyScope &scope, const std::string &name, const HostValue &v,
                                 std::map<std::string, Shape> *shapes) {
  if (shapes)
    shapes->erase(name);
  scope.values.erase(name);
  scope.namespaces.erase(name);
  if (v.shape) {
    if (shapes)
      (*shapes)[name] = *v.shape;
    bindTensor(scope, name, *v.shape, v.dtype, v.data);
  } else if (v.value) {
    scope.set(name, *v.value);
  } else {
    scope.opaque[name] = v.tensor ? "a tensor of host code" : "a value of host code";
  }
}

bool FileFrontend::tupleHostAssign(const py::Stmt &st, PyScope &scope,
                                   std::map<std::string, Shape> &shapes) {
  if (st.kind != py::StmtKind::Assign || st.targets.size() != 1 ||
      st.targets[0]->kind != py::ExprKind::Tuple)
    return false;
  const py::Expr &value = *st.value;
  // q, k = (t.contiguous() for t in (q, k)): the element for each item.
  const py::CompFor *gen = value.kind == py::ExprKind::Comp && value.op != "dict" &&
                                   value.generators.size() == 1 &&
                                   value.generators[0].ifs.empty() &&
                                   value.generators[0].target->kind == py::ExprKind::Name &&
                                   (value.generators[0].iter->kind == py::ExprKind::Tuple ||
                                    value.generators[0].iter->kind == py::ExprKind::List)
                               ? &value.generators[0]
                               : nullptr;
  const std::vector<py::ExprP> &items = gen ? gen->iter->elts : value.elts;
  if ((!gen && value.kind != py::ExprKind::Tuple) || st.targets[0]->elts.size() != items.size())
    return false;
  for (const py::ExprP &t : st.targets[0]->elts)
    if (t->kind != py::ExprKind::Name)
      return false;
  // All values first, then the bindings, as Python does (a, b = b, a).
  std::vector<HostValue> values;
  for (const py::ExprP &x : items) {
    if (!gen) {
      values.push_back(hostValue(*x, scope));
      continue;
    }
    PyScope item;
    item.parent = &scope;
    bindHostValue(item, gen->target->name, hostValue(*x, scope), nullptr);
    values.push_back(hostValue(*value.a, item));
  }
  for (size_t i = 0; i < values.size(); ++i)
    bindHostValue(scope, st.targets[0]->elts[i]->name, values[i], &shapes);
  return true;
}

void FileFrontend::bindTensor(PyScope &scope, const std::string &name, const Shape &shape,
                              const std::string &dtype, const std::optional<PyValue> &data) {
  scope.set(name, PyValue{}); // drops other bindings of the name
  scope.values.erase(name);
  scope.namespaces[name] = tensorAttrs(shape, dtype, data);
}

std::optional<PyValue> FileFrontend::hostData(const py::Expr &e, const PyScope &scope) {
  if (e.kind == py::ExprKind::Name) {
    const ConstEnv *t = eval_.tensorShapeOf(e, scope);
    auto it = t ? t->find(kTensorValues) : ConstEnv::const_iterator();
    return t && it != t->end() ? std::optional<PyValue>(it->second) : std::nullopt;
  }
  SuppressDiagnostics quiet(diag_);
  if (e.kind == py::ExprKind::Subscript) { // cu[-1], x[0, 2]: integer indices
    auto v = hostData(*e.a, scope);
    for (const py::ExprP &i : e.elts) {
      const auto *t = v ? std::get_if<PyValue::Tuple>(&v->v) : nullptr;
      auto k = intOf(eval_.eval(*i, scope));
      int64_t n = t ? int64_t(t->size()) : 0;
      if (!k || *k < -n || *k >= n)
        return std::nullopt;
      PyValue element = (*t)[size_t(*k < 0 ? *k + n : *k)]; // a copy: t points into v
      v = std::move(element);
    }
    return v;
  }
  if (e.kind != py::ExprKind::Call)
    return std::nullopt;
  const py::Expr &callee = *e.a;
  // Numbers only (nested lists of one rank), integers unless a float
  // dtype is given.
  std::function<bool(const PyValue &)> numbers = [&](const PyValue &v) {
    if (const auto *t = std::get_if<PyValue::Tuple>(&v.v))
      return std::all_of(t->begin(), t->end(), numbers);
    return std::holds_alternative<int64_t>(v.v) || std::holds_alternative<double>(v.v);
  };
  if (callee.dottedName() == "torch.tensor" && !e.elts.empty()) {
    std::string dtype = hostDtype(e, scope);
    auto v = eval_.eval(*e.elts[0], scope);
    if (!v || !numbers(*v) ||
        (!dtype.empty() && dtype.rfind("int", 0) != 0 && dtype.rfind("uint", 0) != 0 &&
         dtype.rfind("float", 0) != 0))
      return std::nullopt;
    bool isFloat = dtype.rfind("float", 0) == 0;
    std::function<std::optional<PyValue>(const PyValue &)> cast =
        [&](const PyValue &x) -> std::optional<PyValue> {
      if (const auto *t = std::get_if<PyValue::Tuple>(&x.v)) {
        PyValue::Tuple out;
        for (const PyValue &y : *t)
          if (auto z = cast(y))
            out.push_back(*z);
          else
            return std::nullopt;
        return PyValue{out};
      }
      if (isFloat)
        return PyValue{std::holds_alternative<double>(x.v) ? std::get<double>(x.v)
                                                           : double(std::get<int64_t>(x.v))};
      if (!dtype.empty() && std::holds_alternative<double>(x.v))
        return std::nullopt; // (torch truncates; not followed)
      return x;
    };
    return cast(*v);
  }
  // x.sum() of known values: the evaluator's number (a 0-d tensor's value).
  if (callee.kind == py::ExprKind::Attribute && e.elts.empty() && e.keywords.empty() &&
      (callee.name == "sum" || callee.name == "max" || callee.name == "min") &&
      hostData(*callee.a, scope)) {
    auto v = eval_.eval(e, scope);
    if (v && (std::holds_alternative<int64_t>(v->v) || std::holds_alternative<double>(v->v)))
      return v;
    return std::nullopt;
  }
  // Methods that move or copy a tensor without changing its values.
  static const char *keep[] = {"cuda", "cpu", "contiguous", "clone", "detach", "pin_memory"};
  if (callee.kind != py::ExprKind::Attribute || !llvm::is_contained(keep, callee.name)) {
    // .to(device) keeps them; .to(dtype) is a conversion, not followed
    if (!(callee.kind == py::ExprKind::Attribute && callee.name == "to"))
      return std::nullopt;
    for (const py::ExprP &a : e.elts) {
      auto v = eval_.eval(*a, scope);
      const auto *str = v ? std::get_if<std::string>(&v->v) : nullptr;
      if (!str || (*str != "cuda" && *str != "cpu" && str->rfind("cuda:", 0) != 0))
        return std::nullopt;
    }
    for (const py::Keyword &k : e.keywords)
      if (k.name != "device" && k.name != "non_blocking")
        return std::nullopt;
  }
  return hostData(*callee.a, scope);
}

void FileFrontend::runHostPrefix(const TopDef &d, size_t tok, PyScope &scope,
                                 std::map<std::string, Shape> &shapes) {
  std::map<std::string, ConstEnv> parsers; // argparse parsers: option -> default
  size_t k = d.begin;
  if (d.name.empty()) { // a top-level if / for / with block holding the call
    descendToCall(k, d.end, tok, scope, shapes, parsers);
    return;
  }
  while (k < d.end && toks_[k].kind != py::TokKind::Indent)
    ++k;
  if (++k < d.end)
    hostBlock(k, tok, scope, shapes, parsers);
}

size_t FileFrontend::findOutsideBrackets(size_t b, size_t e,
                                         const std::function<bool(const py::Token &)> &pred) const {
  int depth = 0;
  for (; b < e; ++b) {
    const py::Token &t = toks_[b];
    if (t.isOp("(") || t.isOp("[") || t.isOp("{"))
      ++depth;
    else if (t.isOp(")") || t.isOp("]") || t.isOp("}"))
      --depth;
    else if (depth == 0 && pred(t))
      break;
  }
  return b;
}

bool FileFrontend::bindFirstIteration(size_t forTok, size_t colon, PyScope &scope) {
  SuppressDiagnostics quiet(diag_);
  size_t in =
      findOutsideBrackets(forTok + 1, colon, [](const py::Token &t) { return t.isName("in"); });
  if (in >= colon)
    return false;
  // The target: names, optionally in parentheses, separated by commas.
  std::vector<std::string> names;
  for (size_t t = forTok + 1; t < in; ++t)
    if (toks_[t].kind == py::TokKind::Name)
      names.emplace_back(toks_[t].text);
    else if (!toks_[t].isOp(",") && !toks_[t].isOp("(") && !toks_[t].isOp(")"))
      return false;
  py::Parser parser(toks_, diag_);
  parser.setPos(in + 1);
  py::ExprP iter = parser.parseExpression();
  if (names.empty() || !iter || parser.pos() != colon)
    return false;
  auto v = eval_.eval(*iter, scope);
  hostExprs_.push_back(std::move(iter));
  std::optional<std::vector<PyValue>> items;
  if (v && std::holds_alternative<PyValue::Tuple>(v->v))
    items = std::get<PyValue::Tuple>(v->v);
  if (!items || items->empty())
    return false;
  const PyValue &first = items->front();
  if (names.size() == 1) {
    scope.set(names[0], first);
    return true;
  }
  const auto *parts = std::get_if<PyValue::Tuple>(&first.v);
  if (!parts || parts->size() != names.size())
    return false;
  for (size_t i = 0; i < names.size(); ++i)
    scope.set(names[i], (*parts)[i]);
  return true;
}

void FileFrontend::descendToCall(size_t k, size_t end, size_t tok, PyScope &scope,
                                 std::map<std::string, Shape> &shapes,
                                 std::map<std::string, ConstEnv> &parsers) {
  // Each clause: a header up to ':' at bracket depth 0, then either a
  // simple statement on the same line or Newline Indent ... Dedent.
  while (k < end) {
    const py::Token &head = toks_[k];
    bool isFor = head.isName("for");
    if (!(isFor || head.isName("if") || head.isName("elif") || head.isName("else") ||
          head.isName("while") || head.isName("with") || head.isName("try") ||
          head.isName("except") || head.isName("finally")))
      return;
    size_t colon = findOutsideBrackets(k + 1, end, [](const py::Token &t) { return t.isOp(":"); });
    if (colon + 2 >= end || toks_[colon + 1].kind != py::TokKind::Newline ||
        toks_[colon + 2].kind != py::TokKind::Indent)
      return; // a one-line body: nothing runs before the call
    // The end of this clause's block: its matching Dedent.
    size_t blockEnd = colon + 3;
    for (int level = 1; blockEnd < end && level > 0; ++blockEnd)
      level += toks_[blockEnd].kind == py::TokKind::Indent   ? 1
               : toks_[blockEnd].kind == py::TokKind::Dedent ? -1
                                                             : 0;
    if (tok < blockEnd) {
      if (isFor)
        bindFirstIteration(k, colon, scope);
      hostBlock(colon + 3, tok, scope, shapes, parsers);
      return;
    }
    k = blockEnd;
  }
}

void FileFrontend::hostBlock(size_t k, size_t tok, PyScope &scope,
                             std::map<std::string, Shape> &shapes,
                             std::map<std::string, ConstEnv> &parsers) {
  py::Parser parser(toks_, diag_);
  SuppressDiagnostics quiet(diag_);
  while (k < tok && toks_[k].kind != py::TokKind::Dedent && toks_[k].kind != py::TokKind::End) {
    if (toks_[k].kind == py::TokKind::Newline) {
      ++k;
      continue;
    }
    size_t end = parser.statementEnd(k);
    if (end > tok) {
      // The compound statement holding the call: follow the call into the
      // block holding it (a for loop runs its first iteration; the
      // conditions of if / elif / while are not evaluated).
      descendToCall(k, end, tok, scope, shapes, parsers);
      return;
    }
    parser.setPos(k);
    if (py::StmtP s = parser.parseStatement()) {
      const py::Stmt &st = *s;
      hostStmts_.push_back(std::move(s));
      if (!hostStmt(st, scope, shapes, parsers))
        break;
    }
    k = end;
  }
}

FileFrontend::HostValue FileFrontend::hostValue(const py::Expr &e, const PyScope &scope) {
  HostValue out;
  out.shape = hostShape(e, scope, out.tensor);
  if (out.tensor) {
    out.dtype = hostDtype(e, scope);
    out.data = hostData(e, scope);
    return out;
  }
  SuppressDiagnostics quiet(diag_);
  out.value = eval_.eval(e, scope);
  return out;
}

std::optional<std::vector<FileFrontend::HostValue>> FileFrontend::hostCall(const py::Expr &call,
                                                                           const PyScope &scope) {
  const py::Stmt *def = globalFunction(call.a->name);
  if (!def || hostCallDepth_ >= 3 ||
      std::any_of(candidates_.begin(), candidates_.end(),
                  [&](const Candidate &c) { return c.name == def->name; }))
    return std::nullopt;
  PyScope fscope;
  fscope.parent = &globals_;
  if (!bindHostArgs(*def, 0, call, scope, fscope))
    return std::nullopt;
  std::vector<HostValue> result;
  std::vector<HostValue> *outer = returned_;
  returned_ = &result;
  bool outerRaised = std::exchange(raised_, false);
  ++hostCallDepth_;
  std::map<std::string, Shape> shapes;
  std::map<std::string, ConstEnv> parsers;
  bool returned = false;
  {
    SuppressDiagnostics quiet(diag_);
    for (const py::StmtP &st : def->body)
      if (!hostStmt(*st, fscope, shapes, parsers)) {
        returned = true;
        break;
      }
  }
  --hostCallDepth_;
  returned_ = outer;
  bool raised = std::exchange(raised_, outerRaised);
  // Tensors, or constants computed from them (`_, h, d = q.shape; return
  // h, d`); the evaluator takes other helpers.
  bool any = std::any_of(result.begin(), result.end(), [](const HostValue &v) { return v.tensor; });
  bool known = !result.empty() && std::all_of(result.begin(), result.end(), [](const HostValue &v) {
    return v.tensor || v.value;
  });
  if (!returned || raised || (!any && !known))
    return std::nullopt;
  return result;
}

bool FileFrontend::bindHostArgs(const py::Stmt &def, size_t skip, const py::Expr &call,
                                const PyScope &scope, PyScope &fscope) {
  size_t k = skip;
  std::optional<PyValue::Tuple> rest = PyValue::Tuple(); // what `*args` takes
  for (const py::ExprP &a : call.elts) {
    if (a->kind == py::ExprKind::Starred || k >= def.params.size())
      return false;
    HostValue v = hostValue(*a, scope);
    if (def.params[k].star == 1) {
      if (rest && v.value && !v.tensor)
        rest->push_back(*v.value);
      else
        rest.reset();
      continue;
    }
    if (def.params[k].star == 2)
      return false;
    bindHostValue(fscope, def.params[k++].name, v, nullptr);
  }
  for (size_t i = k; i < def.params.size(); ++i) {
    const py::Param &p = def.params[i];
    if (p.star == 1) {
      if (rest)
        fscope.set(p.name, PyValue{*rest});
      else
        fscope.opaque[p.name] = "a value of host code";
      continue;
    }
    if (p.star == 2) { // the keywords no parameter takes
      PyValue::Dict d;
      bool known = true;
      for (const py::Keyword &x : call.keywords) {
        if (std::any_of(def.params.begin(), def.params.end(),
                        [&](const py::Param &q) { return q.star == 0 && q.name == x.name; }))
          continue;
        HostValue v = hostValue(*x.value, scope);
        known &= v.value && !v.tensor;
        if (known) { // (a call names each keyword once)
          d.keys.push_back(PyValue{x.name});
          d.values.push_back(*v.value);
        }
      }
      if (known)
        fscope.set(p.name, PyValue{std::move(d)});
      else
        fscope.opaque[p.name] = "a value of host code";
      continue;
    }
    const py::Keyword *kw = nullptr;
    for (const py::Keyword &x : call.keywords)
      if (x.name == p.name)
        kw = &x;
    HostValue v;
    if (kw) {
      v = hostValue(*kw->value, scope);
    } else if (p.defaultValue) {
      SuppressDiagnostics quiet(diag_);
      v.value = eval_.eval(*p.defaultValue, globals_);
    }
    bindHostValue(fscope, p.name, v, nullptr);
  }
  return true;
}

std::optional<ConstEnv> FileFrontend::hostObject(const py::Expr &call, const PyScope &scope) {
  const py::Stmt *init = globalFunction(call.a->name + ".__init__");
  if (!init || init->params.empty() || hostCallDepth_ >= 3)
    return std::nullopt;
  PyScope fscope;
  fscope.parent = &globals_;
  if (!bindHostArgs(*init, 1, call, scope, fscope))
    return std::nullopt;
  return runInit(*init, fscope);
}

ConstEnv FileFrontend::runInit(const py::Stmt &init, PyScope &fscope) {
  const std::string &self = init.params[0].name;
  ConstEnv attrs;
  fscope.namespaces[self] = attrs;
  ++hostCallDepth_;
  std::map<std::string, Shape> shapes;
  std::map<std::string, ConstEnv> parsers;
  {
    SuppressDiagnostics quiet(diag_);
    for (const py::StmtP &st : init.body) {
      const py::Expr *t = st->targets.size() == 1 ? st->targets[0].get() : nullptr;
      if (t && t->kind == py::ExprKind::Attribute && t->a->kind == py::ExprKind::Name &&
          t->a->name == self) { // self.x = v: a constant, else unknown
        std::optional<PyValue> v;
        if (st->kind == py::StmtKind::Assign || st->kind == py::StmtKind::AnnAssign)
          v = st->value ? eval_.eval(*st->value, fscope) : std::nullopt;
        if (v)
          attrs[t->name] = *v;
        else
          attrs.erase(t->name);
        fscope.namespaces[self] = attrs;
        continue;
      }
      if (!hostStmt(*st, fscope, shapes, parsers))
        break;
    }
  }
  --hostCallDepth_;
  return attrs;
}

void FileFrontend::bindFromCall(const py::Stmt &header, size_t skip,
                                const std::optional<CallArgs> &call,
                                std::map<std::string, PyValue> &firstCase, PyScope &scope,
                                std::map<std::string, Shape> &shapes) {
  for (size_t k = skip; k < header.params.size(); ++k) {
    const py::Param &p = header.params[k];
    size_t a = k - skip; // its position in the call
    if (firstCase.count(p.name)) {
      scope.set(p.name, firstCase[p.name]);
    } else if (call && call->argShapes.count(a)) { // run(a) after a = torch...
      shapes[p.name] = call->argShapes.at(a);
      bindTensor(scope, p.name, shapes[p.name],
                 call->argDtypes.count(a) ? call->argDtypes.at(a) : "");
    } else if (call && call->kwShapes.count(p.name)) {
      shapes[p.name] = call->kwShapes.at(p.name);
      bindTensor(scope, p.name, shapes[p.name],
                 call->kwDtypes.count(p.name) ? call->kwDtypes.at(p.name) : "");
    } else if (call && call->argObjects.count(a)) {
      scope.namespaces[p.name] = call->argObjects.at(a);
    } else if (call && a < call->args.size() && call->args[a]) {
      scope.set(p.name, *call->args[a]);
    } else if (call && call->kwargs.count(p.name)) {
      scope.set(p.name, call->kwargs.at(p.name));
    } else if (p.defaultValue) {
      SuppressDiagnostics quiet(diag_);
      if (auto v = eval_.eval(*p.defaultValue, globals_))
        scope.set(p.name, *v);
    }
  }
}

std::optional<ConstEnv> FileFrontend::instanceOf(const std::string &cls, unsigned depth,
                                                 bool &failed) {
  const py::Stmt *init = globalFunction(cls + ".__init__");
  if (!init || init->params.empty() || depth >= 3 || hostCallDepth_ >= 3)
    return std::nullopt;
  auto call = findCall(cls, {}, {}, depth + 1, failed);
  if (failed)
    return std::nullopt;
  PyScope iscope;
  iscope.parent = &globals_;
  std::map<std::string, Shape> shapes;
  std::map<std::string, PyValue> none;
  bindFromCall(*init, 1, call, none, iscope, shapes);
  return runInit(*init, iscope);
}

/// The attributes of the object `e` names (an instance of the file's
/// classes, an argparse namespace), or null (also for a tensor).
static const ConstEnv *objectOf(const py::Expr &e, const PyScope &scope) {
  if (e.kind != py::ExprKind::Name)
    return nullptr;
  for (const PyScope *s = &scope; s; s = s->parent) {
    if (auto it = s->namespaces.find(e.name); it != s->namespaces.end())
      return it->second.count("shape") ? nullptr : &it->second;
    if (s->values.count(e.name) || s->opaque.count(e.name) || s->functions.count(e.name) ||
        s->modules.count(e.name))
      return nullptr;
  }
  return nullptr;
}

/// The targets of `a = ...` / `a, b = ...`: the name, or the tuple's elements.
std::vector<const py::Expr *> targetList(const py::Expr &t) {
  std::vector<const py::Expr *> out;
  if (t.kind == py::ExprKind::Name)
    out.push_back(&t);
  else if (t.kind == py::ExprKind::Tuple || t.kind == py::ExprKind::List)
    for (const py::ExprP &x : t.elts)
      out.push_back(x.get());
  return out;
}

/// Python's truth of a constant.
static bool truthOf(const PyValue &v) {
  return std::visit(
      [](const auto &x) -> bool {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return false;
        else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int64_t> ||
                           std::is_same_v<T, double>)
          return x != 0;
        else if constexpr (std::is_same_v<T, PyValue::Dict>)
          return !x.keys.empty();
        else if constexpr (std::is_same_v<T, PyValue::Function>)
          return true;
        else
          return !x.empty();
      },
      v.v);
}

bool FileFrontend::hostStmt(const py::Stmt &st, PyScope &scope,
                            std::map<std::string, Shape> &shapes,
                            std::map<std::string, ConstEnv> &parsers) {
  if (st.kind == py::StmtKind::Raise && returned_) { // a helper that raises returns nothing
    returned_->clear();
    raised_ = true;
    return false;
  }
  if (st.kind == py::StmtKind::Return && returned_) { // in a helper hostCall() runs
    returned_->clear();
    if (st.value) {
      bool tuple = st.value->kind == py::ExprKind::Tuple;
      for (size_t i = 0; i < (tuple ? st.value->elts.size() : 1); ++i)
        returned_->push_back(hostValue(tuple ? *st.value->elts[i] : *st.value, scope));
    }
    return false;
  }
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.value->kind == py::ExprKind::Call && st.value->a->kind == py::ExprKind::Name)
    if (auto values = hostCall(*st.value, scope)) { // a, b = make_inputs(M, K)
      std::vector<const py::Expr *> names = targetList(*st.targets[0]);
      if (names.size() == values->size() &&
          std::all_of(names.begin(), names.end(),
                      [](const py::Expr *x) { return x->kind == py::ExprKind::Name; })) {
        for (size_t i = 0; i < names.size(); ++i) {
          bindHostValue(scope, names[i]->name, (*values)[i], &shapes);
        }
        return true;
      }
    }
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.targets[0]->kind == py::ExprKind::Name && st.value->kind == py::ExprKind::Call &&
      st.value->a->kind == py::ExprKind::Name)
    if (auto attrs = hostObject(*st.value, scope)) { // config = Config(512)
      const std::string &n = st.targets[0]->name;
      shapes.erase(n);
      scope.values.erase(n);
      scope.opaque.erase(n);
      scope.namespaces[n] = std::move(*attrs);
      return true;
    }
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.targets[0]->kind == py::ExprKind::Name &&
      hostTensor(st.targets[0]->name, *st.value, scope, shapes))
    return true;
  if (tupleHostAssign(st, scope, shapes))
    return true;
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.targets[0]->kind == py::ExprKind::Name && valueCall(*st.value, scope))
    itemNames_[st.targets[0]->name] = st.value.get(); // n = x.item()
  if (argparseStmt(st, scope, parsers))
    return true;
  if (st.kind == py::StmtKind::If) { // a constant condition: its branch, as host code
    std::optional<PyValue> cond;
    {
      SuppressDiagnostics quiet(diag_);
      cond = eval_.eval(*st.test, scope);
    }
    if (cond) {
      for (const py::StmtP &b : truthOf(*cond) ? st.body : st.orelse)
        if (!hostStmt(*b, scope, shapes, parsers))
          return false;
      return true;
    }
  }
  PyEvaluator::Flow flow = eval_.execStmt(st, scope);
  if (flow == PyEvaluator::Flow::Error)
    forgetAssigned(st, scope); // (a loop that failed half-way leaves no stale values)
  return flow != PyEvaluator::Flow::Return;
}

void FileFrontend::forgetAssigned(const py::Stmt &st, PyScope &scope) {
  std::set<std::string> names, rebound;
  std::function<void(const py::Expr &, bool)> expr = [&](const py::Expr &e, bool target) {
    if (e.kind == py::ExprKind::Name && target)
      names.insert(e.name), rebound.insert(e.name);
    static const char *mutators[] = {"append", "extend",     "insert", "pop",     "remove", "clear",
                                     "update", "setdefault", "sort",   "reverse", "popitem"};
    if (e.kind == py::ExprKind::Call && e.a->kind == py::ExprKind::Attribute &&
        e.a->a->kind == py::ExprKind::Name && llvm::is_contained(mutators, e.a->name))
      names.insert(e.a->a->name); // xs.append(x) may have run
    if (e.kind == py::ExprKind::Subscript && target && e.a->kind == py::ExprKind::Name)
      names.insert(e.a->name); // d[k] = v
    for (const py::Expr *x : {e.a.get(), e.b.get(), e.c.get()})
      if (x)
        expr(*x, target && e.kind != py::ExprKind::Subscript && e.kind != py::ExprKind::Attribute);
    for (const py::ExprP &x : e.elts)
      if (x)
        expr(*x, target && (e.kind == py::ExprKind::Tuple || e.kind == py::ExprKind::List ||
                            e.kind == py::ExprKind::Starred));
    for (const py::ExprP &x : e.values)
      if (x)
        expr(*x, false);
    for (const py::Keyword &k : e.keywords)
      if (k.value)
        expr(*k.value, false);
  };
  std::function<void(const py::Stmt &)> stmt = [&](const py::Stmt &s) {
    for (const py::ExprP &t : s.targets)
      expr(*t, true);
    for (const py::Expr *x : {s.value.get(), s.test.get(), s.iter.get()})
      if (x)
        expr(*x, false);
    for (const auto *list : {&s.body, &s.orelse})
      for (const py::StmtP &b : *list)
        stmt(*b);
  };
  stmt(st);
  for (const std::string &n : names) {
    // A tensor stored into (x[i] = v) or changed in place keeps its shape;
    // its values are no longer those host code wrote.
    if (auto it = scope.namespaces.find(n);
        !rebound.count(n) && it != scope.namespaces.end() && it->second.count("shape")) {
      it->second.erase(kTensorValues);
      continue;
    }
    scope.values.erase(n);
    scope.namespaces.erase(n);
    scope.opaque[n] = "a value of host code";
  }
}

/// The destination of `add_argument("--block-m", "-b", ...)`: `dest=`, else
/// the first long option (dashes inside become '_'), else the first name.
static std::string argparseDest(const py::Expr &call) {
  for (const py::Keyword &k : call.keywords)
    if (k.name == "dest" && k.value->kind == py::ExprKind::Str)
      return k.value->str;
  std::string first;
  for (const py::ExprP &a : call.elts) {
    if (a->kind != py::ExprKind::Str)
      return "";
    if (first.empty())
      first = a->str;
    if (a->str.rfind("--", 0) == 0) {
      first = a->str;
      break;
    }
  }
  size_t b = first.find_first_not_of('-');
  if (b == std::string::npos)
    return "";
  std::string dest = first.substr(b);
  std::replace(dest.begin(), dest.end(), '-', '_');
  return dest;
}

bool FileFrontend::argparseStmt(const py::Stmt &st, PyScope &scope,
                                std::map<std::string, ConstEnv> &parsers) {
  auto isMethodOf = [&](const py::Expr *e, const char *method) -> std::string {
    if (!e || e->kind != py::ExprKind::Call || e->a->kind != py::ExprKind::Attribute ||
        e->a->name != method || e->a->a->kind != py::ExprKind::Name ||
        !parsers.count(e->a->a->name))
      return "";
    return e->a->a->name;
  };
  auto bindNamespace = [&](const std::string &name, const ConstEnv &options) {
    scope.set(name, PyValue{}); // drops other bindings of the name
    scope.values.erase(name);
    scope.namespaces[name] = options;
  };
  // parser = argparse.ArgumentParser(...)
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.targets[0]->kind == py::ExprKind::Name && st.value->kind == py::ExprKind::Call) {
    std::string d = st.value->a->dottedName();
    if (d == "argparse.ArgumentParser" || d == "ArgumentParser") {
      parsers[st.targets[0]->name].clear();
      return true;
    }
    // args = parser.parse_args(...): the defaults, as running without arguments would
    std::string p = isMethodOf(st.value.get(), "parse_args");
    if (!p.empty()) {
      bindNamespace(st.targets[0]->name, parsers[p]);
      return true;
    }
  }
  // args, _ = parser.parse_known_args(...)
  if (st.kind == py::StmtKind::Assign && st.targets.size() == 1 &&
      st.targets[0]->kind == py::ExprKind::Tuple && st.targets[0]->elts.size() == 2 &&
      st.targets[0]->elts[0]->kind == py::ExprKind::Name) {
    std::string p = isMethodOf(st.value.get(), "parse_known_args");
    if (!p.empty()) {
      bindNamespace(st.targets[0]->elts[0]->name, parsers[p]);
      return true;
    }
  }
  // parser.add_argument("--m", type=int, default=1024)
  if (st.kind == py::StmtKind::ExprStmt) {
    std::string p = isMethodOf(st.value.get(), "add_argument");
    if (p.empty())
      return false;
    std::string dest = argparseDest(*st.value);
    if (dest.empty())
      return true;
    PyValue v; // no default: None, as argparse gives
    for (const py::Keyword &k : st.value->keywords) {
      if (k.name == "action" && k.value->kind == py::ExprKind::Str)
        v = PyValue{k.value->str == "store_true"    ? false
                    : k.value->str == "store_false" ? true
                                                    : false};
      if (k.name == "default") {
        SuppressDiagnostics quiet(diag_);
        auto d = eval_.eval(*k.value, scope);
        if (!d) { // a default that is not a constant: leave the option unknown
          parsers[p].erase(dest);
          return true;
        }
        v = *d;
        break;
      }
    }
    parsers[p][dest] = v;
    return true;
  }
  return false;
}

std::string FileFrontend::originNote(const py::Stmt &st, const std::string &name,
                                     const PyScope &scope) {
  // A name that is not a constant (a tensor of host code, or a value host
  // code makes that tt-llc does not follow), nor a module or function.
  auto isTensor = [&](const py::Expr &x) {
    if (x.kind != py::ExprKind::Name)
      return false;
    for (const PyScope *s = &scope; s; s = s->parent) {
      if (auto it = s->namespaces.find(x.name); it != s->namespaces.end())
        return it->second.count("shape") > 0;
      if (s->opaque.count(x.name))
        return true;
      if (s->values.count(x.name) || s->functions.count(x.name) || s->modules.count(x.name))
        return false;
    }
    return true; // (a name host code assigned in a statement that failed)
  };
  static const char *valueMethods[] = {"item", "tolist", "max",    "min", "sum", "mean",
                                       "amax", "amin",   "argmax", "any", "all", "count_nonzero"};
  const py::Expr *values = nullptr, *shape = nullptr;
  std::function<void(const py::Expr &)> walk = [&](const py::Expr &e) {
    if (e.kind == py::ExprKind::Call && e.a->kind == py::ExprKind::Attribute &&
        llvm::is_contained(valueMethods, e.a->name) && !values) {
      // (x.max(), x[:, 0].sum(), x.float().mean(): a tensor at the base)
      const py::Expr *b = e.a->a.get();
      while (b->kind == py::ExprKind::Call || b->kind == py::ExprKind::Attribute ||
             b->kind == py::ExprKind::Subscript)
        b = b->kind == py::ExprKind::Call ? b->a->a.get() : b->a.get();
      if (isTensor(*b))
        values = &e;
    }
    if (!shape && ((e.kind == py::ExprKind::Attribute && e.name == "shape" && isTensor(*e.a)) ||
                   (e.kind == py::ExprKind::Call && e.a->kind == py::ExprKind::Attribute &&
                    (e.a->name == "size" || e.a->name == "numel") && isTensor(*e.a->a)) ||
                   (e.kind == py::ExprKind::Call && e.a->kind == py::ExprKind::Name &&
                    e.a->name == "len" && e.elts.size() == 1 && isTensor(*e.elts[0]))))
      shape = &e;
    for (const py::Expr *x : {e.a.get(), e.b.get(), e.c.get()})
      if (x)
        walk(*x);
    for (const py::ExprP &x : e.elts)
      if (x)
        walk(*x);
  };
  if (st.value)
    walk(*st.value);
  if (values) {
    std::string base = values->a->a->kind == py::ExprKind::Name ? values->a->a->name : "a tensor";
    return "'" + name + "' is set here from the values of tensor '" + base + "' ('" +
           values->a->dottedName() + "()' or the like), which depend on tensor data at run time";
  }
  if (shape) {
    const py::Expr &t = shape->kind == py::ExprKind::Attribute ? *shape->a
                        : shape->a->kind == py::ExprKind::Name ? *shape->elts[0]
                                                               : *shape->a->a;
    return "'" + name + "' is set here from the shape of '" + t.name +
           "', which is not known at compile time: tt-llc does not follow how host code makes "
           "it (a shape that depends on tensor data, such as the count of a random mask, is "
           "known only at run time)";
  }
  return "'" + name +
         "' is set here by host code tt-llc does not evaluate: a tensor's values, or an "
         "operation whose result is known only at run time";
}

const py::Expr *FileFrontend::valueCall(const py::Expr &e, const PyScope &scope) {
  if (e.kind == py::ExprKind::Call && e.a->kind == py::ExprKind::Attribute &&
      (e.a->name == "item" || e.a->name == "tolist") && eval_.tensorShapeOf(*e.a->a, scope))
    return &e;
  for (const py::Expr *x : {e.a.get(), e.b.get(), e.c.get()})
    if (const py::Expr *c = x ? valueCall(*x, scope) : nullptr)
      return c;
  for (const py::ExprP &x : e.elts)
    if (const py::Expr *c = valueCall(*x, scope))
      return c;
  return nullptr;
}

std::optional<PyValue> FileFrontend::callArg(const py::Expr &e, const PyScope &scope,
                                             const std::string &callee, bool &failed) {
  bool outOfRange = false;
  std::optional<PyValue> v;
  ConstEnv env = scope.flatten();
  {
    SuppressDiagnostics quiet(diag_);
    v = evalConstant(e, env, conv_, diag_, &outOfRange);
  }
  if (v)
    return v;
  if (outOfRange) { // again, to report it
    evalConstant(e, env, conv_, diag_);
    failed = true;
    return std::nullopt;
  }
  if (const py::Expr *n = findName(e, outOfRangeGlobals_); n && !env.count(n->name)) {
    evalConstant(*outOfRangeGlobals_[n->name], env, conv_, diag_);
    diag_.note(n->loc, "'" + n->name + "' is used here, in a call of '" + callee + "'");
    failed = true;
    return std::nullopt;
  }
  // x.item() of a tensor host code made: its values are not known.
  const py::Expr *item = valueCall(e, scope);
  const py::Expr *n = findName(e, itemNames_);
  if (!item && n && scope.flatten().count(n->name) == 0)
    item = valueCall(*itemNames_[n->name], scope);
  if (item) {
    eval_.eval(*item, scope); // reports it
    if (n)
      diag_.note(n->loc, "'" + n->name + "' is used here, in a call of '" + callee + "'");
    failed = true;
    return std::nullopt;
  }
  SuppressDiagnostics quiet(diag_);
  return eval_.eval(e, scope);
}

size_t FileFrontend::matchDotted(size_t i, const std::vector<std::string> &parts) const {
  for (size_t j = 0; j < parts.size(); ++j) {
    size_t t = i + 2 * j;
    if (t + 1 >= toks_.size() || !toks_[t].isName(parts[j]) ||
        (j + 1 < parts.size() && !toks_[t + 1].isOp(".")))
      return 0;
  }
  return i + 2 * parts.size() - 1;
}

/// Whether the value of `e` may be the value of the name `n`: `n` itself,
/// a branch of a conditional or `or`, an element of a display, or indexed
/// out of one (`{"a": n}[k]`), but not a value a call makes from it.
static bool mayBe(const py::Expr &e, const std::string &n) {
  switch (e.kind) {
  case py::ExprKind::Name:
    return e.name == n;
  case py::ExprKind::IfExp:
    return mayBe(*e.b, n) || mayBe(*e.c, n);
  case py::ExprKind::Subscript:
    return mayBe(*e.a, n);
  case py::ExprKind::BoolOp:
  case py::ExprKind::Tuple:
  case py::ExprKind::List:
    return std::any_of(e.elts.begin(), e.elts.end(),
                       [&](const py::ExprP &x) { return x && mayBe(*x, n); });
  case py::ExprKind::Dict:
    return std::any_of(e.values.begin(), e.values.end(),
                       [&](const py::ExprP &x) { return x && mayBe(*x, n); });
  default:
    return false;
  }
}

std::vector<FileFrontend::Callee> FileFrontend::callees(const std::string &name) {
  auto split = [](const std::string &d) {
    std::vector<std::string> parts;
    for (llvm::StringRef r(d); !r.empty();) {
      auto [head, tail] = r.split('.');
      parts.emplace_back(head);
      r = tail;
    }
    return parts;
  };
  std::string base = name;
  if (size_t dot = name.find('.'); dot != std::string::npos) {
    // The forward of an autograd Function runs by C.apply(...).
    if (name.substr(dot + 1) != "forward" || !autogradClasses_.count(name.substr(0, dot)))
      return {};
    base = name.substr(0, dot) + ".apply";
  }
  std::vector<Callee> out{Callee{base, split(base), false}};
  // Aliases, to a fixed point: `A = <an expression naming a spelling>`.
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t i = 0; i + 2 < toks_.size(); ++i) {
      if (toks_[i].kind != py::TokKind::Name || !toks_[i + 1].isOp("=") ||
          (i > 0 && toks_[i - 1].kind != py::TokKind::Newline &&
           toks_[i - 1].kind != py::TokKind::Indent && toks_[i - 1].kind != py::TokKind::Dedent))
        continue;
      std::string alias(toks_[i].text);
      if (alias == name ||
          std::any_of(out.begin(), out.end(), [&](const Callee &c) { return c.text == alias; }))
        continue;
      size_t end = findOutsideBrackets(
          i + 2, toks_.size(), [](const py::Token &t) { return t.kind == py::TokKind::Newline; });
      for (size_t o = 0; o < out.size() && !grew; ++o) {
        const Callee &c = out[o];
        for (size_t t = i + 2; t < end; ++t) {
          size_t after = matchDotted(t, c.parts);
          if (!after || toks_[t - 1].isOp(".") || (after < end && toks_[after].isOp("(")))
            continue;
          bool simple = t == i + 2 && after == end;
          if (!simple && c.text.find('.') != std::string::npos)
            continue; // (only a plain name can be checked as a value)
          bool may = c.may;
          if (!simple && may) {
            py::Parser parser(toks_, diag_);
            SuppressDiagnostics quiet(diag_);
            parser.setPos(i + 2);
            py::ExprP rhs = parser.parseExpression();
            may = rhs && mayBe(*rhs, c.text);
          }
          out.push_back(Callee{alias, {alias}, !simple || c.check, may});
          grew = true;
          break;
        }
      }
    }
  }
  return out;
}

std::optional<std::string> FileFrontend::namesOther(const py::Expr &callee, const PyScope &scope,
                                                    const std::string &name) {
  std::optional<PyValue> v;
  {
    SuppressDiagnostics quiet(diag_);
    v = eval_.eval(callee, scope);
  }
  const auto *f = v ? std::get_if<PyValue::Function>(&v->v) : nullptr;
  if (f && f->name == name)
    return std::nullopt;
  return f ? "'" + f->name + "'" : std::string("a value not known");
}

std::optional<CallArgs> FileFrontend::findCall(const std::string &name,
                                               const std::set<size_t> &skipPos,
                                               const std::set<std::string> &skipKw, unsigned depth,
                                               bool &failed) {
  py::Parser parser(toks_, diag_);
  std::optional<CallArgs> partial;
  // The first call through an alias naming another kernel by default (the
  // first with constant arguments, if any).
  std::optional<CallArgs> viaAlias;
  auto keepViaAlias = [&](CallArgs &a, const py::Expr &callee, const std::string &other, bool may) {
    if (!may) { // not this kernel's call
      if (!aliasMiss_)
        aliasMiss_ = {callee.loc, "'" + name + "' is called through '" + callee.dottedName() +
                                      "' here, which names " + other +
                                      " when the file runs without arguments"};
      return;
    }
    a.viaAlias = {callee.loc, "'" + name + "' takes the arguments of the call through '" +
                                  callee.dottedName() + "' here, which names " + other +
                                  " when the file runs without arguments (a call through such "
                                  "an alias binds every kernel it may name)"};
    if (!viaAlias || (!viaAlias->complete && a.complete))
      viaAlias = a;
  };
  std::vector<Callee> spellings = callees(name);
  for (size_t i = 0; i + 3 < toks_.size(); ++i) {
    if (i > 0 &&
        (toks_[i - 1].isName("def") || toks_[i - 1].isName("class") || toks_[i - 1].isOp(".")))
      continue;
    const Callee *sp = nullptr;
    size_t after = 0;
    for (const Callee &cand : spellings)
      if ((after = matchDotted(i, cand.parts))) {
        sp = &cand;
        break;
      }
    if (!sp || after + 2 >= toks_.size())
      continue;
    // f.compile(...), f.get_kernel_source(...) and f.get_tir(...) take f's
    // arguments.
    bool viaCompile =
        toks_[after].isOp(".") &&
        (toks_[after + 1].isName("compile") || toks_[after + 1].isName("get_kernel_source") ||
         toks_[after + 1].isName("get_tir")) &&
        toks_[after + 2].isOp("(");
    std::string method = viaCompile ? std::string(toks_[after + 1].text) : "";
    bool viaIndex = sp->check && toks_[after].isOp("["); // KERNELS[name](...)
    if (!toks_[after].isOp("(") && !viaCompile && !viaIndex)
      continue;
    py::ExprP e;
    {
      SuppressDiagnostics quiet(diag_);
      parser.setPos(i);
      e = parser.parseExpression();
    }
    // Descend to the call of `name` (the parse may continue with `(...)`).
    auto isTheCall = [&](const py::Expr *c) {
      if (c->kind != py::ExprKind::Call)
        return false;
      const py::Expr &f = *c->a;
      if (viaCompile)
        return f.kind == py::ExprKind::Attribute && f.name == method &&
               f.a->dottedName() == sp->text;
      if (viaIndex)
        return f.kind == py::ExprKind::Subscript && f.a->dottedName() == sp->text;
      return f.dottedName() == sp->text;
    };
    // (`f(M), x` parses as a tuple: the call is its first element.)
    const py::Expr *c = e.get();
    while (c && !isTheCall(c))
      c = c->kind == py::ExprKind::Call || c->kind == py::ExprKind::Attribute ||
                  c->kind == py::ExprKind::Subscript
              ? c->a.get()
          : c->kind == py::ExprKind::Tuple && !c->elts.empty() ? c->elts[0].get()
                                                               : nullptr;
    if (!c)
      continue;
    hostExprs_.push_back(std::move(e)); // (the arguments outlive this loop)

    // The arguments, with the globals; else after the host code before the
    // call in the function (or `if` block) around it, with that function's
    // parameters bound from its own call or its defaults.
    // The host statements run for the call's scope start at `fromStmt`.
    auto evalArgs = [&](const PyScope &scope, const std::map<std::string, Shape> &shapes,
                        bool useTensors, size_t fromStmt) -> std::optional<CallArgs> {
      // `*xs` of a tuple display host code assigned (`xs = (a, b)`) passes
      // its elements: the tensors among them too.
      std::vector<const py::Expr *> elts;
      for (const py::ExprP &x : c->elts) {
        const py::Expr *display = nullptr;
        if (x->kind == py::ExprKind::Starred && x->op == "*" && x->a->kind == py::ExprKind::Name)
          for (size_t j = hostStmts_.size(); j > fromStmt && !display; --j) {
            const py::Stmt &st = *hostStmts_[j - 1];
            if (st.kind != py::StmtKind::Assign || st.targets.size() != 1 ||
                !findName(*st.targets[0], std::map<std::string, int>{{x->a->name, 0}}))
              continue;
            if (st.targets[0]->kind == py::ExprKind::Name &&
                (st.value->kind == py::ExprKind::Tuple || st.value->kind == py::ExprKind::List))
              display = st.value.get();
            break; // (the last assignment decides)
          }
        if (!display) {
          elts.push_back(x.get());
          continue;
        }
        for (const py::ExprP &y : display->elts)
          elts.push_back(y.get());
      }
      CallArgs out;
      bool lost = false; // after a `*xs` of unknown length: only `**d` still binds
      for (size_t e = 0; e < elts.size(); ++e) {
        size_t k = out.args.size(); // the parameter this argument binds
        const py::Expr &x = *elts[e];
        if (lost && !(x.kind == py::ExprKind::Starred && x.op == "**"))
          continue;
        if (x.kind == py::ExprKind::Starred) { // f(*xs) and f(**config)
          std::optional<PyValue> v;
          {
            SuppressDiagnostics quiet(diag_);
            v = eval_.eval(*x.a, scope);
          }
          const auto *list = v ? std::get_if<PyValue::Tuple>(&v->v) : nullptr;
          const auto *dict = v ? std::get_if<PyValue::Dict>(&v->v) : nullptr;
          if (x.op == "*" && list) {
            for (const PyValue &a : *list)
              out.args.push_back(skipPos.count(out.args.size()) ? std::nullopt
                                                                : std::optional<PyValue>(a));
          } else if (x.op == "**" && dict) {
            for (size_t j = 0; j < dict->keys.size(); ++j)
              if (const auto *key = std::get_if<std::string>(&dict->keys[j].v);
                  key && !skipKw.count(*key))
                out.kwargs[*key] = dict->values[j];
          } else {
            out.complete = false;
            if (!out.unknownStar)
              out.unknownStar = &x;
            if (x.op == "*" && !lost) { // the positions from it on are unknown
              lost = true;
              out.unknownFrom = k;
            }
          }
          continue;
        }
        if (const ConstEnv *obj = objectOf(x, scope)) { // run(config)
          out.argObjects[k] = *obj;
          out.args.push_back(std::nullopt);
          out.complete = false;
          continue;
        }
        bool tensor = false;
        std::optional<Shape> shape;
        if (x.kind == py::ExprKind::Name && shapes.count(x.name))
          shape = shapes.at(x.name), tensor = true;
        else if (useTensors)
          shape = hostShape(x, scope, tensor);
        if (skipPos.count(k) || tensor) { // a tensor, passed on
          out.args.push_back(std::nullopt);
          out.tensorExprs[k] = &x;
          if (shape)
            out.argShapes[k] = *shape;
          if (std::string d = tensor ? hostDtype(x, scope) : ""; !d.empty())
            out.argDtypes[k] = d;
          out.complete &= skipPos.count(k) > 0;
          continue;
        }
        auto v = callArg(x, scope, name, failed);
        if (failed)
          return std::nullopt;
        out.complete &= v.has_value();
        if (!v)
          out.unknownPos[k] = &x;
        out.args.push_back(v);
      }
      for (const py::Keyword &k : c->keywords) {
        if (skipKw.count(k.name)) {
          out.tensorKwExprs[k.name] = k.value.get();
          bool tensor = false;
          std::optional<Shape> shape;
          if (k.value->kind == py::ExprKind::Name && shapes.count(k.value->name))
            shape = shapes.at(k.value->name);
          else if (useTensors)
            shape = hostShape(*k.value, scope, tensor);
          if (shape)
            out.kwShapes[k.name] = *shape;
          if (std::string d = hostDtype(*k.value, scope); !d.empty())
            out.kwDtypes[k.name] = d;
          continue;
        }
        if (useTensors) { // a tensor passed by keyword
          bool tensor = false;
          auto shape = hostShape(*k.value, scope, tensor);
          if (tensor) {
            if (shape)
              out.kwShapes[k.name] = *shape;
            if (std::string d = hostDtype(*k.value, scope); !d.empty())
              out.kwDtypes[k.name] = d;
            out.complete = false;
            continue;
          }
        }
        auto v = callArg(*k.value, scope, name, failed);
        if (failed)
          return std::nullopt;
        out.complete &= v.has_value();
        if (v)
          out.kwargs[k.name] = *v;
        else
          out.unknownKw[k.name] = k.value.get();
      }
      return out;
    };
    const TopDef *outer = enclosingDef(i);
    auto args = evalArgs(globals_, outer ? std::map<std::string, Shape>() : globalShapes_, !outer,
                         hostStmts_.size());
    if (failed || !args)
      return std::nullopt;
    // An alias whose value the host code decides (kernel = KERNELS[name]):
    // the call counts when the callee is `name` there.
    // (for f.compile(...), f)
    const py::Expr &callee = viaCompile ? *c->a->a : *c->a;
    std::optional<std::string> other;
    if (sp->check)
      other = namesOther(callee, globals_, name);
    if (!other && args->complete && args->argShapes.size() + args->kwShapes.size() == 0 &&
        (skipPos.empty() && skipKw.empty()))
      return args;
    // The arguments as the globals give them decide: true to take them.
    auto settle = [&](CallArgs &a) {
      if (other)
        keepViaAlias(a, callee, *other, sp->may);
      else if (!a.complete && !partial)
        partial = a;
      return !other && a.complete;
    };
    if (!outer || outer->name == name) {
      if (settle(*args))
        return args;
      continue;
    }
    PyScope scope;
    scope.parent = &globals_;
    std::map<std::string, Shape> shapes;
    if (!outer->name.empty()) {
      const py::Stmt *header = defHeader(*outer);
      if (!header) {
        if (settle(*args))
          return args;
        continue;
      }
      // (three levels up, the function's own call is not followed: its
      // parameters take their defaults)
      bool innerFailed = false;
      std::optional<CallArgs> outerCall;
      if (depth < 3)
        outerCall = findCall(outer->name, {}, {}, depth + 1, innerFailed);
      if (innerFailed) {
        failed = true;
        return std::nullopt;
      }
      std::map<std::string, PyValue> firstCase = pytestCase(*outer);
      // A method's first parameter (ctx of an autograd forward, self) is
      // not an argument of the call.
      size_t dot = outer->name.find('.');
      size_t skip = dot != std::string::npos ? 1 : 0;
      bindFromCall(*header, skip, outerCall, firstCase, scope, shapes);
      std::string cls = skip ? outer->name.substr(0, dot) : "";
      if (skip && !header->params.empty() && !autogradClasses_.count(cls) && depth < 3) {
        auto self = instanceOf(cls, depth, innerFailed);
        if (innerFailed) {
          failed = true;
          return std::nullopt;
        }
        if (self)
          scope.namespaces[header->params[0].name] = std::move(*self);
      }
    }
    size_t firstStmt = hostStmts_.size();
    runHostPrefix(*outer, i, scope, shapes);
    if (sp->check)
      other = namesOther(callee, scope, name);
    auto inner = evalArgs(scope, shapes, true, firstStmt);
    if (failed || !inner)
      return std::nullopt;
    // Where host code set the names the call passes that are not constants.
    std::vector<const py::Expr *> unknown;
    for (const auto &[k, x] : inner->unknownPos)
      unknown.push_back(x);
    for (const auto &[k, x] : inner->unknownKw)
      unknown.push_back(x);
    if (inner->unknownStar)
      unknown.push_back(inner->unknownStar->a.get());
    for (const py::Expr *x : unknown) {
      if (x->kind != py::ExprKind::Name)
        continue;
      for (size_t j = hostStmts_.size(); j > firstStmt; --j) {
        const py::Stmt &st = *hostStmts_[j - 1];
        if (st.kind != py::StmtKind::Assign && st.kind != py::StmtKind::AugAssign &&
            st.kind != py::StmtKind::AnnAssign)
          continue;
        for (const py::ExprP &t : st.targets)
          if (findName(*t, std::map<std::string, int>{{x->name, 0}}))
            inner->origins.emplace(x->name, std::pair(st.loc, originNote(st, x->name, scope)));
        if (inner->origins.count(x->name))
          break;
      }
    }
    // (constants, but no tensor shapes found around the call: args)
    CallArgs &best = inner->complete || !args->complete ? *inner : *args;
    if (other) {
      keepViaAlias(best, callee, *other, sp->may);
      continue;
    }
    if (best.complete)
      return best;
    if (!partial)
      partial = inner;
  }
  // The first call, when none has only constant arguments; a call through
  // an alias naming another kernel after those.
  if (viaAlias && (!partial || (viaAlias->complete && !partial->complete)))
    return viaAlias;
  return partial;
}

std::optional<std::map<std::string, PyValue>>
FileFrontend::parseDefines(const py::Stmt &factory, const std::vector<std::string> &known) {
  std::map<std::string, PyValue> defines;
  for (const std::string &d : opts_.defines) {
    size_t eq = d.find('=');
    if (eq == std::string::npos || eq == 0) {
      diag_.error(SMLoc(), "-D " + d + ": expected NAME=VALUE");
      return std::nullopt;
    }
    defines[d.substr(0, eq)] = parseDefineValue(d.substr(eq + 1));
  }
  std::string list;
  for (const std::string &k : known)
    list += (list.empty() ? "" : ", ") + k;
  for (const auto &[name, v] : defines)
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      diag_.error(SMLoc(), "-D " + name + ": '" + factory.name + "' has no parameter '" + name +
                               "' (its parameters are: " + list + ")");
      return std::nullopt;
    }
  return defines;
}

bool FileFrontend::bindParams(
    const py::Stmt &factory, const std::set<std::string> &tensors,
    const std::map<std::string, PyValue> &defines, PyScope &scope, std::optional<CallArgs> &call,
    const std::function<std::optional<PyValue>(const std::string &)> &fromTensors) {
  std::set<size_t> skipPos;
  for (size_t i = 0; i < factory.params.size(); ++i)
    if (tensors.count(factory.params[i].name))
      skipPos.insert(i);
  eval_.gpuQuery.reset();
  bool tunedDone = false;
  std::optional<PyValue::Dict> tuned;
  bool searched = false;
  auto searchCall = [&]() {
    if (searched)
      return true;
    searched = true;
    bool failed = false;
    aliasMiss_.reset();
    call = findCall(factory.name, skipPos, tensors, 0, failed);
    if (call && call->viaAlias)
      diag_.note(call->viaAlias->first, call->viaAlias->second);
    return !failed;
  };
  for (size_t i = 0; i < factory.params.size(); ++i) {
    const py::Param &p = factory.params[i];
    if (tensors.count(p.name)) {
      scope.opaque[p.name] = "a tensor parameter";
      continue;
    }
    if (auto it = defines.find(p.name); it != defines.end()) {
      scope.set(p.name, it->second);
      continue;
    }
    // The file's call passes it (as Python would bind it), else its default.
    if (!searchCall())
      return false;
    if (call && i < call->args.size() && call->args[i]) {
      scope.set(p.name, *call->args[i]);
      continue;
    }
    if (call && call->kwargs.count(p.name)) {
      scope.set(p.name, call->kwargs[p.name]);
      continue;
    }
    // (a position a `*xs` of unknown length may fill: not its default)
    bool starred = call && call->unknownFrom && i >= *call->unknownFrom && p.star == 0;
    if (p.defaultValue && !starred) {
      bool outOfRange = false;
      std::optional<PyValue> v;
      {
        SuppressDiagnostics quiet(diag_);
        v = evalConstant(*p.defaultValue, globals_.values, conv_, diag_, &outOfRange);
      }
      if (!v && !outOfRange)
        v = eval_.eval(*p.defaultValue, globals_);
      else if (!v)
        evalConstant(*p.defaultValue, globals_.values, conv_, diag_); // report it
      if (!v)
        return false;
      scope.set(p.name, *v);
      continue;
    }
    if (fromTensors && !starred)
      if (auto v = fromTensors(p.name)) {
        scope.set(p.name, *v);
        continue;
      }
    if (!tunedDone) {
      tunedDone = true;
      tuned = autotuneConfig(factory);
    }
    if (tuned && !starred)
      if (auto it = std::find_if(tuned->keys.begin(), tuned->keys.end(),
                                 [&](const PyValue &k) { return k.str() == '"' + p.name + '"'; });
          it != tuned->keys.end()) {
        scope.set(p.name, tuned->values[size_t(it - tuned->keys.begin())]);
        continue;
      }
    diag_.error(p.loc, "parameter '" + p.name + "' of '" + factory.name +
                           "' has no value: pass -D " + p.name +
                           "=VALUE, give it a default, or call '" + factory.name +
                           "(...)' with literal arguments in the file");
    const py::Expr *arg = !call                           ? nullptr
                          : call->unknownPos.count(i)     ? call->unknownPos.at(i)
                          : call->unknownKw.count(p.name) ? call->unknownKw.at(p.name)
                                                          : nullptr;
    if (arg) {
      diag_.note(arg->loc, "the call of '" + factory.name + "' passes here, for '" + p.name +
                               "', a value that is not a compile-time constant");
    } else if (call && call->unknownStar) { // f(M, **config)
      diag_.note(call->unknownStar->loc,
                 "the call of '" + factory.name + "' passes '" + call->unknownStar->op +
                     call->unknownStar->a->dottedName() +
                     "' here, which may hold it: its value is not a compile-time constant");
      arg = call->unknownStar->a.get();
    }
    if (arg && arg->kind == py::ExprKind::Name && call->origins.count(arg->name))
      diag_.note(call->origins.at(arg->name).first, call->origins.at(arg->name).second);
    if (aliasMiss_)
      diag_.note(aliasMiss_->first, aliasMiss_->second);
    else if (!call)
      diag_.note(factory.loc, "the file never calls '" + factory.name +
                                  "' (by this name, an alias, or .compile) where tt-llc can "
                                  "follow the call");
    if (eval_.gpuQuery)
      diag_.note(eval_.gpuQuery->first,
                 "the file's Python asks the GPU here ('" + eval_.gpuQuery->second +
                     "'), which tt-llc does not have (it compiles for Tenstorrent): values "
                     "that depend on it need -D");
    return false;
  }
  return searchCall();
}

std::optional<PyValue::Dict> FileFrontend::autotuneConfig(const py::Stmt &factory) {
  for (const py::ExprP &d : factory.decorators) {
    if (d->kind != py::ExprKind::Call)
      continue;
    std::string callee = d->a->dottedName();
    if (callee != "autotune" && !llvm::StringRef(callee).ends_with(".autotune"))
      continue;
    for (const py::Keyword &k : d->keywords) {
      if (k.name != "configs")
        continue;
      SuppressDiagnostics quiet(diag_);
      auto v = eval_.eval(*k.value, globals_);
      if (v && std::holds_alternative<PyValue::Function>(v->v)) // configs=get_configs
        v = eval_.callValue(*v, k.value->loc, {});
      if (!v)
        return std::nullopt;
      return firstConfig(*v);
    }
  }
  return std::nullopt;
}

std::optional<PyValue::Dict> FileFrontend::tunedClosureConfig(const std::string &factory) {
  py::Parser parser(toks_, diag_);
  for (size_t i = 1; i + 1 < toks_.size(); ++i) {
    if (!toks_[i].isName("from_kernel") || !toks_[i - 1].isOp(".") || !toks_[i + 1].isOp("("))
      continue;
    size_t start = i - 1; // the dotted name before `.from_kernel(`
    while (start > 0 && toks_[start - 1].kind == py::TokKind::Name) {
      --start;
      if (start == 0 || !toks_[start - 1].isOp("."))
        break;
      --start;
    }
    py::ExprP e;
    {
      SuppressDiagnostics quiet(diag_);
      parser.setPos(start);
      e = parser.parseExpression();
    }
    const py::Expr *call = e.get();
    while (call && !(call->kind == py::ExprKind::Call && call->a->kind == py::ExprKind::Attribute &&
                     call->a->name == "from_kernel"))
      call = call->kind == py::ExprKind::Call || call->kind == py::ExprKind::Attribute
                 ? call->a.get()
                 : nullptr;
    if (!call)
      continue;
    const py::Expr *kernel = nullptr, *configs = nullptr;
    for (const py::Keyword &k : call->keywords) {
      if (k.name == "kernel")
        kernel = k.value.get();
      else if (k.name == "configs")
        configs = k.value.get();
    }
    if (!kernel && !call->elts.empty())
      kernel = call->elts[0].get();
    if (!configs && call->elts.size() > 1)
      configs = call->elts[1].get();
    if (!kernel || !configs || kernel->kind != py::ExprKind::Call ||
        kernel->a->dottedName() != factory)
      continue;
    hostExprs_.push_back(std::move(e)); // (the statements run below may refer to it)
    // The configurations, after the host code before the call in the
    // function around it (its parameters at their defaults).
    PyScope scope;
    scope.parent = &globals_;
    std::map<std::string, Shape> shapes;
    if (const TopDef *outer = enclosingDef(i)) {
      if (const py::Stmt *header = outer->name.empty() ? nullptr : defHeader(*outer)) {
        std::map<std::string, PyValue> none;
        bindFromCall(*header, outer->name.find('.') != std::string::npos, std::nullopt, none, scope,
                     shapes);
      }
      runHostPrefix(*outer, i, scope, shapes);
    }
    SuppressDiagnostics quiet(diag_);
    auto v = eval_.eval(*configs, scope);
    if (v && std::holds_alternative<PyValue::Function>(v->v)) // configs=get_configs
      v = eval_.callValue(*v, configs->loc, {});
    if (v)
      if (auto first = firstConfig(*v))
        return first;
  }
  return std::nullopt;
}

std::optional<PyValue::Dict> firstConfig(const PyValue &v) {
  // A list of dicts: the first; a dict of lists: the first value of each.
  if (auto *list = std::get_if<PyValue::Tuple>(&v.v)) {
    if (!list->empty())
      if (auto *first = std::get_if<PyValue::Dict>(&list->front().v))
        return *first;
    return std::nullopt;
  }
  if (auto *dict = std::get_if<PyValue::Dict>(&v.v)) {
    PyValue::Dict first;
    for (size_t i = 0; i < dict->keys.size(); ++i) {
      auto *vals = std::get_if<PyValue::Tuple>(&dict->values[i].v);
      if (!vals || vals->empty())
        return std::nullopt;
      first.keys.push_back(dict->keys[i]);
      first.values.push_back(vals->front());
    }
    return first;
  }
  return std::nullopt;
}

} // namespace ttllc::frontend
