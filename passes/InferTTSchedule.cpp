//===- passes/InferTTSchedule.cpp - infer-tt-schedule (WS2) ----------------===//
//
// Reads: a kernel after apply-tt-defaults; its T.Kernel grid; the core grid
// of the target.
// Guarantees (function attributes):
//   tt_grid_x, tt_grid_y (and tt_grid_z for 3-D grids): the kernel grid;
//   tt_num_tiles = product of the kernel grid (one work unit per block);
//   tt_tiles_per_core = one [start_id, count] per core of the target's core
//     grid, in core-id order:
//     contiguous row-major ranges, the first num_tiles % num_cores cores get
//     one extra (tt-metal's split_work_to_cores);
//   tt_kt_tiles: tiles along the reduction of the kernel's gemm, if any;
//   tt_runtime_args_schema = {"reader": [...], "compute": [...],
//     "writer": [...]}: the runtime-argument names of each program.
// The kernel grid (blocks of work) and the core grid (Tensix cores) are
// different things: 100 blocks on 64 cores give 36 cores two blocks and 28
// cores one. Cost: O(cores), independent of the number of blocks.
// Errors: a grid of more than 2^31 - 1 blocks (block ids are 32-bit runtime
// arguments; the product is checked, a 2^21 x 2^21 x 2^22 grid does not wrap
// to 0 blocks).
// Example: a 256x256x256 GEMM with 32x32 blocks on wormhole_b0 has
//   tt_grid_x = 8, tt_grid_y = 8, tt_num_tiles = 64,
//   tt_tiles_per_core = [[0, 1], [1, 1], ..., [63, 1]].
//
//===----------------------------------------------------------------------===//

#include "ir/Metadata.h"
#include "passes/Analysis.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace ttllc;

bool ttllc::runInferTTSchedule(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    for (auto [key, expected] : {std::pair{&md::kSchedulePolicy, "contiguous"},
                                 std::pair{&md::kScheduleOrder, "row_major"}}) {
      auto v = key->get(*f);
      if (v && *v != expected) {
        ctx.diag.error(f->loc, "unsupported " + std::string(key->name()) + " '" + *v +
                                   "' (supported: '" + expected + "')");
        return false;
      }
    }
    auto info = analyzeKernel(*f, ctx.diag);
    if (!info)
      return false;
    std::optional<int64_t> tiles = 1;
    for (int64_t g : info->grid)
      if (tiles)
        tiles = llvm::checkedMul(*tiles, g);
    if (!tiles || *tiles > INT32_MAX) {
      // Block ids are 32-bit runtime arguments.
      ctx.diag.error(info->kernel->loc,
                     "the kernel grid has " +
                         (tiles ? std::to_string(*tiles) : std::string("more than 2^63")) +
                         " blocks, more than the 2147483647 a core can address");
      return false;
    }
    const md::FuncKey<int64_t> *keys[] = {&md::kGridX, &md::kGridY, &md::kGridZ};
    for (size_t i = 0; i < info->grid.size(); ++i)
      keys[i]->set(*f, info->grid[i]);
    if (info->grid.size() == 1)
      md::kGridY.set(*f, 1);

    int64_t cores = ctx.target.numCores();
    int64_t base = *tiles / cores, extra = *tiles % cores, start = 0;
    std::vector<md::TileRange> ranges;
    ranges.reserve(size_t(cores));
    for (int64_t c = 0; c < cores; ++c) {
      int64_t count = base + (c < extra ? 1 : 0);
      ranges.push_back({start, count});
      start += count;
    }
    md::kNumTiles.set(*f, *tiles);
    md::kTilesPerCore.set(*f, ranges);
    if (info->kTiles)
      md::kKtTiles.set(*f, *info->kTiles);
    md::kRuntimeArgsSchema.set(*f, runtimeArgNames(*f, *info, {"start_id", "count"}));
  }
  return true;
}
