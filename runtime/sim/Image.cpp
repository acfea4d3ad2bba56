//===- runtime/sim/Image.cpp - kernel images: the one ELF reader ----------===//

#include "sim/Image.h"

#include "tt/programs.h"

#include <cstdio>
#include <cstring>

using namespace ttrt;

namespace {

constexpr size_t kElf32HeaderSize = 52;
constexpr size_t kElf32PhdrSize = 32;
constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmRiscv = 243;
constexpr uint32_t kEfRiscvRvc = 0x1;

uint16_t read16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t read32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

} // namespace

std::string ttrt::readImage(const uint8_t *bytes, size_t size, Image &image) {
  image = Image();
  if (!bytes || size < kElf32HeaderSize)
    return "image of " + std::to_string(size) + " bytes is too small for an ELF header";
  if (std::memcmp(bytes,
                  "\x7f"
                  "ELF",
                  4) != 0)
    return "not an ELF file (bad magic)";
  if (bytes[4] != 1)
    return "not a 32-bit ELF file (EI_CLASS " + std::to_string(bytes[4]) + ")";
  if (bytes[5] != 1)
    return "not a little-endian ELF file (EI_DATA " + std::to_string(bytes[5]) + ")";
  if (bytes[6] != 1)
    return "unknown ELF version " + std::to_string(bytes[6]);
  image.type = read16(bytes + 16);
  image.machine = read16(bytes + 18);
  image.entry = read32(bytes + 24);
  image.flags = read32(bytes + 36);

  uint32_t phoff = read32(bytes + 28);
  uint16_t phentsize = read16(bytes + 42);
  uint16_t phnum = read16(bytes + 44);
  if (phnum == 0)
    return "";
  if (phentsize != kElf32PhdrSize)
    return "program header size " + std::to_string(phentsize) + ", expected 32";
  if (uint64_t(phoff) + uint64_t(phnum) * phentsize > size)
    return "program headers (" + std::to_string(phnum) + " at offset " + std::to_string(phoff) +
           ") extend past the end of the file";
  image.segments.reserve(phnum);
  for (unsigned i = 0; i < phnum; ++i) {
    const uint8_t *ph = bytes + phoff + size_t(i) * phentsize;
    ImageSegment s;
    s.type = read32(ph);
    s.offset = read32(ph + 4);
    s.vaddr = read32(ph + 8);
    s.fileSize = read32(ph + 16);
    s.memSize = read32(ph + 20);
    if (uint64_t(s.offset) + s.fileSize > size)
      return "segment " + std::to_string(i) + " (offset " + std::to_string(s.offset) + ", " +
             std::to_string(s.fileSize) + " bytes) extends past the end of the file";
    if (s.fileSize > s.memSize)
      return "segment " + std::to_string(i) + " has more bytes in the file (" +
             std::to_string(s.fileSize) + ") than in memory (" + std::to_string(s.memSize) + ")";
    image.segments.push_back(s);
  }
  return "";
}

bool ttrt::placeSegment(const ImageSegment &s, unsigned risc, const tt_device_info &device,
                        bool &inL1, uint32_t &offset) {
  uint64_t end = uint64_t(s.vaddr) + s.memSize;
  if (end <= device.l1_bytes) {
    inL1 = true;
    offset = s.vaddr;
    return true;
  }
  if (s.vaddr >= TT_LOCAL_MEM_BASE &&
      end <= TT_LOCAL_MEM_BASE + uint64_t(device.local_bytes[risc])) {
    inL1 = false;
    offset = s.vaddr - TT_LOCAL_MEM_BASE;
    return true;
  }
  return false;
}

std::string ttrt::checkKernelImage(const Image &image, unsigned risc,
                                   const tt_device_info &device) {
  if (image.type != kEtExec)
    return "not an executable (e_type " + std::to_string(image.type) + ", expected ET_EXEC)";
  if (image.machine != kEmRiscv)
    return "not a RISC-V file (e_machine " + std::to_string(image.machine) + ", expected 243)";
  if (image.flags & kEfRiscvRvc)
    return "uses compressed instructions (EF_RISCV_RVC), which the Tensix RISCs lack";
  uint32_t textBegin = TT_KERNEL_TEXT_ADDR(risc);
  uint32_t textEnd = textBegin + TT_KERNEL_TEXT_SIZE;
  if (image.entry < textBegin || image.entry >= textEnd)
    return "entry point " + hex(image.entry) + " is outside [" + hex(textBegin) + ", " +
           hex(textEnd) + "), the kernel text of " + tt_riscs[risc].name;
  if (image.segments.empty())
    return "has no program headers";
  for (size_t i = 0; i < image.segments.size(); ++i) {
    const ImageSegment &s = image.segments[i];
    bool inL1 = false;
    uint32_t offset = 0;
    if (s.type == kPtLoad && !placeSegment(s, risc, device, inL1, offset))
      return "segment " + std::to_string(i) + " at " + hex(s.vaddr) + " (" +
             std::to_string(s.memSize) + " bytes) is outside L1 (" +
             std::to_string(device.l1_bytes) + " bytes) and the " +
             std::to_string(device.local_bytes[risc]) + " bytes of local memory of " +
             tt_riscs[risc].name;
  }
  return "";
}

bool ttrt::hasSymbol(const uint8_t *bytes, size_t size, const char *name) {
  constexpr uint64_t kShdrSize = 40, kSymSize = 16;
  constexpr uint32_t kShtSymtab = 2;
  if (!bytes || size < kElf32HeaderSize)
    return false;
  uint64_t shoff = read32(bytes + 32), shentsize = read16(bytes + 46), shnum = read16(bytes + 48);
  if (shentsize != kShdrSize || shoff + shnum * kShdrSize > size)
    return false;
  const size_t want = std::strlen(name) + 1; // with its terminating 0
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint8_t *sh = bytes + shoff + i * kShdrSize;
    if (read32(sh + 4) != kShtSymtab)
      continue;
    uint64_t off = read32(sh + 16), symBytes = read32(sh + 20), link = read32(sh + 24);
    if (off + symBytes > size || link >= shnum)
      return false;
    const uint8_t *strSh = bytes + shoff + link * kShdrSize;
    uint64_t strOff = read32(strSh + 16), strSize = read32(strSh + 20);
    if (strOff + strSize > size)
      return false;
    for (uint64_t sym = off; sym + kSymSize <= off + symBytes; sym += kSymSize) {
      uint64_t at = read32(bytes + sym);
      if (at + want <= strSize && std::memcmp(bytes + strOff + at, name, want) == 0)
        return true;
    }
  }
  return false;
}
