//===- ir/Verifier.cpp - well-formedness of Tile IR -----------------------===//

#include "ir/Verifier.h"

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Printer.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"

#include <set>

using namespace ttllc;
using llvm::SMLoc;

namespace {

std::string shapeStr(const std::vector<int64_t> &s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i)
    out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

class Verifier : public IRVisitor {
public:
  Verifier(const PrimFunc &f, Diagnostics &d) : func_(f), diag_(d) {}

  bool run() {
    scopes_.emplace_back();
    for (const Param &p : func_.params) {
      if (auto *b = std::get_if<Buffer>(&p)) {
        if ((*b)->scope != Scope::Global)
          fail((*b)->loc, "parameter buffer '" + (*b)->name + "' must have global scope, not " +
                              std::string(scopeName((*b)->scope)));
        defineBuffer(*b, (*b)->loc);
      } else {
        defineVar(std::get<Var>(p), std::get<Var>(p)->loc);
      }
    }
    if (!func_.body)
      fail(func_.loc, "function '" + func_.name + "' has no body");
    else
      visit(func_.body);
    return ok_;
  }

private:
  struct BlockScope {
    std::set<const void *> names;
  };
  const PrimFunc &func_;
  Diagnostics &diag_;
  bool ok_ = true;
  std::vector<BlockScope> scopes_;
  std::set<const void *> everDefined_;
  int kernelDepth_ = 0;
  int controlDepth_ = 0; // loops and ifs around the current statement
  SMLoc stmtLoc_;

  void fail(SMLoc loc, const std::string &msg) {
    ok_ = false;
    diag_.error(loc.isValid() ? loc : stmtLoc_, msg);
  }
  bool inScope(const void *p) const {
    for (const BlockScope &s : scopes_)
      if (s.names.count(p))
        return true;
    return false;
  }
  void defineVar(const Var &v, SMLoc loc) {
    if (!everDefined_.insert(v.get()).second)
      fail(loc, "variable '" + v->name + "' is defined more than once");
    scopes_.back().names.insert(v.get());
  }
  void defineBuffer(const Buffer &b, SMLoc loc) {
    if (!everDefined_.insert(b.get()).second)
      fail(loc, "buffer '" + b->name + "' is defined more than once");
    for (int64_t d : b->shape)
      if (d <= 0)
        fail(loc, "buffer '" + b->name + "' has a non-positive dimension in shape " +
                      shapeStr(b->shape));
    scopes_.back().names.insert(b.get());
  }
  void useBuffer(const Buffer &b, SMLoc loc) {
    if (!inScope(b.get()))
      fail(loc, "buffer '" + b->name + "' is used outside the scope where it is defined");
  }
  void scoped(const Stmt &body) {
    scopes_.emplace_back();
    visit(body);
    scopes_.pop_back();
  }

  void checkIndices(const Buffer &b, const std::vector<Expr> &idx, SMLoc loc) {
    useBuffer(b, loc);
    if (idx.size() != b->shape.size())
      fail(loc, "buffer '" + b->name + "' has " + std::to_string(b->shape.size()) +
                    " dimensions but is indexed with " + std::to_string(idx.size()));
    for (const Expr &i : idx) {
      if (!isInteger(i->dtype))
        fail(loc, "index '" + toString(i) + "' of buffer '" + b->name + "' is not an integer");
      visit(i);
    }
  }

  void checkRegion(const Region &r, SMLoc loc) {
    SMLoc at = r.loc.isValid() ? r.loc : loc;
    useBuffer(r.buffer, at);
    const auto &shape = r.buffer->shape;
    if (r.starts.size() != shape.size() || r.extents.size() != shape.size()) {
      fail(at, "region of buffer '" + r.buffer->name + "' has " + std::to_string(r.starts.size()) +
                   " dimensions, the buffer has " + std::to_string(shape.size()));
      return;
    }
    for (size_t d = 0; d < shape.size(); ++d) {
      visit(r.starts[d]);
      if (r.extents[d] <= 0)
        fail(at, "region of buffer '" + r.buffer->name + "' has non-positive extent " +
                     std::to_string(r.extents[d]) + " in dimension " + std::to_string(d));
      // Global regions may hang over the edge (masked copies of edge blocks);
      // on-chip buffers must contain the region.
      auto s = asConstInt(r.starts[d]);
      if (r.buffer->scope != Scope::Global && s && (*s < 0 || *s + r.extents[d] > shape[d]))
        fail(at, "region [" + std::to_string(*s) + ":" + std::to_string(*s + r.extents[d]) +
                     "] is outside dimension " + std::to_string(d) + " of buffer '" +
                     r.buffer->name + "' (size " + std::to_string(shape[d]) + ")");
    }
  }

  void visitSeq(const SeqNode *s) override {
    for (const Stmt &x : s->stmts) {
      stmtLoc_ = x->loc;
      visit(x);
    }
  }

  void visitKernel(const KernelNode *s) override {
    if (kernelDepth_ > 0)
      fail(s->loc, "T.Kernel cannot be nested in another T.Kernel");
    else if (controlDepth_ > 0)
      fail(s->loc, "T.Kernel must be at the top level of the function, not inside a loop or "
                   "an if");
    if (s->grid.empty() || s->grid.size() > 3)
      fail(s->loc, "T.Kernel takes 1 to 3 grid dimensions, got " + std::to_string(s->grid.size()));
    if (s->vars.size() != s->grid.size())
      fail(s->loc, "T.Kernel binds " + std::to_string(s->vars.size()) + " block indices for " +
                       std::to_string(s->grid.size()) + " dimensions");
    for (const Expr &g : s->grid) {
      auto c = asConstInt(g);
      if (!c || *c <= 0)
        fail(s->loc, "kernel grid extent '" + toString(g) + "' must be a positive constant");
    }
    scopes_.emplace_back();
    for (const Var &v : s->vars)
      defineVar(v, s->loc);
    ++kernelDepth_;
    scoped(s->body);
    --kernelDepth_;
    scopes_.pop_back();
  }

