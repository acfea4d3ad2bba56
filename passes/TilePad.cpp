//===- passes/TilePad.cpp - tile-pad --------------------------------------===//
//
// Reads: a kernel after the metadata passes, still in T.Kernel form (block
// indices range over the kernel grid, loop variables over their bounds).
// Guarantees, on every global buffer (buffer attributes):
//   tt_pad_mode = "host" when the buffer is not a whole number of tiles: its
//     DRAM pages hold the tensor zero-padded to tt_padded_shape; the host
//     zero-pads when it tilizes the tensor for upload and drops the padding
//     when it untilizes the result, so edge tiles read zeros outside the
//     tensor and the padding written by the writer never reaches the user;
//   tt_tile_guard = True when some copy's region can reach past the buffer's
//     tile grid (a block overhanging the padded tensor, e.g. 64-row blocks
//     over 160 rows): memory-space-lower then guards each tile, the reader
//     zero-fills tiles past the grid and the writer skips them.
// Example: M = 100 gives A tt_pad_mode "host" (4x4 tiles, 128x128 padded)
// and no guard with 32x32 blocks; M = 130 with 64-row blocks needs a guard
// (blocks reach tile row 5, the grid has 5 rows 0-4).
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
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
    if (b->scope != Scope::Global || b->attrs.getBool("tt_tile_guard").value_or(false))
      return;
    auto padded = b->attrs.get("tt_padded_shape");
    auto shape = padded ? padded->getInts() : std::nullopt;
    if (!shape)
      return;
    for (size_t d = 0; d < r.starts.size(); ++d) {
      auto hi = maxOf(r.starts[d]);
      if (!hi || *hi + r.extents[d] > (*shape)[d]) {
        b->attrs.set("tt_tile_guard", true);
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
    for (const Buffer &b : f->bufferParams())
      if (b->attrs.getBool("tt_needs_padding").value_or(false))
        b->attrs.set("tt_pad_mode", "host");
    GuardFinder g;
    g.visit(f->body);
  }
  return true;
}
