//===- python/PyIR.cpp - Tile IR <-> tt_llc.tir objects -------------------===//
//
// The node classes are python/tt_llc/tir.py's; this file builds them from
// ir/IR.h's nodes and back, field by field (see PyIR.h).
//
//===----------------------------------------------------------------------===//

#include "PyIR.h"

#include "ir/Intrinsics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/SourceMgr.h"

#include <pybind11/stl.h>

#include <array>
#include <cctype>

namespace pb = pybind11;
using namespace ttllc;

namespace {

constexpr std::array<const char *, 16> kBinaryNames = {
    "add", "sub", "mul", "div", "floordiv", "floormod", "min", "max",
    "eq",  "ne",  "lt",  "le",  "gt",       "ge",       "and", "or"};
constexpr std::array<const char *, 2> kUnaryNames = {"neg", "not"};
constexpr std::array<const char *, 3> kForKinds = {"serial", "pipelined", "parallel"};
constexpr std::array<Scope, 5> kScopes = {Scope::Global, Scope::Shared, Scope::Fragment,
                                          Scope::Local, Scope::CB};

std::string typeName(pb::handle h) { return pb::str(pb::type::handle_of(h).attr("__name__")); }

template <size_t N>
std::optional<size_t> indexOf(const std::array<const char *, N> &names, const std::string &s) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i])
      return i;
  return std::nullopt;
}

/// An int of 64 bits (a bool is an int to Python, and is taken as one).
int64_t integer(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (!pb::isinstance<pb::int_>(h))
    throw BadIR{loc, path + " is a " + typeName(h) + ", not an int"};
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow)
    throw BadIR{loc, path + " is " + std::string(pb::str(h)) + ", which does not fit 64 bits"};
  return v;
}

/// A float (an int is converted), finite or not.
double real(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (!pb::isinstance<pb::float_>(h) && !pb::isinstance<pb::int_>(h))
    throw BadIR{loc, path + " is a " + typeName(h) + ", not a float"};
  double v = PyFloat_AsDouble(h.ptr());
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw BadIR{loc, path + " is " + std::string(pb::str(h)) + ", too large for a float"};
  }
  return v;
}

pb::object attrToPython(const AttrValue &v);

} // namespace

pb::dict ttllc::attrsToPython(const AttrDict &d) {
  pb::dict out;
  for (const auto &[key, value] : d)
    out[pb::str(key)] = attrToPython(value);
  return out;
}

