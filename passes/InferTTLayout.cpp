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
// fit the target's L1, a DRAM buffer whose pages do not fit the target's DRAM
// banks, or a "tt.buffer.X" annotation naming no buffer.
// DRAM: this is where a global buffer's memory is decided, so this pass
// checks that each DRAM buffer's share of a bank (pages_per_bank *
// aligned_page_size of its tt_tensor_accessor), and the shares of all the
// function's DRAM buffers together, fit the device's DRAM per bank
// (tt/devices.h dram_bank_bytes) and the 32-bit device address space: the
// reader and writer address a page by a 32-bit offset in its bank. The
// error is at the buffer's declaration, with its size.
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

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace ttllc;

namespace {

std::string kib(int64_t bytes) {
  if (bytes == INT64_MAX) // saturated (l1BytesPerCore)
    return "more than 2^63 bytes";
  return std::to_string(bytes) + " bytes (" + std::to_string(ceilDivInt(bytes, 1024)) + " KiB)";
}

/// "1073741824 bytes (1 GiB)", "1706680320 bytes (1.6 GiB)": bytes with the
/// largest binary unit they reach.
std::string size(int64_t bytes) {
  static const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = -1;
  while (u + 1 < 6 && bytes >= (int64_t(1) << (10 * (u + 2))))
    ++u;
  std::string out = std::to_string(bytes) + " bytes";
  if (u < 0)
    return out;
  int64_t unit = int64_t(1) << (10 * (u + 1));
  if (bytes % unit == 0)
    return out + " (" + std::to_string(bytes / unit) + " " + units[u] + ")";
  return out + " (" + llvm::formatv("{0:F1}", double(bytes) / double(unit)).str() + " " + units[u] +
         ")";
}

} // namespace

int64_t ttllc::l1BytesPerCore(const BufferNode &b, const TargetInfo &t) {
  auto desc = md::kLayoutDesc.get(b);
  if (!desc || !desc->isL1())
    return 0;
  int64_t page = tileBytes(b.dtype);
  // Checked; a size past int64 saturates, so that it fails every L1 check.
  std::optional<int64_t> bytes;
  if (desc->isSharded()) {
    if (!desc->ndShard)
      return 0;
    const md::Int2 &shape = desc->ndShard->shardShape;
    if (auto tiles =
            llvm::checkedMul(ceilDivInt(shape[0], kTileHeight), ceilDivInt(shape[1], kTileWidth)))
      bytes = llvm::checkedMul(*tiles, page);
  } else if (auto tiles = checkedTileCount(b.shape)) {
    bytes = llvm::checkedMul(ceilDivInt(*tiles, t.numCores()), alignUp(page, t.l1Alignment));
  }
  return bytes.value_or(INT64_MAX);
}

bool ttllc::runInferTTLayout(Module &m, PassContext &ctx) {
  // A bank offset is 32-bit, whatever the bank's size.
  const int64_t bankLimit = std::min<int64_t>(ctx.target.dramBankBytes, int64_t(1) << 32);
  for (PrimFuncPtr &f : m.funcs) {
    int64_t dramPerBank = 0; // of the buffers so far
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
        // Checked: 2^62 rows on 8 cores must not wrap to 0 rows.
        auto rows = llvm::checkedMul(shape[0], grid[1]), cols = llvm::checkedMul(shape[1], grid[0]);
        if ((rows && *rows < b->shape[0]) || (cols && *cols < b->shape[1]))
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
      if (auto acc = md::kTensorAccessor.get(*b); !desc->isL1() && acc) {
        auto total = llvm::checkedMul(acc->numPages, acc->pageSize);
        auto share = llvm::checkedMul(acc->pagesPerBank, acc->alignedPageSize);
        auto sum = share ? llvm::checkedAdd(dramPerBank, *share) : std::nullopt;
        std::string what = "needs " + (total ? size(*total) : std::string("more than 2^63 bytes")) +
                           " of DRAM, " +
                           (share ? size(*share) : std::string("more than 2^63 bytes")) +
                           " in each of its " + std::to_string(acc->numBanks) + " banks";
        std::string limit = ", more than the " + size(ctx.target.dramBankBytes) +
                            " of DRAM per bank of " + ctx.target.name +
                            " (device addresses are 32-bit offsets in a bank)";
        if (!share || *share > bankLimit)
          return fail(what + limit);
        if (!sum || *sum > bankLimit)
          return fail(what + "; with the DRAM buffers before it, '" + f->name + "' needs " +
                      (sum ? size(*sum) : std::string("more than 2^63 bytes")) + " per bank" +
                      limit);
        dramPerBank = *sum;
      }
      int64_t need = l1BytesPerCore(*b, ctx.target);
      if (need > ctx.target.l1Bytes)
        return fail("needs " + kib(need) + " of L1 per core, more than the " +
                    kib(ctx.target.l1Bytes) + " of " + ctx.target.name);
    }
  }
  return true;
}
