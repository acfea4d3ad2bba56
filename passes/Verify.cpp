//===- passes/Verify.cpp - the verify pass --------------------------------===//
//
// Reads: any Tile IR module.
// Guarantees: nothing changes; fails with located errors when the module is
// not well formed (see ir/Verifier.h for the rules).
// Example: `tt-llc --passes=verify kernel.tir` reports
//   kernel.tir:12:9: error: T.copy regions have different shapes: ...
//
//===----------------------------------------------------------------------===//

#include "ir/Verifier.h"
#include "passes/Passes.h"

using namespace ttllc;

bool ttllc::runVerify(Module &m, PassContext &ctx) { return verifyModule(m, ctx.diag); }