namespace {

pb::object attrToPython(const AttrValue &v) {
  switch (v.kind()) {
  case AttrValue::Kind::Bool:
    return pb::bool_(v.getBool());
  case AttrValue::Kind::Int:
    return pb::int_(v.getInt());
  case AttrValue::Kind::Float:
    return pb::float_(v.getFloat());
  case AttrValue::Kind::String:
    return pb::str(v.getString());
  case AttrValue::Kind::List: {
    pb::list l;
    for (const AttrValue &e : v.getList())
      l.append(attrToPython(e));
    return l;
  }
  case AttrValue::Kind::Dict:
    return attrsToPython(v.getDict());
  }
  return pb::none();
}

AttrValue attrFromPython(pb::handle h, const std::string &path, llvm::SMLoc loc);

AttrDict attrsFromPython(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (!pb::isinstance<pb::dict>(h))
    throw BadIR{loc, path + " is a " + typeName(h) + ", not a dict"};
  AttrDict out;
  for (auto [key, value] : pb::reinterpret_borrow<pb::dict>(h)) {
    if (!pb::isinstance<pb::str>(key))
      throw BadIR{loc, path + " has a key of type " + typeName(key) + " (keys are strings)"};
    std::string k = key.cast<std::string>();
    out.set(k, attrFromPython(value, path + "['" + k + "']", loc));
  }
  return out;
}

AttrValue attrFromPython(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (pb::isinstance<pb::bool_>(h))
    return AttrValue(h.cast<bool>());
  if (pb::isinstance<pb::int_>(h))
    return AttrValue(integer(h, path, loc));
  if (pb::isinstance<pb::float_>(h))
    return AttrValue(real(h, path, loc));
  if (pb::isinstance<pb::str>(h))
    return AttrValue(h.cast<std::string>());
  if (pb::isinstance<pb::list>(h) || pb::isinstance<pb::tuple>(h)) {
    AttrValue::List l;
    size_t i = 0;
    for (pb::handle e : h)
      l.push_back(attrFromPython(e, path + "[" + std::to_string(i++) + "]", loc));
    return AttrValue(std::move(l));
  }
  if (pb::isinstance<pb::dict>(h))
    return AttrValue(attrsFromPython(h, path, loc));
  throw BadIR{loc, path + " is a " + typeName(h) +
                       " (attribute values are bool, int, float, str, list or dict)"};
}

DType dtypeFrom(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (pb::isinstance<pb::str>(h))
    if (std::optional<DType> t = parseDType(h.cast<std::string>()))
      return *t;
  throw BadIR{loc, path + " is " + std::string(pb::repr(h)) + ", not a dtype"};
}

std::string str(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (!pb::isinstance<pb::str>(h))
    throw BadIR{loc, path + " is a " + typeName(h) + ", not a str"};
  return h.cast<std::string>();
}

/// The elements of a tuple or list field.
std::vector<pb::handle> elements(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  if (!pb::isinstance<pb::tuple>(h) && !pb::isinstance<pb::list>(h))
    throw BadIR{loc, path + " is a " + typeName(h) + ", not a tuple"};
  std::vector<pb::handle> out;
  for (pb::handle e : h)
    out.push_back(e);
  return out;
}

/// A name the text form can print and read back: a Python identifier.
std::string identifier(pb::handle h, const std::string &path, llvm::SMLoc loc) {
  std::string s = str(h, path, loc);
  bool ok = !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0]));
  for (char c : s)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok)
    throw BadIR{loc, path + " is '" + s + "', not an identifier"};
  return s;
}

std::string at(const std::string &path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

} // namespace

IRBridge::IRBridge(const llvm::SourceMgr *sm) : sm_(sm), tir_(pb::module_::import("tt_llc.tir")) {}

//===----------------------------------------------------------------------===//
// C++ -> Python
//===----------------------------------------------------------------------===//

pb::object IRBridge::loc(llvm::SMLoc l) {
  if (!l.isValid())
    return pb::none();
  return pb::int_(reinterpret_cast<uintptr_t>(l.getPointer()));
}

pb::object IRBridge::var(const Var &v) {
  if (auto it = vars_.find(v.get()); it != vars_.end())
    return it->second;
  pb::object o = tir_.attr("Var")(v->name, std::string(dtypeName(v->dtype)), loc(v->loc));
  exprBack_[o.ptr()] = v;
  made_.push_back(o);
  return vars_[v.get()] = o;
}

pb::object IRBridge::buffer(const Buffer &b) {
  if (auto it = buffers_.find(b.get()); it != buffers_.end())
    return it->second;
  pb::object o =
      tir_.attr("Buffer")(b->name, pb::tuple(pb::cast(b->shape)), std::string(dtypeName(b->dtype)),
                          std::string(scopeName(b->scope)), attrsToPython(b->attrs), loc(b->loc));
  bufferBack_[o.ptr()] = b;
  made_.push_back(o);
  return buffers_[b.get()] = o;
}

