//===- interp/Tolerance.cpp - output tolerances of --verify ---------------===//

#include "interp/Tolerance.h"

#include <algorithm>
#include <cmath>

using namespace ttllc;

namespace {

/// A bound on the relative error of one product from the significand bits
/// a fidelity leaves out (runtime/sim/Numerics.h): of B's 11-bit
/// significand LoFi keeps the top 5 bits (< 2^-4 lost), HiFi2 and up all
/// but bit 0; of A's LoFi and HiFi2 keep the top 7 (< 2^-6 lost); HiFi3
/// misses only B's low bits times A's low bits (< 2^-12). HiFi4 loses
/// only B's bit 0 of a TF32 or float16 operand (< 2^-10), which the
/// 16-bit-output and accumulation bounds already cover: 0 here.
double fidelityError(llvm::StringRef fidelity) {
  if (fidelity == "HiFi4")
    return 0;
  if (fidelity == "HiFi3")
    return 0x1p-12;
  if (fidelity == "HiFi2")
    return 0x1p-6;
  return 0x1p-4 + 0x1p-6; // LoFi
}

} // namespace

Tolerance ttllc::outputTolerance(llvm::StringRef dtype, bool fp32Accumulation,
                                 llvm::StringRef fidelity) {
  // rtol: one rounding of the output to a 16-bit float (2^-9 relative) with
  // margin. atol: differences of summation order within a tile; with 16-bit
  // accumulation DST rounds after every face and fidelity phase, the
  // reference once per K tile, and where their roundings differ the sums
  // drift apart by a few 16-bit ulps.
  double rtol = dtype == "float32" ? 1.0 / (1 << 16) : 1.0 / 64;
  double atol = fp32Accumulation ? 1.0 / 256 : 1.0 / 16;
  // Below HiFi4 the products are truncated toward zero by up to e: a
  // relative error of at most e where the products do not cancel (rtol),
  // and a spread of about e / 2 * max|ref| where they do (atol; measured:
  // LoFi 0.026 max|ref| for K = 512, docs/cli.md).
  double e = fidelityError(fidelity);
  return {rtol + e, atol + e / 2};
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
