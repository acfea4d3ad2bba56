//===- passes/ApplyTTDefaults.cpp - apply-tt-defaults (WS1) ----------------===//
//
// Reads: any kernel function.
// Guarantees: the function has the default Tenstorrent operating point
// unless the user gave other values (T.func_attr):
//   tt_schedule_policy = "contiguous", tt_schedule_order = "row_major",
//   tt_layout_type = "dram_interleaved", tt_tile_height = 32,
//   tt_tile_width = 32.
// Example: a kernel with T.func_attr({"tt_schedule_order": "row_major"})
// keeps that value and gets the four others.
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"
#include "passes/Passes.h"

using namespace ttllc;

bool ttllc::runApplyTTDefaults(Module &m, PassContext &ctx) {
  const std::pair<const char *, AttrValue> defaults[] = {
      {"tt_schedule_policy", "contiguous"},   {"tt_schedule_order", "row_major"},
      {"tt_layout_type", "dram_interleaved"}, {"tt_tile_height", kTileHeight},
      {"tt_tile_width", kTileWidth},
  };
  for (PrimFuncPtr &f : m.funcs)
    for (const auto &[key, value] : defaults)
      if (!f->attrs.has(key))
        f->attrs.set(key, value);
  return true;
}
