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

#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include <set>

using namespace ttllc;

namespace {

struct Checker {
  PassContext &ctx;
  const Buffer &b;
  bool fail(const std::string &msg) {
    ctx.diag.error(b->loc, "buffer '" + b->name + "': " + msg);
    return false;
  }
  /// A list of two positive ints, or nullopt after an error.
  std::optional<std::vector<int64_t>> pair(const AttrDict &d, const char *key, const char *what) {
    const AttrValue *v = d.get(key);
    auto ints = v ? v->getInts() : std::nullopt;
    if (!ints || ints->size() != 2 || (*ints)[0] <= 0 || (*ints)[1] <= 0) {
      fail(std::string("nd_shard.") + key + " must be two positive integers (" + what + ")");
      return std::nullopt;
    }
    return ints;
  }
};

std::string kib(int64_t bytes) {
  return std::to_string(bytes) + " bytes (" + std::to_string(ceilDivInt(bytes, 1024)) + " KiB)";
}

} // namespace

int64_t ttllc::l1BytesPerCore(const BufferNode &b, const TargetInfo &t) {
  const AttrValue *desc = b.attrs.get("tt.layout_desc");
  if (!desc || !desc->isDict() || desc->getDict().getString("memory") != "L1")
    return 0;
  int64_t page = tileBytes(b.dtype);
  const AttrDict &d = desc->getDict();
  if (d.getString("layout") == "sharded") {
    const AttrValue *nd = d.get("nd_shard");
    auto shape = nd && nd->isDict() && nd->getDict().get("shard_shape")
                     ? nd->getDict().get("shard_shape")->getInts()
                     : std::nullopt;
    if (!shape || shape->size() != 2)
      return 0;
    return ceilDivInt((*shape)[0], kTileHeight) * ceilDivInt((*shape)[1], kTileWidth) * page;
  }
  return ceilDivInt(tileCount(b.shape), t.numCores()) * alignUp(page, t.l1Alignment);
}

