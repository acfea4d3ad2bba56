//===- support/Timers.cpp - --time-passes timers of a compilation ---------===//

#include "support/Timers.h"

#include "llvm/Support/Timer.h"

using namespace ttllc;

StageTimers::StageTimers()
    : group_(std::make_unique<llvm::TimerGroup>("tt-llc", "tt-llc stages")) {}
StageTimers::~StageTimers() {
  // Timers must go before their group; clear() drops what was not printed.
  group_->clear();
  timers_.clear();
}

llvm::Timer &StageTimers::get(std::string_view name, std::string_view description) {
  for (auto &t : timers_)
    if (t->getName() == name)
      return *t;
  timers_.push_back(std::make_unique<llvm::Timer>(name, description, *group_));
  return *timers_.back();
}

void StageTimers::print(llvm::raw_ostream &os) { group_->print(os); }
