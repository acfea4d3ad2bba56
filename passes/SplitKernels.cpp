//===- passes/SplitKernels.cpp - split-kernels --------------------------------===//
//
// Reads: a fully lowered kernel (memory-space-lower): one body of loops,
// lets and device intrinsics, runtime arguments as scalar parameters.
// Guarantees: the module holds the host function (the kernel's signature and
// metadata, "tt.program" = "host", body `pass`) followed by five programs
// <kernel>_reader (NCRISC), _unpack, _math, _pack (TRISC0-2), _writer
// (BRISC). Each program is the projection of the body onto its operations
// (docs/lowering.md, "Placement"): data movement and DST intrinsics by their
// table entry, the tt-metal compute API split per TRISC (tt.mm_init,
// tt.matmul_tiles, tt.copy_tile -> tt.unpack.copy_tile(cb, tile) and
// tt.math.copy_tile(dst)), circular-buffer operations into the CB's producer
// or consumer program as the dataflow says (a CB filled by tt.pack_tile is
// produced by pack, otherwise by the reader; a CB read by tt.matmul_tiles or
// tt.copy_tile is consumed by unpack, otherwise by the writer). Loops and ifs left empty are
// dropped, lets nobody uses are dropped. Each program's parameters are its
// runtime arguments in order (tt.runtime_args), and its attributes name the
// kernel and program (plus the DST configuration for compute).
// Example: the reader of the GEMM keeps the persistent loop, the block
// index lets, the K loop with reserve / noc.read_dram / read_barrier / push
// of CBs 0 and 1, and nothing else.
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Intrinsics.h"
#include "ir/Metadata.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "tt/programs.h"

#include "llvm/Support/Casting.h"

#include <map>
#include <set>

using namespace ttllc;
using llvm::dyn_cast;

namespace {

/// The kind of the program called `program` (tt/programs.h): "reader" is
/// ProgramKind::Reader.
ProgramKind programKind(std::string_view program) {
  for (ProgramKind k : {ProgramKind::Reader, ProgramKind::Unpack, ProgramKind::Math,
                        ProgramKind::Pack, ProgramKind::Writer})
    if (programName(k) == program)
      return k;
  return ProgramKind::Any;
}

/// The names of the runtime arguments of `kernel` ("reader", "compute" or
/// "writer", tt/programs.h) in tt.runtime_args.
const std::vector<std::string> &argNames(const md::RuntimeArgs &args, std::string_view kernel) {
  if (kernel == tt_kernels[TT_KERNEL_READER])
    return args.reader;
  return kernel == tt_kernels[TT_KERNEL_WRITER] ? args.writer : args.compute;
}

/// Producer and consumer program of every CB, from the dataflow.
struct CBRoles : IRVisitor {
  std::set<int64_t> packed, computeRead, used;
  void visitCall(const CallNode *c) override {
    auto arg = [&](size_t i) { return asConstInt(c->args[i]).value_or(-1); };
    if (c->name == "tt.pack_tile")
      packed.insert(arg(1));
    if (c->name == "tt.matmul_tiles")
      computeRead.insert({arg(0), arg(1)});
    if (c->name == "tt.copy_tile")
      computeRead.insert(arg(0));
    if (c->name.rfind("tt.cb.", 0) == 0)
      used.insert(arg(0));
    IRVisitor::visitCall(c);
  }
  ProgramKind producer(int64_t cb) const {
    return packed.count(cb) ? ProgramKind::Pack : ProgramKind::Reader;
  }
  ProgramKind consumer(int64_t cb) const {
    return computeRead.count(cb) ? ProgramKind::Unpack : ProgramKind::Writer;
  }
};

struct VarUses : IRVisitor {
  std::set<const VarNode *> vars;
  void visitVar(const VarNode *v) override { vars.insert(v); }
};

class Projector {
public:
  Projector(ProgramKind p, const CBRoles &roles, Diagnostics &diag)
      : p_(p), roles_(roles), diag_(diag) {}
  bool ok = true;

  /// The part of `s` that runs on program p_, or null.
  Stmt project(const Stmt &s) {
    switch (s->kind) {
    case StmtKind::Seq:
      return projectSeq(static_cast<const SeqNode &>(*s).stmts, s->loc);
    case StmtKind::For: {
      auto &f = static_cast<const ForNode &>(*s);
      Stmt body = project(f.body);
      if (!body)
        return nullptr;
      return std::make_shared<const ForNode>(f.var, f.begin, f.end, f.forKind, f.stages, body,
                                             f.loc);
    }
    case StmtKind::If: {
      auto &i = static_cast<const IfNode &>(*s);
      Stmt t = project(i.then), e = i.otherwise ? project(i.otherwise) : nullptr;
      if (!t && !e)
        return nullptr;
      return std::make_shared<const IfNode>(i.cond, t ? t : seq({}, i.loc), e, i.loc);
    }
    case StmtKind::Let:
      return s; // kept only if used: projectSeq decides
    case StmtKind::Evaluate:
      return projectCall(s);
    default:
      fail(s->loc, "split-kernels: this statement was not lowered (run the lowering passes "
                   "first)");
      return nullptr;
    }
  }

private:
  ProgramKind p_;
  const CBRoles &roles_;
  Diagnostics &diag_;

  void fail(llvm::SMLoc loc, const std::string &msg) {
    if (ok)
      diag_.error(loc, msg);
    ok = false;
  }

