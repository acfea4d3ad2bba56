//===- backend/Codegen.cpp - one lowered program to LLVM IR ---------------===//
//
// See Codegen.h. Example: the reader's
//
//   for k in T.serial(8):
//       page: T.int32 = by * 8 + k
//       tt.noc.read_dram(page % 12, A_addr + page // 12 * 2048, tt.cb.write_ptr(0), 2048)
//
// becomes a counted loop whose body is
//
//   %page = add i32 %by8, %k
//   %bank = urem i32 %page, 12          ; page >= 0: no floor correction
//   %row = udiv i32 %page, 12
//   %off = mul i32 %row, 2048
//   %addr = add i32 %A_addr, %off
//   %l1 = call i32 @"tt.cb.write_ptr"(i32 0)
//   call void @"tt.noc.read_dram"(i32 %bank, i32 %addr, i32 %l1, i32 2048)
//
//===----------------------------------------------------------------------===//

#include "backend/Codegen.h"
#include "backend/Programs.h"

#include "ir/Intrinsics.h"
#include "ir/Metadata.h"
#include "support/Diagnostics.h"
#include "tt/device_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

using namespace ttllc;
using llvm::cast;
using llvm::dyn_cast;

namespace {

class ProgramCodegen {
public:
  ProgramCodegen(const PrimFunc &f, const TargetInfo &t, llvm::Module &m, Diagnostics &d)
      : f_(f), target_(t), m_(m), ctx_(m.getContext()), b_(ctx_), diag_(d) {}

  bool run();

private:
  /// A located error: at `loc`, or at the statement being compiled for the
  /// nodes the passes built without a location (folded constants).
  void fail(llvm::SMLoc loc, const llvm::Twine &msg) {
    if (ok_)
      diag_.error(loc.isValid()        ? loc
                  : stmtLoc_.isValid() ? stmtLoc_
                                       : f_.loc,
                  "cannot compile '" + f_.name + "': " + msg);
    ok_ = false;
  }

  llvm::IntegerType *i32() { return b_.getInt32Ty(); }
  llvm::FunctionCallee intrinsic(const CallNode *c);

  void emit(const Stmt &s);
  void emitStmt(const Stmt &s);
  void emitFor(const ForNode *s);
  void emitIf(const IfNode *s);
  llvm::Value *emit(const Expr &e);
  llvm::Value *emitBinary(const BinaryNode *e);
  llvm::Value *emitFloorDivMod(const BinaryNode *e, llvm::Value *a, llvm::Value *b);
  llvm::Value *emitCall(const CallNode *c);
  /// `v` as an i1 truth value (non-zero integers are true).
  llvm::Value *toBool(llvm::Value *v);

  /// True when `e` is known to be >= 0: constants, runtime arguments (counts,
  /// ids and addresses, unsigned by the ABI), loop counters starting at a
  /// non-negative value, and sums, products, quotients and remainders of
  /// those.
  bool nonNegative(const Expr &e) const;

