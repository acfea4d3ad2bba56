//===- passes/PassManager.h - running a pipeline over a module --*- C++ -*-===//
//
// A pass is a function Module -> Module that reports problems through the
// context's Diagnostics and returns false when it failed; PassInfo describes
// one (its name, a one-line summary, its stage). The passes of tt-llc are
// one ordered list of PassInfo (passes/Pipeline.h); a Pipeline is a sequence
// of references to its entries. The pass manager runs a Pipeline with
// --print-after-all / --print-after=NAME dumps and --time-passes timers
// (llvm::TimerGroup), stopping at the first failure. It knows no pass by
// name: the list does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Target.h"
#include "support/Timers.h"

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace ttllc {
class Diagnostics;
struct PassInfo;

struct PassContext {
  Diagnostics &diag;
  /// The device compiled for, with the core grid of --grid if given.
  TargetInfo target;
  /// --math-fidelity (LoFi, HiFi2, HiFi3, HiFi4), empty when not given:
  /// dst-management's source of tt.math_fidelity.
  std::string mathFidelity = {};
  /// The pass the pass manager is running (set before each pass): lets one
  /// entry point serve passes defined at run time, such as Python passes.
  const PassInfo *pass = nullptr;
};

using PassFn = bool (*)(Module &, PassContext &);

/// Where a pass belongs in the default pipeline.
enum class PassStage {
  Metadata, // schedule and layout: everything tt.plan.json needs (docs/metadata.md)
  Lowering, // to the five programs of a core (docs/lowering.md)
  Check,    // the final well-formedness check
  Extra,    // not in the default pipeline: runs only when --passes= names it
};

struct PassInfo {
  std::string_view name;    // what --passes=, --print-after= and --time-passes call it
  PassStage stage;          // its part of the default pipeline (none for Extra)
  PassFn run;               // never null
  std::string_view summary; // one line, for `tt-llc --help`
};

/// Passes to run, in order: references to entries of the list
/// (passes/Pipeline.h), so never an unknown or null pass.
using Pipeline = std::vector<std::reference_wrapper<const PassInfo>>;

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
  bool run(Module &m, const Pipeline &passes);

private:
  PassContext &ctx_;
  PassManagerOptions opts_;
  llvm::raw_ostream &dump_;
};

} // namespace ttllc
