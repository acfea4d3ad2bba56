//===- tests/unit/LinkTest.cpp - kernel images linked by lld --------------===//
//
// Builds small RV32 kernel objects from textual LLVM IR with the device
// library of each target linked in (backend/DeviceLibrary.cpp, not
// optimised, so the intrinsics stay functions), links them for several RISCs
// (backend/Link.cpp) and
// checks the images: ELF header, entry point, segment placement in the
// RISC's L1 text region and local memory, resolved intrinsic calls and
// runtime-argument addresses; plus link errors, the generated linker script
// and determinism.
//
//===----------------------------------------------------------------------===//

#include "backend/Link.h"
#include "backend/DeviceLibrary.h"
#include "ir/Target.h"
#include "tt/device_abi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace ttllc;

namespace {

const char *const kTriple = "riscv32-unknown-elf";

/// A kernel that reads runtime argument 1 and reserves that many pages of
/// CB 3 through the intrinsic CALLEE. No `nounwind`: the object gets an
/// .eh_frame, which the linker script discards.
const char *const kKernelIR = R"(
@__tt_runtime_args = external global [4 x i32]

declare void @"CALLEE"(i32, i32)

define void @kernel_main() {
entry:
  %p = getelementptr inbounds [4 x i32], ptr @__tt_runtime_args, i32 0, i32 1
  %n = load volatile i32, ptr %p, align 4
  call void @"CALLEE"(i32 3, i32 %n)
  ret void
}
)";

std::string kernelIR(const std::string &callee) {
  std::string ir = kKernelIR;
  ir.replace(ir.find("CALLEE"), 6, callee);
  ir.replace(ir.find("CALLEE"), 6, callee);
  return ir;
}

/// A kernel with a global `decl` (e.g. "@g = global [N x i8] zeroinitializer")
/// of which it touches byte 1.
std::string kernelWithGlobal(const std::string &decl) {
  return decl + R"(
define void @kernel_main() nounwind {
entry:
  %p = getelementptr inbounds i8, ptr @g, i32 1
  %v = load volatile i8, ptr %p, align 1
  store volatile i8 %v, ptr %p, align 1
  ret void
}
)";
}

/// Compiles `ir` for the RISC-V cores of `target` to the object `path`,
/// with the target's sim device library linked in (backend/DeviceLibrary.h)
/// unless `withLibrary` is false. Returns an error message, empty on success.
std::string compileIR(const TargetInfo &target, const std::string &ir, const std::string &path,
                      bool withLibrary = true) {
  LLVMInitializeRISCVTargetInfo();
  LLVMInitializeRISCVTarget();
  LLVMInitializeRISCVTargetMC();
  LLVMInitializeRISCVAsmPrinter();
  LLVMInitializeRISCVAsmParser(); // the library's inline asm

  std::string error;
  const llvm::Target *riscv = llvm::TargetRegistry::lookupTarget(kTriple, error);
  if (!riscv)
    return error;
  llvm::TargetOptions options;
  options.MCOptions.ABIName = "ilp32";
  std::unique_ptr<llvm::TargetMachine> machine(riscv->createTargetMachine(
      kTriple, "generic-rv32", target.riscvFeatures, options, llvm::Reloc::Static, std::nullopt,
      llvm::CodeGenOptLevel::Default));
  if (!machine)
    return "no target machine";

  llvm::LLVMContext context;
  llvm::SMDiagnostic diag;
  std::unique_ptr<llvm::Module> module = llvm::parseAssemblyString(ir, diag, context);
  if (!module) {
    std::string text;
    llvm::raw_string_ostream os(text);
    diag.print("kernel.ll", os);
    return text;
  }
  module->setTargetTriple(kTriple);
  module->setDataLayout(machine->createDataLayout());
  if (withLibrary) {
    std::vector<DeviceLibrary> libraries = deviceLibrariesFor(target);
    if (libraries.empty())
      return "no device library for " + target.arch;
    if (llvm::Error error = linkDeviceLibrary(*module, libraries[0]))
      return llvm::toString(std::move(error));
  }

  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return ec.message();
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr, llvm::CodeGenFileType::ObjectFile))
    return "cannot emit an object";
  passes.run(*module);
  os.close();
  return os.has_error() ? os.error().message() : "";
}

std::string readFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  return buffer ? (*buffer)->getBuffer().str() : "";
}