  const PrimFunc &f_;
  llvm::SMLoc stmtLoc_; // of the statement being compiled
  const TargetInfo &target_;
  llvm::Module &m_;
  llvm::LLVMContext &ctx_;
  llvm::IRBuilder<> b_;
  Diagnostics &diag_;
  llvm::Function *fn_ = nullptr;
  llvm::DenseMap<const VarNode *, llvm::Value *> vars_;
  llvm::DenseSet<const VarNode *> nonNegVars_;
  bool ok_ = true;
};

bool isUnsigned(const Expr &e) { return e->dtype == DType::UInt32; }

bool ProgramCodegen::nonNegative(const Expr &e) const {
  switch (e->kind) {
  case ExprKind::IntImm:
    return cast<IntImmNode>(e.get())->value >= 0;
  case ExprKind::Var:
    return nonNegVars_.contains(cast<VarNode>(e.get()));
  case ExprKind::Binary: {
    auto *b = cast<BinaryNode>(e.get());
    switch (b->op) {
    case BinaryOp::Add:
    case BinaryOp::Mul:
    case BinaryOp::Max:
    case BinaryOp::Min:
    case BinaryOp::FloorDiv:
      return nonNegative(b->a) && nonNegative(b->b);
    case BinaryOp::FloorMod: // the sign of the divisor
      return nonNegative(b->b);
    default:
      return false;
    }
  }
  case ExprKind::Select: {
    auto *s = cast<SelectNode>(e.get());
    return nonNegative(s->t) && nonNegative(s->f);
  }
  case ExprKind::Call: // addresses
    return e->dtype == DType::UInt32;
  default:
    return false;
  }
}

bool ProgramCodegen::run() {
  auto *fnTy = llvm::FunctionType::get(b_.getVoidTy(), false);
  fn_ = llvm::Function::Create(fnTy, llvm::GlobalValue::ExternalLinkage, kEntrySymbol, m_);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  fn_->addFnAttr("target-features", target_.riscvFeatures);
  fn_->addFnAttr("frame-pointer", "none");
  b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn_));

  // Parameter i is runtime argument i: word i of this RISC's argument area,
  // at its fixed address TT_RUNTIME_ARGS_ADDR(risc), so that every argument
  // load is one `lw` off one `lui` (a symbol's %lo part would cost an addi).
  std::optional<std::string> program = md::kProgram.get(f_);
  std::optional<ProgramRole> role = program ? lookupProgramRole(*program) : std::nullopt;
  if (!role) {
    fail(f_.loc, "function '" + f_.name + "' is not a lowered reader, unpack, math, pack or " +
                     "writer program (its tt.program attribute)");
    return false;
  }
  auto *argsTy = llvm::ArrayType::get(i32(), 0);
  llvm::Constant *args =
      llvm::ConstantExpr::getIntToPtr(b_.getInt32(TT_RUNTIME_ARGS_ADDR(role->risc)), b_.getPtrTy());
  for (size_t i = 0; i < f_.params.size(); ++i) {
    const Var *v = std::get_if<Var>(&f_.params[i]);
    if (!v) {
      fail(f_.loc, "parameter " + llvm::Twine(i) +
                       " is a buffer; programs take only scalar runtime arguments");
      return false;
    }
    llvm::Value *slot = b_.CreateConstInBoundsGEP2_32(argsTy, args, 0, unsigned(i));
    vars_[v->get()] = b_.CreateAlignedLoad(i32(), slot, llvm::Align(4), (*v)->name);
    nonNegVars_.insert(v->get());
  }
  if (f_.params.size() > 341)
    fail(f_.loc, "more than 341 runtime arguments");

  emit(f_.body);
  if (!ok_)
    return false;
  b_.CreateRetVoid();

  std::string err;
  llvm::raw_string_ostream os(err);
  if (llvm::verifyModule(m_, &os)) {
    fail(f_.loc, "internal error: invalid LLVM IR: " + os.str());
    return false;
  }
  return true;
}

void ProgramCodegen::emit(const Stmt &s) {
  if (!s || !ok_)
    return;
  llvm::SMLoc saved = stmtLoc_;
  if (s->loc.isValid())
    stmtLoc_ = s->loc;
  emitStmt(s);
  stmtLoc_ = saved;
}

void ProgramCodegen::emitStmt(const Stmt &s) {
  switch (s->kind) {
  case StmtKind::Seq:
    for (const Stmt &c : cast<SeqNode>(s.get())->stmts)
      emit(c);
    return;
  case StmtKind::For:
    return emitFor(cast<ForNode>(s.get()));
  case StmtKind::If:
    return emitIf(cast<IfNode>(s.get()));
  case StmtKind::Let: {
    auto *l = cast<LetNode>(s.get());
    llvm::Value *v = emit(l->value);
    if (!v)
      return;
    if (!v->hasName() && !llvm::isa<llvm::Constant>(v))
      v->setName(l->var->name);
    vars_[l->var.get()] = v;
    if (nonNegative(l->value))
      nonNegVars_.insert(l->var.get());
    return;
  }
  case StmtKind::Evaluate: {
    auto *c = dyn_cast<CallNode>(cast<EvaluateNode>(s.get())->value.get());
    if (!c)
      return fail(s->loc, "an expression statement that is not an intrinsic call");
    emitCall(c);
    return;
  }
  case StmtKind::Alloc: // on-chip buffers are circular buffers: no code
    return;
  case StmtKind::Kernel:
    return fail(s->loc, "T.Kernel was not lowered (run grid-to-persistent)");
  case StmtKind::Copy:
  case StmtKind::Gemm:
  case StmtKind::Fill:
  case StmtKind::Store:
    return fail(s->loc, "this statement was not lowered to device intrinsics (run the default "
                        "pipeline)");
  }
}

