//===- passes/Pipeline.cpp - the passes of tt-llc, in order ---------------===//
//
// The one place that lists the passes of tt-llc, in the order the compiler
// runs them: read top to bottom, it is the compiler between the frontend
// (which verifies its output) and the backend. Why this order:
// docs/metadata.md and docs/lowering.md.
//
//===----------------------------------------------------------------------===//

#include "passes/Pipeline.h"

#include "passes/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace ttllc;

// Entry points of the Extra passes (scripts/new-pass adds them here).
namespace ttllc {} // namespace ttllc

namespace {

using enum PassStage;

constexpr PassInfo kPasses[] = {
    // Metadata: where the work runs and how the data is laid out.
    {"apply-tt-defaults", Metadata, runApplyTTDefaults, "Default schedule and layout attributes"},
    {"infer-tt-schedule", Metadata, runInferTTSchedule, "Split the kernel grid over the cores"},
    {"infer-tt-shard", Metadata, runInferTTShard,
     "DRAM interleaving and padding of global buffers"},
    {"infer-tt-layout", Metadata, runInferTTLayout, "Layout descriptors of global buffers"},
    {"propagate-tt-layout", Metadata, runPropagateTTLayout, "Circular buffers of on-chip buffers"},
    {"layout-aware-work-partition", Metadata, runLayoutAwareWorkPartition,
     "Per-core work and runtime arguments by layout"},
    // Lowering to the five programs of a core. tile-pad runs on the T.Kernel
    // form, where block indices have known ranges; dst-management turns the
    // accumulator's copies into packs before memory-space-lower lowers the
    // remaining copies.
    {"tile-pad", Lowering, runTilePad, "Padding of tensors that are not tile multiples"},
    {"grid-to-persistent", Lowering, runGridToPersistent,
     "Loop over the core's blocks, runtime args as parameters"},
    {"tensorize-gemm", Lowering, runTensorizeGemm,
     "Sub-block the output for DST; gemm to matmul_tiles"},
    {"dst-management", Lowering, runDstManagement, "Acquire, commit, pack and release of DST"},
    {"memory-space-lower", Lowering, runMemorySpaceLower,
     "Copies to circular-buffer and NoC operations"},
    {"split-kernels", Lowering, runSplitKernels, "Reader, unpack, math, pack and writer programs"},
    {"verify-tt-ir", Lowering, runVerifyTTIR,
     "Check CB protocol, DST use and L1 of lowered programs"},
    // The result is well-formed Tile IR.
    {"verify", Check, runVerify, "Check that the Tile IR is well formed"},
    // Extra: passes outside the default pipeline, run by name (--passes=NAME);
    // scripts/new-pass adds new passes here (docs/writing-a-pass.md).
};

constexpr bool entriesAreComplete() {
  for (const PassInfo &p : kPasses)
    if (p.name.empty() || p.summary.empty() || !p.run)
      return false;
  return true;
}
static_assert(namesAreUnique(kPasses), "two passes of the list have the same name");
static_assert(entriesAreComplete(), "a pass of the list has no name, summary or function");

/// The entry called `name`, or the end of the list.
const PassInfo *find(std::string_view name) {
  return llvm::find_if(kPasses, [&](const PassInfo &p) { return p.name == name; });
}

} // namespace

std::span<const PassInfo> ttllc::allPasses() { return kPasses; }

Pipeline ttllc::defaultPipeline() {
  Pipeline p;
  for (const PassInfo &pass : kPasses)
    if (pass.stage != Extra)
      p.push_back(pass);
  return p;
}

Pipeline ttllc::metadataPipeline() {
  Pipeline p;
  for (const PassInfo &pass : kPasses)
    if (pass.stage == Metadata)
      p.push_back(pass);
  return p;
}

namespace {

/// The pipelines --passes= knows by name besides the passes.
struct NamedPipeline {
  std::string_view name;
  Pipeline (*get)();
};
constexpr NamedPipeline kPipelines[] = {{"metadata", metadataPipeline},
                                        {"default", defaultPipeline}};

constexpr bool noPassIsNamedLikeAPipeline() {
  for (const NamedPipeline &pipeline : kPipelines)
    for (const PassInfo &p : kPasses)
      if (p.name == pipeline.name)
        return false;
  return true;
}
static_assert(noPassIsNamedLikeAPipeline(), "a pass of the list has the name of a pipeline");

/// "unknown pass 'X'[, did you mean 'Y'?] (known passes: ...[; pipelines: ...])"
llvm::Error unknownPass(llvm::StringRef name, bool withPipelines) {
  std::vector<std::string_view> passes, pipelines;
  for (const PassInfo &p : kPasses)
    passes.push_back(p.name);
  if (withPipelines)
    for (const NamedPipeline &p : kPipelines)
      pipelines.push_back(p.name);
  // A close match: few edits for the name's length, case aside (a typo, not
  // another word).
  unsigned best = std::max<unsigned>(2, name.size() / 3) + 1;
  std::string_view match;
  for (std::string_view c : llvm::concat<std::string_view>(passes, pipelines))
    if (unsigned d = name.edit_distance_insensitive(c, /*AllowReplacements=*/true, best);
        d < best) {
      best = d;
      match = c;
    }
  std::string msg = "unknown pass '" + name.str() + "'";
  if (!match.empty())
    msg += ", did you mean '" + std::string(match) + "'?";
  msg += " (known passes: " + llvm::join(passes, ", ");
  if (withPipelines)
    msg += "; pipelines: " + llvm::join(pipelines, ", ");
  msg += ")";
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

} // namespace

llvm::Expected<const PassInfo &> ttllc::findPass(std::string_view name) {
  if (const PassInfo *p = find(name); p != std::end(kPasses))
    return *p;
  return unknownPass(name, /*withPipelines=*/false);
}

llvm::Expected<Pipeline> ttllc::parsePipeline(llvm::ArrayRef<std::string> names) {
  Pipeline pipeline;
  for (std::string_view name : names) {
    if (name.empty()) // `--passes=` runs no pass
      continue;
    auto named = llvm::find_if(kPipelines, [&](const NamedPipeline &p) { return p.name == name; });
    if (named != std::end(kPipelines))
      llvm::append_range(pipeline, named->get());
    else if (const PassInfo *p = find(name); p != std::end(kPasses))
      pipeline.push_back(*p);
    else
      return unknownPass(name, /*withPipelines=*/true);
  }
  return pipeline;
}
