//===- backend/Emit.h - optimise and emit RV32 code -------------*- C++ -*-===//
//
// The RISC-V TargetMachine of a Tensix target (riscv32-unknown-elf, ABI
// ilp32, the target table's features, never the C extension, static
// relocation), the new pass manager's -O0..-O3 pipelines, and emission of
// a module as an object file or assembly text.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Target.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace ttllc {

/// The TargetMachine for the baby cores of `target` at optimisation level
/// `opt` (0-3).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const TargetInfo &target,
                                                                         unsigned opt);

/// Runs the new pass manager's default pipeline of level `opt` (0-3).
void optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, unsigned opt);

/// Emits `m` as an ELF object or as assembly text into `out`.
llvm::Error emitModule(llvm::Module &m, llvm::TargetMachine &tm, llvm::CodeGenFileType kind,
                       llvm::SmallVectorImpl<char> &out);

} // namespace ttllc
