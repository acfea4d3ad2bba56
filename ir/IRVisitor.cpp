//===- ir/IRVisitor.cpp - default traversals ------------------------------===//

#include "ir/IRVisitor.h"

#include "ir/IROperators.h"

using namespace ttllc;

template <typename T> static const T *as(const StmtNode *s) { return static_cast<const T *>(s); }
template <typename T> static const T *as(const ExprNode *e) { return static_cast<const T *>(e); }
template <typename T> static std::shared_ptr<const T> asPtr(const Stmt &s) {
  return std::static_pointer_cast<const T>(s);
}
template <typename T> static std::shared_ptr<const T> asPtr(const Expr &e) {
  return std::static_pointer_cast<const T>(e);
}

//===----------------------------------------------------------------------===//
// IRVisitor
//===----------------------------------------------------------------------===//

void IRVisitor::visit(const Stmt &s) {
  if (!s)
    return;
  switch (s->kind) {
  case StmtKind::Seq:
    return visitSeq(as<SeqNode>(s.get()));
  case StmtKind::Kernel:
    return visitKernel(as<KernelNode>(s.get()));
  case StmtKind::For:
    return visitFor(as<ForNode>(s.get()));
  case StmtKind::Alloc:
    return visitAlloc(as<AllocNode>(s.get()));
  case StmtKind::Let:
    return visitLet(as<LetNode>(s.get()));
  case StmtKind::If:
    return visitIf(as<IfNode>(s.get()));
  case StmtKind::Copy:
    return visitCopy(as<CopyNode>(s.get()));
  case StmtKind::Gemm:
    return visitGemm(as<GemmNode>(s.get()));
  case StmtKind::Fill:
    return visitFill(as<FillNode>(s.get()));
  case StmtKind::Store:
    return visitStore(as<StoreNode>(s.get()));
  case StmtKind::Evaluate:
    return visitEvaluate(as<EvaluateNode>(s.get()));
  }
}

void IRVisitor::visit(const Expr &e) {
  if (!e)
    return;
  switch (e->kind) {
  case ExprKind::IntImm:
    return visitIntImm(as<IntImmNode>(e.get()));
  case ExprKind::FloatImm:
    return visitFloatImm(as<FloatImmNode>(e.get()));
  case ExprKind::StringImm:
    return visitStringImm(as<StringImmNode>(e.get()));
  case ExprKind::Var:
    return visitVar(as<VarNode>(e.get()));
  case ExprKind::Unary:
    return visitUnary(as<UnaryNode>(e.get()));
  case ExprKind::Binary:
    return visitBinary(as<BinaryNode>(e.get()));
  case ExprKind::Select:
    return visitSelect(as<SelectNode>(e.get()));
  case ExprKind::Cast:
    return visitCast(as<CastNode>(e.get()));
  case ExprKind::Load:
    return visitLoad(as<LoadNode>(e.get()));
  case ExprKind::Call:
    return visitCall(as<CallNode>(e.get()));
  }
}

void IRVisitor::visitRegion(const Region &r) {
  for (const Expr &e : r.starts)
    visit(e);
}

void IRVisitor::visitSeq(const SeqNode *s) {
  for (const Stmt &x : s->stmts)
    visit(x);
}
void IRVisitor::visitKernel(const KernelNode *s) {
  for (const Expr &g : s->grid)
    visit(g);
  visit(s->body);
}
void IRVisitor::visitFor(const ForNode *s) {
  visit(s->begin);
  visit(s->end);
  visit(s->body);
}
void IRVisitor::visitLet(const LetNode *s) { visit(s->value); }
void IRVisitor::visitIf(const IfNode *s) {
  visit(s->cond);
  visit(s->then);
  visit(s->otherwise);
}
void IRVisitor::visitCopy(const CopyNode *s) {
  visitRegion(s->src);
  visitRegion(s->dst);
}
void IRVisitor::visitGemm(const GemmNode *s) {
  visitRegion(s->a);
  visitRegion(s->b);
  visitRegion(s->c);
}
void IRVisitor::visitFill(const FillNode *s) {
  visitRegion(s->dst);
  visit(s->value);
}
void IRVisitor::visitStore(const StoreNode *s) {
  for (const Expr &i : s->indices)
    visit(i);
  visit(s->value);
}
void IRVisitor::visitEvaluate(const EvaluateNode *s) { visit(s->value); }