  void visitFor(const ForNode *s) override {
    for (const Expr &e : {s->begin, s->end}) {
      visit(e);
      if (!isInteger(e->dtype))
        fail(s->loc, "loop bound '" + toString(e) + "' is not an integer");
    }
    if (s->stages < 0)
      fail(s->loc, "pipelined loop has a negative number of stages");
    scopes_.emplace_back();
    defineVar(s->var, s->loc);
    ++controlDepth_;
    scoped(s->body);
    --controlDepth_;
    scopes_.pop_back();
  }

  void visitAlloc(const AllocNode *s) override {
    if (s->buffer->scope == Scope::Global)
      fail(s->loc, "buffer '" + s->buffer->name + "' cannot be allocated in global scope");
    defineBuffer(s->buffer, s->loc);
  }

  void visitLet(const LetNode *s) override {
    visit(s->value);
    defineVar(s->var, s->loc);
  }

  void visitIf(const IfNode *s) override {
    visit(s->cond);
    ++controlDepth_;
    scoped(s->then);
    if (s->otherwise)
      scoped(s->otherwise);
    --controlDepth_;
  }

  void visitCopy(const CopyNode *s) override {
    checkRegion(s->src, s->loc);
    checkRegion(s->dst, s->loc);
    auto a = s->src.squeezedExtents(), b = s->dst.squeezedExtents();
    if (a != b)
      fail(s->loc, "T.copy regions have different shapes: " + shapeStr(s->src.extents) + " of '" +
                       s->src.buffer->name + "' and " + shapeStr(s->dst.extents) + " of '" +
                       s->dst.buffer->name + "'");
  }

  void visitGemm(const GemmNode *s) override {
    checkRegion(s->a, s->loc);
    checkRegion(s->b, s->loc);
    checkRegion(s->c, s->loc);
    auto a = s->a.squeezedExtents(), b = s->b.squeezedExtents(), c = s->c.squeezedExtents();
    auto is2d = [&](const std::vector<int64_t> &v, const Region &r, const char *what) {
      // A 1 x N operand squeezes to one dimension: restore the unit dim.
      if (v.size() == 2)
        return v;
      if (r.extents.size() == 2)
        return r.extents;
      fail(s->loc, std::string("T.gemm operand ") + what + " ('" + r.buffer->name +
                       "') must be 2-D, got shape " + shapeStr(r.extents));
      return std::vector<int64_t>();
    };
    a = is2d(a, s->a, "A");
    b = is2d(b, s->b, "B");
    c = is2d(c, s->c, "C");
    if (a.empty() || b.empty() || c.empty())
      return;
    int64_t m = s->transA ? a[1] : a[0], ka = s->transA ? a[0] : a[1];
    int64_t kb = s->transB ? b[1] : b[0], n = s->transB ? b[0] : b[1];
    auto dims = [](int64_t x, int64_t y) { return std::to_string(x) + "x" + std::to_string(y); };
    if (ka != kb)
      fail(s->loc, "T.gemm reduction dimensions disagree: A ('" + s->a.buffer->name + "', " +
                       dims(a[0], a[1]) + (s->transA ? ", transposed" : "") +
                       ") has K = " + std::to_string(ka) + ", B ('" + s->b.buffer->name + "', " +
                       dims(b[0], b[1]) + (s->transB ? ", transposed" : "") +
                       ") has K = " + std::to_string(kb));
    if (c[0] != m || c[1] != n)
      fail(s->loc, "T.gemm output C ('" + s->c.buffer->name + "') is " + dims(c[0], c[1]) +
                       " but A x B is " + dims(m, n));
    if (s->a.buffer->dtype != s->b.buffer->dtype)
      fail(s->loc, "T.gemm operands A and B have different dtypes (" +
                       std::string(dtypeName(s->a.buffer->dtype)) + " and " +
                       std::string(dtypeName(s->b.buffer->dtype)) + ")");
  }

  void visitFill(const FillNode *s) override {
    checkRegion(s->dst, s->loc);
    visit(s->value);
    if (s->value->kind == ExprKind::StringImm)
      fail(s->loc, "fill value must be a number");
  }

  void visitStore(const StoreNode *s) override {
    checkIndices(s->buffer, s->indices, s->loc);
    visit(s->value);
    if (s->value->kind == ExprKind::StringImm)
      fail(s->loc, "stored value must be a number");
  }

  void visitEvaluate(const EvaluateNode *s) override {
    if (s->value->kind != ExprKind::Call)
      fail(s->loc, "an expression statement must be an intrinsic call");
    visit(s->value);
  }

  void visitVar(const VarNode *e) override {
    if (!inScope(e))
      fail(e->loc, "variable '" + e->name + "' is used outside the scope where it is defined");
  }

  void visitLoad(const LoadNode *e) override { checkIndices(e->buffer, e->indices, e->loc); }
};

} // namespace

bool ttllc::verifyFunction(const PrimFunc &f, Diagnostics &diag) { return Verifier(f, diag).run(); }

bool ttllc::verifyModule(const Module &m, Diagnostics &diag) {
  bool ok = true;
  std::set<std::string> names;
  for (const PrimFuncPtr &f : m.funcs) {
    if (!names.insert(f->name).second) {
      diag.error(f->loc, "function '" + f->name + "' is defined twice");
      ok = false;
    }
    ok &= verifyFunction(*f, diag);
  }
  return ok;
}
