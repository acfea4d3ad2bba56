//===- passes/Analysis.cpp - kernel dataflow facts -------------------------===//

#include "passes/Analysis.h"

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Target.h"
#include "support/Diagnostics.h"

#include "llvm/ADT/Twine.h"

using namespace ttllc;

std::string_view ttllc::roleName(BufferRole r) {
  switch (r) {
  case BufferRole::Unused:
    return "unused";
  case BufferRole::Input:
    return "input";
  case BufferRole::Output:
    return "output";
  case BufferRole::InOut:
    return "inout";
  }
  return "?";
}

namespace {

class Collector : public IRVisitor {
public:
  explicit Collector(KernelInfo &info) : info_(info) {}
  std::vector<const KernelNode *> kernels;
  std::vector<const GemmNode *> gemms;
  std::vector<const CopyNode *> copies;

protected:
  void visitKernel(const KernelNode *s) override {
    kernels.push_back(s);
    loops_.clear();
    IRVisitor::visitKernel(s);
  }
  void visitFor(const ForNode *s) override {
    int64_t saved = stages_;
    if (s->forKind == ForKind::Pipelined)
      stages_ = s->stages;
    loops_.push_back(s);
    IRVisitor::visitFor(s);
    loops_.pop_back();
    stages_ = saved;
  }
  void visitAlloc(const AllocNode *s) override {
    OnChipBuffer b;
    b.buffer = s->buffer;
    info_.onChip.push_back(b);
  }
  void visitCopy(const CopyNode *s) override {
    copies.push_back(s);
    mark(s->src.buffer, /*read=*/true);
    mark(s->dst.buffer, /*read=*/false);
    bool srcG = s->src.buffer->scope == Scope::Global, dstG = s->dst.buffer->scope == Scope::Global;
    if (srcG && !dstG)
      if (OnChipBuffer *o = find(s->dst.buffer)) {
        o->fromGlobal = true;
        o->stages = std::max(o->stages, stages_);
        if (!o->globalPeer)
          o->globalPeer = s->src.buffer;
      }
    if (dstG && !srcG)
      if (OnChipBuffer *o = find(s->src.buffer)) {
        o->toGlobal = true;
        o->stages = std::max(o->stages, stages_);
        if (!o->globalPeer)
          o->globalPeer = s->dst.buffer;
      }
    IRVisitor::visitCopy(s);
  }
  void visitGemm(const GemmNode *s) override {
    if (gemms.empty()) {
      if (loops_.empty())
        info_.gemmSteps = 1;
      else if (loops_.size() == 1)
        info_.gemmSteps = constantDifference(loops_[0]->end, loops_[0]->begin);
    }
    gemms.push_back(s);
    if (OnChipBuffer *o = find(s->c.buffer))
      o->gemmAccumulator = true;
    mark(s->a.buffer, true);
    mark(s->b.buffer, true);
    IRVisitor::visitGemm(s);
  }
  void visitStore(const StoreNode *s) override {
    mark(s->buffer, false);
    IRVisitor::visitStore(s);
  }
  void visitLoad(const LoadNode *e) override {
    mark(e->buffer, true);
    IRVisitor::visitLoad(e);
  }
  void visitFill(const FillNode *s) override {
    mark(s->dst.buffer, false);
    IRVisitor::visitFill(s);
  }

private:
  KernelInfo &info_;
  int64_t stages_ = 0;
  std::vector<const ForNode *> loops_; // inside the T.Kernel

  OnChipBuffer *find(const Buffer &b) {
    for (OnChipBuffer &o : info_.onChip)
      if (o.buffer == b)
        return &o;
    return nullptr;
  }
  void mark(const Buffer &b, bool read) {
    if (b->scope != Scope::Global)
      return;
    BufferRole &r = info_.roles[b.get()];
    BufferRole add = read ? BufferRole::Input : BufferRole::Output;
    r = r == BufferRole::Unused || r == add ? add : BufferRole::InOut;
  }
};

/// K in tiles for `g`: the reduction axis of operand A (or B) traced back
/// through the copy that loads it from a global buffer.
std::optional<int64_t> reductionTiles(const GemmNode *g, const std::vector<const CopyNode *> &cps) {
  struct Operand {
    const Region *r;
    int64_t kAxis;
  } ops[] = {{&g->a, g->transA ? 0 : 1}, {&g->b, g->transB ? 1 : 0}};
  for (const Operand &op : ops) {
    for (const CopyNode *c : cps) {
      if (c->dst.buffer != op.r->buffer || c->src.buffer->scope != Scope::Global)
        continue;
      const Buffer &global = c->src.buffer;
      // The copy aligns dimensions at the end; the operand is 2-D.
      int64_t axis = int64_t(global->shape.size()) - 2 + op.kAxis;
      if (axis < 0)
        continue;
      return ceilDivInt(global->shape[size_t(axis)], kTileWidth);
    }
  }
  return std::nullopt;
}

} // namespace

std::pair<int64_t, int64_t> ttllc::chooseSubBlock(int64_t mt, int64_t nt, int64_t capacity) {
  int64_t sh = 1, sw = 1;
  // h * w <= capacity bounds both loops (a block of 2^25 x 2^25 tiles is
  // cheap to split).
  for (int64_t h = 1; h <= std::min(mt, capacity); ++h)
    for (int64_t w = 1; w <= std::min(nt, capacity / h); ++w)
      if (mt % h == 0 && nt % w == 0 && h * w <= capacity &&
          (h * w > sh * sw || (h * w == sh * sw && w > sw)))
        sh = h, sw = w;
  return {sh, sw};
}

int64_t ttllc::dstCapacity(const TargetInfo &t, DType acc) {
  return acc == DType::Float32 ? t.dstTilesFp32 : t.dstTiles16;
}

std::optional<KernelInfo> ttllc::analyzeKernel(const PrimFunc &f, Diagnostics &diag) {
  KernelInfo info;
  Collector c(info);
  c.visit(f.body);
  if (c.kernels.size() != 1) {
    diag.error(c.kernels.empty() ? f.loc : c.kernels[1]->loc,
               "function '" + f.name + "' must launch exactly one T.Kernel, found " +
                   llvm::Twine(c.kernels.size()));
    return std::nullopt;
  }
  info.kernel = c.kernels.front();
  for (const Expr &g : info.kernel->grid)
    info.grid.push_back(asConstInt(g).value_or(1));
  for (const GemmNode *g : c.gemms)
    if ((info.kTiles = reductionTiles(g, c.copies)))
      break;
  info.gemm = c.gemms.empty() ? nullptr : c.gemms.front();
  info.copies = std::move(c.copies);
  return info;
}

md::RuntimeArgs ttllc::runtimeArgNames(const PrimFunc &f, const KernelInfo &info,
                                       const std::vector<std::string> &work) {
  md::RuntimeArgs args;
  for (const Buffer &b : f.bufferParams()) {
    BufferRole r = info.role(b);
    if (r == BufferRole::Input || r == BufferRole::InOut)
      args.reader.push_back(b->name + "_addr");
    if (r == BufferRole::Output || r == BufferRole::InOut)
      args.writer.push_back(b->name + "_addr");
  }
  for (auto *program : {&args.reader, &args.compute, &args.writer}) {
    program->insert(program->end(), work.begin(), work.end());
    program->push_back("grid_x");
    program->push_back("grid_y");
  }
  if (info.kTiles) {
    args.reader.push_back("Kt");
    args.compute.push_back("Kt");
  }
  return args;
}