pb::object IRBridge::expr(const Expr &e) {
  std::string t(dtypeName(e->dtype));
  pb::object o;
  switch (e->kind) {
  case ExprKind::IntImm:
    o = tir_.attr("IntImm")(static_cast<const IntImmNode &>(*e).value, t, loc(e->loc));
    break;
  case ExprKind::FloatImm:
    o = tir_.attr("FloatImm")(static_cast<const FloatImmNode &>(*e).value, t, loc(e->loc));
    break;
  case ExprKind::StringImm:
    o = tir_.attr("StringImm")(static_cast<const StringImmNode &>(*e).value, loc(e->loc));
    break;
  case ExprKind::Var:
    return var(std::static_pointer_cast<const VarNode>(e));
  case ExprKind::Unary: {
    const auto &u = static_cast<const UnaryNode &>(*e);
    o = tir_.attr("Unary")(kUnaryNames[size_t(u.op)], expr(u.a), t, loc(e->loc));
    break;
  }
  case ExprKind::Binary: {
    const auto &b = static_cast<const BinaryNode &>(*e);
    o = tir_.attr("Binary")(kBinaryNames[size_t(b.op)], expr(b.a), expr(b.b), t, loc(e->loc));
    break;
  }
  case ExprKind::Select: {
    const auto &s = static_cast<const SelectNode &>(*e);
    o = tir_.attr("Select")(expr(s.cond), expr(s.t), expr(s.f), t, loc(e->loc));
    break;
  }
  case ExprKind::Cast:
    o = tir_.attr("Cast")(t, expr(static_cast<const CastNode &>(*e).value), loc(e->loc));
    break;
  case ExprKind::Load: {
    const auto &l = static_cast<const LoadNode &>(*e);
    pb::tuple idx(l.indices.size());
    for (size_t i = 0; i < l.indices.size(); ++i)
      idx[i] = expr(l.indices[i]);
    o = tir_.attr("Load")(buffer(l.buffer), idx, loc(e->loc));
    break;
  }
  case ExprKind::Call: {
    const auto &c = static_cast<const CallNode &>(*e);
    pb::tuple args(c.args.size());
    for (size_t i = 0; i < c.args.size(); ++i)
      args[i] = expr(c.args[i]);
    o = tir_.attr("Call")(c.name, args, t, loc(e->loc));
    break;
  }
  }
  exprBack_[o.ptr()] = e;
  made_.push_back(o);
  return o;
}

pb::object IRBridge::region(const Region &r) {
  pb::tuple starts(r.starts.size());
  for (size_t i = 0; i < r.starts.size(); ++i)
    starts[i] = expr(r.starts[i]);
  return tir_.attr("Region")(buffer(r.buffer), starts, pb::tuple(pb::cast(r.extents)), loc(r.loc));
}

pb::object IRBridge::stmt(const Stmt &s) {
  if (!s)
    return pb::none();
  pb::object o;
  pb::object l = loc(s->loc);
  switch (s->kind) {
  case StmtKind::Seq: {
    const auto &q = static_cast<const SeqNode &>(*s);
    pb::tuple body(q.stmts.size());
    for (size_t i = 0; i < q.stmts.size(); ++i)
      body[i] = stmt(q.stmts[i]);
    o = tir_.attr("Seq")(body, l);
    break;
  }
  case StmtKind::Kernel: {
    const auto &k = static_cast<const KernelNode &>(*s);
    pb::tuple grid(k.grid.size()), vars(k.vars.size());
    for (size_t i = 0; i < k.grid.size(); ++i)
      grid[i] = expr(k.grid[i]);
    for (size_t i = 0; i < k.vars.size(); ++i)
      vars[i] = var(k.vars[i]);
    o = tir_.attr("Kernel")(grid, vars, stmt(k.body), l);
    break;
  }
  case StmtKind::For: {
    const auto &f = static_cast<const ForNode &>(*s);
    o = tir_.attr("For")(var(f.var), expr(f.begin), expr(f.end), stmt(f.body),
                         kForKinds[size_t(f.forKind)], f.stages, l);
    break;
  }
  case StmtKind::Alloc:
    o = tir_.attr("Alloc")(buffer(static_cast<const AllocNode &>(*s).buffer), l);
    break;
  case StmtKind::Let: {
    const auto &x = static_cast<const LetNode &>(*s);
    o = tir_.attr("Let")(var(x.var), expr(x.value), l);
    break;
  }
  case StmtKind::If: {
    const auto &x = static_cast<const IfNode &>(*s);
    o = tir_.attr("If")(expr(x.cond), stmt(x.then), stmt(x.otherwise), l);
    break;
  }
  case StmtKind::Copy: {
    const auto &c = static_cast<const CopyNode &>(*s);
    o = tir_.attr("Copy")(region(c.src), region(c.dst), l);
    break;
  }
  case StmtKind::Gemm: {
    const auto &g = static_cast<const GemmNode &>(*s);
    o = tir_.attr("Gemm")(region(g.a), region(g.b), region(g.c), g.transA, g.transB, g.clearAccum,
                          l);
    break;
  }
  case StmtKind::Fill: {
    const auto &f = static_cast<const FillNode &>(*s);
    o = tir_.attr("Fill")(region(f.dst), expr(f.value), l);
    break;
  }
  case StmtKind::Store: {
    const auto &x = static_cast<const StoreNode &>(*s);
    pb::tuple idx(x.indices.size());
    for (size_t i = 0; i < x.indices.size(); ++i)
      idx[i] = expr(x.indices[i]);
    o = tir_.attr("Store")(buffer(x.buffer), idx, expr(x.value), l);
    break;
  }
  case StmtKind::Evaluate:
    o = tir_.attr("Evaluate")(expr(static_cast<const EvaluateNode &>(*s).value), l);
    break;
  }
  stmtBack_[o.ptr()] = s;
  made_.push_back(o);
  return o;
}

