//===- passes/Passes.h - entry points of every pass -------------*- C++ -*-===//
//
// One function per pass, each defined in its own file; passes/Pipeline.cpp
// registers them by name.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassManager.h"

namespace ttllc {

/// verify (passes/Verify.cpp): checks well-formed Tile IR (ir/Verifier.h).
bool runVerify(Module &m, PassContext &ctx);

} // namespace ttllc
