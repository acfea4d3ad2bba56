//===- ir/Printer.h - Tile IR to its Python-syntax text form ----*- C++ -*-===//
//
// Writes Tile IR as a TVMScript-style Python script that syntax/PyToTileIR.h reads
// back to an equal IR: print(parse(print(ir))) == print(ir). Example:
//
//   # tt-llc Tile IR
//   import tilelang.language as T
//
//
//   @T.prim_func
//   def gemm(
//       A: T.Tensor((256, 256), "bfloat16"),
//       ...
//   ):
//       T.func_attr({"global_symbol": "gemm", "tt_num_tiles": 64})
//       T.buffer_attr(A, {"tt_layout": "dram_interleaved"})
//       with T.Kernel(8, 8) as (bx, by):
//           A_shared = T.alloc_shared((32, 32), "bfloat16")
//           T.clear(C_local)
//           for k in T.Pipelined(8, num_stages=3):
//               T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_shared)
//               T.gemm(A_shared, B_shared, C_local)
//
// Names are made unique per function (a second, different `i` prints as
// `i_1`), so distinct vars never merge when the text is parsed back.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <string>

namespace llvm {
class raw_ostream;
}

namespace ttllc {

/// The first line of every printed module; tools use it to tell Tile IR text
/// from TileLang source.
inline constexpr const char *kTileIRHeader = "# tt-llc Tile IR";

void printModule(const Module &m, llvm::raw_ostream &os);
std::string toString(const Module &m);
/// Expression text for diagnostics and tests (names as stored, not uniqued).
std::string toString(const Expr &e);

} // namespace ttllc