pb::object IRBridge::toPython(const PrimFunc &f) {
  pb::list params;
  for (const Param &p : f.params)
    params.append(std::holds_alternative<Buffer>(p) ? buffer(std::get<Buffer>(p))
                                                    : var(std::get<Var>(p)));
  return tir_.attr("PrimFunc")(f.name, params, stmt(f.body), attrsToPython(f.attrs), loc(f.loc));
}

pb::object IRBridge::toPython(const Module &m) {
  pb::dict funcs;
  for (const PrimFuncPtr &f : m.funcs) {
    funcs[pb::str(f->name)] = toPython(*f);
  }
  return tir_.attr("IRModule")(funcs);
}

//===----------------------------------------------------------------------===//
// Python -> C++
//===----------------------------------------------------------------------===//

llvm::SMLoc IRBridge::locOf(pb::handle h, llvm::SMLoc outer) {
  if (!pb::hasattr(h, "loc"))
    return outer;
  pb::object l = h.attr("loc");
  if (l.is_none() || !pb::isinstance<pb::int_>(l) || !sm_)
    return outer;
  llvm::SMLoc loc =
      llvm::SMLoc::getFromPointer(reinterpret_cast<const char *>(l.cast<uintptr_t>()));
  // A handle from another run (a node a pass kept) points nowhere known.
  return sm_->FindBufferContainingLoc(loc) ? loc : outer;
}

Var IRBridge::varFrom(pb::handle h, const std::string &path, llvm::SMLoc outer) {
  if (!pb::isinstance(h, tir_.attr("Var")))
    throw BadIR{outer, path + " is a " + typeName(h) + ", not a Var"};
  if (auto it = exprBack_.find(h.ptr()); it != exprBack_.end())
    return std::static_pointer_cast<const VarNode>(it->second);
  if (auto it = newVars_.find(h.ptr()); it != newVars_.end())
    return it->second;
  llvm::SMLoc l = locOf(h, outer);
  Var v = makeVar(identifier(h.attr("name"), path + ".name", l),
                  dtypeFrom(h.attr("dtype"), path + ".dtype", l), l);
  made_.push_back(pb::reinterpret_borrow<pb::object>(h));
  return newVars_[h.ptr()] = v;
}

Buffer IRBridge::bufferFrom(pb::handle h, const std::string &path, llvm::SMLoc outer) {
  if (!pb::isinstance(h, tir_.attr("Buffer")))
    throw BadIR{outer, path + " is a " + typeName(h) + ", not a Buffer"};
  if (auto it = bufferBack_.find(h.ptr()); it != bufferBack_.end())
    return it->second; // its fields are written back by syncBuffers
  if (auto it = newBuffers_.find(h.ptr()); it != newBuffers_.end())
    return it->second;
  llvm::SMLoc l = locOf(h, outer);
  std::vector<int64_t> shape;
  std::vector<pb::handle> dims = elements(h.attr("shape"), path + ".shape", l);
  for (size_t i = 0; i < dims.size(); ++i)
    shape.push_back(integer(dims[i], at(path + ".shape", i), l));
  std::string scopeText = str(h.attr("scope"), path + ".scope", l);
  auto scope = llvm::find_if(kScopes, [&](Scope s) { return scopeName(s) == scopeText; });
  if (scope == kScopes.end())
    throw BadIR{l, path + ".scope is '" + scopeText + "', not a scope"};
  Buffer b = makeBuffer(identifier(h.attr("name"), path + ".name", l), std::move(shape),
                        dtypeFrom(h.attr("dtype"), path + ".dtype", l), *scope, l);
  b->attrs = attrsFromPython(h.attr("attrs"), path + ".attrs", l);
  made_.push_back(pb::reinterpret_borrow<pb::object>(h));
  return newBuffers_[h.ptr()] = b;
}

