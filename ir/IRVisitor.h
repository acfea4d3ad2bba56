//===- ir/IRVisitor.h - walking and rewriting Tile IR -----------*- C++ -*-===//
//
// IRVisitor walks every statement and expression (children before nothing:
// override a visit method and call the base to keep walking). IRMutator
// rebuilds the tree bottom-up and returns the original node when no child
// changed, so untouched subtrees stay shared.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

namespace ttllc {

class IRVisitor {
public:
  virtual ~IRVisitor() = default;

  void visit(const Stmt &s);
  void visit(const Expr &e);
  void visitRegion(const Region &r);

protected:
  virtual void visitSeq(const SeqNode *s);
  virtual void visitKernel(const KernelNode *s);
  virtual void visitFor(const ForNode *s);
  virtual void visitAlloc(const AllocNode *s) {}
  virtual void visitLet(const LetNode *s);
  virtual void visitIf(const IfNode *s);
  virtual void visitCopy(const CopyNode *s);
  virtual void visitGemm(const GemmNode *s);
  virtual void visitFill(const FillNode *s);
  virtual void visitStore(const StoreNode *s);
  virtual void visitEvaluate(const EvaluateNode *s);

  virtual void visitIntImm(const IntImmNode *e) {}
  virtual void visitFloatImm(const FloatImmNode *e) {}
  virtual void visitStringImm(const StringImmNode *e) {}
  virtual void visitVar(const VarNode *e) {}
  virtual void visitUnary(const UnaryNode *e);
  virtual void visitBinary(const BinaryNode *e);
  virtual void visitSelect(const SelectNode *e);
  virtual void visitCast(const CastNode *e);
  virtual void visitLoad(const LoadNode *e);
  virtual void visitCall(const CallNode *e);
};

class IRMutator {
public:
  virtual ~IRMutator() = default;

  Stmt mutate(const Stmt &s);
  Expr mutate(const Expr &e);
  Region mutateRegion(const Region &r);

protected:
  virtual Stmt mutateSeq(const std::shared_ptr<const SeqNode> &s);
  virtual Stmt mutateKernel(const std::shared_ptr<const KernelNode> &s);
  virtual Stmt mutateFor(const std::shared_ptr<const ForNode> &s);
  virtual Stmt mutateAlloc(const std::shared_ptr<const AllocNode> &s) { return s; }
  virtual Stmt mutateLet(const std::shared_ptr<const LetNode> &s);
  virtual Stmt mutateIf(const std::shared_ptr<const IfNode> &s);
  virtual Stmt mutateCopy(const std::shared_ptr<const CopyNode> &s);
  virtual Stmt mutateGemm(const std::shared_ptr<const GemmNode> &s);
  virtual Stmt mutateFill(const std::shared_ptr<const FillNode> &s);
  virtual Stmt mutateStore(const std::shared_ptr<const StoreNode> &s);
  virtual Stmt mutateEvaluate(const std::shared_ptr<const EvaluateNode> &s);

  virtual Expr mutateLeaf(const Expr &e) { return e; } // imms and vars
  virtual Expr mutateUnary(const std::shared_ptr<const UnaryNode> &e);
  virtual Expr mutateBinary(const std::shared_ptr<const BinaryNode> &e);
  virtual Expr mutateSelect(const std::shared_ptr<const SelectNode> &e);
  virtual Expr mutateCast(const std::shared_ptr<const CastNode> &e);
  virtual Expr mutateLoad(const std::shared_ptr<const LoadNode> &e);
  virtual Expr mutateCall(const std::shared_ptr<const CallNode> &e);

  /// Mutates each element; true when any changed.
  bool mutateAll(const std::vector<Expr> &in, std::vector<Expr> &out);
};

} // namespace ttllc
