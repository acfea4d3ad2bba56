//===- backend/Plan.h - the plan of a kernel from Tile IR -------*- C++ -*-===//
//
// Builds the plan of a kernel (docs/plan-schema.md) from the metadata the
// passes attached: device, kernel grid, schedule, per-core work and runtime
// arguments, buffers and circular buffers, and the compute configuration once
// the kernel is lowered. The plan is the typed ttplan::Plan of plan/Plan.h,
// which writes it (ttplan::writePlan) and which the runtime reads back.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Target.h"
#include "plan/Plan.h"

#include <optional>

namespace ttllc {
class Diagnostics;

/// The plan of `f`; reports an error at `f` when the metadata passes have not
/// run (the first missing attribute) or their metadata is malformed.
std::optional<ttplan::Plan> buildPlan(const PrimFunc &f, const TargetInfo &target,
                                      Diagnostics &diag);

/// Lists in `plan` the image files of each ABI of `abis` (the ABIs of the
/// target's device libraries), in ttplan::kDeviceABIs order: "writer.elf",
/// ... for sim, "writer.hw.elf", ... for hw.
void addImageSets(ttplan::Plan &plan, llvm::ArrayRef<std::string> abis);

} // namespace ttllc