void IRBridge::syncBuffers() {
  // Checked first, then written: a bad field leaves every buffer as it was.
  struct Update {
    Buffer buffer;
    std::string name;
    AttrDict attrs;
  };
  std::vector<Update> updates;
  for (auto &[py, b] : bufferBack_) {
    pb::handle h(py);
    std::string path = "buffer '" + b->name + "'";
    // Shape, dtype and scope of a buffer in use are not changed in place:
    // a pass that needs another shape builds a new Buffer.
    if (std::string(pb::str(h.attr("dtype"))) != dtypeName(b->dtype) ||
        std::string(pb::str(h.attr("scope"))) != scopeName(b->scope))
      throw BadIR{b->loc, path + ": dtype and scope of an existing buffer cannot change (build a "
                                 "new Buffer)"};
    std::vector<pb::handle> dims = elements(h.attr("shape"), path + ".shape", b->loc);
    bool same = dims.size() == b->shape.size();
    for (size_t i = 0; same && i < dims.size(); ++i)
      same = integer(dims[i], path + ".shape", b->loc) == b->shape[i];
    if (!same)
      throw BadIR{b->loc, path + ": the shape of an existing buffer cannot change (build a new "
                                 "Buffer)"};
    updates.push_back({b, identifier(h.attr("name"), path + ".name", b->loc),
                       attrsFromPython(h.attr("attrs"), path + ".attrs", b->loc)});
  }
  for (Update &u : updates) {
    u.buffer->name = std::move(u.name);
    u.buffer->attrs = std::move(u.attrs);
  }
}

Expr IRBridge::exprFrom(pb::handle h, const std::string &path, llvm::SMLoc outer) {
  if (auto it = exprBack_.find(h.ptr()); it != exprBack_.end())
    return it->second;
  auto is = [&](const char *cls) { return pb::isinstance(h, tir_.attr(cls)); };
  if (!is("Expr"))
    throw BadIR{outer, path + " is a " + typeName(h) + ", not an expression"};
  llvm::SMLoc l = locOf(h, outer);
  std::string kind = typeName(h);
  auto sub = [&](const char *field) { return exprFrom(h.attr(field), path + "." + field, l); };
  auto subs = [&](const char *field) {
    std::vector<Expr> out;
    std::vector<pb::handle> es = elements(h.attr(field), path + "." + field, l);
    for (size_t i = 0; i < es.size(); ++i)
      out.push_back(exprFrom(es[i], at(path + "." + field, i), l));
    return out;
  };
  auto dtype = [&] { return dtypeFrom(h.attr("dtype"), path + ".dtype", l); };
  if (is("Var"))
    return varFrom(h, path, outer);
  if (is("IntImm"))
    return std::make_shared<const IntImmNode>(integer(h.attr("value"), path + ".value", l), dtype(),
                                              l);
  if (is("FloatImm"))
    return std::make_shared<const FloatImmNode>(real(h.attr("value"), path + ".value", l), dtype(),
                                                l);
  if (is("StringImm"))
    return std::make_shared<const StringImmNode>(str(h.attr("value"), path + ".value", l), l);
  if (is("Unary")) {
    auto op = indexOf(kUnaryNames, str(h.attr("op"), path + ".op", l));
    if (!op)
      throw BadIR{l, path + ".op is not one of neg, not"};
    return std::make_shared<const UnaryNode>(UnaryOp(*op), sub("a"), dtype(), l);
  }
  if (is("Binary")) {
    std::string name = str(h.attr("op"), path + ".op", l);
    auto op = indexOf(kBinaryNames, name);
    if (!op)
      throw BadIR{l, path + ".op '" + name + "' is not a binary operator"};
    return std::make_shared<const BinaryNode>(BinaryOp(*op), sub("a"), sub("b"), dtype(), l);
  }
  if (is("Select"))
    return std::make_shared<const SelectNode>(sub("cond"), sub("t"), sub("f"), dtype(), l);
  if (is("Cast"))
    return std::make_shared<const CastNode>(dtype(), sub("value"), l);
  if (is("Load"))
    return std::make_shared<const LoadNode>(bufferFrom(h.attr("buffer"), path + ".buffer", l),
                                            subs("indices"), l);
  if (is("Call")) {
    // Only the intrinsics of the table (the parser and the backends know no
    // other); the result type is the table's.
    std::string name = str(h.attr("name"), path + ".name", l);
    const IntrinsicInfo *info = lookupIntrinsic(name);
    if (!info)
      throw BadIR{l, path + " calls '" + name + "', which is not an intrinsic (ir/Intrinsics.cpp)"};
    std::vector<Expr> args = subs("args");
    if (args.size() != size_t(info->arity))
      throw BadIR{l, path + ": " + name + " takes " + std::to_string(info->arity) +
                         " arguments, not " + std::to_string(args.size())};
    DType t = intrinsicResultType(*info, args);
    return std::make_shared<const CallNode>(std::move(name), std::move(args), t, l);
  }
  throw BadIR{l, path + " is a " + kind + ", an expression tt-llc does not know"};
}

