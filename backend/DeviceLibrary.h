//===- backend/DeviceLibrary.h - the embedded device libraries --*- C++ -*-===//
//
// The device libraries (`_start` and one function per tt.* intrinsic) of
// each device ABI and architecture, LLVM bitcode built by
// backend/DeviceLibrary.cmake from its table (sim: runtime/device/ttdevice.c
// for every architecture) and embedded in tt-llc. linkDeviceLibrary links
// one into a program's module before the optimisation pipeline, so the
// intrinsics inline into kernel_main and each image is linked by lld from
// one object.
//
//   for (const DeviceLibrary &lib : deviceLibrariesFor(target))   // "sim", ...
//     linkDeviceLibrary(*module, lib);   // then O2 and emission
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace ttllc {

/// One embedded library.
struct DeviceLibrary {
  llvm::StringRef abi;             // "sim", "hw": the device ABI it implements
  llvm::StringRef arch;            // "wormhole", ...: TargetInfo::arch
  llvm::ArrayRef<uint8_t> bitcode; // LLVM 19 bitcode for riscv32
};

/// Every embedded library, in the order of DeviceLibrary.cmake's table
/// (ABI by ABI, sim first).
llvm::ArrayRef<DeviceLibrary> deviceLibraries();

/// The libraries for `target.arch`, in table order: one per ABI tt-llc
/// compiles images for on that target (none for an unknown architecture).
std::vector<DeviceLibrary> deviceLibrariesFor(const TargetInfo &target);

/// Links the functions of `library` that `m` needs (its `_start` and the
/// intrinsics `m` calls) into `m`, which must define the kernel entry
/// kernel_main. Afterwards everything but `_start` and kernel_main is
/// internal and the library's functions carry kernel_main's target
/// attributes, so the optimisation pipeline inlines the intrinsics. Fails
/// on a call to a tt.* function the library does not define, naming it.
llvm::Error linkDeviceLibrary(llvm::Module &m, const DeviceLibrary &library);

} // namespace ttllc
