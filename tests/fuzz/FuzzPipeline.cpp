//===- tests/fuzz/FuzzPipeline.cpp - libFuzzer: source through every pass -===//
//
// Feeds: the input bytes as a TileLang source file, compiled for
// wormhole_b0 the way tt-llc compiles it up to code generation: the
// frontend, verifyModule, every pass of passes/Pipeline.h defaultPipeline(),
// then the backend's findLoweredKernel and buildPlan (no LLVM code
// generation, to keep each input fast).
//
// Asserts, beyond no crash and no sanitizer report:
//   - every rejection (frontend, verifier, a pass) was diagnosed;
//   - a module the default pipeline accepted is lowered (findLoweredKernel
//     succeeds), prints the same text twice, and its plan builds, is
//     accepted by the plan reader as a lowered plan (the contract between
//     tt-llc and tt-run) and is written the same way after reading back;
//   - the kernel's Tile IR before the passes (what tt-llc writes to
//     OUTDIR/source.tir for tt-run) reads back, verifies and prints the same.
// Diagnostics go to llvm::nulls().
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"

#include "backend/Artifacts.h"
#include "backend/DeviceLibrary.h"
#include "backend/Plan.h"
#include "frontend/Frontend.h"
#include "ir/Printer.h"
#include "ir/Target.h"
#include "ir/Verifier.h"
#include "passes/Pipeline.h"
#include "plan/Plan.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

using namespace ttllc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.py"), llvm::SMLoc());
  Diagnostics diag(&sm, llvm::nulls());
  std::optional<Module> m = parseTileLang(sm, id, FrontendOptions{}, diag);
  if (!m || diag.hasErrors() || !verifyModule(*m, diag)) {
    FUZZ_CHECK(diag.hasErrors(), "the frontend or verifier rejected an input without an error");
    return 0;
  }

  // What tt-llc --emit=all writes to OUTDIR/source.tir, which tt-run reads.
  std::string source = toString(*m);

  static const TargetInfo *target = lookupTarget("wormhole_b0");
  FUZZ_CHECK(target, "no device wormhole_b0");
  PassContext ctx{diag, *target};
  PassManager pm(ctx, {}, llvm::nulls());
  if (!pm.run(*m, defaultPipeline())) {
    FUZZ_CHECK(diag.hasErrors(), "a pass failed without an error");
    return 0;
  }
  FUZZ_CHECK(!diag.hasErrors(), "the pipeline succeeded after reporting an error");
  std::string printed = toString(*m);
  FUZZ_CHECK(printed == toString(*m), "printing the lowered module twice gave different text");

  std::optional<LoweredKernel> lowered = findLoweredKernel(*m, diag);
  FUZZ_CHECK(lowered, "the default pipeline succeeded but left no lowered kernel");
  std::optional<ttplan::Plan> plan = buildPlan(*lowered->host, *target, diag);
  if (!plan) {
    FUZZ_CHECK(diag.hasErrors(), "buildPlan failed without an error");
    return 0;
  }
  // The image files tt-llc lists beside the plan (every ABI of the target).
  std::vector<std::string> abis;
  for (const DeviceLibrary &library : deviceLibrariesFor(*target))
    abis.push_back(library.abi.str());
  addImageSets(*plan, abis);
  std::string json;
  {
    llvm::raw_string_ostream os(json);
    ttplan::writePlan(os, *plan);
  }
  llvm::Expected<ttplan::Plan> back =
      ttplan::parsePlan(json, "tt.plan.json", ttplan::PlanKind::Lowered);
  if (!back) {
    std::fprintf(stderr, "%s\n", llvm::toString(back.takeError()).c_str());
    FUZZ_CHECK(false, "the plan tt-llc built is rejected by the plan reader");
  }
  std::string again;
  {
    llvm::raw_string_ostream os(again);
    ttplan::writePlan(os, *back);
  }
  FUZZ_CHECK(again == json, "the plan written after reading back differs");

  // The kernel compiles: its source.tir must read back, verify and print the same.
  llvm::SourceMgr sm2;
  unsigned id2 = sm2.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "source.tir"),
                                        llvm::SMLoc());
  Diagnostics diag2(&sm2, llvm::errs());
  std::optional<Module> back2 = parseTileIR(sm2, id2, diag2);
  bool readBack = back2 && !diag2.hasErrors() && verifyModule(*back2, diag2);
  if (!readBack)
    std::fprintf(stderr, "%s", source.c_str());
  FUZZ_CHECK(readBack, "the source.tir of a kernel that compiles does not read back and verify");
  FUZZ_CHECK(toString(*back2) == source, "source.tir: print(parse(text)) != text");
  return 0;
}
