//===- backend/Link.h - kernel images linked in-process by lld --*- C++ -*-===//
//
// Links one RISC program's object with the device library of the target
// into an executable image (docs/device-abi.md "Images"): text and read-only
// data in the RISC's text region of L1, .data / .bss / stack in its local
// data RAM, entry `_start` (device library) which calls `kernel_main`.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace ttllc {

/// The linker script of the image that runs on `risc` (TT_RISC_*) of `target`.
std::string linkerScript(const TargetInfo &target, unsigned risc);

/// Links the RV32 object at `objectPath` with the target's device library
/// into the executable `imagePath`, with lld as a library. Temporary files
/// (linker script, device library) are written to `workDir` and removed.
/// Errors carry lld's messages (e.g. an undefined intrinsic, text too big).
llvm::Error linkImage(const TargetInfo &target, unsigned risc, llvm::StringRef objectPath,
                      llvm::StringRef imagePath, llvm::StringRef workDir);

} // namespace ttllc