void IRVisitor::visitUnary(const UnaryNode *e) { visit(e->a); }
void IRVisitor::visitBinary(const BinaryNode *e) {
  visit(e->a);
  visit(e->b);
}
void IRVisitor::visitSelect(const SelectNode *e) {
  visit(e->cond);
  visit(e->t);
  visit(e->f);
}
void IRVisitor::visitCast(const CastNode *e) { visit(e->value); }
void IRVisitor::visitLoad(const LoadNode *e) {
  for (const Expr &i : e->indices)
    visit(i);
}
void IRVisitor::visitCall(const CallNode *e) {
  for (const Expr &a : e->args)
    visit(a);
}

//===----------------------------------------------------------------------===//
// IRMutator
//===----------------------------------------------------------------------===//

Stmt IRMutator::mutate(const Stmt &s) {
  if (!s)
    return s;
  switch (s->kind) {
  case StmtKind::Seq:
    return mutateSeq(asPtr<SeqNode>(s));
  case StmtKind::Kernel:
    return mutateKernel(asPtr<KernelNode>(s));
  case StmtKind::For:
    return mutateFor(asPtr<ForNode>(s));
  case StmtKind::Alloc:
    return mutateAlloc(asPtr<AllocNode>(s));
  case StmtKind::Let:
    return mutateLet(asPtr<LetNode>(s));
  case StmtKind::If:
    return mutateIf(asPtr<IfNode>(s));
  case StmtKind::Copy:
    return mutateCopy(asPtr<CopyNode>(s));
  case StmtKind::Gemm:
    return mutateGemm(asPtr<GemmNode>(s));
  case StmtKind::Fill:
    return mutateFill(asPtr<FillNode>(s));
  case StmtKind::Store:
    return mutateStore(asPtr<StoreNode>(s));
  case StmtKind::Evaluate:
    return mutateEvaluate(asPtr<EvaluateNode>(s));
  }
  return s;
}

Expr IRMutator::mutate(const Expr &e) {
  if (!e)
    return e;
  switch (e->kind) {
  case ExprKind::IntImm:
  case ExprKind::FloatImm:
  case ExprKind::StringImm:
  case ExprKind::Var:
    return mutateLeaf(e);
  case ExprKind::Unary:
    return mutateUnary(asPtr<UnaryNode>(e));
  case ExprKind::Binary:
    return mutateBinary(asPtr<BinaryNode>(e));
  case ExprKind::Select:
    return mutateSelect(asPtr<SelectNode>(e));
  case ExprKind::Cast:
    return mutateCast(asPtr<CastNode>(e));
  case ExprKind::Load:
    return mutateLoad(asPtr<LoadNode>(e));
  case ExprKind::Call:
    return mutateCall(asPtr<CallNode>(e));
  }
  return e;
}

bool IRMutator::mutateAll(const std::vector<Expr> &in, std::vector<Expr> &out) {
  bool changed = false;
  out.clear();
  out.reserve(in.size());
  for (const Expr &e : in) {
    out.push_back(mutate(e));
    changed |= out.back() != e;
  }
  return changed;
}

Region IRMutator::mutateRegion(const Region &r) {
  Region out = r;
  mutateAll(r.starts, out.starts);
  return out;
}

static bool sameStarts(const Region &a, const Region &b) { return a.starts == b.starts; }

Stmt IRMutator::mutateSeq(const std::shared_ptr<const SeqNode> &s) {
  std::vector<Stmt> out;
  bool changed = false;
  for (const Stmt &x : s->stmts) {
    out.push_back(mutate(x));
    changed |= out.back() != x;
  }
  return changed ? seq(std::move(out), s->loc) : s;
}

Stmt IRMutator::mutateKernel(const std::shared_ptr<const KernelNode> &s) {
  std::vector<Expr> grid;
  bool changed = mutateAll(s->grid, grid);
  Stmt body = mutate(s->body);
  if (!changed && body == s->body)
    return s;
  return std::make_shared<const KernelNode>(std::move(grid), s->vars, std::move(body), s->loc);
}