Region IRBridge::regionFrom(pb::handle h, const std::string &path, llvm::SMLoc outer) {
  if (!pb::isinstance(h, tir_.attr("Region")))
    throw BadIR{outer, path + " is a " + typeName(h) + ", not a Region"};
  Region r;
  r.loc = locOf(h, outer);
  r.buffer = bufferFrom(h.attr("buffer"), path + ".buffer", r.loc);
  std::vector<pb::handle> starts = elements(h.attr("starts"), path + ".starts", r.loc);
  for (size_t i = 0; i < starts.size(); ++i)
    r.starts.push_back(exprFrom(starts[i], at(path + ".starts", i), r.loc));
  std::vector<pb::handle> extents = elements(h.attr("extents"), path + ".extents", r.loc);
  for (size_t i = 0; i < extents.size(); ++i)
    r.extents.push_back(integer(extents[i], at(path + ".extents", i), r.loc));
  return r;
}

Stmt IRBridge::stmtFrom(pb::handle h, const std::string &path, llvm::SMLoc outer) {
  if (auto it = stmtBack_.find(h.ptr()); it != stmtBack_.end())
    return it->second;
  auto is = [&](const char *cls) { return pb::isinstance(h, tir_.attr(cls)); };
  if (!is("Stmt"))
    throw BadIR{outer, path + " is a " + typeName(h) + ", not a statement"};
  llvm::SMLoc l = locOf(h, outer);
  auto e = [&](const char *field) { return exprFrom(h.attr(field), path + "." + field, l); };
  auto s = [&](const char *field) { return stmtFrom(h.attr(field), path + "." + field, l); };
  auto r = [&](const char *field) { return regionFrom(h.attr(field), path + "." + field, l); };
  auto flag = [&](const char *field) {
    pb::object v = h.attr(field);
    if (!pb::isinstance<pb::bool_>(v))
      throw BadIR{l, path + "." + field + " is a " + typeName(v) + ", not a bool"};
    return v.cast<bool>();
  };
  if (is("Seq")) {
    std::vector<Stmt> body;
    std::vector<pb::handle> ss = elements(h.attr("stmts"), path + ".stmts", l);
    for (size_t i = 0; i < ss.size(); ++i)
      body.push_back(stmtFrom(ss[i], at(path + ".stmts", i), l));
    return std::make_shared<const SeqNode>(std::move(body), l);
  }
  if (is("Kernel")) {
    std::vector<Expr> grid;
    std::vector<Var> vars;
    std::vector<pb::handle> gs = elements(h.attr("grid"), path + ".grid", l);
    for (size_t i = 0; i < gs.size(); ++i)
      grid.push_back(exprFrom(gs[i], at(path + ".grid", i), l));
    std::vector<pb::handle> vs = elements(h.attr("vars"), path + ".vars", l);
    for (size_t i = 0; i < vs.size(); ++i)
      vars.push_back(varFrom(vs[i], at(path + ".vars", i), l));
    return std::make_shared<const KernelNode>(std::move(grid), std::move(vars), s("body"), l);
  }
  if (is("For")) {
    std::string kind = str(h.attr("kind"), path + ".kind", l);
    auto k = indexOf(kForKinds, kind);
    if (!k)
      throw BadIR{l, path + ".kind '" + kind + "' is not serial, pipelined or parallel"};
    return std::make_shared<const ForNode>(
        varFrom(h.attr("var"), path + ".var", l), e("begin"), e("end"), ForKind(*k),
        integer(h.attr("stages"), path + ".stages", l), s("body"), l);
  }
  if (is("Alloc"))
    return std::make_shared<const AllocNode>(bufferFrom(h.attr("buffer"), path + ".buffer", l), l);
  if (is("Let"))
    return std::make_shared<const LetNode>(varFrom(h.attr("var"), path + ".var", l), e("value"), l);
  if (is("If"))
    return std::make_shared<const IfNode>(
        e("cond"), s("then"), h.attr("otherwise").is_none() ? nullptr : s("otherwise"), l);
  if (is("Copy"))
    return std::make_shared<const CopyNode>(r("src"), r("dst"), l);
  if (is("Gemm"))
    return std::make_shared<const GemmNode>(r("a"), r("b"), r("c"), flag("trans_a"),
                                            flag("trans_b"), flag("clear_accum"), l);
  if (is("Fill"))
    return std::make_shared<const FillNode>(r("dst"), e("value"), l);
  if (is("Store")) {
    std::vector<Expr> idx;
    std::vector<pb::handle> is_ = elements(h.attr("indices"), path + ".indices", l);
    for (size_t i = 0; i < is_.size(); ++i)
      idx.push_back(exprFrom(is_[i], at(path + ".indices", i), l));
    return std::make_shared<const StoreNode>(bufferFrom(h.attr("buffer"), path + ".buffer", l),
                                             std::move(idx), e("value"), l);
  }
  if (is("Evaluate"))
    return std::make_shared<const EvaluateNode>(e("value"), l);
  throw BadIR{l, path + " is a " + typeName(h) + ", a statement tt-llc does not know"};
}

