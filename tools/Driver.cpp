//===- tools/Driver.cpp - the compile flow shared by the tools ------------===//

#include "tools/Driver.h"

#include "frontend/Frontend.h"
#include "ir/Printer.h"
#include "ir/Target.h"
#include "ir/Verifier.h"
#include "passes/Pipeline.h"
#include "support/Diagnostics.h"
#include "support/Timers.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

using namespace ttllc;

std::optional<Module> ttllc::loadKernel(llvm::StringRef path, const KernelInput &input,
                                        llvm::SourceMgr &sm, Diagnostics &diag,
                                        StageTimers *timers) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buffer) {
    diag.error(llvm::SMLoc(), "cannot read '" + path + "': " + buffer.getError().message());
    return std::nullopt;
  }
  bool isTileIR = (*buffer)->getBuffer().starts_with(kTileIRHeader);
  unsigned id = sm.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  llvm::SMLoc start = llvm::SMLoc::getFromPointer(sm.getMemoryBuffer(id)->getBufferStart());

  std::optional<Module> module;
  {
    std::optional<llvm::TimeRegion> region;
    if (timers)
      region.emplace(isTileIR ? timers->get("parse-tir", "parse-tir")
                              : timers->get("frontend", "frontend"));
    if (isTileIR) {
      if (!input.defines.empty()) {
        diag.error(llvm::SMLoc(),
                   "-D applies to TileLang source, but '" + path + "' is Tile IR text");
        return std::nullopt;
      }
      module = parseTileIR(sm, id, diag);
      if (module && !input.kernelName.empty()) {
        PrimFuncPtr f = module->lookup(input.kernelName);
        if (!f) {
          diag.error(start, "no kernel named '" + input.kernelName + "' in this file");
          return std::nullopt;
        }
        module->funcs = {f};
      }
    } else {
      FrontendOptions fopts;
      fopts.defines = input.defines;
      fopts.kernelName = input.kernelName;
      module = parseTileLang(sm, id, fopts, diag);
    }
  }
  // Passes may assume well-formed input, whatever pipeline runs.
  if (!module || diag.hasErrors() || !verifyModule(*module, diag))
    return std::nullopt;
  return module;
}

bool ttllc::compileToFolder(llvm::StringRef path, llvm::StringRef outDir, const TargetInfo &target,
                            const KernelInput &input, BackendOptions opts, llvm::SourceMgr &sm,
                            Diagnostics &diag) {
  std::optional<Module> module = loadKernel(path, input, sm, diag, opts.timers);
  if (!module)
    return false;
  {
    llvm::raw_string_ostream os(opts.sourceTIR);
    printModule(*module, os);
  }
  PassContext ctx{diag, target};
  PassManagerOptions pmOpts;
  pmOpts.timers = opts.timers;
  PassManager pm(ctx, std::move(pmOpts), llvm::errs());
  if (!pm.run(*module, defaultPipeline()))
    return false;
  auto lowered = findLoweredKernel(*module, diag);
  if (!lowered)
    return false;
  auto code = compileKernel(*lowered, target, opts, diag);
  return code && writeArtifacts(*code, *lowered, target, outDir, ArtifactSet::All, opts, diag);
}
