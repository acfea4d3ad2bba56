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
  };
  return passes;
}

std::vector<const PassInfo *> ttllc::defaultPipeline() {
  // The input is verified before any pass runs (tools/tt-llc.cpp).
  return {
      lookupPass("apply-tt-defaults"),
      lookupPass("infer-tt-schedule"),
      lookupPass("infer-tt-shard"),
      lookupPass("infer-tt-layout"),
      lookupPass("propagate-tt-layout"),
      lookupPass("layout-aware-work-partition"),
      lookupPass("verify"),
  };
}
