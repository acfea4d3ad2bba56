//===- passes/DstManagement.cpp - dst-management -----------------------------===//
//
// Reads: a kernel after tensorize-gemm: T.clear(C) of a fragment
// accumulator, loops of tt.matmul_tiles, then a copy of C to a global buffer
// or to an on-chip buffer S that is later written out.
// Guarantees: the accumulator lives in DST, never in memory:
//   T.clear(C)       -> tt.tile_regs_acquire()     (math takes a zeroed DST)
//   the copy of C    -> tt.tile_regs_commit()       (math: DST to pack)
//                       tt.tile_regs_wait()         (pack)
//                       tt.cb.reserve_back(cb, n)
//                       tt.pack_tile(t, cb, t) for each of the n tiles
//                       tt.cb.push_back(cb, n)
//                       tt.tile_regs_release()
// where cb is the CB of C (copied to global memory: that copy stays for
// memory-space-lower to lower on the writer side) or of S (the copy C -> S
// is the pack and disappears). The matmuls between acquire and commit keep
// accumulating over the whole K loop: one pack per output (sub-)block.
// The function gets tt.fp32_dest_acc (a float32 accumulator),
// tt.dst_capacity (4 tiles with fp32 accumulation, else 8, half-sync) and
// tt.math_fidelity, also without an accumulator (a copy kernel: false, 8),
// so that every lowered kernel's plan has its compute section. The
// fidelity is --math-fidelity (PassContext::mathFidelity), else the
// kernel's own tt.math_fidelity (T.func_attr), else "HiFi4"; a kernel
// attribute that differs from the option, or a name other than LoFi,
// HiFi2, HiFi3, HiFi4, is an error.
// A copy into the accumulator from an on-chip buffer with a CB (the partial
// sums of a reused gemm, tensorize-gemm) reloads DST:
//   T.copy(P, C)     -> tt.cb.wait_front(p, n)
//                       tt.copy_tile(p, t, t) for each of the n tiles
//                       tt.cb.pop_front(p, n)
// and in a kernel with partial sums (tt.gemm_partials_cb) every pack is
// preceded by tt.pack.init(cb) of its CB: the packer alternates between the
// partial sums' format and the output's.
// Example: T.clear(C_local); for k: ...matmul_tiles...; T.copy(C_local, C[...])
// becomes acquire; for k: ...; commit; wait; reserve(16, 1);
// pack_tile(0, 16, 0); push(16, 1); release; T.copy(C_local, C[...]).
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"

#include <algorithm>
#include <optional>
#include <string_view>

using namespace ttllc;
using llvm::dyn_cast;

namespace {

bool hasMatmul(const Stmt &s) {
  struct F : IRVisitor {
    bool found = false;
    void visitCall(const CallNode *c) override {
      found |= c->name == "tt.matmul_tiles";
      IRVisitor::visitCall(c);
    }
  } f;
  f.visit(s);
  return f.found;
}

class DstRewriter : public IRMutator {
public:
  DstRewriter(PassContext &ctx, bool packInit) : ctx_(ctx), packInit_(packInit) {}
  bool ok = true;
  const BufferNode *accumulator = nullptr;

protected:
  Stmt mutateSeq(const std::shared_ptr<const SeqNode> &s) override {
    std::vector<Stmt> in;
    for (const Stmt &x : s->stmts)
      in.push_back(mutate(x));
    std::vector<Stmt> out;
    for (size_t i = 0; i < in.size(); ++i) {
      auto *fill = dyn_cast<FillNode>(in[i].get());
      bool isAcc = fill && fill->dst.buffer->scope == Scope::Fragment && isConstZero(fill->value);
      bool feedsMatmul = false;
      for (size_t j = i + 1; isAcc && j < in.size() && !feedsMatmul; ++j)
        feedsMatmul = hasMatmul(in[j]);
      if (!isAcc || !feedsMatmul) {
        out.push_back(in[i]);
        continue;
      }
      const Buffer &acc = fill->dst.buffer;
      accumulator = acc.get();
      out.push_back(evaluate("tt.tile_regs_acquire", {}, fill->loc));
      // Statements up to the copy of the accumulator stay as they are, but
      // a reload of partial sums from a CB into it.
      size_t j = i + 1;
      for (; j < in.size(); ++j) {
        auto *cp = dyn_cast<CopyNode>(in[j].get());
        if (cp && cp->src.buffer == acc)
          break;
        if (cp && cp->dst.buffer == acc) {
          auto cb = md::kCBId.get(*cp->src.buffer);
          if (!cb || cp->src.buffer->scope == Scope::Global ||
              cp->src.buffer->dtype != acc->dtype) {
            ctx_.diag.error(cp->loc, "the accumulator '" + acc->name +
                                         "' can only be reloaded from a circular buffer of its "
                                         "own dtype");
            ok = false;
            return s;
          }
          int64_t n = tileCount(acc->shape);
          llvm::SMLoc loc = cp->loc;
          out.push_back(evaluate("tt.cb.wait_front", {intImm(*cb), intImm(n)}, loc));
          out.push_back(tileLoop(n, loc, [&](Expr t) {
            return evaluate("tt.copy_tile", {intImm(*cb), t, t}, loc);
          }));
          out.push_back(evaluate("tt.cb.pop_front", {intImm(*cb), intImm(n)}, loc));
          continue;
        }
        out.push_back(in[j]);
      }
      if (j == in.size()) {
        ctx_.diag.error(fill->loc,
                        "the accumulator '" + acc->name + "' is never copied out of the kernel");
        ok = false;
        return s;
      }
      auto *cp = static_cast<const CopyNode *>(in[j].get());
      bool toGlobal = cp->dst.buffer->scope == Scope::Global;
      const Buffer &target = toGlobal ? acc : cp->dst.buffer;
      auto cb = md::kCBId.get(*target);
      if (!cb) {
        ctx_.diag.error(cp->loc, "'" + target->name + "' has no circular buffer to pack into");
        ok = false;
        return s;
      }
      int64_t n = tileCount(acc->shape);
      llvm::SMLoc loc = cp->loc;
      out.push_back(evaluate("tt.tile_regs_commit", {}, loc));
      out.push_back(evaluate("tt.tile_regs_wait", {}, loc));
      // Packs go to the partial sums' CB and to the output's, in two
      // formats: configure the packer for this one.
      if (packInit_)
        out.push_back(evaluate("tt.pack.init", {intImm(*cb)}, loc));
      out.push_back(evaluate("tt.cb.reserve_back", {intImm(*cb), intImm(n)}, loc));
      out.push_back(tileLoop(n, loc, [&](Expr t) {
        return evaluate("tt.pack_tile", {t, intImm(*cb), t}, loc);
      }));
      out.push_back(evaluate("tt.cb.push_back", {intImm(*cb), intImm(n)}, loc));
      out.push_back(evaluate("tt.tile_regs_release", {}, loc));
      if (toGlobal)
        out.push_back(in[j]);
      i = j;
    }
    return seq(std::move(out), s->loc);
  }

private:
  PassContext &ctx_;
  bool packInit_;

