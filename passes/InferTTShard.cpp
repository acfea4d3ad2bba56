//===- passes/InferTTShard.cpp - infer-tt-shard (WS2) -----------------------===//
//
// Reads: a kernel after apply-tt-defaults; the DRAM banks and alignment of
// the target.
// Guarantees, on every global buffer parameter (buffer attributes):
//   tt_role: "input" / "output" / "inout" / "unused", from the dataflow;
//   tt_layout = the function's tt_layout_type ("dram_interleaved");
//   tt_tile_shape = [32, 32];
//   tt_num_tiles_height, tt_num_tiles_width: tiles of the last two
//     dimensions (a 1-D buffer is one row of tiles);
//   tt_needs_padding: a tiled dimension is not a multiple of 32;
//   tt_padded_shape: the shape with the tiled dimensions rounded up to 32;
//   tt_tensor_accessor: the interleaved page layout, TensorAccessor style:
//     {page_size, aligned_page_size, num_pages, num_banks, alignment,
//      pages_per_bank}; page p lives in bank p % num_banks at offset
//     (p / num_banks) * aligned_page_size.
// Example: A: T.Tensor((100, 100), "bfloat16") on wormhole_b0 gets
//   tt_num_tiles_height = 4, tt_num_tiles_width = 4, tt_needs_padding = True,
//   tt_padded_shape = [128, 128], page_size 2048, 16 pages over 12 banks.
// Errors (at the buffer): a page count or size that does not fit int64
// (checked arithmetic; whether the pages fit the device's DRAM is checked
// by infer-tt-layout, which decides the buffer's memory).
//
//===----------------------------------------------------------------------===//

#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Analysis.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace ttllc;

bool ttllc::runInferTTShard(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    auto layout = md::kLayoutType.get(*f).value_or("dram_interleaved");
    if (layout != "dram_interleaved") {
      ctx.diag.error(f->loc, "unsupported tt_layout_type '" + layout +
                                 "' (supported: 'dram_interleaved'; request L1 or sharded "
                                 "buffers with a tt.layout_desc annotation)");
      return false;
    }
    int64_t th = md::kTileHeightAttr.get(*f).value_or(kTileHeight);
    int64_t tw = md::kTileWidthAttr.get(*f).value_or(kTileWidth);
    if (th != kTileHeight || tw != kTileWidth) {
      ctx.diag.error(f->loc, "only 32x32 tiles are supported, got tt_tile_height"
                             " = " +
                                 std::to_string(th) + ", tt_tile_width = " + std::to_string(tw));
      return false;
    }
    auto info = analyzeKernel(*f, ctx.diag);
    if (!info)
      return false;
    for (const Buffer &b : f->bufferParams()) {
      int64_t page = tileBytes(b->dtype);
      if (page == 0) {
        ctx.diag.error(b->loc, "buffer '" + b->name + "' has dtype " +
                                   std::string(dtypeName(b->dtype)) + ", which has no tile format");
        return false;
      }
      std::vector<int64_t> padded = b->shape;
      size_t rank = padded.size();
      int64_t h = rank >= 2 ? padded[rank - 2] : 1, w = padded[rank - 1];
      int64_t ht = ceilDivInt(h, kTileHeight), wt = ceilDivInt(w, kTileWidth);
      bool needsPadding = (rank >= 2 && h % kTileHeight != 0) || w % kTileWidth != 0;
      if (rank >= 2)
        padded[rank - 2] = ht * kTileHeight;
      padded[rank - 1] = wt * kTileWidth;
      std::optional<int64_t> pages = checkedTileCount(b->shape);
      if (!pages || !llvm::checkedMul(*pages, alignUp(page, ctx.target.dramAlignment))) {
        ctx.diag.error(b->loc, "buffer '" + b->name + "' has more than 2^63 bytes");
        return false;
      }

      md::kRole.set(*b, std::string(roleName(info->role(b))));
      if (!md::kLayout.has(*b))
        md::kLayout.set(*b, layout);
      md::kTileShape.set(*b, {th, tw});
      md::kNumTilesHeight.set(*b, ht);
      md::kNumTilesWidth.set(*b, wt);
      md::kNeedsPadding.set(*b, needsPadding);
      md::kPaddedShape.set(*b, padded);
      md::kTensorAccessor.set(*b,
                              md::TensorAccessor::interleaved(page, *pages, ctx.target.dramBanks,
                                                              ctx.target.dramAlignment));
    }
  }
  return true;
}
