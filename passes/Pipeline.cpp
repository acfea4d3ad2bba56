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
  };
  return passes;
}

std::vector<const PassInfo *> ttllc::defaultPipeline() {
  return {
      lookupPass("verify"),
  };
}
