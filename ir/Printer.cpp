//===- ir/Printer.cpp - Tile IR text form writer --------------------------===//

#include "ir/Printer.h"

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

using namespace ttllc;
using llvm::dyn_cast;

namespace {

bool isReservedName(const std::string &n) {
  static const std::set<std::string> reserved = {
      "T",        "tt",       "and",    "as",    "assert", "async",  "await",  "break",
      "class",    "continue", "def",    "del",   "elif",   "else",   "except", "finally",
      "for",      "from",     "global", "if",    "import", "in",     "is",     "lambda",
      "nonlocal", "not",      "or",     "pass",  "raise",  "return", "try",    "while",
      "with",     "yield",    "True",   "False", "None",   "range",  "float",  "tilelang"};
  return reserved.count(n) != 0;
}

/// Assigns each var and buffer of a function a unique printable name.
class Namer {
public:
  const std::string &name(const void *obj, const std::string &wanted) {
    auto it = names_.find(obj);
    if (it != names_.end())
      return it->second;
    std::string base = wanted.empty() ? "v" : wanted;
    std::string n = base;
    for (int i = 1; used_.count(n) || isReservedName(n); ++i)
      n = base + "_" + std::to_string(i);
    used_.insert(n);
    return names_.emplace(obj, n).first->second;
  }

private:
  std::map<const void *, std::string> names_;
  std::set<std::string> used_;
};

/// Defines names in definition order so printing is stable.
class DefinitionCollector : public IRVisitor {
public:
  explicit DefinitionCollector(Namer &n) : namer_(n) {}

protected:
  void visitKernel(const KernelNode *s) override {
    for (const Var &v : s->vars)
      namer_.name(v.get(), v->name);
    IRVisitor::visitKernel(s);
  }
  void visitFor(const ForNode *s) override {
    namer_.name(s->var.get(), s->var->name);
    IRVisitor::visitFor(s);
  }
  void visitAlloc(const AllocNode *s) override { namer_.name(s->buffer.get(), s->buffer->name); }
  void visitLet(const LetNode *s) override {
    IRVisitor::visitLet(s);
    namer_.name(s->var.get(), s->var->name);
  }

private:
  Namer &namer_;
};

// Python operator precedence, low to high.
enum Prec { kOr = 1, kAnd, kNot, kCmp, kAdd = 6, kMul, kUnary, kPrimary = 10 };

std::string formatFloat(double v) {
  if (std::isnan(v))
    return "float(\"nan\")";
  if (std::isinf(v))
    return v > 0 ? "float(\"inf\")" : "-float(\"inf\")";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".en") == std::string::npos)
    s += ".0";
  return s;
}

