//===- backend/Codegen.h - one lowered program to LLVM IR -------*- C++ -*-===//
//
// Translates one lowered RISC program of a kernel (a PrimFunc with a
// `tt.program` attribute, docs/lowering.md) into an LLVM module for the
// Tensix baby cores (docs/device-abi.md):
//
//   define void @kernel_main()          ; the entry the device library calls
//     %A_addr = load i32, ptr inttoptr (i32 0x1800 to ptr)  ; parameter i =
//                           ; word i at TT_RUNTIME_ARGS_ADDR of the program's RISC
//     ...loops, lets, ifs, address arithmetic as plain LLVM IR...
//     call void @"tt.cb.reserve_back"(i32 0, i32 1)  ; device intrinsics
//
// Integers are i32. Python floor division and modulo of values known to be
// non-negative (runtime arguments, loop counters from 0, sums and products
// of those) become udiv / urem, so division by a power of two is a shift and
// by 12 (Wormhole's DRAM banks) a multiply-high; the general case gets the
// floor correction. Constructs the lowering should have removed (copies,
// gemms, buffer loads, floats) are errors at their source location.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Target.h"

#include <memory>

namespace llvm {
class DataLayout;
class LLVMContext;
class Module;
} // namespace llvm

namespace ttllc {
class Diagnostics;

/// The module of program `f` for `target`, with the given data layout (of
/// the RISC-V TargetMachine). Null after reporting an error.
std::unique_ptr<llvm::Module> generateProgram(const PrimFunc &f, const TargetInfo &target,
                                              const llvm::DataLayout &layout,
                                              llvm::LLVMContext &context, Diagnostics &diag);

/// The entry point of every program.
inline constexpr const char *kEntrySymbol = "kernel_main";

} // namespace ttllc
