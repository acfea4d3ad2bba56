//===- interp/Tolerance.cpp - output tolerances of --verify ---------------===//

#include "interp/Tolerance.h"

#include <algorithm>
#include <cmath>

using namespace ttllc;

Tolerance ttllc::outputTolerance(llvm::StringRef dtype, bool fp32Accumulation) {
  // rtol: one rounding of the output to a 16-bit float (2^-9 relative) with
  // margin. atol: differences of summation order within a tile; with 16-bit
  // accumulation both sides round the running sum once per K tile, and where
  // their roundings differ the sums drift apart by a few 16-bit ulps.
  double rtol = dtype == "float32" ? 1.0 / (1 << 16) : 1.0 / 64;
  double atol = fp32Accumulation ? 1.0 / 256 : 1.0 / 16;
  return {rtol, atol};
}

Comparison ttllc::compareOutput(llvm::ArrayRef<float> got, llvm::ArrayRef<float> ref,
                                Tolerance tol) {
  Comparison c;
  for (float r : ref)
    c.scale = std::max(c.scale, double(std::fabs(r)));
  for (size_t k = 0; k < ref.size() && k < got.size(); ++k) {
    double r = std::fabs(double(ref[k]));
    double err = std::fabs(double(got[k]) - double(ref[k]));
    c.maxAbs = std::max(c.maxAbs, err);
    if (r > 1e-3 * c.scale)
      c.maxRel = std::max(c.maxRel, err / r);
    if (!(err <= tol.rtol * r + tol.atol * c.scale) && c.mismatches++ == 0)
      c.firstMismatch = k;
  }
  if (got.size() != ref.size() && c.mismatches++ == 0)
    c.firstMismatch = std::min(got.size(), ref.size());
  return c;
}
