//===- backend/HostCompile.cpp - compile a host stub with clang -----------===//
//
// Compiles a generated host stub (backend/HostStub.h) to an x86-64 ELF
// object in-process with clang's frontend (libclang-cpp), as `clang -cc1`
// would: freestanding C++20 (for designated initialisers), position-
// independent so the object links into PIE executables, at -O0: a stub is
// static data and two functions of one call each, so optimising finds nothing
// and only costs the pass pipelines' setup (about 3 of the 7 ms a stub of
// examples/gemm.py takes). The stub, its header and tt/runtime.h (embedded in
// tt-llc) come from an in-memory file system; the only files read from disk
// are clang's resource headers (stddef.h, stdint.h). The main file keeps its
// plain name, so the object does not depend on where or when it was built.
// Diagnostics are collected into the returned error, never printed.
//
//===----------------------------------------------------------------------===//

#include "backend/HostStub.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#ifndef TTLLC_CLANG_RESOURCE_DIR
#error "TTLLC_CLANG_RESOURCE_DIR must name clang's resource directory (backend/CMakeLists.txt)"
#endif

namespace ttllc::embedded {
extern const unsigned char runtime_h[];
extern const std::size_t runtime_h_size;
} // namespace ttllc::embedded

using namespace ttllc;

namespace {

/// The target of host stubs.
constexpr const char *kHostTriple = "x86_64-pc-linux-gnu";

/// Registers the X86 target with LLVM, once per process.
void initializeX86() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
  });
}

/// The cc1 command line (without "-cc1") that compiles `sourceName`.
std::vector<std::string> cc1Arguments(const std::string &sourceName) {
  std::string resourceDir = TTLLC_CLANG_RESOURCE_DIR;
  llvm::SmallString<256> builtinIncludes(resourceDir);
  llvm::sys::path::append(builtinIncludes, "include");
  // clang-format off
  return {
      "-triple", kHostTriple, "-target-cpu", "x86-64",
      "-emit-obj", "-O0", "-std=c++20", "-ffreestanding",
      // Position-independent, so the object links into PIE executables.
      "-mrelocation-model", "pic", "-pic-level", "2",
      "-funwind-tables=2", "-fno-rtti", "-Wall", "-Wextra",
      // Only clang's resource headers, no system or C++ library headers.
      "-resource-dir", resourceDir, "-nostdsysteminc", "-nobuiltininc",
      "-internal-isystem", std::string(builtinIncludes),
      "-main-file-name", sourceName, "-x", "c++", sourceName,
  };
  // clang-format on
}

} // namespace

llvm::Error ttllc::compileHostStub(const HostStub &stub, llvm::SmallVectorImpl<char> &object) {
  object.clear();
  initializeX86();

  // Diagnostics go to a string, reported only when the compile fails. This
  // engine reports problems of the command line itself.
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream(diagnostics);
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diagOptions = new clang::DiagnosticOptions();
  auto *printer = new clang::TextDiagnosticPrinter(diagnosticStream, diagOptions.get());
  llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> diags = new clang::DiagnosticsEngine(
      new clang::DiagnosticIDs(), diagOptions, printer, /*ShouldOwnClient=*/true);

  auto failure = [&](const llvm::Twine &what) {
    object.clear();
    std::string text = llvm::StringRef(diagnostics).rtrim().str();
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   what + (text.empty() ? "" : ":\n" + text));
  };

  std::vector<std::string> arguments = cc1Arguments(stub.sourceName);
  std::vector<const char *> argv;
  for (const std::string &a : arguments)
    argv.push_back(a.c_str());
  auto invocation = std::make_shared<clang::CompilerInvocation>();
  if (!clang::CompilerInvocation::CreateFromArgs(*invocation, argv, *diags))
    return failure("clang rejected its command line");

  // The stub, its header and tt/runtime.h live in memory, over the real file
  // system (for the resource headers). Relative names resolve against "/"
  // in both, never against the process's working directory.
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  auto files = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  files->pushOverlay(memory);
  if (std::error_code ec = files->setCurrentWorkingDirectory("/"))
    return failure("cannot set up clang's file system: " + ec.message());
  llvm::StringRef runtimeHeader(reinterpret_cast<const char *>(embedded::runtime_h),
                                embedded::runtime_h_size);
  memory->addFile(stub.sourceName, 0, llvm::MemoryBuffer::getMemBufferCopy(stub.source));
  memory->addFile(stub.headerName, 0, llvm::MemoryBuffer::getMemBufferCopy(stub.header));
  memory->addFile("tt/runtime.h", 0, llvm::MemoryBuffer::getMemBufferCopy(runtimeHeader));

  clang::CompilerInstance compiler;
  compiler.setInvocation(std::move(invocation));
  // A printer with the command line's diagnostic options (-Wall, ...), to
  // the same string; so is the "N errors generated." summary.
  compiler.createDiagnostics(
      new clang::TextDiagnosticPrinter(diagnosticStream, &compiler.getDiagnosticOpts()),
      /*ShouldOwnClient=*/true);
  compiler.setVerboseOutputStream(diagnosticStream);
  compiler.createFileManager(files);
  compiler.setOutputStream(std::make_unique<llvm::raw_svector_ostream>(object));

  clang::EmitObjAction action;
  bool ok = compiler.ExecuteAction(action);
  if (!ok || compiler.getDiagnostics().hasErrorOccurred())
    return failure("clang could not compile " + stub.sourceName);
  return llvm::Error::success();
}
