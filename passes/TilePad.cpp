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
// Errors (located at the index expression): every block's region must start
// inside the tensor (0 <= start < the dimension; it may overhang the end),
// and no subexpression of a start may leave 32 bits (int32) for any block
// or loop index: the device computes indices in 32 bits, and the lowering's
// tile and page arithmetic relies on both (checked arithmetic, no wrap).
// Example: M = 100 (4x4 tiles, 128x128 padded) needs no guard with 32x32
// blocks; M = 130 with 64-row blocks needs one (blocks reach tile row 5, the
// grid has 5 rows 0-4). `A[by * 32 - 32, ...]` is an error (block 0 starts
// at row -32), as is `A[by * 32 * 2097152 * 2097152, ...]` (by * 32 *
// 2097152 * 2097152 overflows int32 for by = 1).
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Metadata.h"
#include "ir/Printer.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace ttllc;

namespace {

/// Marks global buffers whose copied regions can overhang their tile grid
/// and reports regions that can start outside their tensor or whose start
/// overflows 32 bits.
class GuardFinder : public IRVisitor {
public:
  explicit GuardFinder(Diagnostics &diag) : diag_(diag) {}
  VarRanges ranges;
  bool ok = true;

protected:
  void visitKernel(const KernelNode *s) override {
    for (size_t i = 0; i < s->vars.size(); ++i)
      ranges[s->vars[i].get()] = {0, asConstInt(s->grid[i]).value_or(1) - 1};
    IRVisitor::visitKernel(s);
  }
  void visitFor(const ForNode *s) override {
    auto b = asConstInt(s->begin), e = asConstInt(s->end);
    if (b && e && *b < *e)
      ranges[s->var.get()] = {*b, *e - 1};
    IRVisitor::visitFor(s);
  }
  void visitCopy(const CopyNode *s) override {
    check(s->src, s->loc);
    check(s->dst, s->loc);
  }

private:
  Diagnostics &diag_;

  void error(const Expr &at, llvm::SMLoc fallback, const std::string &msg) {
    if (ok)
      diag_.error(at->loc.isValid() ? at->loc : fallback, msg);
    ok = false;
  }
  void check(const Region &r, llvm::SMLoc loc) {
    const Buffer &b = r.buffer;
    if (b->scope != Scope::Global)
      return;
    if (r.loc.isValid())
      loc = r.loc;
    auto shape = md::kPaddedShape.get(*b);
    if (!shape || shape->size() != r.starts.size() || b->shape.size() != r.starts.size())
      return;
    for (size_t d = 0; d < r.starts.size(); ++d) {
      const Expr &start = r.starts[d];
      const ExprNode *overflow = nullptr;
      auto range = rangeOf(start, ranges, &overflow);
      if (overflow) {
        Expr at = start;
        auto find = [&](auto &self, const Expr &e) -> void {
          if (e.get() == overflow)
            at = e;
          else if (auto *x = llvm::dyn_cast<BinaryNode>(e.get()))
            self(self, x->a), self(self, x->b);
          else if (auto *u = llvm::dyn_cast<UnaryNode>(e.get()))
            self(self, u->a);
        };
        find(find, start);
        return error(at, loc,
                     "index arithmetic overflows: '" + toString(at) +
                         "' can leave the 32-bit range [-2147483648, 2147483647] of device "
                         "indices for the block and loop indices of this kernel");
      }
      if (auto exact = linearRange(start))
        range = exact;
      if (!range) {
        md::kTileGuard.set(*b, true); // an unknown start may overhang
        continue;
      }
      int64_t dim = b->shape[d];
      if (range->lo < 0 || range->hi >= dim)
        return error(start, loc,
                     "the region of '" + b->name + "' can start at index " +
                         std::to_string(range->lo < 0 ? range->lo : range->hi) + " of dimension " +
                         std::to_string(d) + ", outside the tensor's [0, " + std::to_string(dim) +
                         "): every block must start inside the tensor");
      if (range->hi + r.extents[d] > (*shape)[d])
        md::kTileGuard.set(*b, true);
    }
  }
  /// The exact range of a linear integer expression over the known ranges
  /// (interval arithmetic is looser when a var occurs twice).
  std::optional<IntRange> linearRange(const Expr &e) {
    auto lin = asLinear(e);
    if (!lin)
      return std::nullopt;
    std::optional<int64_t> lo = lin->constant, hi = lin->constant;
    for (const auto &[var, k] : lin->terms) {
      auto it = ranges.find(var.get());
      if (it == ranges.end())
        return std::nullopt;
      auto a = llvm::checkedMul(k, it->second.lo), b = llvm::checkedMul(k, it->second.hi);
      if (!a || !b || !lo || !hi)
        return std::nullopt;
      lo = llvm::checkedAdd(*lo, std::min(*a, *b));
      hi = llvm::checkedAdd(*hi, std::max(*a, *b));
    }
    if (!lo || !hi)
      return std::nullopt;
    return IntRange{*lo, *hi};
  }
};

} // namespace

bool ttllc::runTilePad(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    GuardFinder g(ctx.diag);
    g.visit(f->body);
    if (!g.ok)
      return false;
  }
  return true;
}
