//===- passes/Pipeline.h - the passes of tt-llc, in order -------*- C++ -*-===//
//
// The one list of tt-llc's passes (passes/Pipeline.cpp): each entry's name,
// stage, entry point and one-line summary, in the order of the default
// pipeline. It is what tt-llc runs by default, what --passes=,
// --print-after= and --time-passes know by name, and what `tt-llc --help`
// lists:
//
//   PassManager pm(ctx, {}, llvm::errs());
//   bool ok = pm.run(module, defaultPipeline());
//   llvm::Expected<Pipeline> p = parsePipeline({"metadata", "tile-pad"});
//
// Names a user typed are checked here, before anything runs: an unknown
// name is an error that names it, the closest valid name when one is close,
// and the valid names.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassManager.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <span>
#include <string>
#include <string_view>

namespace ttllc {

/// Every pass, in the order of the default pipeline, then the Extra ones.
std::span<const PassInfo> allPasses();

/// Every pass but the Extra ones, in order: what tt-llc runs by default.
Pipeline defaultPipeline();
/// The passes of the metadata stage, in order: everything tt.plan.json
/// needs (what --emit=plan runs).
Pipeline metadataPipeline();

/// The passes `names` name, in order: pass names, or the pipelines
/// "metadata" and "default"; an empty name names nothing (`--passes=`).
llvm::Expected<Pipeline> parsePipeline(llvm::ArrayRef<std::string> names);
/// The pass called `name`.
llvm::Expected<const PassInfo &> findPass(std::string_view name);

/// True when no two of `passes` have the same name (the list is checked at
/// compile time).
constexpr bool namesAreUnique(std::span<const PassInfo> passes) {
  for (size_t i = 0; i < passes.size(); ++i)
    for (size_t j = i + 1; j < passes.size(); ++j)
      if (passes[i].name == passes[j].name)
        return false;
  return true;
}

} // namespace ttllc
