//===- backend/Plan.h - tt.plan.json from scheduled Tile IR -----*- C++ -*-===//
//
// Builds the plan of a kernel (docs/plan-schema.md) from the metadata the
// passes attached: device, kernel grid, schedule, per-core work and runtime
// arguments, buffers and circular buffers. The runtime reads it back with
// plan/Plan.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Target.h"

#include "llvm/Support/JSON.h"

#include <optional>

namespace llvm {
class raw_ostream;
}

namespace ttllc {
class Diagnostics;

inline constexpr int64_t kPlanSchemaVersion = 1;

/// The plan of `f`; reports an error when the metadata passes have not run.
std::optional<llvm::json::Value> buildPlan(const PrimFunc &f, const TargetInfo &target,
                                           Diagnostics &diag);

/// Writes JSON deterministically: object keys sorted, two-space indent,
/// arrays of scalars (and of arrays of scalars) and objects of at most two
/// scalars on one line.
void writeJSON(llvm::raw_ostream &os, const llvm::json::Value &v);

} // namespace ttllc
