//===- passes/PropagateTTLayout.cpp - propagate-tt-layout (roadmap) ---------===//
//
// Reads: a kernel after infer-tt-layout; its dataflow (passes/Analysis.h).
// Guarantees: every on-chip buffer that will become a circular buffer has a
// buffer attribute tt_cb_id and the function has "tt.cb_descriptors":
//   {"cb_<id>": {"cb_id", "buffer", "role", "data_format", "page_size",
//                "tiles_per_block", "depth", "num_pages", "total_size"}}.
// Which buffers are CBs, from the dataflow (never from names):
//   input        - loaded by a copy from a global buffer: ids 0-15, upward;
//   output       - stored by a copy to a global buffer: ids 16-31, upward;
//                  its pages have the global buffer's format (pack converts);
//   intermediate - other shared buffers, except gemm accumulators: ids
//                  16-31, downward from 31.
// A gemm accumulator that is not copied to global memory lives in DST, not in
// a CB. Pages are 32x32 tiles; depth is the num_stages of the pipelined loop
// around the buffer's copies, at least 2 (double buffering); num_pages =
// depth * tiles per block.
// When a gemm's output block does not fit DST (passes/Analysis.h,
// chooseSubBlock), the function gets tt.gemm_subblock = [sh, sw] and the CB
// of its output holds one sub-block's pages per push. When the gemm's K
// steps are a known count (no loop, or one loop of constant trip count
// around it in the kernel) it also gets tt.gemm_reuse: the A and B CBs keep
// whole blocks (every sub-block uses them, docs/lowering.md "Data reuse")
// and, with more than one K step, an intermediate CB
// "<accumulator>_partials" in the accumulator's format holds the partial
// sums of all sub-blocks between K steps (tt.gemm_partials_cb: its id;
// tiles_per_block one sub-block, depth the number of sub-blocks); it counts
// in the L1 check like any CB. Otherwise the operands' CBs hold one
// sub-block's share too (their panels are streamed once per sub-block).
// Validation: more CBs than the target has (32), more than 16 inputs or
// than 16 outputs and intermediates, and CBs plus L1-resident buffers that do
// not fit the target's L1 above TT_L1_CB_BASE (where the runtime places
// them); sizes are checked products and sums (a CB of more
// than 2^63 bytes is an error at its buffer, it does not wrap to a size that
// passes the L1 check).
// Example: the 32x32x32-block GEMM gets cb_0 (A_shared, Float16_b, 2 pages),
// cb_1 (B_shared) and cb_16 (C_local, packed to C's Float16_b).
//
//===----------------------------------------------------------------------===//

#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Analysis.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "tt/device_abi.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <map>

using namespace ttllc;

