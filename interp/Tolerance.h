//===- interp/Tolerance.h - output tolerances of --verify -------*- C++ -*-===//
//
// How far a kernel's output may be from the reference interpreter's
// (interp/Interpreter.h): the bounds tt-run --verify and the end-to-end tests
// apply, and the element-wise comparison that applies them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>

namespace ttllc {

/// How close a computed output must be to the reference's: element-wise
/// |got - ref| <= rtol * |ref| + atol * max|ref| (docs/cli.md, "--verify").
struct Tolerance {
  double rtol, atol;
};

/// The documented tolerance for an output buffer of `dtype` ("bfloat16",
/// "float16", "float32") computed with float32 or 16-bit DST accumulation
/// at math fidelity `fidelity` (the plan's compute.math_fidelity: "LoFi",
/// "HiFi2", "HiFi3", "HiFi4"; an unknown name counts as LoFi).
Tolerance outputTolerance(llvm::StringRef dtype, bool fp32Accumulation,
                          llvm::StringRef fidelity = "HiFi4");

/// An output compared with its reference.
struct Comparison {
  double maxAbs = 0, maxRel = 0; // relative error over |ref| > 1e-3 max|ref|
  double scale = 0;              // max|ref|
  size_t mismatches = 0, firstMismatch = 0;
  bool ok() const { return mismatches == 0; }
};

Comparison compareOutput(llvm::ArrayRef<float> got, llvm::ArrayRef<float> ref, Tolerance tol);

} // namespace ttllc