std::string errorText(llvm::Error error) { return llvm::toString(std::move(error)); }

int64_t localBytes(const TargetInfo &target, unsigned risc) { return target.localBytes(risc); }

int32_t signExtend(uint32_t value, unsigned bits) {
  return int32_t(value << (32 - bits)) >> (32 - bits);
}

/// Checks a linked image of the kernel of kKernelIR with callee
/// tt.cb.reserve_back, for `risc` of `target`.
void checkImage(const std::string &bytes, const TargetInfo &target, unsigned risc) {
  SCOPED_TRACE(target.name + " RISC " + std::to_string(risc));
  auto binary = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(bytes, "image"));
  ASSERT_TRUE(bool(binary)) << errorText(binary.takeError());
  auto *elf = llvm::dyn_cast<llvm::object::ELF32LEObjectFile>(binary->get());
  ASSERT_NE(elf, nullptr) << "not an ELF32 little-endian file";
  const llvm::object::ELF32LEFile &file = elf->getELFFile();
  const auto &header = file.getHeader();
  EXPECT_EQ(header.e_ident[llvm::ELF::EI_CLASS], llvm::ELF::ELFCLASS32);
  EXPECT_EQ(header.e_machine, llvm::ELF::EM_RISCV);
  EXPECT_EQ(header.e_type, llvm::ELF::ET_EXEC);
  EXPECT_EQ(header.e_flags & llvm::ELF::EF_RISCV_RVC, 0u);

  const uint64_t textBase = TT_KERNEL_TEXT_ADDR(risc), textEnd = textBase + TT_KERNEL_TEXT_SIZE;
  const uint64_t localBase = TT_LOCAL_MEM_BASE, localEnd = localBase + localBytes(target, risc);

  // Symbols.
  struct Symbol {
    uint64_t address, size;
  };
  std::map<std::string, Symbol> defined;
  for (const llvm::object::ELFSymbolRef &symbol : elf->symbols()) {
    auto name = symbol.getName();
    auto flags = symbol.getFlags();
    auto address = symbol.getAddress();
    ASSERT_TRUE(name && flags && address);
    if (name->empty())
      continue;
    EXPECT_FALSE(*flags & llvm::object::SymbolRef::SF_Undefined) << "undefined: " << name->str();
    defined[name->str()] = {*address, symbol.getSize()};
  }
  for (const char *name :
       {"_start", "kernel_main", "tt.cb.reserve_back", "__stack_top", "__tt_runtime_args"})
    ASSERT_TRUE(defined.count(name)) << name << " is not defined";
  EXPECT_EQ(header.e_entry, defined["_start"].address);
  EXPECT_EQ(header.e_entry, textBase);
  EXPECT_EQ(defined["__stack_top"].address, localEnd);
  EXPECT_EQ(defined["__tt_runtime_args"].address, TT_RUNTIME_ARGS_ADDR(risc));
  for (const char *name : {"kernel_main", "tt.cb.reserve_back"}) {
    EXPECT_GE(defined[name].address, textBase) << name;
    EXPECT_LT(defined[name].address, textEnd) << name;
  }
  // Intrinsics the kernel does not call are collected.
  EXPECT_FALSE(defined.count("tt.pack_tile"));

  // Segments: in the text region or in local memory.
  auto headers = file.program_headers();
  ASSERT_TRUE(bool(headers)) << errorText(headers.takeError());
  int loads = 0;
  for (const auto &phdr : *headers) {
    if (phdr.p_type != llvm::ELF::PT_LOAD)
      continue;
    ++loads;
    uint64_t begin = phdr.p_vaddr, end = begin + phdr.p_memsz;
    bool inText = begin >= textBase && end <= textEnd;
    bool inLocal = begin >= localBase && end <= localEnd;
    EXPECT_TRUE(inText || inLocal) << "PT_LOAD at 0x" << std::hex << begin << "-0x" << end;
    if (inText) { // code is not writable
      EXPECT_FALSE(phdr.p_flags & llvm::ELF::PF_W);
    }
  }
  EXPECT_GE(loads, 1);

  // The code of kernel_main: all 32-bit instructions, the call reaches
  // tt.cb.reserve_back and the load reads runtime argument 1.
  const Symbol kernel = defined["kernel_main"];
  ASSERT_GT(kernel.size, 0u);
  std::optional<std::string> code;
  uint64_t codeBase = 0;
  for (const llvm::object::SectionRef &section : elf->sections()) {
    if (section.isText() && kernel.address >= section.getAddress() &&
        kernel.address + kernel.size <= section.getAddress() + section.getSize()) {
      auto contents = section.getContents();
      ASSERT_TRUE(bool(contents));
      code = contents->str();
      codeBase = section.getAddress();
    }
  }
  ASSERT_TRUE(code.has_value()) << "no section holds kernel_main";
  bool callResolved = false, argLoaded = false;
  std::optional<uint32_t> luiValue[32], auipcValue[32];
  for (uint64_t pc = kernel.address; pc < kernel.address + kernel.size; pc += 4) {
    uint32_t insn = 0;
    for (int i = 0; i < 4; ++i)
      insn |= uint32_t(uint8_t((*code)[pc - codeBase + i])) << (8 * i);
    ASSERT_EQ(insn & 3, 3u) << "compressed instruction at 0x" << std::hex << pc;
    unsigned opcode = insn & 0x7f, rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31;
    unsigned funct3 = (insn >> 12) & 7;
    if (opcode == 0x37) // lui
      luiValue[rd] = insn & 0xfffff000u;
    if (opcode == 0x17) // auipc
      auipcValue[rd] = uint32_t(pc) + (insn & 0xfffff000u);
    if (opcode == 0x67 && auipcValue[rs1]) // jalr after auipc
      callResolved |=
          *auipcValue[rs1] + signExtend(insn >> 20, 12) == defined["tt.cb.reserve_back"].address;
    if (opcode == 0x6f) { // jal
      uint32_t imm = ((insn >> 31) << 20) | (((insn >> 12) & 0xff) << 12) |
                     (((insn >> 20) & 1) << 11) | (((insn >> 21) & 0x3ff) << 1);
      callResolved |= uint32_t(pc) + signExtend(imm, 21) == defined["tt.cb.reserve_back"].address;
    }
    if (opcode == 0x03 && funct3 == 2 && luiValue[rs1]) // lw after lui
      argLoaded |= *luiValue[rs1] + signExtend(insn >> 20, 12) == TT_RUNTIME_ARGS_ADDR(risc) + 4;
  }
  EXPECT_TRUE(callResolved) << "no call of tt.cb.reserve_back in kernel_main";
  EXPECT_TRUE(argLoaded) << "no load of runtime argument 1 in kernel_main";
}

class LinkTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("ttllc-link-test", dir));
    dir_ = std::string(dir);
  }
  void TearDown() override {
    if (!dir_.empty())
      llvm::sys::fs::remove_directories(dir_);
  }

  std::string path(const std::string &name) const {
    llvm::SmallString<256> p(dir_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  /// Compiles `ir` for `target` to `<dir>/<name>` and returns its path.
  std::string object(const TargetInfo &target, const std::string &ir, const std::string &name) {
    std::string p = path(name);
    std::string error = compileIR(target, ir, p);
    EXPECT_EQ(error, "");
    return p;
  }

  static const TargetInfo &device(const char *name) {
    const TargetInfo *t = lookupTarget(name);
    EXPECT_NE(t, nullptr) << name;
    return t ? *t : *lookupTarget("wormhole_b0");
  }

  std::string dir_;
};

TEST_F(LinkTest, DeviceLibraryIsEmbeddedForEveryDevice) {
  for (const char *name : {"wormhole_b0", "blackhole", "grayskull"}) {
    std::vector<DeviceLibrary> libraries = deviceLibrariesFor(device(name));
    ASSERT_FALSE(libraries.empty()) << name;
    EXPECT_EQ(libraries[0].abi, "sim");
    for (const DeviceLibrary &lib : libraries) {
      EXPECT_EQ(lib.arch, device(name).arch);
      ASSERT_GT(lib.bitcode.size(), 4u) << name;
      // LLVM bitcode: 'B' 'C' 0xC0DE.
      EXPECT_EQ(lib.bitcode[0], 'B');
      EXPECT_EQ(lib.bitcode[1], 'C');
      EXPECT_EQ(lib.bitcode[2], 0xc0);
      EXPECT_EQ(lib.bitcode[3], 0xde);
    }
  }
  TargetInfo unknown = device("wormhole_b0");
  unknown.arch = "quasar";
  EXPECT_TRUE(deviceLibrariesFor(unknown).empty());
}

TEST_F(LinkTest, ScriptPlacesTheImage) {
  std::string brisc = linkerScript(device("wormhole_b0"), TT_RISC_BRISC);
  EXPECT_NE(brisc.find("ENTRY(_start)"), std::string::npos);
  EXPECT_NE(brisc.find("L1_TEXT (rx) : ORIGIN = 0x00004000, LENGTH = 0x00004000"),
            std::string::npos)
      << brisc;
  EXPECT_NE(brisc.find("LOCAL (rw)   : ORIGIN = 0xFFB00000, LENGTH = 0x00001000"),
            std::string::npos)
      << brisc;
  EXPECT_NE(brisc.find("__tt_runtime_args = 0x00001000;"), std::string::npos);
  EXPECT_NE(brisc.find("KEEP(*(.text.start))"), std::string::npos);
  EXPECT_NE(brisc.find("wormhole_b0"), std::string::npos);
  EXPECT_NE(brisc.find("BRISC"), std::string::npos);

  std::string trisc2 = linkerScript(device("wormhole_b0"), TT_RISC_TRISC2);
  EXPECT_NE(trisc2.find("ORIGIN = 0x00014000, LENGTH = 0x00004000"), std::string::npos);
  EXPECT_NE(trisc2.find("ORIGIN = 0xFFB00000, LENGTH = 0x00000800"), std::string::npos);
  EXPECT_NE(trisc2.find("__tt_runtime_args = 0x00003000;"), std::string::npos);
  EXPECT_NE(trisc2.find("TRISC2"), std::string::npos);

  std::string ncrisc = linkerScript(device("blackhole"), TT_RISC_NCRISC);
  EXPECT_NE(ncrisc.find("ORIGIN = 0x00008000, LENGTH = 0x00004000"), std::string::npos);
  EXPECT_NE(ncrisc.find("ORIGIN = 0xFFB00000, LENGTH = 0x00002000"), std::string::npos);
  EXPECT_NE(ncrisc.find("__tt_runtime_args = 0x00001800;"), std::string::npos);

  std::string trisc0 = linkerScript(device("blackhole"), TT_RISC_TRISC0);
  EXPECT_NE(trisc0.find("ORIGIN = 0xFFB00000, LENGTH = 0x00001000"), std::string::npos);
}

TEST_F(LinkTest, LinksEveryDeviceAndRisc) {
  for (const char *name : {"wormhole_b0", "blackhole", "grayskull"}) {
    const TargetInfo &target = device(name);
    std::string obj = object(target, kernelIR("tt.cb.reserve_back"), target.name + ".o");
    for (unsigned risc = 0; risc < TT_NUM_RISCS; ++risc) {
      std::string image = path(target.name + "." + std::to_string(risc) + ".elf");
      llvm::Error error = linkImage(target, risc, obj, image, dir_);
      ASSERT_FALSE(bool(error)) << errorText(std::move(error));
      checkImage(readFile(image), target, risc);
    }
  }
}

TEST_F(LinkTest, RemovesTemporaries) {
  const TargetInfo &target = device("wormhole_b0");
  std::string obj = object(target, kernelIR("tt.cb.reserve_back"), "k.o");
  std::string work = path("work");
  ASSERT_FALSE(llvm::sys::fs::create_directory(work));
  ASSERT_FALSE(bool(linkImage(target, TT_RISC_NCRISC, obj, path("k.elf"), work)));
  ASSERT_TRUE(bool(linkImage(target, TT_RISC_NCRISC, path("missing.o"), path("m.elf"), work)));
  std::error_code ec;
  llvm::sys::fs::directory_iterator it(work, ec), end;
  EXPECT_FALSE(ec);
  EXPECT_TRUE(it == end) << "left in the work folder: " << it->path();
}

TEST_F(LinkTest, UnknownIntrinsicIsAnError) {
  const TargetInfo &target = device("wormhole_b0");
  // The device library does not define it: linking the bitcode fails.
  std::string message = compileIR(target, kernelIR("tt.bogus"), path("bogus.o"));
  EXPECT_NE(message.find("the sim device library for wormhole: it has no 'tt.bogus'"),
            std::string::npos)
      << message;

  // An object without its library: no _start, and lld is not run.
  std::string bare = path("bare.o");
  ASSERT_EQ(compileIR(target, kernelIR("tt.bogus"), bare, /*withLibrary=*/false), "");
  std::string image = path("bare.elf");
  message = errorText(linkImage(target, TT_RISC_BRISC, bare, image, dir_));
  EXPECT_NE(message.find("does not define _start"), std::string::npos) << message;
  EXPECT_FALSE(llvm::sys::fs::exists(image));

  // lld runs after an error.
  std::string good = object(target, kernelIR("tt.cb.reserve_back"), "good.o");
  llvm::Error again = linkImage(target, TT_RISC_BRISC, good, path("good.elf"), dir_);
  ASSERT_FALSE(bool(again)) << errorText(std::move(again));
  checkImage(readFile(path("good.elf")), target, TT_RISC_BRISC);
}

TEST_F(LinkTest, UndefinedSymbolIsAnLldError) {
  // A kernel whose module has the library but refers to a symbol nothing
  // defines: lld names it.
  const TargetInfo &target = device("wormhole_b0");
  std::string obj = object(target, kernelIR("other_function"), "other.o");
  std::string message = errorText(linkImage(target, TT_RISC_BRISC, obj, path("other.elf"), dir_));
  EXPECT_NE(message.find("undefined symbol: other_function"), std::string::npos) << message;
}

TEST_F(LinkTest, BadInputsAreErrors) {
  const TargetInfo &target = device("grayskull");
  std::string missing =
      errorText(linkImage(target, TT_RISC_BRISC, path("missing.o"), path("missing.elf"), dir_));
  EXPECT_NE(missing.find("missing.o"), std::string::npos) << missing;

  std::string text = path("text.o");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(text, ec);
    os << "not an object\n";
  }
  std::string notObject = errorText(linkImage(target, TT_RISC_BRISC, text, path("t.elf"), dir_));
  EXPECT_NE(notObject.find("text.o"), std::string::npos) << notObject;

  std::string noRisc = errorText(linkImage(target, TT_NUM_RISCS, text, path("t.elf"), dir_));
  EXPECT_NE(noRisc.find("no RISC 5"), std::string::npos) << noRisc;

  std::string obj = object(target, kernelIR("tt.cb.reserve_back"), "k.o");

  std::string noWorkDir =
      errorText(linkImage(target, TT_RISC_BRISC, obj, path("w.elf"), path("no/such/dir")));
  EXPECT_NE(noWorkDir.find("temporary"), std::string::npos) << noWorkDir;
}

