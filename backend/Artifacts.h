//===- backend/Artifacts.h - lowered kernel -> artifacts --------*- C++ -*-===//
//
// The backend driver: from the lowered module (the host function and its
// five programs, docs/lowering.md) to LLVM modules, RV32 objects, images
// linked by lld, the host stub (compiled by clang) and tt.plan.json, written
// as one output folder (docs/design.md "Artifacts"):
//
//   OUTDIR/reader.o compute.trisc{0,1,2}.o writer.o      relocatable RV32 objects
//   OUTDIR/reader.elf compute.trisc{0,1,2}.elf writer.elf linked images
//   OUTDIR/reader.hw.o ... reader.hw.elf ...              the same for each other
//                                                         device ABI of the target
//   OUTDIR/<kernel>_host.{h,cpp,o}                        host stub (x86-64 object)
//   OUTDIR/tt.plan.json                                   the plan
//   OUTDIR/source.tir                                     the kernel before the passes
//
// The folder is written under a temporary name and renamed into place, so
// a failed compile never leaves a half-written OUTDIR.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "backend/Programs.h"
#include "ir/IR.h"
#include "ir/Target.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_ostream;
} // namespace llvm

namespace ttllc {
class Diagnostics;
class StageTimers;

/// The host function of a lowered kernel and its programs in
/// programRoles() order.
struct LoweredKernel {
  PrimFuncPtr host;
  std::array<PrimFuncPtr, 5> programs;
};

/// The one lowered kernel of `m`; an error when the module was not lowered
/// (or holds several kernels).
std::optional<LoweredKernel> findLoweredKernel(const Module &m, Diagnostics &diag);

struct BackendOptions {
  unsigned optLevel = 2; // -O0..-O3
  StageTimers *timers = nullptr;
  /// The kernel as the frontend read it (Tile IR text), written to
  /// OUTDIR/source.tir by --emit=all so tt-run can check the folder against
  /// its reference; nothing when empty.
  std::string sourceTIR;
  /// The host stub's name (a C identifier): files <stubName>_host.{h,cpp,o}
  /// and functions <stubName>_create_program / _launch. The kernel's name
  /// when empty.
  std::string stubName;
  /// The device ABIs to compile images for ("sim", "hw"); every ABI the
  /// target has a device library for when empty. Naming one the target has
  /// no library for is an error.
  std::vector<std::string> abis;
};

/// What compileKernel makes of each program after optimising it.
enum class ProgramOutput {
  IR,       // the optimised LLVM module only (--emit=llvm)
  Assembly, // and its RISC-V assembly (--emit=asm)
  Object    // and its RV32 object (--emit=obj, --emit=all)
};

/// One program for one device ABI: its optimised LLVM module (the device
/// library of the ABI linked in) and what was emitted from it. Each program
/// has its own context and target machine, so all are optimised and emitted
/// on parallel threads.
struct ProgramCode {
  ProgramCode();
  ~ProgramCode();
  ProgramCode(ProgramCode &&);
  ProgramCode &operator=(ProgramCode &&);

  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> module;
  std::string name;             // "gemm_reader", ...
  std::string abi;              // "sim", ...: its device library
  llvm::SmallString<0> emitted; // the assembly text or object bytes
};

/// The optimised LLVM modules of a kernel's programs: for each device ABI
/// with a library for the target (deviceLibrariesFor order, sim first), the
/// five programs in programRoles() order.
struct KernelCode {
  std::vector<std::string> abis;
  std::vector<ProgramCode> programs; // abis.size() * 5
  ProgramCode &program(size_t abi, size_t role) { return programs[abi * 5 + role]; }
};

/// Generates the five programs once per device ABI of the target, then links
/// each with its ABI's device library, optimises it and emits `output` from
/// it on one thread per core (the stages llvm-codegen, then llvm-opt for IR
/// or llvm-opt+emit). A target without device library is an error.
std::optional<KernelCode> compileKernel(const LoweredKernel &k, const TargetInfo &target,
                                        ProgramOutput output, const BackendOptions &opts,
                                        Diagnostics &diag);

/// --emit=llvm / --emit=asm: every program's module or assembly, one after
/// the other, each under a comment naming the program and its RISC (and its
/// ABI when it is not sim).
bool printLLVM(KernelCode &code, llvm::raw_ostream &os);
bool printAssembly(KernelCode &code, llvm::raw_ostream &os);

/// What writeArtifacts writes.
enum class ArtifactSet {
  Objects, // --emit=obj: the five objects
  All      // --emit=all: objects, images, host stub, plan
};

/// Writes the folder `outDir` atomically. An existing `outDir` is replaced
/// only when it holds nothing but files tt-llc writes.
bool writeArtifacts(KernelCode &code, const LoweredKernel &k, const TargetInfo &target,
                    llvm::StringRef outDir, ArtifactSet what, const BackendOptions &opts,
                    Diagnostics &diag);

} // namespace ttllc
