//===- passes/ApplyTTDefaults.cpp - apply-tt-defaults (WS1) ----------------===//
//
// Reads: any kernel function.
// Guarantees: the function has the default Tenstorrent operating point
// unless the user gave other values (T.func_attr):
//   tt_schedule_policy = "contiguous", tt_schedule_order = "row_major",
//   tt_layout_type = "dram_interleaved", tt_tile_height = 32,
//   tt_tile_width = 32.
// A user value of the wrong type (tt_tile_width = "64") is an error; the
// values themselves are checked by the passes that use them.
// Example: a kernel with T.func_attr({"tt_schedule_order": "row_major"})
// keeps that value and gets the four others.
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

using namespace ttllc;

bool ttllc::runApplyTTDefaults(Module &m, PassContext &ctx) {
  const std::pair<const char *, AttrValue> defaults[] = {
      {"tt_schedule_policy", "contiguous"},   {"tt_schedule_order", "row_major"},
      {"tt_layout_type", "dram_interleaved"}, {"tt_tile_height", kTileHeight},
      {"tt_tile_width", kTileWidth},
  };
  for (PrimFuncPtr &f : m.funcs)
    for (const auto &[key, value] : defaults) {
      const AttrValue *user = f->attrs.get(key);
      if (!user) {
        f->attrs.set(key, value);
        continue;
      }
      if (user->kind() != value.kind()) {
        ctx.diag.error(f->loc, std::string(key) + " must be " +
                                   (value.isInt() ? "an integer" : "a string") + ", like " +
                                   (value.isInt() ? std::to_string(value.getInt())
                                                  : "\"" + value.getString() + "\""));
        return false;
      }
    }
  return true;
}
