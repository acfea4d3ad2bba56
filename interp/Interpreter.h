//===- interp/Interpreter.h - reference interpreter of Tile IR --*- C++ -*-===//
//
// Runs a source-level Tile IR function (the frontend's output: T.Kernel,
// allocations, copies, gemm, fill, loops, stores, lets, ifs) on the host and
// computes the outputs the device must produce from the same inputs. The
// end-to-end tests compare the simulator's results against it.
//
// Semantics (exact, so that tests can reason about rounding):
//
//   Values    Scalars of a float type are computed as fp32 `float` whatever
//             their Tile IR float type (a bfloat16 `x * 2 + 1` is one fp32
//             multiply and one fp32 add); integers as int64 with wrapping
//             + - *, Python `//` and `%` (round toward negative infinity,
//             division by zero is an error); bools as bool. Mixed operands
//             are converted to the node's result type (int -> float for
//             float results; comparisons compare as floats when either side
//             is a float). `/` is fp32 division. Math intrinsics (exp, log,
//             sqrt, rsqrt, abs, tanh, sigmoid) are the fp32 C library
//             functions (abs of an int is an int). `T.if_then_else` /
//             select evaluates only the chosen operand.
//   Rounding  Happens only where a value meets a dtype: a Cast, a store into
//             a buffer element, a copy, a fill and the result of a gemm.
//             bfloat16 and float16 round to nearest, ties to even (float16
//             overflows to infinity and has subnormals; NaN stays NaN);
//             float32 is exact. Integer targets truncate toward zero and
//             wrap to 32 bits (int32 / uint32); a NaN, infinite or
//             out-of-int64 float converted to an integer is an error. Bool
//             targets are `value != 0`.
//   Buffers   Every element holds a value of its buffer's dtype. Bound
//             global buffers are rounded to their dtype on entry (so
//             arbitrary floats given for a bfloat16 input are bf16-rounded)
//             and written back, rounded, to the HostTensors on return, also
//             when interpretation fails part way. Integer data given as
//             float are converted like a cast.
//   Kernel    T.Kernel(gx[, gy[, gz]]) runs its body once per block in
//             row-major order with bx fastest (for bz: for by: for bx),
//             or with the same results on threads (the blocks run on
//             threads when no two write an element and none reads a
//             buffer that one writes; else again in order).
//   Alloc     Executing an allocation (shared / fragment / local) gives the
//             buffer fresh zero-filled storage: on-chip buffers start at
//             zero in every kernel-body execution.
//   For       Serial, pipelined and parallel loops all run sequentially in
//             increasing order of the loop variable.
//   Copy      Element-wise over the squeezed extents (unit dimensions
//             dropped, Region::squeezedExtents), converting to the
//             destination dtype. Elements of a global-buffer region outside
//             the buffer read as zero and are not written (TileLang's masked
//             edge copy); any other out-of-bounds element is an error.
//   Gemm      C = (clear_accum ? 0 : C) + op(A) @ op(B) per T.gemm call:
//             for every C element, the products of the stored (rounded)
//             A and B values are each rounded to fp32 and added in
//             increasing k order to an fp32 accumulator that starts at the
//             stored C value; the sum is then stored rounded to C's dtype. A
//             bfloat16 accumulator is therefore rounded once per T.gemm call
//             (per K step of a pipelined loop), not per product. Operands may
//             be sub-regions; they must be in bounds.
//   Fill      Every element of the region := the value converted to the
//             buffer's dtype (T.clear fills with zero).
//   Evaluate  A math intrinsic call is evaluated and its value dropped.
//
// Anything else (device intrinsics, cb buffers, scalar parameters, which
// have no bound value) is reported as an error at the node's location, as
// are out-of-bounds loads and stores and shape mismatches.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace ttllc {
class Diagnostics;

/// Host values of a global buffer: its elements row-major (shape of the
/// buffer), as float.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// How the interpreter runs.
struct InterpretOptions {
  /// Threads for the blocks of a T.Kernel (0: the host's hardware
  /// concurrency; 1: sequential).
  unsigned threads = 0;
};

/// How the T.Kernel statements ran.
struct InterpretStats {
  unsigned parallelKernels = 0;   // blocks on threads
  unsigned sequentialKernels = 0; // blocks in order (one thread, or a fallback)
};

/// Runs source-level `f` with `buffers` bound to f's buffer parameters in
/// order (shapes and sizes must match; every buffer is updated in place:
/// inputs are rounded to their dtype, outputs receive the results). Returns
/// false after reporting an error through `diag` (unsupported construct,
/// out-of-bounds element access, shape mismatch, ...).
bool interpret(const PrimFunc &f, std::vector<HostTensor> &buffers, Diagnostics &diag,
               const InterpretOptions &opts = {}, InterpretStats *stats = nullptr);

/// `x` rounded to the nearest bfloat16 / float16 value, ties to even, as a
/// float (exposed for tests and host-side reference code).
float roundToBFloat16(float x);
float roundToFloat16(float x);

} // namespace ttllc