  Stmt projectSeq(const std::vector<Stmt> &stmts, llvm::SMLoc loc) {
    std::vector<Stmt> kept;
    for (const Stmt &x : stmts)
      if (Stmt y = project(x))
        kept.push_back(y);
    // Drop lets (from the back) whose variable nothing after them uses.
    VarUses uses;
    std::vector<Stmt> out;
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
      if (auto *let = dyn_cast<LetNode>(it->get())) {
        if (!uses.vars.count(let->var.get()))
          continue;
        uses.visit(let->value);
      } else {
        uses.visit(*it);
      }
      out.insert(out.begin(), *it);
    }
    bool onlyLets = true;
    for (const Stmt &x : out)
      onlyLets &= x->kind == StmtKind::Let;
    if (out.empty() || onlyLets)
      return nullptr;
    return seq(std::move(out), loc);
  }

  Stmt projectCall(const Stmt &s) {
    const auto &e = static_cast<const EvaluateNode &>(*s);
    auto *c = dyn_cast<CallNode>(e.value.get());
    if (!c) {
      fail(e.loc, "split-kernels: expected an intrinsic call");
      return nullptr;
    }
    auto emit = [&](const char *name, std::vector<Expr> args) {
      return evaluate(name, std::move(args), e.loc);
    };
    const auto &a = c->args;
    if (c->name == "tt.mm_init") {
      switch (p_) {
      case ProgramKind::Unpack:
        return emit("tt.unpack.mm_init", {a[0], a[1], a[3]});
      case ProgramKind::Math:
        return emit("tt.math.mm_init", {});
      case ProgramKind::Pack:
        return emit("tt.pack.init", {a[2]});
      default:
        return nullptr;
      }
    }
    if (c->name == "tt.matmul_tiles") {
      if (p_ == ProgramKind::Unpack)
        return emit("tt.unpack.matmul_tiles", {a[0], a[1], a[2], a[3], a[5]});
      if (p_ == ProgramKind::Math)
        return emit("tt.math.matmul_tiles", {a[4]});
      return nullptr;
    }
    if (c->name == "tt.copy_tile") {
      if (p_ == ProgramKind::Unpack)
        return emit("tt.unpack.copy_tile", {a[0], a[1]});
      if (p_ == ProgramKind::Math)
        return emit("tt.math.copy_tile", {a[2]});
      return nullptr;
    }
    if (c->name == "tt.cb.reserve_back" || c->name == "tt.cb.push_back" ||
        c->name == "tt.cb.wait_front" || c->name == "tt.cb.pop_front") {
      int64_t cb = asConstInt(a[0]).value_or(-1);
      bool producerSide = c->name == "tt.cb.reserve_back" || c->name == "tt.cb.push_back";
      return (producerSide ? roles_.producer(cb) : roles_.consumer(cb)) == p_ ? s : nullptr;
    }
    const IntrinsicInfo *info = lookupIntrinsic(c->name);
    if (!info || info->program == ProgramKind::Any) {
      fail(e.loc, "split-kernels: cannot place '" + c->name + "' on a core");
      return nullptr;
    }
    return info->program == p_ ? s : nullptr;
  }
};

} // namespace

bool ttllc::runSplitKernels(Module &m, PassContext &ctx) {
  std::vector<PrimFuncPtr> out;
  for (PrimFuncPtr &f : m.funcs) {
    auto args = md::kRuntimeArgs.get(*f);
    if (!args) {
      ctx.diag.error(f->loc, "split-kernels needs " + std::string(md::kRuntimeArgs.name()) +
                                 ": run the metadata passes first");
      return false;
    }
    CBRoles roles;
    roles.visit(f->body);
    std::map<std::string, Var> scalars;
    std::vector<Param> buffers;
    for (const Param &p : f->params) {
      if (auto *v = std::get_if<Var>(&p))
        scalars[(*v)->name] = *v;
      else
        buffers.push_back(p);
    }
    std::vector<std::string> names;
    std::vector<PrimFuncPtr> programs;
    for (unsigned risc : tt_program_order) {
      const tt_risc_info &d = tt_riscs[risc];
      Projector proj(programKind(d.program), roles, ctx.diag);
      Stmt body = proj.project(f->body);
      if (!proj.ok)
        return false;
      auto prog = std::make_shared<PrimFunc>();
      prog->name = f->name + "_" + d.program;
      prog->loc = f->loc;
      prog->body = body ? body : seq({}, f->loc);
      for (const std::string &n : argNames(*args, d.kernel)) {
        auto it = scalars.find(n);
        if (it == scalars.end()) {
          ctx.diag.error(f->loc, "split-kernels: runtime argument '" + n +
                                     "' is not a parameter: run grid-to-persistent first");
          return false;
        }
        prog->params.push_back(it->second);
      }
      md::kKernel.set(*prog, f->name);
      md::kProgram.set(*prog, d.program);
      if (std::string_view(d.kernel) == tt_kernels[TT_KERNEL_COMPUTE])
        md::copyComputeConfig(*f, *prog);
      names.push_back(prog->name);
      programs.push_back(std::move(prog));
    }
    f->params = std::move(buffers);
    f->body = seq({}, f->loc);
    md::kProgram.set(*f, "host");
    md::kPrograms.set(*f, names);
    out.push_back(f);
    out.insert(out.end(), programs.begin(), programs.end());
  }
  m.funcs = std::move(out);
  return true;
}
