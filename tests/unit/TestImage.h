//===- tests/unit/TestImage.h - hand-made kernel images, runtime args --*- C++ -*-===//
//
// Kernel images the runtime and image-reader tests build byte by byte (ELF32
// RISC-V executables, as lld writes them), and the runtime arguments a
// program holds for one RISC of one core.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/device_abi.h"
#include "tt/runtime.h"

#include "llvm/Support/Endian.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ttllc::test {

/// A PT_LOAD segment of a test image: `words` in the file at `vaddr`, `memSize`
/// bytes in memory (the rest zero-filled), permissions `flags` (PF_R = 4,
/// PF_W = 2, PF_X = 1).
struct TestSegment {
  uint32_t vaddr;
  std::vector<uint32_t> words;
  uint32_t memSize;
  uint32_t flags;
};

/// An ELF32 little-endian RISC-V executable (ET_EXEC, soft float, no RVC)
/// whose entry is the first segment's address, with `segments` one after the
/// other in the file after the program headers.
inline std::vector<uint8_t> testImage(const std::vector<TestSegment> &segments) {
  using llvm::support::endian::write16le;
  using llvm::support::endian::write32le;
  constexpr uint32_t kEhdr = 52, kPhdr = 32;
  uint32_t offset = kEhdr + kPhdr * uint32_t(segments.size());
  size_t size = offset;
  for (const TestSegment &s : segments)
    size += 4 * s.words.size();
  std::vector<uint8_t> b(size, 0);
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 1 /*ELFCLASS32*/, 1 /*LSB*/, 1 /*version*/};
  std::copy(std::begin(ident), std::end(ident), b.begin());
  write16le(&b[16], 2);   // e_type: ET_EXEC
  write16le(&b[18], 243); // e_machine: EM_RISCV
  write32le(&b[20], 1);   // e_version
  write32le(&b[24], segments.empty() ? 0 : segments[0].vaddr);
  write32le(&b[28], kEhdr); // e_phoff
  write16le(&b[40], kEhdr); // e_ehsize
  write16le(&b[42], kPhdr); // e_phentsize
  write16le(&b[44], uint16_t(segments.size()));
  for (size_t i = 0; i < segments.size(); ++i) {
    const TestSegment &s = segments[i];
    uint8_t *p = &b[kEhdr + kPhdr * i];
    uint32_t fileSize = 4 * uint32_t(s.words.size());
    write32le(p, 1); // PT_LOAD
    write32le(p + 4, offset);
    write32le(p + 8, s.vaddr);
    write32le(p + 12, s.vaddr);
    write32le(p + 16, fileSize);
    write32le(p + 20, s.memSize);
    write32le(p + 24, s.flags);
    write32le(p + 28, 4);
    for (uint32_t w : s.words) {
      write32le(&b[offset], w);
      offset += 4;
    }
  }
  return b;
}

/// `li a7, 0; ecall` (TT_SVC_EXIT): a kernel that ends at once.
inline const std::vector<uint32_t> kExitCode = {0x00000893, 0x00000073};

/// The smallest kernel image for `risc`: one segment of two instructions at
/// the RISC's kernel text address that end the kernel.
inline std::vector<uint8_t> minimalImage(unsigned risc) {
  return testImage({{TT_KERNEL_TEXT_ADDR(risc), kExitCode, 8, 5 /*R+X*/}});
}

/// The runtime arguments `program` holds for `risc` on core (x, y).
inline std::vector<uint32_t> runtimeArgs(const tt_program *program, uint32_t x, uint32_t y,
                                         tt_risc risc) {
  std::vector<uint32_t> args(TT_RUNTIME_ARGS_MAX);
  uint32_t count = 0;
  EXPECT_EQ(tt_program_get_runtime_args(program, x, y, risc, args.data(), args.size(), &count),
            TT_OK)
      << tt_last_error();
  args.resize(count);
  return args;
}

} // namespace ttllc::test