  /// `body(t)` for t in [0, n): one statement when n is 1.
  template <typename F> static Stmt tileLoop(int64_t n, llvm::SMLoc loc, F body) {
    if (n == 1)
      return body(intImm(0));
    Var t = makeVar("t", DType::Int32, loc);
    return std::make_shared<const ForNode>(t, intImm(0), intImm(n), ForKind::Serial, 0, body(t),
                                           loc);
  }
};

constexpr std::string_view kFidelities[] = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};

bool knownFidelity(std::string_view name) {
  return std::find(std::begin(kFidelities), std::end(kFidelities), name) != std::end(kFidelities);
}

/// The math fidelity of `f` (see the header), or nullopt after an error.
std::optional<std::string> mathFidelity(const PrimFunc &f, PassContext &ctx) {
  const char *expected = "'LoFi', 'HiFi2', 'HiFi3' or 'HiFi4'";
  if (!ctx.mathFidelity.empty() && !knownFidelity(ctx.mathFidelity)) {
    ctx.diag.error(f.loc, "--math-fidelity=" + ctx.mathFidelity + ": expected " + expected);
    return std::nullopt;
  }
  std::optional<std::string> own = md::kMathFidelity.get(f);
  if (md::kMathFidelity.has(f) && (!own || !knownFidelity(*own))) {
    ctx.diag.error(f.loc, "kernel '" + f.name + "': tt.math_fidelity must be " + expected +
                              (own ? ", not '" + *own + "'" : std::string(", a string")));
    return std::nullopt;
  }
  if (ctx.mathFidelity.empty())
    return own.value_or("HiFi4");
  if (own && *own != ctx.mathFidelity) {
    ctx.diag.error(f.loc, "kernel '" + f.name + "' sets tt.math_fidelity = '" + *own +
                              "' but --math-fidelity=" + ctx.mathFidelity +
                              ": drop one of them (or make them agree)");
    return std::nullopt;
  }
  return ctx.mathFidelity;
}

} // namespace

bool ttllc::runDstManagement(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    std::optional<std::string> fidelity = mathFidelity(*f, ctx);
    if (!fidelity)
      return false;
    DstRewriter rw(ctx, md::kGemmPartialsCB.has(*f));
    Stmt body = rw.mutate(f->body);
    if (!rw.ok)
      return false;
    f->body = body;
    // A kernel without an accumulator (a copy) runs the matrix engine in the
    // default 16-bit mode; its plan states that too (tt-run requires it).
    bool fp32 = rw.accumulator && rw.accumulator->dtype == DType::Float32;
    md::kFp32DestAcc.set(*f, fp32);
    md::kDstCapacity.set(*f, fp32 ? ctx.target.dstTilesFp32 : ctx.target.dstTiles16);
    md::kMathFidelity.set(*f, *fidelity);
  }
  return true;
}
