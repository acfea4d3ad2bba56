//===- passes/Pipeline.cpp - the pass registry and default pipeline -------===//
//
// The one place that lists the passes of tt-llc, in the order the compiler
// runs them. Read top to bottom, it is the compiler.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

using namespace ttllc;

const std::vector<PassInfo> &ttllc::allPasses() {
  static const std::vector<PassInfo> passes = {
      {"verify", "Check that the Tile IR is well formed", runVerify},
      // Metadata: where the work runs and how the data is laid out.
      {"apply-tt-defaults", "Default schedule and layout attributes", runApplyTTDefaults},
      {"infer-tt-schedule", "Split the kernel grid over the cores", runInferTTSchedule},
      {"infer-tt-shard", "DRAM interleaving and padding of global buffers", runInferTTShard},
      {"infer-tt-layout", "Layout descriptors of global buffers", runInferTTLayout},
      {"propagate-tt-layout", "Circular buffers of on-chip buffers", runPropagateTTLayout},
      {"layout-aware-work-partition", "Per-core work and runtime arguments by layout",
       runLayoutAwareWorkPartition},
      // Lowering: one core's reader / compute / writer programs (docs/lowering.md).
      {"grid-to-persistent", "Loop over the core's blocks, runtime args as parameters",
       runGridToPersistent},
      {"tile-pad", "Padding of tensors that are not tile multiples", runTilePad},
      {"tensorize-gemm", "Sub-block the output for DST; gemm to matmul_tiles", runTensorizeGemm},
      {"memory-space-lower", "Copies to circular-buffer and NoC operations", runMemorySpaceLower},
      {"dst-management", "Acquire, commit, pack and release of DST", runDstManagement},
      {"split-kernels", "Reader, unpack, math, pack and writer programs", runSplitKernels},
      {"verify-tt-ir", "Check CB protocol, DST use and L1 of lowered programs", runVerifyTTIR},
  };
  return passes;
}

std::vector<const PassInfo *> ttllc::metadataPipeline() {
  // The input is verified before any pass runs (tools/tt-llc.cpp).
  return {
      lookupPass("apply-tt-defaults"),   lookupPass("infer-tt-schedule"),
      lookupPass("infer-tt-shard"),      lookupPass("infer-tt-layout"),
      lookupPass("propagate-tt-layout"), lookupPass("layout-aware-work-partition"),
  };
}

std::vector<const PassInfo *> ttllc::defaultPipeline() {
  std::vector<const PassInfo *> p = metadataPipeline();
  // Lowering to the five programs of a core. tile-pad runs on the T.Kernel
  // form, where block indices have known ranges; dst-management turns the
  // accumulator's copies into packs before memory-space-lower lowers the
  // remaining copies (docs/lowering.md).
  for (const char *name : {"tile-pad", "grid-to-persistent", "tensorize-gemm", "dst-management",
                           "memory-space-lower", "split-kernels", "verify-tt-ir", "verify"})
    p.push_back(lookupPass(name));
  return p;
}

std::optional<std::vector<const PassInfo *>> ttllc::namedPipeline(std::string_view name) {
  if (name == "metadata")
    return metadataPipeline();
  if (name == "default")
    return defaultPipeline();
  return std::nullopt;
}