TEST_F(LinkTest, TextRegionOverflowIsAnError) {
  const TargetInfo &target = device("wormhole_b0");
  std::string obj =
      object(target, kernelWithGlobal("@g = constant [20000 x i8] zeroinitializer"), "big.o");
  std::string message = errorText(linkImage(target, TT_RISC_TRISC1, obj, path("big.elf"), dir_));
  EXPECT_NE(message.find("L1_TEXT"), std::string::npos) << message;
}

TEST_F(LinkTest, StackKeepsItsReserve) {
  // Wormhole BRISC: 4096 bytes of local memory, at least 512 for the stack.
  const TargetInfo &target = device("wormhole_b0");
  std::string fits = object(
      target, kernelWithGlobal("@g = global [3584 x i8] zeroinitializer, align 4"), "fits.o");
  llvm::Error ok = linkImage(target, TT_RISC_BRISC, fits, path("fits.elf"), dir_);
  EXPECT_FALSE(bool(ok)) << errorText(std::move(ok));

  std::string tooBig =
      object(target, kernelWithGlobal("@g = global [3588 x i8] zeroinitializer, align 4"), "big.o");
  std::string message = errorText(linkImage(target, TT_RISC_BRISC, tooBig, path("big.elf"), dir_));
  EXPECT_NE(message.find("for the stack"), std::string::npos) << message;
  EXPECT_EQ(message.find("for the stack"), message.rfind("for the stack"))
      << "repeated: " << message;

  // Initialized data counts too, and overflowing the region is an error.
  std::string data = object(
      target,
      kernelWithGlobal(
          "@g = global <{ i8, [4999 x i8] }> <{ i8 1, [4999 x i8] zeroinitializer }>, align 4"),
      "data.o");
  message = errorText(linkImage(target, TT_RISC_BRISC, data, path("data.elf"), dir_));
  EXPECT_NE(message.find("LOCAL"), std::string::npos) << message;
}

