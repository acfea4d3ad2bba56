//===- passes/PassManager.cpp ---------------------------------------------===//

#include "passes/PassManager.h"

#include "ir/Printer.h"

#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

using namespace ttllc;

PassManager::PassManager(PassContext &ctx, PassManagerOptions opts, llvm::raw_ostream &dump)
    : ctx_(ctx), opts_(std::move(opts)), dump_(dump) {}

bool PassManager::run(Module &m, const Pipeline &passes) {
  for (const PassInfo &p : passes) {
    bool ok;
    ctx_.pass = &p;
    if (opts_.timers) {
      llvm::TimeRegion region(opts_.timers->get(p.name, p.name));
      ok = p.run(m, ctx_);
    } else {
      ok = p.run(m, ctx_);
    }
    if (!ok)
      return false;
    if (opts_.printAfterAll || opts_.printAfter.count(p.name)) {
      dump_ << "# *** IR Dump After " << p.name << " ***\n";
      printModule(m, dump_);
      dump_.flush();
    }
  }
  return true;
}