void ProgramCodegen::emitFor(const ForNode *s) {
  if (s->forKind == ForKind::Parallel)
    return fail(s->loc, "T.Parallel loops were not lowered");
  llvm::Value *begin = emit(s->begin), *end = emit(s->end);
  if (!begin || !end)
    return;
  bool nonNeg = nonNegative(s->begin);
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  auto *header = llvm::BasicBlock::Create(ctx_, s->var->name + ".header", fn_);
  auto *body = llvm::BasicBlock::Create(ctx_, s->var->name + ".body", fn_);
  auto *exit = llvm::BasicBlock::Create(ctx_, s->var->name + ".exit", fn_);
  b_.CreateBr(header);

  b_.SetInsertPoint(header);
  llvm::PHINode *iv = b_.CreatePHI(i32(), 2, s->var->name);
  iv->addIncoming(begin, pre);
  llvm::Value *more = isUnsigned(s->end) ? b_.CreateICmpULT(iv, end) : b_.CreateICmpSLT(iv, end);
  b_.CreateCondBr(more, body, exit);

  b_.SetInsertPoint(body);
  vars_[s->var.get()] = iv;
  if (nonNeg)
    nonNegVars_.insert(s->var.get());
  emit(s->body);
  if (!ok_)
    return;
  llvm::Value *next = b_.CreateAdd(iv, b_.getInt32(1), s->var->name + ".next", /*NUW=*/nonNeg,
                                   /*NSW=*/true);
  iv->addIncoming(next, b_.GetInsertBlock());
  b_.CreateBr(header);
  b_.SetInsertPoint(exit);
}

void ProgramCodegen::emitIf(const IfNode *s) {
  llvm::Value *cond = emit(s->cond);
  if (!cond)
    return;
  auto *then = llvm::BasicBlock::Create(ctx_, "if.then", fn_);
  auto *join = llvm::BasicBlock::Create(ctx_, "if.end", fn_);
  auto *otherwise = s->otherwise ? llvm::BasicBlock::Create(ctx_, "if.else", fn_) : join;
  b_.CreateCondBr(toBool(cond), then, otherwise);
  b_.SetInsertPoint(then);
  emit(s->then);
  b_.CreateBr(join);
  if (s->otherwise) {
    b_.SetInsertPoint(otherwise);
    emit(s->otherwise);
    b_.CreateBr(join);
  }
  b_.SetInsertPoint(join);
}

llvm::Value *ProgramCodegen::toBool(llvm::Value *v) {
  if (v->getType()->isIntegerTy(1))
    return v;
  return b_.CreateICmpNE(v, llvm::ConstantInt::get(v->getType(), 0));
}

