//===- passes/PassManager.h - running named passes over a module -*- C++ -*-===//
//
// A pass is a named function Module -> Module that reports problems through
// the context's Diagnostics and returns false when it failed. The registry
// (passes/Pipeline.cpp) knows every pass by name; the pass manager runs a list
// of them with --print-after-all / --print-after=NAME dumps and
// --time-passes timers (llvm::TimerGroup), stopping at the first failure.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Target.h"
#include "support/Timers.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class Timer;
class TimerGroup;
class raw_ostream;
} // namespace llvm

namespace ttllc {
class Diagnostics;

struct PassContext {
  Diagnostics &diag;
  /// The device compiled for, with the core grid of --grid if given.
  TargetInfo target;
};

using PassFn = bool (*)(Module &, PassContext &);

struct PassInfo {
  std::string_view name;
  std::string_view summary;
  PassFn run;
};

/// Every registered pass, in pipeline order.
const std::vector<PassInfo> &allPasses();
const PassInfo *lookupPass(std::string_view name);
/// The passes `tt-llc` runs by default, in order: metadataPipeline() then
/// the lowering to the five programs of a core and the checks.
std::vector<const PassInfo *> defaultPipeline();
/// The schedule and layout inference passes: everything tt.plan.json needs.
std::vector<const PassInfo *> metadataPipeline();
/// A pipeline by name ("metadata", "default"), or nullopt.
std::optional<std::vector<const PassInfo *>> namedPipeline(std::string_view name);

struct PassManagerOptions {
  bool printAfterAll = false;
  std::set<std::string, std::less<>> printAfter;
  /// Timers go here when non-null (--time-passes).
  StageTimers *timers = nullptr;
};

class PassManager {
public:
  PassManager(PassContext &ctx, PassManagerOptions opts, llvm::raw_ostream &dumpStream);
  /// Runs the passes in order; false after the first pass that failed.
  bool run(Module &m, const std::vector<const PassInfo *> &passes);

private:
  PassContext &ctx_;
  PassManagerOptions opts_;
  llvm::raw_ostream &dump_;
};

} // namespace ttllc
