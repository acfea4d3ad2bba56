//===- backend/DeviceLibrary.cpp - the embedded device libraries ----------===//
//
// See DeviceLibrary.h. The table comes from DeviceLibraries.inc, which
// backend/DeviceLibrary.cmake generates (one TTLLC_DEVICE_LIBRARY(abi, arch)
// line per library); the bytes of library <abi>/<arch> are
// ttllc::embedded::device_library_<abi>_<arch> (plus one trailing 0 byte).
//
// The bitcode is parsed into the module's own context, so programs
// compiled on parallel threads (one context each) never share IR.
//
//===----------------------------------------------------------------------===//

#include "backend/DeviceLibrary.h"

#include "backend/Codegen.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/Internalize.h"

#include <cstddef>

namespace ttllc::embedded {
#define TTLLC_DEVICE_LIBRARY(abi, arch)                                                            \
  extern const unsigned char device_library_##abi##_##arch[];                                      \
  extern const std::size_t device_library_##abi##_##arch##_size;
#include "DeviceLibraries.inc"
#undef TTLLC_DEVICE_LIBRARY
} // namespace ttllc::embedded

using namespace ttllc;

namespace {

llvm::Error libraryError(const DeviceLibrary &library, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "the " + library.abi +
                                                                     " device library for " +
                                                                     library.arch + ": " + message);
}

/// Collects the IR linker's diagnostics (the context's default handler
/// would exit the process on an error).
struct LinkDiagnostics {
  std::string text;
  static void handle(const llvm::DiagnosticInfo *info, void *self) {
    if (info->getSeverity() != llvm::DS_Error)
      return;
    auto *d = static_cast<LinkDiagnostics *>(self);
    llvm::raw_string_ostream os(d->text);
    llvm::DiagnosticPrinterRawOStream printer(os);
    if (!d->text.empty())
      os << "; ";
    info->print(printer);
  }
};

} // namespace

llvm::ArrayRef<DeviceLibrary> ttllc::deviceLibraries() {
  static const DeviceLibrary libraries[] = {
#define TTLLC_DEVICE_LIBRARY(abi, arch)                                                            \
  {#abi,                                                                                           \
   #arch,                                                                                          \
   {embedded::device_library_##abi##_##arch, embedded::device_library_##abi##_##arch##_size}},
#include "DeviceLibraries.inc"
#undef TTLLC_DEVICE_LIBRARY
  };
  return libraries;
}

std::vector<DeviceLibrary> ttllc::deviceLibrariesFor(const TargetInfo &target) {
  std::vector<DeviceLibrary> found;
  for (const DeviceLibrary &lib : deviceLibraries())
    if (target.arch == lib.arch)
      found.push_back(lib);
  return found;
}

llvm::Error ttllc::linkDeviceLibrary(llvm::Module &m, const DeviceLibrary &library) {
  llvm::LLVMContext &context = m.getContext();
  llvm::Function *entry = m.getFunction(kEntrySymbol);
  if (!entry || entry->isDeclaration())
    return libraryError(library, "the module does not define " + llvm::Twine(kEntrySymbol));

  llvm::StringRef bytes(reinterpret_cast<const char *>(library.bitcode.data()),
                        library.bitcode.size());
  auto name = ("ttdevice-" + library.abi + "-" + library.arch + ".bc").str();
  // Lazily: the linker materializes only the functions it links.
  auto parsed = llvm::getLazyBitcodeModule(llvm::MemoryBufferRef(bytes, name), context);
  if (!parsed)
    return libraryError(library, llvm::toString(parsed.takeError()));
  std::unique_ptr<llvm::Module> lib = std::move(*parsed);
  lib->setDataLayout(m.getDataLayout());
  lib->setTargetTriple(m.getTargetTriple());

  // The library's `_start` is needed although nothing in `m` calls it.
  m.getOrInsertFunction("_start", llvm::FunctionType::get(llvm::Type::getVoidTy(context), false));

  LinkDiagnostics diagnostics;
  auto savedHandler = context.getDiagnosticHandlerCallBack();
  void *savedContext = context.getDiagnosticContext();
  context.setDiagnosticHandlerCallBack(&LinkDiagnostics::handle, &diagnostics);
  bool failed = llvm::Linker::linkModules(m, std::move(lib), llvm::Linker::LinkOnlyNeeded);
  context.setDiagnosticHandlerCallBack(savedHandler, savedContext);
  if (failed)
    return libraryError(library, diagnostics.text.empty() ? "cannot link it" : diagnostics.text);

  // The library is built with -fno-builtin (no memset or memcpy calls may
  // appear in an image, there is no C library); the inliner inlines a
  // "no-builtins" function only into one that has it too.
  entry->addFnAttr("no-builtins");
  for (llvm::Function &f : m) {
    if (f.isDeclaration()) {
      if (f.getName().starts_with("tt.") || f.getName() == "_start")
        return libraryError(library, "it has no '" + f.getName() + "'");
      continue;
    }
    if (&f == entry)
      continue;
    // The library was built for the same -march; with the kernel's own
    // attributes the inliner sees equal targets.
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("tune-cpu");
    f.removeFnAttr("target-features");
    for (const char *kind : {"target-cpu", "tune-cpu", "target-features"})
      if (entry->hasFnAttribute(kind))
        f.addFnAttr(entry->getFnAttribute(kind));
  }
  llvm::internalizeModule(m, [](const llvm::GlobalValue &gv) {
    return gv.getName() == "_start" || gv.getName() == kEntrySymbol;
  });
  return llvm::Error::success();
}
