//===- backend/Link.cpp - kernel images linked in-process by lld ----------===//
//
// Generates the linker script of an image (the RISC's text region of L1 and
// its local data RAM, tt/device_abi.h) and runs lld's ELF driver as a library
// on the kernel object and the script. The object is the whole program: its
// device library (`_start`, the intrinsics) was linked into its LLVM module
// before optimisation (backend/DeviceLibrary.h).
//
// lld keeps its state in globals, so links are serialized by a mutex, and a
// link that ends in one of lld's fatal errors leaves lld unusable for the
// rest of the process (lld::Result::canRunAgain); later links then fail
// with an error instead of running it. To make fatal errors less likely, the
// object is checked to be a readable RV32 relocatable before lld sees it, and
// lld's error limit is lifted (reaching it is a fatal error).
//
//===----------------------------------------------------------------------===//

#include "backend/Link.h"

#include "tt/device_abi.h"
#include "tt/programs.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <set>
#include <vector>

LLD_HAS_DRIVER(elf)

using namespace ttllc;
using llvm::Error;
using llvm::StringRef;

namespace {

/// Bytes of local data RAM that must stay free for the stack.
constexpr unsigned kMinStackBytes = 512;

const char *riscName(unsigned risc) {
  return risc < TT_NUM_RISCS ? tt_riscs[risc].upper : "no RISC";
}

/// "0x0000C000".
std::string hex(uint64_t value) {
  std::string text;
  llvm::raw_string_ostream(text) << "0x" << llvm::format_hex_no_prefix(value, 8, /*Upper=*/true);
  return text;
}

Error linkError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Checks that `path` is an ELF32 little-endian RISC-V relocatable object
/// whose sections and symbols can be read and that defines `_start`.
Error checkObject(StringRef path) {
  auto buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return linkError("cannot read object '" + path + "': " + buffer.getError().message());
  auto binary = llvm::object::ObjectFile::createObjectFile((*buffer)->getMemBufferRef());
  if (!binary)
    return linkError("'" + path + "' is not an object file: " + toString(binary.takeError()));
  auto *elf = llvm::dyn_cast<llvm::object::ELF32LEObjectFile>(binary->get());
  if (!elf || elf->getELFFile().getHeader().e_machine != llvm::ELF::EM_RISCV ||
      elf->getELFFile().getHeader().e_type != llvm::ELF::ET_REL)
    return linkError("'" + path + "' is not an RV32 relocatable object");
  for (const llvm::object::SectionRef &section : elf->sections()) {
    if (auto name = section.getName(); !name)
      return linkError("'" + path + "': " + toString(name.takeError()));
    if (auto contents = section.getContents(); !contents)
      return linkError("'" + path + "': " + toString(contents.takeError()));
  }
  bool entry = false;
  for (const llvm::object::SymbolRef &symbol : elf->symbols()) {
    auto name = symbol.getName();
    if (!name)
      return linkError("'" + path + "': " + toString(name.takeError()));
    auto flags = symbol.getFlags();
    if (!flags)
      return linkError("'" + path + "': " + toString(flags.takeError()));
    entry |= *name == "_start" && !(*flags & llvm::object::SymbolRef::SF_Undefined);
  }
  if (!entry)
    return linkError("'" + path +
                     "' does not define _start (no device library was linked into it)");
  return Error::success();
}

/// Writes `bytes` to a new file named after `model` (with %-placeholders),
/// returning its path.
llvm::Expected<std::string> writeTemporary(StringRef workDir, StringRef model,
                                           llvm::ArrayRef<uint8_t> bytes) {
  llvm::SmallString<256> pattern(workDir);
  llvm::sys::path::append(pattern, model);
  int fd = -1;
  llvm::SmallString<256> path;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(pattern, fd, path))
    return linkError("cannot create a temporary file in '" + workDir + "': " + ec.message());
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  os.close();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    llvm::sys::fs::remove(path);
    return linkError("cannot write '" + path + "': " + message);
  }
  return std::string(path);
}

/// lld reads an argument starting with '-' as an option and one starting
/// with '@' as a response file; a file name must be neither.
std::string fileArgument(StringRef path) {
  if (path.starts_with("-") || path.starts_with("@"))
    return ("./" + path).str();
  return path.str();
}

/// lld's messages without the repeats of a message (lld reports a failed
/// ASSERT once per address assignment pass), trimmed. A message is a line
/// "ld.lld: ..." and its continuation lines ">>> ...".
std::string withoutRepeats(StringRef messages) {
  std::string text;
  std::set<std::string> seen;
  bool skipping = false;
  llvm::SmallVector<StringRef> lines;
  messages.trim().split(lines, '\n');
  for (StringRef line : lines) {
    if (!line.starts_with(">>>"))
      skipping = line.starts_with("ld.lld:") && !seen.insert(line.str()).second;
    if (skipping)
      continue;
    if (!text.empty())
      text += '\n';
    text += line;
  }
  return text;
}

/// Runs lld's ELF driver on `args`. Its messages go to `messages`.
Error runLld(const std::vector<const char *> &args, std::string &messages) {
  static std::mutex mutex;
  static bool unusable = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (unusable)
    return linkError("lld cannot be run again in this process after an earlier fatal error");
  // A fatal error in lld returns through this instead of exiting the process.
  llvm::CrashRecoveryContext::Enable();
  std::string output;
  llvm::raw_string_ostream outOS(output), errOS(messages);
  lld::Result result = lld::lldMain(args, outOS, errOS, {{lld::Gnu, &lld::elf::link}});
  outOS.flush();
  errOS.flush();
  if (!output.empty())
    messages = output + messages;
  if (!result.canRunAgain)
    unusable = true;
  if (result.retCode != 0)
    return linkError("lld failed (exit code " + llvm::Twine(result.retCode) + ")");
  return Error::success();
}

} // namespace