bool ttllc::runPropagateTTLayout(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    auto info = analyzeKernel(*f, ctx.diag);
    if (!info)
      return false;
    enum Role { Input, Output, Intermediate };
    static const char *roleNames[] = {"input", "output", "intermediate"};
    std::vector<std::pair<const OnChipBuffer *, Role>> cbs;
    int64_t inputs = 0;
    for (const OnChipBuffer &o : info->onChip) {
      if (o.fromGlobal)
        cbs.emplace_back(&o, Input), ++inputs;
      else if (o.toGlobal)
        cbs.emplace_back(&o, Output);
      else if (o.buffer->scope == Scope::Shared && !o.gemmAccumulator)
        cbs.emplace_back(&o, Intermediate);
    }
    auto tooMany = [&](const std::string &what) {
      ctx.diag.error(f->loc, "kernel '" + f->name + "' needs " + what);
      return false;
    };
    int64_t total = int64_t(cbs.size());
    if (total > ctx.target.numCBs)
      return tooMany(std::to_string(total) + " circular buffers, more than the " +
                     std::to_string(ctx.target.numCBs) + " of " + ctx.target.name);
    if (inputs > 16)
      return tooMany(std::to_string(inputs) + " input circular buffers, more than ids 0-15 hold");
    if (total - inputs > ctx.target.numCBs - 16)
      return tooMany(std::to_string(total - inputs) +
                     " output and intermediate circular buffers, more than ids 16-" +
                     std::to_string(ctx.target.numCBs - 1) + " hold");

    // A gemm whose output block does not fit DST is computed in sub-blocks:
    // its output CB then carries one sub-block's share per push. With a
    // known number of K steps the A and B CBs hold whole blocks, which every
    // sub-block uses (reuse), and partial sums wait in an intermediate CB
    // between K steps; otherwise the inputs are streamed per sub-block and
    // their CBs carry the sub-block's share too.
    std::map<const BufferNode *, int64_t> subBlockTiles;
    const GemmNode *g = info->gemm;
    bool reuse = false;
    int64_t partialsTiles = 0, partialsDepth = 0;
    if (g && g->c.buffer->shape.size() == 2 && g->a.buffer->shape.size() == 2) {
      const Buffer &acc = g->c.buffer;
      int64_t mt = ceilDivInt(acc->shape[0], 32), nt = ceilDivInt(acc->shape[1], 32);
      auto [sh, sw] = chooseSubBlock(mt, nt, dstCapacity(ctx.target, acc->dtype));
      md::kGemmSubBlock.set(*f, {sh, sw});
      if (sh * sw < mt * nt) {
        reuse = info->gemmSteps && *info->gemmSteps >= 1;
        if (!reuse) {
          int64_t kb = ceilDivInt(g->a.buffer->shape[1], 32);
          subBlockTiles[g->a.buffer.get()] = sh * kb;
          subBlockTiles[g->b.buffer.get()] = kb * sw;
        } else if (*info->gemmSteps > 1) {
          partialsTiles = sh * sw;
          partialsDepth = mt / sh * (nt / sw);
        }
        subBlockTiles[acc.get()] = sh * sw;
        for (const OnChipBuffer &o : info->onChip)
          for (const CopyNode *c : info->copies)
            if (c->src.buffer == acc && c->dst.buffer == o.buffer)
              subBlockTiles[o.buffer.get()] = sh * sw;
      }
    }
    if (reuse)
      md::kGemmReuse.set(*f, true);
    std::vector<md::CBDescriptor> descs;
    int64_t cbBytes = 0, nextIn = 0, nextOut = 16, nextMid = ctx.target.numCBs - 1;
    if (partialsTiles && total - inputs + 1 > ctx.target.numCBs - 16)
      return tooMany(std::to_string(total - inputs + 1) +
                     " output and intermediate circular buffers (one for the gemm's partial "
                     "sums), more than ids 16-" +
                     std::to_string(ctx.target.numCBs - 1) + " hold");
    for (const auto &[o, role] : cbs) {
      int64_t id = role == Input ? nextIn++ : role == Output ? nextOut++ : nextMid--;
      DType format = role == Output && o->globalPeer ? o->globalPeer->dtype : o->buffer->dtype;
      std::optional<int64_t> tiles = checkedTileCount(o->buffer->shape);
      // Pages per push when the gemm works in sub-blocks (tensorize-gemm).
      if (auto it = subBlockTiles.find(o->buffer.get()); it != subBlockTiles.end())
        tiles = it->second;
      int64_t depth = std::max<int64_t>(2, o->stages);
      int64_t page = tileBytes(format);
      // Checked: a wrapped size could pass the L1 check below.
      auto pages = tiles ? llvm::checkedMul(depth, *tiles) : std::nullopt;
      auto bytes = pages ? llvm::checkedMul(*pages, page) : std::nullopt;
      auto sum = bytes ? llvm::checkedAdd(cbBytes, *bytes) : std::nullopt;
      if (!sum) {
        ctx.diag.error(o->buffer->loc, "the circular buffer of '" + o->buffer->name +
                                           "' needs more than 2^63 bytes of L1");
        return false;
      }
      descs.push_back({id, o->buffer->name, roleNames[role], std::string(dataFormatName(format)),
                       page, *tiles, depth, *pages, *bytes});
      cbBytes = *sum;
      md::kCBId.set(*o->buffer, id);
    }
    if (partialsTiles) {
      // The partial sums of every sub-block of the block, in the
      // accumulator's format (the DST format: reloading them is exact).
      DType format = g->c.buffer->dtype;
      int64_t page = tileBytes(format);
      auto pages = llvm::checkedMul(partialsTiles, partialsDepth);
      auto bytes = pages ? llvm::checkedMul(*pages, page) : std::nullopt;
      auto sum = bytes ? llvm::checkedAdd(cbBytes, *bytes) : std::nullopt;
      if (!sum) {
        ctx.diag.error(g->c.buffer->loc, "the partial sums of '" + g->c.buffer->name +
                                             "' need more than 2^63 bytes of L1");
        return false;
      }
      int64_t id = nextMid--;
      descs.push_back({id, g->c.buffer->name + "_partials", roleNames[Intermediate],
                       std::string(dataFormatName(format)), page, partialsTiles, partialsDepth,
                       *pages, *bytes});
      cbBytes = *sum;
      md::kGemmPartialsCB.set(*f, id);
    }
    int64_t l1Buffers = 0;
    for (const Buffer &b : f->bufferParams())
      l1Buffers = llvm::checkedAdd(l1Buffers, l1BytesPerCore(*b, ctx.target)).value_or(INT64_MAX);
    // The runtime places them from TT_L1_CB_BASE (below: runtime arguments
    // and kernel text, tt/device_abi.h).
    int64_t room = ctx.target.l1Bytes - TT_L1_CB_BASE;
    if (llvm::checkedAdd(cbBytes, l1Buffers).value_or(INT64_MAX) > room) {
      ctx.diag.error(f->loc, "the circular buffers (" + std::to_string(cbBytes) +
                                 " bytes) and L1 buffers (" + std::to_string(l1Buffers) +
                                 " bytes) of '" + f->name + "' need more than the " +
                                 std::to_string(room) + " bytes of L1 that " + ctx.target.name +
                                 " has for them (its " + std::to_string(ctx.target.l1Bytes) +
                                 " less the " + std::to_string(TT_L1_CB_BASE) +
                                 " of runtime arguments and kernels)");
      return false;
    }
    md::kCBDescriptors.set(*f, descs);
  }
  return true;
}