Stmt IRMutator::mutateFor(const std::shared_ptr<const ForNode> &s) {
  Expr b = mutate(s->begin), e = mutate(s->end);
  Stmt body = mutate(s->body);
  if (b == s->begin && e == s->end && body == s->body)
    return s;
  return std::make_shared<const ForNode>(s->var, std::move(b), std::move(e), s->forKind, s->stages,
                                         std::move(body), s->loc);
}

Stmt IRMutator::mutateLet(const std::shared_ptr<const LetNode> &s) {
  Expr v = mutate(s->value);
  return v == s->value ? s : std::make_shared<const LetNode>(s->var, std::move(v), s->loc);
}

Stmt IRMutator::mutateIf(const std::shared_ptr<const IfNode> &s) {
  Expr c = mutate(s->cond);
  Stmt t = mutate(s->then), e = mutate(s->otherwise);
  if (c == s->cond && t == s->then && e == s->otherwise)
    return s;
  return std::make_shared<const IfNode>(std::move(c), std::move(t), std::move(e), s->loc);
}

Stmt IRMutator::mutateCopy(const std::shared_ptr<const CopyNode> &s) {
  Region src = mutateRegion(s->src), dst = mutateRegion(s->dst);
  if (sameStarts(src, s->src) && sameStarts(dst, s->dst))
    return s;
  return std::make_shared<const CopyNode>(std::move(src), std::move(dst), s->loc);
}

Stmt IRMutator::mutateGemm(const std::shared_ptr<const GemmNode> &s) {
  Region a = mutateRegion(s->a), b = mutateRegion(s->b), c = mutateRegion(s->c);
  if (sameStarts(a, s->a) && sameStarts(b, s->b) && sameStarts(c, s->c))
    return s;
  return std::make_shared<const GemmNode>(std::move(a), std::move(b), std::move(c), s->transA,
                                          s->transB, s->clearAccum, s->loc);
}

Stmt IRMutator::mutateFill(const std::shared_ptr<const FillNode> &s) {
  Region d = mutateRegion(s->dst);
  Expr v = mutate(s->value);
  if (sameStarts(d, s->dst) && v == s->value)
    return s;
  return std::make_shared<const FillNode>(std::move(d), std::move(v), s->loc);
}

Stmt IRMutator::mutateStore(const std::shared_ptr<const StoreNode> &s) {
  std::vector<Expr> idx;
  bool changed = mutateAll(s->indices, idx);
  Expr v = mutate(s->value);
  if (!changed && v == s->value)
    return s;
  return std::make_shared<const StoreNode>(s->buffer, std::move(idx), std::move(v), s->loc);
}

Stmt IRMutator::mutateEvaluate(const std::shared_ptr<const EvaluateNode> &s) {
  Expr v = mutate(s->value);
  return v == s->value ? s : std::make_shared<const EvaluateNode>(std::move(v), s->loc);
}

Expr IRMutator::mutateUnary(const std::shared_ptr<const UnaryNode> &e) {
  Expr a = mutate(e->a);
  return a == e->a ? e : unary(e->op, std::move(a), e->loc);
}
Expr IRMutator::mutateBinary(const std::shared_ptr<const BinaryNode> &e) {
  Expr a = mutate(e->a), b = mutate(e->b);
  return a == e->a && b == e->b ? e : binary(e->op, std::move(a), std::move(b), e->loc);
}
Expr IRMutator::mutateSelect(const std::shared_ptr<const SelectNode> &e) {
  Expr c = mutate(e->cond), t = mutate(e->t), f = mutate(e->f);
  if (c == e->cond && t == e->t && f == e->f)
    return e;
  return select(std::move(c), std::move(t), std::move(f), e->loc);
}
Expr IRMutator::mutateCast(const std::shared_ptr<const CastNode> &e) {
  Expr v = mutate(e->value);
  return v == e->value ? e : cast(e->dtype, std::move(v), e->loc);
}
Expr IRMutator::mutateLoad(const std::shared_ptr<const LoadNode> &e) {
  std::vector<Expr> idx;
  return mutateAll(e->indices, idx) ? load(e->buffer, std::move(idx), e->loc) : e;
}
Expr IRMutator::mutateCall(const std::shared_ptr<const CallNode> &e) {
  std::vector<Expr> args;
  return mutateAll(e->args, args) ? call(e->name, std::move(args), e->dtype, e->loc) : e;
}
