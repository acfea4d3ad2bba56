//===- backend/Link.h - kernel images linked in-process by lld --*- C++ -*-===//
//
// Links one RISC program's object (which holds its device library: see
// backend/DeviceLibrary.h) into an executable image (docs/device-abi.md
// "Images"): text and read-only data in the RISC's text region of L1,
// .data / .bss / stack in its local data RAM, entry `_start` (device
// library) which calls `kernel_main`.
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

/// Links the RV32 object at `objectPath`, which must define `_start`, into
/// the executable `imagePath`, with lld as a library. The temporary linker
/// script is written to `workDir` and removed. Errors carry lld's messages
/// (e.g. an undefined symbol, text too big).
llvm::Error linkImage(const TargetInfo &target, unsigned risc, llvm::StringRef objectPath,
                      llvm::StringRef imagePath, llvm::StringRef workDir);

} // namespace ttllc
