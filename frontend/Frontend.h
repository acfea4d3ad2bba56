//===- frontend/Frontend.h - TileLang source files to Tile IR ---*- C++ -*-===//
//
// Reads a TileLang file as users write it, in either of TileLang's styles:
//
//   import tilelang
//   import tilelang.language as T
//
//   @tilelang.jit                                  # eager style (TileLang 2026)
//   def matmul(A, B, block_M, block_N, block_K, dtype=T.float16):
//       M, N, K = T.const("M, N, K")
//       A: T.Tensor((M, K), dtype)
//       B: T.Tensor((K, N), dtype)
//       C = T.empty((M, N), dtype)
//       with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
//           ...
//       return C
//
//   @tilelang.jit(out_idx=[-1])                    # classic style: a factory
//   def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16"):
//       @T.prim_func
//       def gemm(A: T.Tensor((M, K), dtype), ...):
//           with T.Kernel(...) as (bx, by):
//               ...
//       return gemm
//
//   def main():                      # host code: skipped, never parsed
//       kernel = matmul.compile(M=1024, N=1024, K=1024, block_M=128, ...)
//
// The kernel is the `@T.prim_func` function, at the top level or nested in a
// factory, or the body of a `@tilelang.jit` function holding a T.Kernel
// (its tensors: the parameters annotated T.Tensor, then the T.empty outputs).
// Each compile-time parameter (and each T.const name) is bound, in this order
// of precedence, from `-D NAME=VALUE`, from the parameter's default, or from
// the first call of the factory (`f(...)` or `f.compile(...)`) in the file
// whose compile-time arguments are constants, also when that call passes on
// the parameters of a function around it that is itself called with
// constants (def run(M): f(M) ... run(1024)). The factory's Python runs at
// compile time (syntax/PyEval.h). Top-level constants are visible. Everything
// else in the file (other functions, classes, torch and argparse code,
// `if __name__ == "__main__":`) is skipped statement by statement without
// being parsed; only lexical errors there are reported. pytest `test_*`
// functions are kernels only of a file with no other kernel: their inline
// @T.prim_func, after the constant statements before it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;

struct FrontendOptions {
  /// `-D NAME=VALUE` bindings, in command-line order (a later one wins).
  std::vector<std::string> defines;
  /// Name of the kernel factory or prim_func to compile, when a file holds
  /// several; empty = the only one.
  std::string kernelName;
  /// The Tensix cores of the target's core grid, the answer to the file's
  /// `driver.get_num_sms()` (a persistent kernel's parallel units); 0: no
  /// target, the question is a located error.
  int64_t computeUnits = 0;
};

/// Parses buffer `bufferId` of `sm` into a module holding the one kernel.
/// Reports located errors and returns nullopt on failure.
std::optional<Module> parseTileLang(llvm::SourceMgr &sm, unsigned bufferId,
                                    const FrontendOptions &opts, Diagnostics &diag);

} // namespace ttllc