llvm::Value *ProgramCodegen::emit(const Expr &e) {
  if (!ok_)
    return nullptr;
  switch (e->kind) {
  case ExprKind::IntImm: {
    int64_t v = cast<IntImmNode>(e.get())->value;
    if (e->dtype == DType::Bool)
      return b_.getInt1(v != 0);
    if (v < INT32_MIN || v > int64_t(UINT32_MAX)) {
      fail(e->loc, "the constant " + llvm::Twine(v) + " does not fit 32 bits");
      return nullptr;
    }
    return b_.getInt32(uint32_t(v));
  }
  case ExprKind::Var: {
    auto it = vars_.find(cast<VarNode>(e.get()));
    if (it == vars_.end()) {
      fail(e->loc, "'" + cast<VarNode>(e.get())->name + "' is not defined in this program");
      return nullptr;
    }
    return it->second;
  }
  case ExprKind::Unary: {
    auto *u = cast<UnaryNode>(e.get());
    llvm::Value *a = emit(u->a);
    if (!a)
      return nullptr;
    return u->op == UnaryOp::Not ? b_.CreateNot(toBool(a)) : b_.CreateNeg(a);
  }
  case ExprKind::Binary:
    return emitBinary(cast<BinaryNode>(e.get()));
  case ExprKind::Select: {
    auto *s = cast<SelectNode>(e.get());
    llvm::Value *c = emit(s->cond), *t = emit(s->t), *f = emit(s->f);
    if (!c || !t || !f)
      return nullptr;
    return b_.CreateSelect(toBool(c), t, f);
  }
  case ExprKind::Cast: {
    auto *c = cast<CastNode>(e.get());
    llvm::Value *v = emit(c->value);
    if (!v)
      return nullptr;
    if (!isInteger(c->dtype) && c->dtype != DType::Bool) {
      fail(e->loc, "a cast to " + llvm::Twine(dtypeName(c->dtype)) +
                       ": the baby RISC-V cores have no floating point");
      return nullptr;
    }
    if (c->dtype == DType::Bool)
      return toBool(v);
    return v->getType()->isIntegerTy(1) ? b_.CreateZExt(v, i32()) : v;
  }
  case ExprKind::Call:
    return emitCall(cast<CallNode>(e.get()));
  case ExprKind::FloatImm:
    fail(e->loc, "a floating-point value: the baby RISC-V cores have no floating point");
    return nullptr;
  case ExprKind::StringImm:
    fail(e->loc, "a string value");
    return nullptr;
  case ExprKind::Load:
    fail(e->loc, "a buffer element load was not lowered to device intrinsics");
    return nullptr;
  }
  return nullptr;
}

llvm::Value *ProgramCodegen::emitBinary(const BinaryNode *e) {
  if (isFloat(e->a->dtype) || isFloat(e->b->dtype)) {
    fail(e->loc, "floating-point arithmetic: the baby RISC-V cores have no floating point");
    return nullptr;
  }
  llvm::Value *a = emit(e->a), *b = emit(e->b);
  if (!a || !b)
    return nullptr;
  bool u = isUnsigned(e->a) || isUnsigned(e->b);
  switch (e->op) {
  case BinaryOp::Add:
    return b_.CreateAdd(a, b);
  case BinaryOp::Sub:
    return b_.CreateSub(a, b);
  case BinaryOp::Mul:
    return b_.CreateMul(a, b);
  case BinaryOp::Div:
    fail(e->loc, "true division of integers (use // for floor division)");
    return nullptr;
  case BinaryOp::FloorDiv:
  case BinaryOp::FloorMod:
    return emitFloorDivMod(e, a, b);
  case BinaryOp::Min:
    return b_.CreateBinaryIntrinsic(u ? llvm::Intrinsic::umin : llvm::Intrinsic::smin, a, b);
  case BinaryOp::Max:
    return b_.CreateBinaryIntrinsic(u ? llvm::Intrinsic::umax : llvm::Intrinsic::smax, a, b);
  case BinaryOp::EQ:
    return b_.CreateICmpEQ(a, b);
  case BinaryOp::NE:
    return b_.CreateICmpNE(a, b);
  case BinaryOp::LT:
    return u ? b_.CreateICmpULT(a, b) : b_.CreateICmpSLT(a, b);
  case BinaryOp::LE:
    return u ? b_.CreateICmpULE(a, b) : b_.CreateICmpSLE(a, b);
  case BinaryOp::GT:
    return u ? b_.CreateICmpUGT(a, b) : b_.CreateICmpSGT(a, b);
  case BinaryOp::GE:
    return u ? b_.CreateICmpUGE(a, b) : b_.CreateICmpSGE(a, b);
  case BinaryOp::And:
    return b_.CreateAnd(toBool(a), toBool(b));
  case BinaryOp::Or:
    return b_.CreateOr(toBool(a), toBool(b));
  }
  return nullptr;
}

