//===- passes/TilePad.cpp - tile-pad --------------------------------------===//
//
// Reads: a kernel after the metadata passes, still in T.Kernel form (block
// indices range over the kernel grid, loop variables over their bounds).
// Guarantees, on every global buffer (buffer attributes):
//   tt_tile_guard = True when some copy's region can reach past the buffer's
//     tile grid (a block overhanging the padded tensor, e.g. 64-row blocks
//     over 160 rows): memory-space-lower then guards each tile, the reader
//     zero-fills tiles past the grid and the writer skips them.
// A tensor that is not a whole number of tiles needs nothing more: its DRAM
// pages hold it zero-padded to tt_padded_shape (the host zero-pads when it
// tilizes it for upload, as the plan's needs_padding says, and drops the
// padding when it untilizes the result), so edge tiles read zeros outside
// the tensor and the padding written by the writer never reaches the user.
// Example: M = 100 (4x4 tiles, 128x128 padded) needs no guard with 32x32
// blocks; M = 130 with 64-row blocks needs one (blocks reach tile row 5, the
// grid has 5 rows 0-4).
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include <map>

using namespace ttllc;

namespace {

/// Marks global buffers whose copied regions can overhang their tile grid.
class GuardFinder : public IRVisitor {
public:
  std::map<const VarNode *, std::pair<int64_t, int64_t>> ranges; // inclusive

protected:
  void visitKernel(const KernelNode *s) override {
    for (size_t i = 0; i < s->vars.size(); ++i)
      ranges[s->vars[i].get()] = {0, asConstInt(s->grid[i]).value_or(1) - 1};
    IRVisitor::visitKernel(s);
  }
  void visitFor(const ForNode *s) override {
    auto b = asConstInt(s->begin), e = asConstInt(s->end);
    if (b && e)
      ranges[s->var.get()] = {*b, *e - 1};
    IRVisitor::visitFor(s);
  }
  void visitCopy(const CopyNode *s) override {
    check(s->src);
    check(s->dst);
  }

private:
  void check(const Region &r) {
    const Buffer &b = r.buffer;
    if (b->scope != Scope::Global || md::kTileGuard.get(*b).value_or(false))
      return;
    auto shape = md::kPaddedShape.get(*b);
    if (!shape || shape->size() != r.starts.size())
      return;
    for (size_t d = 0; d < r.starts.size(); ++d) {
      auto hi = maxOf(r.starts[d]);
      if (!hi || *hi + r.extents[d] > (*shape)[d]) {
        md::kTileGuard.set(*b, true);
        return;
      }
    }
  }
  /// The largest value of an integer expression over the known ranges.
  std::optional<int64_t> maxOf(const Expr &e) {
    auto lin = asLinear(e);
    if (!lin)
      return std::nullopt;
    int64_t v = lin->constant;
    for (const auto &[var, k] : lin->terms) {
      auto it = ranges.find(var.get());
      if (it == ranges.end())
        return std::nullopt;
      v += k * (k > 0 ? it->second.second : it->second.first);
    }
    return v;
  }
};

} // namespace

bool ttllc::runTilePad(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    GuardFinder g;
    g.visit(f->body);
  }
  return true;
}
