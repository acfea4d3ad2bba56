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

#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include <type_traits>

using namespace ttllc;

bool ttllc::runApplyTTDefaults(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    // Stamps the default unless the user gave a value of the right type.
    auto stamp = [&](const auto &key, const auto &value) {
      if (!key.has(*f)) {
        key.set(*f, value);
        return true;
      }
      if (key.get(*f))
        return true;
      constexpr bool isInt = std::is_same_v<std::decay_t<decltype(value)>, int64_t>;
      std::string like;
      if constexpr (isInt)
        like = std::to_string(value);
      else
        like = "\"" + value + "\"";
      ctx.diag.error(f->loc, std::string(key.name()) + " must be " +
                                 (isInt ? "an integer" : "a string") + ", like " + like);
      return false;
    };
    if (!stamp(md::kSchedulePolicy, std::string("contiguous")) ||
        !stamp(md::kScheduleOrder, std::string("row_major")) ||
        !stamp(md::kLayoutType, std::string("dram_interleaved")) ||
        !stamp(md::kTileHeightAttr, kTileHeight) || !stamp(md::kTileWidthAttr, kTileWidth))
      return false;
  }
  return true;
}
