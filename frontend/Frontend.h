//===- frontend/Frontend.h - TileLang source files to Tile IR ---*- C++ -*-===//
//
// Reads a TileLang file as users write it:
//
//   import tilelang
//   import tilelang.language as T
//
//   @tilelang.jit(out_idx=[-1])
//   def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16"):
//       @T.prim_func
//       def gemm(A: T.Tensor((M, K), dtype), ...):
//           with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
//               ...
//       return gemm
//
//   def main():                      # host code: skipped, never parsed
//       kernel = matmul(1024, 1024, 1024, 128, 128, 32)
//
// The kernel is the `@T.prim_func` function, either at the top level or
// nested in a factory function. Each factory parameter is bound, in this
// order of precedence, from `-D NAME=VALUE`, from the parameter's default,
// or from the first call of the factory in the file whose arguments are all
// literals. Integer arithmetic and T.ceildiv on bound values fold to
// constants. Everything else in the file (other functions, classes, torch
// and argparse code, `if __name__ == "__main__":`) is skipped statement by
// statement without being parsed; only lexical errors there are reported.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

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
};

/// Parses buffer `bufferId` of `sm` into a module holding the one kernel.
/// Reports located errors and returns nullopt on failure.
std::optional<Module> parseTileLang(llvm::SourceMgr &sm, unsigned bufferId,
                                    const FrontendOptions &opts, Diagnostics &diag);

} // namespace ttllc
