//===- tools/Driver.h - the compile flow shared by the tools ----*- C++ -*-===//
//
// What `tt-llc KERNEL -o OUTDIR` does, as functions tt-llc, tt-run and the
// benchmarks share: read a kernel (TileLang or Tile IR text), verify it, run
// the default pipeline, compile the programs and write the folder of
// artifacts.
//
//   llvm::SourceMgr sm;
//   Diagnostics diag(&sm);
//   KernelInput in{{"M=512"}, ""};
//   bool ok = compileToFolder("examples/gemm.py", "out", *lookupTarget("wormhole_b0"), in,
//                             BackendOptions{}, sm, diag);
//
//===----------------------------------------------------------------------===//
#pragma once

#include "backend/Artifacts.h"
#include "ir/IR.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;
class StageTimers;
struct TargetInfo;

/// Which kernel of a file, with which parameters.
struct KernelInput {
  std::vector<std::string> defines; // -D NAME=VALUE (TileLang only)
  std::string kernelName;           // --kernel: a factory or a top-level prim_func
};

/// The kernel of `path` ('-' reads standard input): TileLang source, or Tile
/// IR text when the file starts with kTileIRHeader. Verified; nullopt after
/// an error was reported through `diag`. With `timers`, the reading is timed
/// as the stage "frontend" or "parse-tir".
std::optional<Module> loadKernel(llvm::StringRef path, const KernelInput &input,
                                 llvm::SourceMgr &sm, Diagnostics &diag,
                                 StageTimers *timers = nullptr);

/// `tt-llc path -o outDir`: loadKernel, the default pipeline, the backend,
/// and every artifact (source.tir included). `opts.timers` times each stage.
bool compileToFolder(llvm::StringRef path, llvm::StringRef outDir, const TargetInfo &target,
                     const KernelInput &input, BackendOptions opts, llvm::SourceMgr &sm,
                     Diagnostics &diag);

} // namespace ttllc
