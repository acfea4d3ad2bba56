//===- passes/InferTTSchedule.cpp - infer-tt-schedule (WS2) ----------------===//
//
// Reads: a kernel after apply-tt-defaults; its T.Kernel grid; the core grid
// of the target.
// Guarantees (function attributes):
//   tt_grid_x, tt_grid_y (and tt_grid_z for 3-D grids): the kernel grid;
//   tt_num_tiles = product of the kernel grid (one work unit per block);
//   tt_num_cores, tt_core_grid = [x, y]: the target's core grid;
//   tt_tiles_per_core = one [start_id, count] per core, in core-id order:
//     contiguous row-major ranges, the first num_tiles % num_cores cores get
//     one extra (tt-metal's split_work_to_cores);
//   tt_kt_tiles: tiles along the reduction of the kernel's gemm, if any;
//   tt_runtime_args_schema = {"reader": [...], "compute": [...],
//     "writer": [...]}: the runtime-argument names of each program.
// The kernel grid (blocks of work) and the core grid (Tensix cores) are
// different things: 100 blocks on 64 cores give 36 cores two blocks and 28
// cores one. Cost: O(cores), independent of the number of blocks.
// Example: a 256x256x256 GEMM with 32x32 blocks on wormhole_b0 has
//   tt_grid_x = 8, tt_grid_y = 8, tt_num_tiles = 64,
//   tt_tiles_per_core = [[0, 1], [1, 1], ..., [63, 1]].
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

using namespace ttllc;

AttrValue ttllc::runtimeArgNames(const PrimFunc &f, const KernelInfo &info,
                                 const std::vector<std::string> &work) {
  AttrValue::List reader, compute, writer;
  for (const Buffer &b : f.bufferParams()) {
    BufferRole r = info.role(b);
    if (r == BufferRole::Input || r == BufferRole::InOut)
      reader.push_back(b->name + "_addr");
    if (r == BufferRole::Output || r == BufferRole::InOut)
      writer.push_back(b->name + "_addr");
  }
  for (const std::string &w : work) {
    reader.push_back(w);
    compute.push_back(w);
    writer.push_back(w);
  }
  for (const char *g : {"grid_x", "grid_y"}) {
    reader.push_back(g);
    compute.push_back(g);
    writer.push_back(g);
  }
  if (info.kTiles) {
    reader.push_back("Kt");
    compute.push_back("Kt");
  }
  AttrDict d;
  d.set("reader", std::move(reader));
  d.set("compute", std::move(compute));
  d.set("writer", std::move(writer));
  return AttrValue(std::move(d));
}

bool ttllc::runInferTTSchedule(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    for (auto [key, expected] : {std::pair{"tt_schedule_policy", "contiguous"},
                                 std::pair{"tt_schedule_order", "row_major"}}) {
      auto v = f->attrs.getString(key);
      if (v && *v != expected) {
        ctx.diag.error(f->loc, "unsupported " + std::string(key) + " '" + *v + "' (supported: '" +
                                   expected + "')");
        return false;
      }
    }
    auto info = analyzeKernel(*f, ctx.diag);
    if (!info)
      return false;
    int64_t tiles = 1;
    for (int64_t g : info->grid)
      tiles *= g;
    if (tiles > INT32_MAX) {
      // Block ids are 32-bit runtime arguments.
      ctx.diag.error(info->kernel->loc, "the kernel grid has " + std::to_string(tiles) +
                                            " blocks, more than the 2147483647 a core can "
                                            "address");
      return false;
    }
    const char *names[] = {"tt_grid_x", "tt_grid_y", "tt_grid_z"};
    for (size_t i = 0; i < info->grid.size(); ++i)
      f->attrs.set(names[i], info->grid[i]);
    if (info->grid.size() == 1)
      f->attrs.set("tt_grid_y", 1);

    int64_t cores = ctx.target.numCores();
    int64_t base = tiles / cores, extra = tiles % cores, start = 0;
    AttrValue::List ranges;
    ranges.reserve(size_t(cores));
    for (int64_t c = 0; c < cores; ++c) {
      int64_t count = base + (c < extra ? 1 : 0);
      ranges.push_back(AttrValue::ints({start, count}));
      start += count;
    }
    f->attrs.set("tt_num_tiles", tiles);
    f->attrs.set("tt_num_cores", cores);
    f->attrs.set("tt_core_grid", AttrValue::ints({ctx.target.gridX, ctx.target.gridY}));
    f->attrs.set("tt_tiles_per_core", std::move(ranges));
    if (info->kTiles)
      f->attrs.set("tt_kt_tiles", *info->kTiles);
    f->attrs.set("tt_runtime_args_schema", runtimeArgNames(*f, *info, {"start_id", "count"}));
  }
  return true;
}
