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
// In local_shard mode the core of shard (x, y) computes exactly the blocks
// whose copies read that shard: the index expressions of the copies from the
// sharded buffer say which block index walks each sharded dimension (A[by *
// 64, k * 32] with 64-row shards of 128 rows: shard y does blocks by in
// [2y, 2y + 2)). A shard past the last block has no work.
// Validation: sharded inputs that disagree on the shard grid; a sharded
// dimension read by a loop variable or not in whole blocks (the core would
// need another core's shard); shard sizes that are not whole blocks.
// Example: 100 blocks (10x10) on the 8x8 wormhole grid: global mode, one
// range [0, 0, 7, 7], cores 0-35 do two blocks and cores 36-63 one.
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/Metadata.h"
#include "ir/Printer.h"
#include "passes/Analysis.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include <array>

using namespace ttllc;

namespace {

struct ShardSpec {
  const BufferNode *buffer;
  int64_t grid[2];  // shards along dimension 0 (rows: shard y) and 1 (columns: shard x)
  int64_t shape[2]; // elements per shard along dimensions 0 and 1
};

/// The shard spec of an L1-sharded buffer, or nullopt.
std::optional<ShardSpec> shardSpecOf(const Buffer &b) {
  auto desc = md::kLayoutDesc.get(*b);
  if (!desc || !desc->isSharded() || !desc->ndShard)
    return std::nullopt;
  const md::Int2 &g = desc->ndShard->shardGrid, &sh = desc->ndShard->shardShape;
  // shard_grid is [x, y]: x shards split the columns (dimension 1).
  return ShardSpec{b.get(), {g[1], g[0]}, {sh[0], sh[1]}};
}

/// How the shards of one buffer dimension map onto a kernel grid axis: shard
/// j holds the blocks [j * blocksPerShard, (j + 1) * blocksPerShard) of
/// `axis` (-1: the dimension is not split).
struct DimMapping {
  int axis = -1;
  int64_t blocksPerShard = 0;
};

const char *kDimNames[] = {"rows", "columns"};

} // namespace

/// Maps the sharded dimensions of `spec` to kernel grid axes through the
/// index expressions of the copies that read the buffer, or reports why the
/// shards do not line up with the blocks.
static std::optional<std::array<DimMapping, 2>>
mapShards(const ShardSpec &spec, const KernelInfo &info, Diagnostics &diag) {
  std::array<DimMapping, 2> map;
  bool seenCopy = false;
  const std::string name = spec.buffer->name;
  for (const CopyNode *c : info.copies) {
    if (c->src.buffer.get() != spec.buffer)
      continue;
    seenCopy = true;
    for (int d = 0; d < 2; ++d) {
      if (spec.grid[d] == 1)
        continue;
      const Expr &start = c->src.starts[size_t(d)];
      int64_t extent = c->src.extents[size_t(d)];
      auto lin = asLinear(start);
      int axis = -1;
      if (lin && lin->terms.size() == 1 && lin->constant == 0)
        for (size_t i = 0; i < info.kernel->vars.size(); ++i)
          if (lin->terms[0].first == info.kernel->vars[i])
            axis = int(i);
      if (axis < 0 || lin->terms[0].second != extent) {
        diag.error(c->loc, "the shards of '" + name + "' split its " + kDimNames[d] +
                               ", but this copy does not read them in whole blocks of one block "
                               "index (start '" +
                               toString(start) +
                               "'); local_shard needs each core's blocks to "
                               "read only its own shard");
        return std::nullopt;
      }
      if (spec.shape[d] % extent != 0) {
        diag.error(c->loc, "the shards of '" + name + "' hold " + std::to_string(spec.shape[d]) +
                               " " + kDimNames[d] + ", not a multiple of the " +
                               std::to_string(extent) + " " + kDimNames[d] + " each block reads");
        return std::nullopt;
      }
      DimMapping m{axis, spec.shape[d] / extent};
      if (map[size_t(d)].axis >= 0 &&
          (map[size_t(d)].axis != m.axis || map[size_t(d)].blocksPerShard != m.blocksPerShard)) {
        diag.error(c->loc, "copies of '" + name + "' read its " + kDimNames[d] +
                               " with different block indices");
        return std::nullopt;
      }
      map[size_t(d)] = m;
    }
  }
  if (!seenCopy) {
    diag.error(spec.buffer->loc, "sharded input '" + name + "' is not read by a T.copy");
    return std::nullopt;
  }
  if (map[0].axis >= 0 && map[0].axis == map[1].axis) {
    diag.error(spec.buffer->loc, "the row and column shards of '" + name +
                                     "' are both indexed by the same block index");
    return std::nullopt;
  }
  return map;
}

