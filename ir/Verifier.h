//===- ir/Verifier.h - well-formedness of Tile IR ---------------*- C++ -*-===//
//
// Checks what every pass may assume and reports each violation at the
// source location of the offending node:
//   - every var is defined before use (parameter, block index, loop var or
//     let) and defined once; every buffer is a parameter or allocated before
//     use in an enclosing block;
//   - loads, stores and regions index every dimension of their buffer; region
//     extents are positive; constant regions of on-chip buffers are in bounds;
//   - the two regions of a copy have the same shape (unit dims ignored);
//   - gemm operands are 2-D after dropping unit dims and agree:
//     A is M x K (K x M with transpose_A), B is K x N (N x K with
//     transpose_B), C is M x N; A and B have the same dtype;
//   - kernel grids are positive constants, kernels do not nest and are not
//     inside loops or ifs (one launch per function); parameters
//     are global buffers; allocations are not global; intrinsic statements
//     are calls.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

namespace ttllc {
class Diagnostics;

/// True when the function is well formed; otherwise every problem found has
/// been reported.
bool verifyFunction(const PrimFunc &f, Diagnostics &diag);
bool verifyModule(const Module &m, Diagnostics &diag);

} // namespace ttllc