std::string ttllc::linkerScript(const TargetInfo &target, unsigned risc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* Linker script of a tt-llc kernel image for " << target.name << " (" << target.arch
     << "), " << riscName(risc) << " (RISC " << risc << ").\n"
     << " * Generated by tt-llc (backend/Link.cpp); see docs/device-abi.md, \"Images\".\n"
     << " *\n"
     << " * L1_TEXT  the RISC's region of L1 for code and read-only data; the image\n"
     << " *          starts at its origin with _start (device library).\n"
     << " * LOCAL    the RISC's private local data RAM: .data, .bss, then the stack,\n"
     << " *          which grows down from __stack_top, the end of LOCAL.\n"
     << " * __tt_runtime_args  the RISC's runtime argument area in L1. */\n\n";
  if (risc >= TT_NUM_RISCS) {
    os << "ASSERT(0, \"tt-llc: there is no RISC " << risc << " on a Tensix tile\")\n";
    return text;
  }
  uint64_t local = uint64_t(target.localBytes(risc));
  os << "ENTRY(_start)\n\n"
     << "MEMORY\n{\n"
     << "  L1_TEXT (rx) : ORIGIN = " << hex(TT_KERNEL_TEXT_ADDR(risc))
     << ", LENGTH = " << hex(TT_KERNEL_TEXT_SIZE) << "\n"
     << "  LOCAL (rw)   : ORIGIN = " << hex(TT_LOCAL_MEM_BASE) << ", LENGTH = " << hex(local)
     << "\n}\n\n"
     << "SECTIONS\n{\n"
     << "  /* _start first, at the origin: the image's entry. */\n"
     << "  .text : {\n"
     << "    KEEP(*(.text.start))\n"
     << "    *(.text .text.*)\n"
     << "  } > L1_TEXT\n\n"
     << "  .rodata : {\n"
     << "    *(.rodata .rodata.*)\n"
     << "    *(.srodata .srodata.*)\n"
     << "  } > L1_TEXT\n\n"
     << "  /* Local memory: the loader copies .data and zeroes .bss. */\n"
     << "  .data : {\n"
     << "    *(.data .data.*)\n"
     << "    *(.sdata .sdata.*)\n"
     << "  } > LOCAL\n\n"
     << "  .bss : {\n"
     << "    *(.sbss .sbss.*)\n"
     << "    *(.bss .bss.*)\n"
     << "    *(COMMON)\n"
     << "    __tt_local_end = .;\n"
     << "  } > LOCAL\n\n"
     << "  /* The stack starts at the end of local memory and grows down. */\n"
     << "  __stack_top = ORIGIN(LOCAL) + LENGTH(LOCAL);\n"
     << "  __tt_runtime_args = " << hex(TT_RUNTIME_ARGS_ADDR(risc)) << ";\n\n"
     << "  ASSERT(__stack_top - __tt_local_end >= " << kMinStackBytes
     << ", \"tt-llc: .data and .bss leave less than " << kMinStackBytes << " bytes of the "
     << riscName(risc) << "'s " << local << "-byte local memory for the stack\")\n\n"
     << "  /DISCARD/ : {\n"
     << "    *(.comment)\n"
     << "    *(.eh_frame .eh_frame_hdr)\n"
     << "  }\n"
     << "}\n";
  return text;
}

Error ttllc::linkImage(const TargetInfo &target, unsigned risc, StringRef objectPath,
                       StringRef imagePath, StringRef workDir) {
  auto fail = [&](Error error) {
    std::string where = target.name;
    if (risc < TT_NUM_RISCS)
      where += std::string(" ") + riscName(risc);
    return linkError("cannot link '" + imagePath + "' for " + where + ": " +
                     toString(std::move(error)));
  };
  if (risc >= TT_NUM_RISCS)
    return fail(linkError("there is no RISC " + llvm::Twine(risc) + " on a Tensix tile"));
  if (Error error = checkObject(objectPath))
    return fail(std::move(error));

  std::string script = linkerScript(target, risc);
  auto scriptPath = writeTemporary(
      workDir, "tt-link-%%%%%%%%.ld",
      llvm::ArrayRef(reinterpret_cast<const uint8_t *>(script.data()), script.size()));
  if (!scriptPath)
    return fail(scriptPath.takeError());
  llvm::FileRemover removeScript(*scriptPath);

  std::string object = fileArgument(objectPath);
  std::string image = imagePath.str();
  // clang-format off
  std::vector<const char *> args = {
      "ld.lld",
      "-m", "elf32lriscv",
      "-static", "-nostdlib",
      "--nmagic",                 // no page alignment: a small file, no padding
      "-z", "norelro",
      "-z", "nognustack",         // no PT_GNU_STACK: only PT_LOADs matter
      "--gc-sections",            // keeps what _start reaches
      "--build-id=none",
      "--error-limit=0",          // reaching the limit is fatal (lld not reusable)
      "--color-diagnostics=never",
      "--threads=1",
      "-T", scriptPath->c_str(),
      object.c_str(),
      "-o", image.c_str(),
  };
  // clang-format on
  std::string messages;
  if (Error error = runLld(args, messages)) {
    // Leave no image of an earlier link behind under the name of this one.
    llvm::sys::fs::remove(imagePath);
    std::string text = withoutRepeats(messages);
    if (text.empty())
      return fail(std::move(error));
    llvm::consumeError(std::move(error));
    return fail(linkError(text));
  }
  return Error::success();
}