std::string quote(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char b[8];
        snprintf(b, sizeof b, "\\x%02x", static_cast<unsigned char>(c));
        out += b;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

class Printer {
public:
  Printer(llvm::raw_ostream &os, Namer *namer) : os_(os), namer_(namer) {}

  void printFunc(const PrimFunc &f);
  void printExpr(const Expr &e, int ctx = 0);

private:
  llvm::raw_ostream &os_;
  Namer *namer_; // null: print stored names
  int indent_ = 0;

  std::string nameOf(const void *obj, const std::string &n) {
    return namer_ ? namer_->name(obj, n) : n;
  }
  std::string bufName(const Buffer &b) { return nameOf(b.get(), b->name); }
  std::string varName(const Var &v) { return nameOf(v.get(), v->name); }

  llvm::raw_ostream &line() { return os_.indent(indent_ * 4); }
  void printStmt(const Stmt &s);
  void printBody(const Stmt &s);
  void printRegion(const Region &r);
  void printAttr(const AttrValue &v);
  void printDict(const AttrDict &d);
  /// T.func_attr / T.buffer_attr argument: one key per line when there are
  /// several.
  void printAttrBlock(const AttrDict &d);
  void printShape(const std::vector<int64_t> &shape);
  void printExprList(const std::vector<Expr> &es);
  int precOf(const Expr &e) const;
};

int Printer::precOf(const Expr &e) const {
  switch (e->kind) {
  case ExprKind::IntImm:
    return static_cast<const IntImmNode &>(*e).value < 0 ? kUnary : kPrimary;
  case ExprKind::FloatImm:
    return static_cast<const FloatImmNode &>(*e).value < 0 ? kUnary : kPrimary;
  case ExprKind::Unary:
    return static_cast<const UnaryNode &>(*e).op == UnaryOp::Neg ? kUnary : kNot;
  case ExprKind::Binary:
    switch (static_cast<const BinaryNode &>(*e).op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
      return kAdd;
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::FloorDiv:
    case BinaryOp::FloorMod:
      return kMul;
    case BinaryOp::And:
      return kAnd;
    case BinaryOp::Or:
      return kOr;
    case BinaryOp::Min:
    case BinaryOp::Max:
      return kPrimary;
    default:
      return kCmp;
    }
  default:
    return kPrimary;
  }
}

void Printer::printExprList(const std::vector<Expr> &es) {
  for (size_t i = 0; i < es.size(); ++i) {
    if (i)
      os_ << ", ";
    printExpr(es[i]);
  }
}

void Printer::printExpr(const Expr &e, int ctx) {
  int prec = precOf(e);
  bool paren = prec < ctx;
  if (paren)
    os_ << "(";
  switch (e->kind) {
  case ExprKind::IntImm: {
    int64_t v = static_cast<const IntImmNode &>(*e).value;
    if (e->dtype == DType::Bool)
      os_ << (v ? "True" : "False");
    else if (e->dtype == DType::Int32)
      os_ << v;
    else
      os_ << "T." << dtypeName(e->dtype) << "(" << v << ")";
    break;
  }
  case ExprKind::FloatImm: {
    std::string s = formatFloat(static_cast<const FloatImmNode &>(*e).value);
    if (e->dtype == DType::Float32)
      os_ << s;
    else
      os_ << "T." << dtypeName(e->dtype) << "(" << s << ")";
    break;
  }
  case ExprKind::StringImm:
    os_ << quote(static_cast<const StringImmNode &>(*e).value);
    break;
  case ExprKind::Var: {
    auto &v = static_cast<const VarNode &>(*e);
    os_ << nameOf(&v, v.name);
    break;
  }
  case ExprKind::Unary: {
    auto &u = static_cast<const UnaryNode &>(*e);
    os_ << (u.op == UnaryOp::Neg ? "-" : "not ");
    printExpr(u.a, u.op == UnaryOp::Neg ? kUnary : kNot);
    break;
  }
  case ExprKind::Binary: {
    auto &b = static_cast<const BinaryNode &>(*e);
    if (b.op == BinaryOp::Min || b.op == BinaryOp::Max) {
      os_ << (b.op == BinaryOp::Min ? "T.min(" : "T.max(");
      printExpr(b.a);
      os_ << ", ";
      printExpr(b.b);
      os_ << ")";
      break;
    }
    static const char *ops[] = {" + ",  " - ",  " * ", " / ",  " // ", " % ",  "",      "",
                                " == ", " != ", " < ", " <= ", " > ",  " >= ", " and ", " or "};
    // Left-associative: the right operand needs parentheses at equal
    // precedence; comparisons never chain.
    printExpr(b.a, prec == kCmp ? prec + 1 : prec);
    os_ << ops[static_cast<int>(b.op)];
    printExpr(b.b, prec + 1);
    break;
  }
  case ExprKind::Select: {
    auto &s = static_cast<const SelectNode &>(*e);
    os_ << "T.if_then_else(";
    printExprList({s.cond, s.t, s.f});
    os_ << ")";
    break;
  }
  case ExprKind::Cast: {
    auto &c = static_cast<const CastNode &>(*e);
    os_ << "T.Cast(\"" << dtypeName(c.dtype) << "\", ";
    printExpr(c.value);
    os_ << ")";
    break;
  }
  case ExprKind::Load: {
    auto &l = static_cast<const LoadNode &>(*e);
    os_ << bufName(l.buffer) << "[";
    printExprList(l.indices);
    os_ << "]";
    break;
  }
  case ExprKind::Call: {
    auto &c = static_cast<const CallNode &>(*e);
    os_ << (c.name.find('.') == std::string::npos ? "T." : "") << c.name << "(";
    printExprList(c.args);
    os_ << ")";
    break;
  }
  }
  if (paren)
    os_ << ")";
}

void Printer::printAttr(const AttrValue &v) {
  switch (v.kind()) {
  case AttrValue::Kind::Bool:
    os_ << (v.getBool() ? "True" : "False");
    break;
  case AttrValue::Kind::Int:
    os_ << v.getInt();
    break;
  case AttrValue::Kind::Float:
    os_ << formatFloat(v.getFloat());
    break;
  case AttrValue::Kind::String:
    os_ << quote(v.getString());
    break;
  case AttrValue::Kind::List: {
    os_ << "[";
    const auto &l = v.getList();
    for (size_t i = 0; i < l.size(); ++i) {
      if (i)
        os_ << ", ";
      printAttr(l[i]);
    }
    os_ << "]";
    break;
  }
  case AttrValue::Kind::Dict:
    printDict(v.getDict());
    break;
  }
}

void Printer::printDict(const AttrDict &d) {
  os_ << "{";
  bool first = true;
  for (const auto &[k, v] : d) {
    if (!first)
      os_ << ", ";
    first = false;
    os_ << quote(k) << ": ";
    printAttr(v);
  }
  os_ << "}";
}

void Printer::printAttrBlock(const AttrDict &d) {
  if (d.size() <= 1) {
    printDict(d);
    return;
  }
  os_ << "{\n";
  for (const auto &[k, v] : d) {
    os_.indent((indent_ + 1) * 4) << quote(k) << ": ";
    printAttr(v);
    os_ << ",\n";
  }
  os_.indent(indent_ * 4) << "}";
}

void Printer::printShape(const std::vector<int64_t> &shape) {
  os_ << "(";
  for (size_t i = 0; i < shape.size(); ++i)
    os_ << (i ? ", " : "") << shape[i];
  if (shape.size() == 1)
    os_ << ",";
  os_ << ")";
}

void Printer::printRegion(const Region &r) {
  os_ << bufName(r.buffer);
  if (r.isFull())
    return;
  os_ << "[";
  for (size_t i = 0; i < r.starts.size(); ++i) {
    if (i)
      os_ << ", ";
    printExpr(r.starts[i], kAdd);
    os_ << ":";
    printExpr(add(r.starts[i], intImm(r.extents[i])), kAdd);
  }
  os_ << "]";
}

void Printer::printBody(const Stmt &s) {
  ++indent_;
  if (!s || (s->kind == StmtKind::Seq && static_cast<const SeqNode &>(*s).stmts.empty()))
    line() << "pass\n";
  else
    printStmt(s);
  --indent_;
}

void Printer::printStmt(const Stmt &s) {
  switch (s->kind) {
  case StmtKind::Seq:
    for (const Stmt &x : static_cast<const SeqNode &>(*s).stmts)
      printStmt(x);
    return;
  case StmtKind::Kernel: {
    auto &k = static_cast<const KernelNode &>(*s);
    line() << "with T.Kernel(";
    printExprList(k.grid);
    os_ << ") as ";
    if (k.vars.size() == 1) {
      os_ << varName(k.vars[0]);
    } else {
      os_ << "(";
      for (size_t i = 0; i < k.vars.size(); ++i)
        os_ << (i ? ", " : "") << varName(k.vars[i]);
      os_ << ")";
    }
    os_ << ":\n";
    printBody(k.body);
    return;
  }
  case StmtKind::For: {
    auto &f = static_cast<const ForNode &>(*s);
    static const char *kinds[] = {"T.serial(", "T.Pipelined(", "T.Parallel("};
    line() << "for " << varName(f.var) << " in " << kinds[static_cast<int>(f.forKind)];
    if (!isConstZero(f.begin) || f.begin->dtype != DType::Int32) {
      printExpr(f.begin);
      os_ << ", ";
    }
    printExpr(f.end);
    if (f.forKind == ForKind::Pipelined && f.stages != 0)
      os_ << ", num_stages=" << f.stages;
    os_ << "):\n";
    printBody(f.body);
    return;
  }
  case StmtKind::Alloc: {
    const Buffer &b = static_cast<const AllocNode &>(*s).buffer;
    static const char *allocs[] = {"T.alloc_global(", "T.alloc_shared(", "T.alloc_fragment(",
                                   "T.alloc_local(", "T.alloc_cb("};
    line() << bufName(b) << " = " << allocs[static_cast<int>(b->scope)];
    printShape(b->shape);
    os_ << ", \"" << dtypeName(b->dtype) << "\")\n";
    if (!b->attrs.empty()) {
      line() << "T.buffer_attr(" << bufName(b) << ", ";
      printAttrBlock(b->attrs);
      os_ << ")\n";
    }
    return;
  }
  case StmtKind::Let: {
    auto &l = static_cast<const LetNode &>(*s);
    line() << varName(l.var) << ": T." << dtypeName(l.var->dtype) << " = ";
    printExpr(l.value);
    os_ << "\n";
    return;
  }
  case StmtKind::If: {
    auto &i = static_cast<const IfNode &>(*s);
    line() << "if ";
    printExpr(i.cond);
    os_ << ":\n";
    printBody(i.then);
    if (i.otherwise) {
      line() << "else:\n";
      printBody(i.otherwise);
    }
    return;
  }
  case StmtKind::Copy: {
    auto &c = static_cast<const CopyNode &>(*s);
    line() << "T.copy(";
    printRegion(c.src);
    os_ << ", ";
    printRegion(c.dst);
    os_ << ")\n";
    return;
  }
  case StmtKind::Gemm: {
    auto &g = static_cast<const GemmNode &>(*s);
    line() << "T.gemm(";
    printRegion(g.a);
    os_ << ", ";
    printRegion(g.b);
    os_ << ", ";
    printRegion(g.c);
    if (g.transA)
      os_ << ", transpose_A=True";
    if (g.transB)
      os_ << ", transpose_B=True";
    if (g.clearAccum)
      os_ << ", clear_accum=True";
    os_ << ")\n";
    return;
  }
  case StmtKind::Fill: {
    auto &f = static_cast<const FillNode &>(*s);
    bool clear =
        f.value->kind == ExprKind::IntImm && f.value->dtype == DType::Int32 && isConstZero(f.value);
    line() << (clear ? "T.clear(" : "T.fill(");
    printRegion(f.dst);
    if (!clear) {
      os_ << ", ";
      printExpr(f.value);
    }
    os_ << ")\n";
    return;
  }
  case StmtKind::Store: {
    auto &st = static_cast<const StoreNode &>(*s);
    line() << bufName(st.buffer) << "[";
    printExprList(st.indices);
    os_ << "] = ";
    printExpr(st.value);
    os_ << "\n";
    return;
  }
  case StmtKind::Evaluate:
    line();
    printExpr(static_cast<const EvaluateNode &>(*s).value);
    os_ << "\n";
    return;
  }
}

void Printer::printFunc(const PrimFunc &f) {
  // Parameters first, then every definition in the body, in order.
  for (const Param &p : f.params) {
    if (auto *b = std::get_if<Buffer>(&p))
      bufName(*b);
    else
      varName(std::get<Var>(p));
  }
  if (namer_)
    DefinitionCollector(*namer_).visit(f.body);

  os_ << "@T.prim_func\ndef " << f.name << "(";
  if (!f.params.empty())
    os_ << "\n";
  for (const Param &p : f.params) {
    os_ << "    ";
    if (auto *b = std::get_if<Buffer>(&p)) {
      os_ << bufName(*b) << ": T.Tensor(";
      printShape((*b)->shape);
      os_ << ", \"" << dtypeName((*b)->dtype) << "\")";
    } else {
      const Var &v = std::get<Var>(p);
      os_ << varName(v) << ": T." << dtypeName(v->dtype);
    }
    os_ << ",\n";
  }
  os_ << "):\n";
  indent_ = 1;
  if (!f.attrs.empty()) {
    line() << "T.func_attr(";
    printAttrBlock(f.attrs);
    os_ << ")\n";
  }
  for (const Buffer &b : f.bufferParams()) {
    if (b->attrs.empty())
      continue;
    line() << "T.buffer_attr(" << bufName(b) << ", ";
    printAttrBlock(b->attrs);
    os_ << ")\n";
  }
  bool emptyBody = !f.body || (f.body->kind == StmtKind::Seq &&
                               static_cast<const SeqNode &>(*f.body).stmts.empty());
  if (emptyBody)
    line() << "pass\n";
  else
    printStmt(f.body);
  indent_ = 0;
}

} // namespace

void ttllc::printModule(const Module &m, llvm::raw_ostream &os) {
  os << kTileIRHeader << "\nimport tilelang.language as T\n";
  for (const PrimFuncPtr &f : m.funcs) {
    os << "\n\n";
    Namer namer;
    Printer(os, &namer).printFunc(*f);
  }
}

std::string ttllc::toString(const Module &m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  printModule(m, os);
  return s;
}

std::string ttllc::toString(const Expr &e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  Printer(os, nullptr).printExpr(e);
  return s;
}