bool ttllc::runLayoutAwareWorkPartition(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    auto info = analyzeKernel(*f, ctx.diag);
    if (!info)
      return false;
    auto perCore = md::kTilesPerCore.get(*f);
    if (!perCore) {
      ctx.diag.error(f->loc, "layout-aware-work-partition needs " +
                                 std::string(md::kTilesPerCore.name()) +
                                 ": run infer-tt-schedule first");
      return false;
    }
    int64_t gx = ctx.target.gridX;
    int64_t blocksX = info->grid[0], blocksY = info->grid.size() > 1 ? info->grid[1] : 1;

    std::optional<ShardSpec> shard;
    for (const Buffer &b : f->bufferParams()) {
      BufferRole r = info->role(b);
      auto spec = shardSpecOf(b);
      if (!spec || (r != BufferRole::Input && r != BufferRole::InOut))
        continue;
      if (shard && (shard->grid[0] != spec->grid[0] || shard->grid[1] != spec->grid[1])) {
        ctx.diag.error(b->loc, "sharded inputs '" + shard->buffer->name + "' and '" + b->name +
                                   "' have different shard grids");
        return false;
      }
      shard = spec;
    }

    std::vector<md::CoreWork> work;
    std::vector<md::CoreRange> ranges;
    int64_t active = 0;
    if (!shard) {
      for (const md::TileRange &r : *perCore)
        if (r.count > 0)
          work.push_back({active % gx, active / gx, r.start, r.count, std::nullopt}), ++active;
      // Active cores are a prefix of the row-major core order.
      if (active / gx > 0)
        ranges.push_back({0, 0, gx - 1, active / gx - 1});
      if (active % gx > 0)
        ranges.push_back({0, active / gx, active % gx - 1, active / gx});
      md::kPartitionMode.set(*f, "global");
      md::kRuntimeArgs.set(*f, runtimeArgNames(*f, *info, {"start_id", "count"}));
    } else {
      auto map = mapShards(*shard, *info, ctx.diag);
      if (!map)
        return false;
      // Blocks of each kernel axis (0: bx, 1: by) per shard.
      int64_t blocks[2] = {blocksX, blocksY}, perShard[2] = {blocksX, blocksY};
      for (const DimMapping &m : *map)
        if (m.axis >= 0)
          perShard[m.axis] = m.blocksPerShard;
      int64_t sx = shard->grid[1], sy = shard->grid[0];
      std::vector<int64_t> rowSpan(size_t(sy), 0); // active shards per shard row
      for (int64_t y = 0; y < sy; ++y)
        for (int64_t x = 0; x < sx; ++x) {
          int64_t lo[2] = {0, 0}, hi[2] = {blocks[0], blocks[1]};
          for (int d = 0; d < 2; ++d) {
            const DimMapping &m = (*map)[size_t(d)];
            if (m.axis < 0)
              continue;
            int64_t idx = d == 0 ? y : x;
            lo[m.axis] = std::min(blocks[m.axis], idx * m.blocksPerShard);
            hi[m.axis] = std::min(blocks[m.axis], (idx + 1) * m.blocksPerShard);
          }
          int64_t w = hi[0] - lo[0], h = hi[1] - lo[1];
          if (w <= 0 || h <= 0)
            continue; // the shard holds only padding
          rowSpan[size_t(y)] = x + 1;
          work.push_back({x, y, lo[1] * blocksX + lo[0], w * h,
                          md::CoreWork::ShardBlocks{lo[1], lo[0], h, w}});
        }
      // One rectangle per run of shard rows with the same span.
      for (int64_t y = 0; y < sy;) {
        int64_t y1 = y;
        while (y1 + 1 < sy && rowSpan[size_t(y1 + 1)] == rowSpan[size_t(y)])
          ++y1;
        if (rowSpan[size_t(y)] > 0)
          ranges.push_back({0, y, rowSpan[size_t(y)] - 1, y1});
        y = y1 + 1;
      }
      md::kPartitionMode.set(*f, "local_shard");
      md::kShardGrid.set(*f, {sx, sy});
      md::kLocalShapeTiles.set(*f, {perShard[1], perShard[0]});
      md::kRuntimeArgs.set(
          *f, runtimeArgNames(*f, *info,
                              {"shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w"}));
    }
    md::kCoreGrid.set(*f, {gx, ctx.target.gridY});
    md::kGridTiles.set(*f, {blocksY, blocksX});
    md::kCoreRanges.set(*f, ranges);
    md::kWorkPartition.set(*f, work);
  }
  return true;
}
