//===- backend/HostStub.h - generated host launch code ----------*- C++ -*-===//
//
// Generates <kernel>_host.h / <kernel>_host.cpp from a kernel's plan
// (plan/Plan.h) and its linked images (five per device ABI), and compiles the
// stub in-process with clang to an x86-64 object. The stub is the kernel's
// description for the runtime (tt_kernel_desc: buffers, circular buffers,
// runtime arguments per core, the images of each ABI) and two entry points
// that hand it to
// tt_program_create_from_kernel; it includes only the runtime's C header
// tt/runtime.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "plan/Plan.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ttllc {

/// A linked kernel image, the RISC it runs on and its device ABI.
struct KernelImage {
  unsigned risc;        // TT_RISC_*
  std::string abi;      // "sim", "hw"
  std::string artifact; // "reader", "compute.trisc0", ... (names the image's array)
  std::vector<uint8_t> bytes;
};

struct HostStub {
  std::string headerName; // "gemm_host.h"
  std::string header;
  std::string sourceName; // "gemm_host.cpp"
  std::string source;
};

/// The host stub of the kernel described by `plan`, embedding `images`,
/// named `name` (a C identifier; the kernel's name when empty). What the
/// runtime's description cannot express (an unknown data format, cores whose
/// runtime arguments differ in kind, a missing image, ...) becomes `#error`
/// lines of the stub, so compiling it fails with that message.
HostStub generateHostStub(const ttplan::Plan &plan, llvm::ArrayRef<KernelImage> images,
                          llvm::StringRef name = {});

/// Compiles `stub` for x86-64 Linux with clang in-process (no clang binary,
/// no file system access except clang's resource headers) into `object`.
llvm::Error compileHostStub(const HostStub &stub, llvm::SmallVectorImpl<char> &object);

} // namespace ttllc
