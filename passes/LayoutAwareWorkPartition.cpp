//===- passes/LayoutAwareWorkPartition.cpp - layout-aware-work-partition ----===//
//
// Reads: a kernel after infer-tt-schedule and infer-tt-layout.
// Guarantees (function attributes):
//   tt.partition_mode: "global" when the inputs are interleaved (the blocks of
//     the kernel grid are split into contiguous row-major ranges, as
//     tt_tiles_per_core says), "local_shard" when an input is L1-sharded (each
//     core works on the blocks of its own shard);
//   tt.core_grid = [x, y]; tt.grid_tiles = [blocks_y, blocks_x];
//   tt.core_ranges = inclusive rectangles [x0, y0, x1, y1] of the active
//     cores (at most two in global mode: full rows, then a partial row);
//   tt.work_partition = one entry per active core: [x, y, start, count]
//     (global) or [x, y, start, count, tile_y0, tile_x0, tiles_h, tiles_w]
//     (local_shard) -- per core, never per block, so the cost is O(cores);
//   tt.runtime_args = the runtime-argument names of each program in this mode;
//   local_shard only: tt.shard_grid = [x, y], tt.local_shape_tiles = [h, w].
// Validation: sharded inputs that disagree on the shard grid, a kernel grid
// that the shard grid does not divide.
// Example: 100 blocks (10x10) on the 8x8 wormhole grid: global mode, one
// range [0, 0, 7, 7], cores 0-35 do two blocks and cores 36-63 one.
//
//===----------------------------------------------------------------------===//

#include "ir/Diagnostics.h"
#include "passes/Analysis.h"
#include "passes/Passes.h"

using namespace ttllc;

namespace {

/// The shard grid of an L1-sharded input buffer, or nullopt.
std::optional<std::vector<int64_t>> shardGridOf(const Buffer &b) {
  const AttrValue *desc = b->attrs.get("tt.layout_desc");
  if (!desc || !desc->isDict() || desc->getDict().getString("layout") != "sharded")
    return std::nullopt;
  const AttrValue *nd = desc->getDict().get("nd_shard");
  const AttrValue *grid = nd && nd->isDict() ? nd->getDict().get("shard_grid") : nullptr;
  return grid ? grid->getInts() : std::nullopt;
}

} // namespace

bool ttllc::runLayoutAwareWorkPartition(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    auto info = analyzeKernel(*f, "layout-aware-work-partition", ctx.diag);
    if (!info)
      return false;
    const AttrValue *perCore = f->attrs.get("tt_tiles_per_core");
    if (!perCore || !perCore->isList()) {
      ctx.diag.error(f->loc, "layout-aware-work-partition needs tt_tiles_per_core: run "
                             "infer-tt-schedule first");
      return false;
    }
    int64_t gx = ctx.target.gridX;
    int64_t blocksX = info->grid[0], blocksY = info->grid.size() > 1 ? info->grid[1] : 1;

    std::optional<std::vector<int64_t>> shardGrid;
    const BufferNode *shardedBy = nullptr;
    for (const Buffer &b : f->bufferParams()) {
      BufferRole r = info->role(b);
      auto g = shardGridOf(b);
      if (!g || (r != BufferRole::Input && r != BufferRole::InOut))
        continue;
      if (shardGrid && *shardGrid != *g) {
        ctx.diag.error(b->loc, "sharded inputs '" + shardedBy->name + "' and '" + b->name +
                                   "' have different shard grids");
        return false;
      }
      shardGrid = g;
      shardedBy = b.get();
    }

    AttrValue::List work, ranges;
    int64_t active = 0;
    if (!shardGrid) {
      for (const AttrValue &r : perCore->getList()) {
        auto sc = r.getInts();
        if (sc && (*sc)[1] > 0)
          work.push_back(AttrValue::ints({active % gx, active / gx, (*sc)[0], (*sc)[1]})), ++active;
      }
      // Active cores are a prefix of the row-major core order.
      if (active / gx > 0)
        ranges.push_back(AttrValue::ints({0, 0, gx - 1, active / gx - 1}));
      if (active % gx > 0)
        ranges.push_back(AttrValue::ints({0, active / gx, active % gx - 1, active / gx}));
      f->attrs.set("tt.partition_mode", "global");
      f->attrs.set("tt.runtime_args", runtimeArgNames(*f, *info, {"start_id", "count"}));
    } else {
      int64_t sx = (*shardGrid)[0], sy = (*shardGrid)[1];
      if (blocksX % sx != 0 || blocksY % sy != 0) {
        ctx.diag.error(shardedBy->loc, "the kernel grid of " + std::to_string(blocksX) + "x" +
                                           std::to_string(blocksY) +
                                           " blocks does not divide evenly over the " +
                                           std::to_string(sx) + "x" + std::to_string(sy) +
                                           " shard grid of '" + shardedBy->name + "'");
        return false;
      }
      int64_t lw = blocksX / sx, lh = blocksY / sy;
      for (int64_t y = 0; y < sy; ++y)
        for (int64_t x = 0; x < sx; ++x)
          work.push_back(
              AttrValue::ints({x, y, y * lh * blocksX + x * lw, lh * lw, y * lh, x * lw, lh, lw}));
      ranges.push_back(AttrValue::ints({0, 0, sx - 1, sy - 1}));
      f->attrs.set("tt.partition_mode", "local_shard");
      f->attrs.set("tt.shard_grid", AttrValue::ints({sx, sy}));
      f->attrs.set("tt.local_shape_tiles", AttrValue::ints({lh, lw}));
      f->attrs.set("tt.runtime_args", runtimeArgNames(*f, *info,
                                                      {"shard_x", "shard_y", "tile_y0", "tile_x0",
                                                       "tiles_h", "tiles_w"}));
    }
    f->attrs.set("tt.core_grid", AttrValue::ints({gx, ctx.target.gridY}));
    f->attrs.set("tt.grid_tiles", AttrValue::ints({blocksY, blocksX}));
    f->attrs.set("tt.core_ranges", std::move(ranges));
    f->attrs.set("tt.work_partition", std::move(work));
  }
  return true;
}
