//===- passes/InferTTLayout.cpp - infer-tt-layout (roadmap) -----------------===//
//
// Reads: global buffer parameters, user annotations, the target's L1 size and
// core grid. A user annotates a buffer with a partial descriptor, either as a
// buffer attribute `T.buffer_attr(A, {"tt.layout_desc": {...}})` or as the
// function attribute "tt.buffer.A" (the roadmap's spelling).
// Guarantees: every global buffer has a complete "tt.layout_desc":
//   {"memory": "DRAM" | "L1", "layout": "interleaved" | "sharded",
//    "tile_shape": [32, 32], "dtype": <buffer dtype>,
//    "nd_shard": {"shard_grid": [x, y], "shard_shape": [h, w]}  (sharded)}
// with user values kept and defaults (DRAM, interleaved) filled in, and is
// rejected with a located error when it cannot work: an unknown key or
// value, a halo (not supported), a sharded buffer outside L1, an L1-sharded
// buffer without nd_shard, a shard spec that does not tile the buffer or
// does not fit the core grid, an L1 buffer whose per-core share does not
// fit the target's L1, or a "tt.buffer.X" annotation naming no buffer.
// The tt_tensor_accessor of an L1 buffer is rewritten to its L1 banks (one
// per core, or one per shard) and L1 alignment.
// Example: with T.func_attr({"tt.buffer.A": {"memory": "L1", "layout":
// "sharded", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [32, 256]}}})
// A becomes L1 height-sharded over 8 cores, one 32x256 shard each.
//
//===----------------------------------------------------------------------===//

#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

using namespace ttllc;

namespace {

std::string kib(int64_t bytes) {
  return std::to_string(bytes) + " bytes (" + std::to_string(ceilDivInt(bytes, 1024)) + " KiB)";
}

} // namespace

int64_t ttllc::l1BytesPerCore(const BufferNode &b, const TargetInfo &t) {
  auto desc = md::kLayoutDesc.get(b);
  if (!desc || !desc->isL1())
    return 0;
  int64_t page = tileBytes(b.dtype);
  if (desc->isSharded()) {
    if (!desc->ndShard)
      return 0;
    const md::Int2 &shape = desc->ndShard->shardShape;
    return ceilDivInt(shape[0], kTileHeight) * ceilDivInt(shape[1], kTileWidth) * page;
  }
  return ceilDivInt(tileCount(b.shape), t.numCores()) * alignUp(page, t.l1Alignment);
}

bool ttllc::runInferTTLayout(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    std::string names;
    for (const Buffer &b : f->bufferParams())
      names += (names.empty() ? "" : ", ") + b->name;
    for (const auto &[key, value] : f->attrs)
      if (auto target = md::annotatedBuffer(key)) {
        bool found = false;
        for (const Buffer &b : f->bufferParams())
          found |= b->name == *target;
        if (!found) {
          ctx.diag.error(f->loc, "layout annotation '" + key + "' names no buffer parameter of '" +
                                     f->name + "' (its buffers are: " + names + ")");
          return false;
        }
      }
    for (const Buffer &b : f->bufferParams()) {
      auto fail = [&](const std::string &msg) {
        ctx.diag.error(b->loc, "buffer '" + b->name + "': " + msg);
        return false;
      };
      std::string error;
      auto desc = md::completeLayoutDesc(
          {md::bufferLayoutAnnotation(*f, b->name), md::kLayoutDesc.raw(*b)}, b->dtype, error);
      if (!desc)
        return fail(error);
      if (desc->isSharded()) {
        const md::Int2 &grid = desc->ndShard->shardGrid, &shape = desc->ndShard->shardShape;
        if (b->shape.size() != 2)
          return fail("only 2-D buffers can be sharded");
        if (grid[0] > ctx.target.gridX || grid[1] > ctx.target.gridY)
          return fail("shard grid " + std::to_string(grid[0]) + "x" + std::to_string(grid[1]) +
                      " does not fit the " + std::to_string(ctx.target.gridX) + "x" +
                      std::to_string(ctx.target.gridY) + " core grid");
        if (shape[0] % kTileHeight || shape[1] % kTileWidth)
          return fail("shard shape must be a multiple of 32x32 tiles");
        if (shape[0] * grid[1] < b->shape[0] || shape[1] * grid[0] < b->shape[1])
          return fail("shards of " + std::to_string(shape[0]) + "x" + std::to_string(shape[1]) +
                      " on a " + std::to_string(grid[0]) + "x" + std::to_string(grid[1]) +
                      " grid do not cover its " + std::to_string(b->shape[0]) + "x" +
                      std::to_string(b->shape[1]) + " elements");
      }
      md::kLayoutDesc.set(*b, *desc);
      // Pages of L1 buffers are spread over the cores' L1 banks (interleaved)
      // or held by the shard's core, not over the DRAM banks.
      if (auto acc = md::kTensorAccessor.get(*b); desc->isL1() && acc) {
        int64_t banks = ctx.target.numCores();
        if (desc->isSharded())
          banks = desc->ndShard->shardGrid[0] * desc->ndShard->shardGrid[1];
        md::kTensorAccessor.set(*b, md::TensorAccessor::interleaved(acc->pageSize, acc->numPages,
                                                                    banks, ctx.target.l1Alignment));
      }
      int64_t need = l1BytesPerCore(*b, ctx.target);
      if (need > ctx.target.l1Bytes)
        return fail("needs " + kib(need) + " of L1 per core, more than the " +
                    kib(ctx.target.l1Bytes) + " of " + ctx.target.name);
    }
  }
  return true;
}
