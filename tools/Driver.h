//===- tools/Driver.h - the one compile entry point -------------*- C++ -*-===//
//
// compile() is what `tt-llc` does once its options are parsed, and the
// compile of tt-run and the benchmarks: load the kernel (TileLang, or Tile IR
// text), verify it, run the passes (passes/Pipeline.h), generate and
// optimise the LLVM code of the five programs, emit their RV32 objects, link
// the images, build the plan, generate and compile the host stub and write
// the folder of artifacts (backend/Artifacts.h); or stop at the output
// --emit chose and write that.
//
//   llvm::SourceMgr sm;
//   Diagnostics diag(&sm);
//   CompileOptions opts;
//   opts.inputPath = "examples/gemm.py";
//   opts.input.defines = {"M=512"};
//   opts.output = "out";
//   bool ok = compile(opts, sm, diag); // out/reader.o, ..., out/tt.plan.json
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Target.h"
#include "passes/PassManager.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace ttllc {
class Diagnostics;
class StageTimers;

/// Which kernel of a file, with which parameters.
struct KernelInput {
  std::vector<std::string> defines; // -D NAME=VALUE (TileLang only)
  std::string kernelName;           // --kernel: a factory or a top-level prim_func
};

/// What compile() produces (tt-llc --emit=).
enum class EmitKind {
  TIR,  // the Tile IR after the passes
  Plan, // tt.plan.json
  LLVM, // the LLVM IR of the five programs
  Asm,  // their RISC-V assembly
  Obj,  // the folder of the five objects
  All,  // the folder of every artifact
};

/// Whether `emit` writes a folder (Obj, All) rather than a file.
inline bool emitsFolder(EmitKind emit) { return emit == EmitKind::Obj || emit == EmitKind::All; }

struct CompileOptions {
  /// TileLang source, or Tile IR text (a file starting with kTileIRHeader);
  /// "-" reads standard input.
  std::string inputPath = "-";
  /// The source text itself, when given: then inputPath only names it in
  /// diagnostics (the Python package compiles strings this way).
  std::optional<std::string> inputText;
  KernelInput input;
  /// The device compiled for, with the core grid of --grid if given.
  TargetInfo target = *lookupTarget("wormhole_b0");
  EmitKind emit = EmitKind::All;
  /// The folder of an emitsFolder() kind (required); the file of the others,
  /// standard output when empty or "-".
  std::string output;
  /// The passes to run (--passes=); by default the default pipeline, or the
  /// metadata passes for --emit=plan (which needs no lowering).
  std::optional<Pipeline> passes;
  /// IR dumps on standard error after every pass / after the passes named.
  bool printAfterAll = false;
  std::set<std::string, std::less<>> printAfter;
  unsigned optLevel = 2; // -O0..-O3 of the RISC-V code
  /// The device ABIs to compile images for (--abi); all of the target's
  /// when empty.
  std::vector<std::string> abis;
  /// --math-fidelity: LoFi, HiFi2, HiFi3 or HiFi4; empty when not given
  /// (the kernel's tt.math_fidelity attribute, else HiFi4).
  std::string mathFidelity;
  /// The host stub's name (a C identifier); the kernel's name when empty.
  std::string stubName;
  /// Each stage is timed here when non-null (--time-passes).
  StageTimers *timers = nullptr;
};

/// Reads the kernel of `opts` (inputPath / inputText, input) and verifies
/// it, as compile() does first; nullopt after an error was reported.
std::optional<Module> loadKernel(const CompileOptions &opts, llvm::SourceMgr &sm,
                                 Diagnostics &diag);

/// Compiles the kernel and writes what `opts.emit` asks for; nothing is
/// written when compilation fails. False after an error was reported
/// through `diag`.
bool compile(const CompileOptions &opts, llvm::SourceMgr &sm, Diagnostics &diag);

/// Rows x cols of a buffer of `shape` as the runtime tiles it (the leading
/// dimensions folded into rows; a 1-D buffer is one row). Shared by tt-run
/// and the Python package.
inline std::pair<uint32_t, uint32_t> matrixShape(const std::vector<int64_t> &shape) {
  if (shape.size() == 1)
    return {1, uint32_t(shape[0])};
  uint64_t rows = 1;
  for (size_t i = 0; i + 1 < shape.size(); ++i)
    rows *= uint64_t(shape[i]);
  return {uint32_t(rows), uint32_t(shape.back())};
}

} // namespace ttllc
