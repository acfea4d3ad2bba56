//===- tools/Driver.cpp - the one compile entry point ---------------------===//

#include "tools/Driver.h"

#include "backend/Artifacts.h"
#include "backend/Plan.h"
#include "frontend/Frontend.h"
#include "ir/Metadata.h"
#include "ir/Printer.h"
#include "ir/Verifier.h"
#include "passes/Pipeline.h"
#include "support/Diagnostics.h"
#include "support/Timers.h"
#include "syntax/PyToTileIR.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace ttllc;

namespace {

/// The kernel of `path` ('-' reads standard input; `text`, when given, is
/// its content): TileLang source, or Tile IR text when the file starts with
/// kTileIRHeader. Verified: passes may assume well-formed input, whatever
/// pipeline runs. The reading is timed as the stage "frontend" or "parse-tir".
/// `computeUnits` (the target grid's cores) answers driver.get_num_sms().
std::optional<Module> loadKernelFrom(llvm::StringRef path, const std::optional<std::string> &text,
                                     const KernelInput &input, int64_t computeUnits,
                                     llvm::SourceMgr &sm, Diagnostics &diag, StageTimers *timers) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      text ? llvm::MemoryBuffer::getMemBufferCopy(*text, path)
           : llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
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
      fopts.computeUnits = computeUnits;
      module = parseTileLang(sm, id, fopts, diag);
    }
  }
  if (!module || diag.hasErrors() || !verifyModule(*module, diag))
    return std::nullopt;
  return module;
}

/// Writes the file `path` (standard output when empty or "-") with `write`;
/// the file is kept only when `write` succeeds.
bool writeOutput(llvm::StringRef path, Diagnostics &diag,
                 llvm::function_ref<bool(llvm::raw_ostream &)> write) {
  std::error_code ec;
  llvm::ToolOutputFile out(path.empty() ? "-" : path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    diag.error(llvm::SMLoc(), "cannot write '" + path + "': " + ec.message());
    return false;
  }
  if (!write(out.os()))
    return false;
  out.keep();
  return true;
}

/// --emit=plan: the plan of the kernel, the host function of a lowered
/// module or the one function of a module that was not lowered.
bool writePlan(const Module &m, const TargetInfo &target, llvm::raw_ostream &os,
               Diagnostics &diag) {
  std::vector<PrimFuncPtr> kernels;
  for (const PrimFuncPtr &f : m.funcs) {
    auto program = md::kProgram.get(*f);
    if (!program || *program == "host")
      kernels.push_back(f);
  }
  if (kernels.size() != 1) {
    diag.error(llvm::SMLoc(), "--emit=plan needs exactly one kernel; choose one with --kernel");
    return false;
  }
  auto plan = buildPlan(*kernels[0], target, diag);
  if (!plan)
    return false;
  ttplan::writePlan(os, *plan);
  return true;
}

} // namespace

std::optional<Module> ttllc::loadKernel(const CompileOptions &opts, llvm::SourceMgr &sm,
                                        Diagnostics &diag) {
  return loadKernelFrom(opts.inputPath, opts.inputText, opts.input, opts.target.numCores(), sm,
                        diag, opts.timers);
}

bool ttllc::compile(const CompileOptions &opts, llvm::SourceMgr &sm, Diagnostics &diag) {
  // Load and verify.
  std::optional<Module> module = loadKernel(opts, sm, diag);
  if (!module)
    return false;
  BackendOptions backend;
  backend.optLevel = opts.optLevel;
  backend.timers = opts.timers;
  backend.stubName = opts.stubName;
  backend.abis = opts.abis;
  if (opts.emit == EmitKind::All) { // the kernel before the passes, OUTDIR/source.tir
    llvm::raw_string_ostream os(backend.sourceTIR);
    printModule(*module, os);
  }

  // The passes.
  PassContext ctx{diag, opts.target, opts.mathFidelity};
  PassManager pm(ctx, {opts.printAfterAll, opts.printAfter, opts.timers}, llvm::errs());
  Pipeline pipeline = opts.passes                   ? *opts.passes
                      : opts.emit == EmitKind::Plan ? metadataPipeline()
                                                    : defaultPipeline();
  if (!pm.run(*module, pipeline))
    return false;
  if (opts.emit == EmitKind::TIR)
    return writeOutput(opts.output, diag, [&](llvm::raw_ostream &os) {
      printModule(*module, os);
      return true;
    });
  if (opts.emit == EmitKind::Plan)
    return writeOutput(opts.output, diag, [&](llvm::raw_ostream &os) {
      return writePlan(*module, opts.target, os, diag);
    });

  // Generate, optimise and emit the LLVM code of the five programs.
  std::optional<LoweredKernel> lowered = findLoweredKernel(*module, diag);
  if (!lowered)
    return false;
  ProgramOutput output = opts.emit == EmitKind::LLVM  ? ProgramOutput::IR
                         : opts.emit == EmitKind::Asm ? ProgramOutput::Assembly
                                                      : ProgramOutput::Object;
  std::optional<KernelCode> code = compileKernel(*lowered, opts.target, output, backend, diag);
  if (!code)
    return false;
  if (opts.emit == EmitKind::LLVM)
    return writeOutput(opts.output, diag,
                       [&](llvm::raw_ostream &os) { return printLLVM(*code, os); });
  if (opts.emit == EmitKind::Asm)
    return writeOutput(opts.output, diag,
                       [&](llvm::raw_ostream &os) { return printAssembly(*code, os); });

  // Write the objects; for --emit=all also link the images, build the plan,
  // generate and compile the host stub; write the folder.
  return writeArtifacts(*code, *lowered, opts.target, opts.output,
                        opts.emit == EmitKind::All ? ArtifactSet::All : ArtifactSet::Objects,
                        backend, diag);
}