TEST_F(LinkTest, ConcurrentLinks) {
  // LLVM installs its signal handlers, with an alternate signal stack of its
  // own, on the first thread that needs them (lld's output file); tt-llc's
  // main thread does it first (InitLLVM). So does this test: a worker thread
  // that had LLVM's stack would hand it to AddressSanitizer to unmap at exit.
  llvm::sys::PrintStackTraceOnErrorSignal("ttllc-unittests");
  const TargetInfo &target = device("wormhole_b0");
  std::string obj = object(target, kernelIR("tt.cb.reserve_back"), "k.o");
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (unsigned risc = 0; risc < TT_NUM_RISCS; ++risc)
    threads.emplace_back([&, risc] {
      for (int i = 0; i < 4; ++i) {
        std::string image = path("k." + std::to_string(risc) + "." + std::to_string(i) + ".elf");
        if (llvm::Error error = linkImage(target, risc, obj, image, dir_)) {
          llvm::consumeError(std::move(error));
          ++failures;
        }
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures, 0);
  for (unsigned risc = 0; risc < TT_NUM_RISCS; ++risc)
    checkImage(readFile(path("k." + std::to_string(risc) + ".3.elf")), target, risc);
}

// An input that gets past linkImage's own checks but on which lld stops with
// a fatal error: a section turned into a malformed SHT_GROUP. lld cannot run
// again after that, so this runs in a child process.
TEST_F(LinkTest, FatalLldErrorIsAnError) {
  const TargetInfo &target = device("wormhole_b0");
  std::string good = object(target, kernelIR("tt.cb.reserve_back"), "k.o");
  std::string bytes = readFile(good);
  {
    auto file = llvm::object::ELF32LEFile::create(bytes);
    ASSERT_TRUE(bool(file)) << errorText(file.takeError());
    auto sections = file->sections();
    ASSERT_TRUE(bool(sections));
    uint32_t symtab = 0, attributes = 0;
    for (uint32_t i = 0; i < sections->size(); ++i) {
      if ((*sections)[i].sh_type == llvm::ELF::SHT_SYMTAB)
        symtab = i;
      if ((*sections)[i].sh_type == llvm::ELF::SHT_RISCV_ATTRIBUTES)
        attributes = i;
    }
    ASSERT_TRUE(symtab != 0 && attributes != 0);
    using Shdr = llvm::object::ELF32LE::Shdr;
    char *header = bytes.data() + file->getHeader().e_shoff + attributes * sizeof(Shdr);
    llvm::support::endian::write32le(header + offsetof(Shdr, sh_type), llvm::ELF::SHT_GROUP);
    llvm::support::endian::write32le(header + offsetof(Shdr, sh_link), symtab);
    llvm::support::endian::write32le(header + offsetof(Shdr, sh_info), 1);
  }
  std::string bad = path("bad.o");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(bad, ec);
    os << bytes;
  }
  EXPECT_EXIT(
      {
        std::string first = errorText(linkImage(target, TT_RISC_BRISC, bad, path("bad.elf"), dir_));
        std::string second =
            errorText(linkImage(target, TT_RISC_BRISC, good, path("good.elf"), dir_));
        llvm::errs() << "first: " << first << "\nsecond: " << second << "\n";
        // _Exit: after a fatal error lld leaves its state behind on purpose,
        // which LeakSanitizer would report at a normal exit of this child.
        std::_Exit(first.find("bad.o") != std::string::npos &&
                           second.find("cannot be run again") != std::string::npos
                       ? 0
                       : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(LinkTest, IsDeterministic) {
  const TargetInfo &target = device("blackhole");
  std::string obj = object(target, kernelIR("tt.cb.reserve_back"), "k.o");
  std::string workA = path("a"), workB = path("b");
  ASSERT_FALSE(llvm::sys::fs::create_directory(workA));
  ASSERT_FALSE(llvm::sys::fs::create_directory(workB));
  ASSERT_FALSE(bool(linkImage(target, TT_RISC_TRISC0, obj, path("a/k.elf"), workA)));
  ASSERT_FALSE(bool(linkImage(target, TT_RISC_TRISC0, obj, path("b/other.elf"), workB)));
  std::string a = readFile(path("a/k.elf")), b = readFile(path("b/other.elf"));
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(a == b) << "two links of one object differ";
}

} // namespace
