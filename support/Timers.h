//===- support/Timers.h - --time-passes timers ------------------*- C++ -*-===//
//
// One llvm::Timer per stage of a compilation (each tt-llc pass, the LLVM
// optimisation and emission of each program, lld, clang), all reported
// together by print(): what `tt-llc --time-passes` shows.
//
//   StageTimers timers;
//   { llvm::TimeRegion r(timers.get("lld", "lld: link images")); ... }
//   timers.print(llvm::errs());
//
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>
#include <string_view>
#include <vector>

namespace llvm {
class Timer;
class TimerGroup;
class raw_ostream;
} // namespace llvm

namespace ttllc {

class StageTimers {
public:
  StageTimers();
  ~StageTimers();
  /// The timer of a stage (created on first use).
  llvm::Timer &get(std::string_view name, std::string_view description);
  void print(llvm::raw_ostream &os);

private:
  std::unique_ptr<llvm::TimerGroup> group_;
  std::vector<std::unique_ptr<llvm::Timer>> timers_;
};

} // namespace ttllc