PrimFuncPtr IRBridge::funcFromPython(pb::handle h, const std::string &path) {
  if (!pb::isinstance(h, tir_.attr("PrimFunc")))
    throw BadIR{{}, path + " is a " + typeName(h) + ", not a tt_llc.tir.PrimFunc"};
  llvm::SMLoc l = locOf(h, {});
  auto f = std::make_shared<PrimFunc>();
  f->loc = l;
  f->name = identifier(h.attr("name"), path + ".name", l);
  std::string where = "function '" + f->name + "'";
  std::vector<pb::handle> params = elements(h.attr("params"), where + ".params", l);
  for (size_t i = 0; i < params.size(); ++i) {
    if (pb::isinstance(params[i], tir_.attr("Var")))
      f->params.push_back(varFrom(params[i], at(where + ".params", i), l));
    else
      f->params.push_back(bufferFrom(params[i], at(where + ".params", i), l));
  }
  f->attrs = attrsFromPython(h.attr("attrs"), where + ".attrs", l);
  f->body = stmtFrom(h.attr("body"), where + ".body", l);
  return f;
}

Module IRBridge::moduleFromPython(pb::handle h, const Module *before) {
  llvm::SMLoc first = before && !before->funcs.empty() ? before->funcs[0]->loc : llvm::SMLoc();
  if (!pb::isinstance(h, tir_.attr("IRModule")))
    throw BadIR{first, "the result is a " + typeName(h) + ", not a tt_llc.tir.IRModule"};
  Module m;
  for (auto [name, func] : pb::dict(h.attr("functions"))) {
    std::string n = pb::str(name);
    PrimFuncPtr old = before ? before->lookup(n) : nullptr;
    try {
      m.funcs.push_back(funcFromPython(func, "function '" + n + "'"));
    } catch (BadIR &e) {
      if (!e.loc.isValid())
        e.loc = old ? old->loc : first;
      throw;
    }
  }
  if (m.funcs.empty())
    throw BadIR{first, "the result has no functions"};
  syncBuffers();
  return m;
}