bool ttllc::runInferTTLayout(Module &m, PassContext &ctx) {
  static const std::set<std::string> known = {"memory", "layout",   "tile_shape",
                                              "dtype",  "nd_shard", "halo"};
  for (PrimFuncPtr &f : m.funcs) {
    std::string names;
    for (const Buffer &b : f->bufferParams())
      names += (names.empty() ? "" : ", ") + b->name;
    for (const auto &[key, value] : f->attrs)
      if (key.rfind("tt.buffer.", 0) == 0) {
        std::string target = key.substr(10);
        bool found = false;
        for (const Buffer &b : f->bufferParams())
          found |= b->name == target;
        if (!found) {
          ctx.diag.error(f->loc, "layout annotation '" + key + "' names no buffer parameter of '" +
                                     f->name + "' (its buffers are: " + names + ")");
          return false;
        }
      }
    for (const Buffer &b : f->bufferParams()) {
      Checker c{ctx, b};
      AttrDict desc;
      for (const AttrValue *user :
           {f->attrs.get("tt.buffer." + b->name), b->attrs.get("tt.layout_desc")}) {
        if (!user)
          continue;
        if (!user->isDict())
          return c.fail("a layout annotation must be a dict");
        for (const auto &[k, v] : user->getDict())
          desc.set(k, v);
      }
      for (const auto &[k, v] : desc)
        if (!known.count(k))
          return c.fail("unknown layout key '" + k +
                        "' (expected memory, layout, tile_shape, dtype, nd_shard)");
      if (desc.has("halo"))
        return c.fail("halo regions are not supported");
      if (!desc.has("memory"))
        desc.set("memory", "DRAM");
      if (!desc.has("layout"))
        desc.set("layout", "interleaved");
      if (!desc.has("tile_shape"))
        desc.set("tile_shape", AttrValue::ints({kTileHeight, kTileWidth}));
      if (!desc.has("dtype"))
        desc.set("dtype", std::string(dtypeName(b->dtype)));

      auto memory = desc.getString("memory"), layout = desc.getString("layout");
      if (memory != "DRAM" && memory != "L1")
        return c.fail("memory must be \"DRAM\" or \"L1\"");
      if (layout != "interleaved" && layout != "sharded")
        return c.fail("layout must be \"interleaved\" or \"sharded\"");
      if (desc.get("tile_shape")->getInts() != std::vector<int64_t>{kTileHeight, kTileWidth})
        return c.fail("only 32x32 tiles are supported (tile_shape [32, 32])");
      if (desc.getString("dtype") != std::string(dtypeName(b->dtype)))
        return c.fail("layout dtype " +
                      (desc.getString("dtype") ? "\"" + *desc.getString("dtype") + "\""
                                               : std::string("(not a string)")) +
                      " does not match the buffer's dtype \"" + std::string(dtypeName(b->dtype)) +
                      "\"");
      if (layout == "sharded" && memory != "L1")
        return c.fail("sharded layouts are supported in L1 only");
      if (layout == "sharded" && !desc.has("nd_shard"))
        return c.fail("an L1-sharded buffer needs an nd_shard spec "
                      "{\"shard_grid\": [x, y], \"shard_shape\": [h, w]}");
      if (layout == "interleaved" && desc.has("nd_shard"))
        return c.fail("nd_shard is only meaningful for sharded layouts");
      if (layout == "sharded") {
        const AttrValue *nd = desc.get("nd_shard");
        if (!nd->isDict())
          return c.fail("nd_shard must be a dict");
        for (const auto &[k, v] : nd->getDict())
          if (k != "shard_grid" && k != "shard_shape")
            return c.fail("unknown nd_shard key '" + k + "' (expected shard_grid, shard_shape)");
        auto grid = c.pair(nd->getDict(), "shard_grid", "cores [x, y]");
        if (!grid)
          return false;
        auto shape = c.pair(nd->getDict(), "shard_shape", "elements [h, w]");
        if (!shape)
          return false;
        if (b->shape.size() != 2)
          return c.fail("only 2-D buffers can be sharded");
        if ((*grid)[0] > ctx.target.gridX || (*grid)[1] > ctx.target.gridY)
          return c.fail("shard grid " + std::to_string((*grid)[0]) + "x" +
                        std::to_string((*grid)[1]) + " does not fit the " +
                        std::to_string(ctx.target.gridX) + "x" + std::to_string(ctx.target.gridY) +
                        " core grid");
        if ((*shape)[0] % kTileHeight || (*shape)[1] % kTileWidth)
          return c.fail("shard shape must be a multiple of 32x32 tiles");
        if ((*shape)[0] * (*grid)[1] < b->shape[0] || (*shape)[1] * (*grid)[0] < b->shape[1])
          return c.fail("shards of " + std::to_string((*shape)[0]) + "x" +
                        std::to_string((*shape)[1]) + " on a " + std::to_string((*grid)[0]) + "x" +
                        std::to_string((*grid)[1]) + " grid do not cover its " +
                        std::to_string(b->shape[0]) + "x" + std::to_string(b->shape[1]) +
                        " elements");
      }
      b->attrs.set("tt.layout_desc", desc);
      // Pages of L1 buffers are spread over the cores' L1 banks (interleaved)
      // or held by the shard's core, not over the DRAM banks.
      if (memory == "L1" && b->attrs.has("tt_tensor_accessor")) {
        AttrDict acc = b->attrs.get("tt_tensor_accessor")->getDict();
        int64_t page = acc.getInt("page_size").value_or(tileBytes(b->dtype));
        int64_t pages = acc.getInt("num_pages").value_or(0);
        int64_t banks = ctx.target.numCores();
        if (layout == "sharded") {
          auto grid = desc.get("nd_shard")->getDict().get("shard_grid")->getInts();
          banks = (*grid)[0] * (*grid)[1];
        }
        acc.set("num_banks", banks);
        acc.set("alignment", ctx.target.l1Alignment);
        acc.set("aligned_page_size", alignUp(page, ctx.target.l1Alignment));
        acc.set("pages_per_bank", ceilDivInt(pages, banks));
        b->attrs.set("tt_tensor_accessor", std::move(acc));
      }
      int64_t need = l1BytesPerCore(*b, ctx.target);
      if (need > ctx.target.l1Bytes)
        return c.fail("needs " + kib(need) + " of L1 per core, more than the " +
                      kib(ctx.target.l1Bytes) + " of " + ctx.target.name);
    }
  }
  return true;
}
