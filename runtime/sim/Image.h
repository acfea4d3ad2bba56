//===- runtime/sim/Image.h - kernel images: the one ELF reader --*- C++ -*-===//
//
// Reads the ELF32 header and program headers of a kernel image, bounds
// checked: every header and every segment's file bytes lie inside the file,
// so a truncated or corrupt image gives a message, never an out-of-bounds
// read. The runtime validates images with it when a host stub sets them
// (tt_program_set_kernel) and the simulator loads them with it.
//
//   readImage(bytes, size, image)      -> "" or "image of 51 bytes is too small ..."
//   checkKernelImage(image, risc, dev) -> "" or "entry point 0x7ffc is outside ..."
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/devices.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ttrt {

/// A program header; the segment's file bytes are
/// [offset, offset + fileSize) of the image.
struct ImageSegment {
  uint32_t type = 0; // PT_LOAD = 1, ...
  uint32_t offset = 0, vaddr = 0, fileSize = 0, memSize = 0;
};

inline constexpr uint32_t kPtLoad = 1;

/// What readImage finds in an image.
struct Image {
  uint16_t type = 0, machine = 0; // e_type, e_machine
  uint32_t entry = 0, flags = 0;  // e_entry, e_flags
  std::vector<ImageSegment> segments;
};

/// Reads `bytes` as a little-endian ELF32 file into `image`; returns why it
/// is not one ("" when it is): too small for a header, bad magic, class,
/// byte order or version, a program header size other than 32, program
/// headers or segment bytes past the end of the file, a segment with more
/// bytes in the file than in memory.
std::string readImage(const uint8_t *bytes, size_t size, Image &image);

/// Why `image` is not a kernel image for RISC `risc` (TT_RISC_*) of
/// `device` ("" when it is one): it must be a RISC-V executable without
/// compressed instructions (EF_RISCV_RVC), have program headers, its entry
/// point must lie in the RISC's kernel text region and every PT_LOAD segment
/// in L1 or in the RISC's local data RAM.
std::string checkKernelImage(const Image &image, unsigned risc, const tt_device_info &device);

/// Whether the ELF32 file `bytes` has a symbol called `name` in a symbol
/// table. A file whose section headers or symbol table lie outside it has
/// none.
bool hasSymbol(const uint8_t *bytes, size_t size, const char *name);

/// Where segment `s` of a kernel image for `risc` goes: true and the offset
/// in L1 (`inL1`) or in the RISC's local data RAM, false when it lies in
/// neither.
bool placeSegment(const ImageSegment &s, unsigned risc, const tt_device_info &device, bool &inL1,
                  uint32_t &offset);

} // namespace ttrt
