//===- tests/fuzz/FuzzPlan.cpp - libFuzzer: the plan reader ---------------===//
//
// Feeds: the input bytes as the text of a tt.plan.json (plan/Plan.h
// parsePlan), read as both PlanKinds: Any (what --emit=plan writes) and
// Lowered (what tt-run loads).
//
// Asserts, beyond no crash and no sanitizer report:
//   - a rejected plan gets a one-line error message that starts with the
//     plan's name;
//   - a plan accepted as Lowered is accepted as Any (Lowered only adds
//     requirements);
//   - an accepted plan written back (ttplan::writePlan) is read again as the
//     same kind and writes the same text (the writer's output is a fixpoint
//     of the reader).
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"

#include "plan/Plan.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using ttplan::PlanKind;

namespace {

/// Whether `json` reads as a plan of `kind`; checks the error or the
/// write-read fixpoint.
bool readOnce(llvm::StringRef json, PlanKind kind) {
  llvm::Expected<ttplan::Plan> plan = ttplan::parsePlan(json, "fuzz.json", kind);
  if (!plan) {
    std::string msg = llvm::toString(plan.takeError());
    FUZZ_CHECK(llvm::StringRef(msg).starts_with("fuzz.json"),
               "a plan error does not start with the plan's name");
    FUZZ_CHECK(msg.find('\n') == std::string::npos, "a plan error is not one line");
    return false;
  }
  std::string written;
  {
    llvm::raw_string_ostream os(written);
    ttplan::writePlan(os, *plan);
  }
  llvm::Expected<ttplan::Plan> again = ttplan::parsePlan(written, "fuzz.json", kind);
  if (!again) {
    std::string msg = llvm::toString(again.takeError());
    std::fprintf(stderr, "%s\n", msg.c_str());
    FUZZ_CHECK(false, "a written plan does not read back");
  }
  std::string rewritten;
  {
    llvm::raw_string_ostream os(rewritten);
    ttplan::writePlan(os, *again);
  }
  FUZZ_CHECK(written == rewritten, "write(read(write(plan))) != write(plan)");
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef json(reinterpret_cast<const char *>(data), size);
  bool any = readOnce(json, PlanKind::Any);
  bool lowered = readOnce(json, PlanKind::Lowered);
  FUZZ_CHECK(any || !lowered, "a plan accepted as Lowered is rejected as Any");
  return 0;
}
