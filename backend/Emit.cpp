//===- backend/Emit.cpp - optimise and emit RV32 code ---------------------===//
//
// See Emit.h. The features come from the target table ("+m" on Wormhole and
// Grayskull, "+m,+zba,+zbb,+zaamo" on Blackhole); "-c" and "-relax" are
// added explicitly so neither compressed instructions nor linker-relaxation
// relocations ever appear (the C encoding space is the custom .ttinsn on
// Tensix, docs/device-abi.md).
//
//===----------------------------------------------------------------------===//

#include "backend/Emit.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <mutex>

using namespace ttllc;

namespace {

constexpr const char *kTriple = "riscv32-unknown-elf";

void initializeRISCV() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeRISCVTargetInfo();
    LLVMInitializeRISCVTarget();
    LLVMInitializeRISCVTargetMC();
    LLVMInitializeRISCVAsmPrinter();
    // The device libraries' inline asm (ecall sequences) is assembled.
    LLVMInitializeRISCVAsmParser();
  });
}

llvm::CodeGenOptLevel codeGenLevel(unsigned opt) {
  switch (opt) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 3:
    return llvm::CodeGenOptLevel::Aggressive;
  default:
    return llvm::CodeGenOptLevel::Default;
  }
}

} // namespace

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
ttllc::createTargetMachine(const TargetInfo &target, unsigned opt) {
  initializeRISCV();
  std::string err;
  const llvm::Target *t = llvm::TargetRegistry::lookupTarget(kTriple, err);
  if (!t)
    return llvm::createStringError("no RISC-V target in this LLVM: " + err);
  llvm::TargetOptions options;
  options.MCOptions.ABIName = "ilp32";
  std::string features = target.riscvFeatures + ",-c,-relax";
  std::unique_ptr<llvm::TargetMachine> tm(
      t->createTargetMachine(kTriple, "generic-rv32", features, options, llvm::Reloc::Static,
                             llvm::CodeModel::Small, codeGenLevel(opt)));
  if (!tm)
    return llvm::createStringError("cannot create a RISC-V target machine for " + target.name);
  return tm;
}

void ttllc::optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, unsigned opt) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm;
  switch (opt) {
  case 0:
    mpm = pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
    break;
  case 1:
    mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1);
    break;
  case 3:
    mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    break;
  default:
    mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    break;
  }
  mpm.run(m, mam);
}

llvm::Error ttllc::emitModule(llvm::Module &m, llvm::TargetMachine &tm, llvm::CodeGenFileType kind,
                              llvm::SmallVectorImpl<char> &out) {
  out.clear();
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, kind))
    return llvm::createStringError("the RISC-V target cannot emit this file type");
  pm.run(m);
  return llvm::Error::success();
}