llvm::Value *ProgramCodegen::emitFloorDivMod(const BinaryNode *e, llvm::Value *a, llvm::Value *b) {
  bool div = e->op == BinaryOp::FloorDiv;
  if (auto *c = dyn_cast<IntImmNode>(e->b.get()); c && c->value == 0) {
    fail(e->loc, llvm::Twine(div ? "division" : "modulo") + " by zero");
    return nullptr;
  }
  // Unsigned operands, or both known non-negative: floor = truncation.
  if (isUnsigned(e->a) || isUnsigned(e->b) || (nonNegative(e->a) && nonNegative(e->b)))
    return div ? b_.CreateUDiv(a, b) : b_.CreateURem(a, b);
  // Python semantics: when the remainder is non-zero and its sign differs
  // from the divisor's, the quotient rounds down one more and the remainder
  // moves into the divisor's sign.
  llvm::Value *q = b_.CreateSDiv(a, b), *r = b_.CreateSRem(a, b);
  llvm::Value *zero = b_.getInt32(0);
  llvm::Value *fix =
      b_.CreateAnd(b_.CreateICmpNE(r, zero), b_.CreateICmpSLT(b_.CreateXor(r, b), zero));
  if (div)
    return b_.CreateSub(q, b_.CreateZExt(fix, i32()));
  return b_.CreateSelect(fix, b_.CreateAdd(r, b), r);
}

llvm::FunctionCallee ProgramCodegen::intrinsic(const CallNode *c) {
  llvm::SmallVector<llvm::Type *, 6> params(c->args.size(), i32());
  llvm::Type *ret = c->dtype == DType::Void ? b_.getVoidTy() : static_cast<llvm::Type *>(i32());
  auto callee = m_.getOrInsertFunction(c->name, llvm::FunctionType::get(ret, params, false));
  if (auto *fn = dyn_cast<llvm::Function>(callee.getCallee()))
    fn->addFnAttr(llvm::Attribute::NoUnwind);
  return callee;
}

llvm::Value *ProgramCodegen::emitCall(const CallNode *c) {
  const IntrinsicInfo *info = lookupIntrinsic(c->name);
  if (!info || !llvm::StringRef(c->name).starts_with("tt.")) {
    fail(c->loc, "'" + c->name + "' is not a device intrinsic");
    return nullptr;
  }
  if (c->name == "tt.mm_init" || c->name == "tt.matmul_tiles" || c->name == "tt.copy_tile") {
    fail(c->loc, "'" + c->name + "' must be split per TRISC (run split-kernels)");
    return nullptr;
  }
  llvm::SmallVector<llvm::Value *, 6> args;
  for (const Expr &a : c->args) {
    if (!isInteger(a->dtype) && a->dtype != DType::Bool) {
      fail(a->loc, "argument of '" + c->name + "' is not an integer");
      return nullptr;
    }
    llvm::Value *v = emit(a);
    if (!v)
      return nullptr;
    args.push_back(v->getType()->isIntegerTy(1) ? b_.CreateZExt(v, i32()) : v);
  }
  return b_.CreateCall(intrinsic(c), args);
}

} // namespace

std::unique_ptr<llvm::Module> ttllc::generateProgram(const PrimFunc &f, const TargetInfo &target,
                                                     const llvm::DataLayout &layout,
                                                     llvm::LLVMContext &context,
                                                     Diagnostics &diag) {
  auto m = std::make_unique<llvm::Module>(f.name, context);
  m->setSourceFileName(f.name);
  m->setTargetTriple("riscv32-unknown-elf");
  m->setDataLayout(layout);
  m->addModuleFlag(llvm::Module::Error, "target-abi", llvm::MDString::get(context, "ilp32"));
  if (!ProgramCodegen(f, target, *m, diag).run())
    return nullptr;
  return m;
}
