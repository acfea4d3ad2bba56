//===- tests/fuzz/FuzzFrontend.cpp - libFuzzer: the TileLang frontend -----===//
//
// Feeds: the input bytes as a TileLang source file (frontend/Frontend.h
// parseTileLang), read twice: without -D, and with the fixed defines
// -D M=64 -D N=96 -D K=128 (which bind the factory parameters of
// examples/gemm*.py; other factories reject them with a diagnostic).
//
// Asserts, beyond no crash and no sanitizer report:
//   - an input the frontend rejects was diagnosed (at least one error);
//   - an accepted module either fails verifyModule with an error or is
//     printed the same way twice; its printed Tile IR is rejected with an
//     error or reads back (parseTileIR, verifyModule) and prints to the same
//     text (that it reads back is checked by FuzzPipeline.cpp, for kernels
//     that compile).
// Diagnostics go to llvm::nulls().
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"

#include "frontend/Frontend.h"
#include "ir/Printer.h"
#include "ir/Verifier.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

using namespace ttllc;

namespace {

void parseOnce(llvm::StringRef text, const std::vector<std::string> &defines) {
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.py"), llvm::SMLoc());
  Diagnostics diag(&sm, llvm::nulls());
  FrontendOptions opts;
  opts.defines = defines;
  std::optional<Module> m = parseTileLang(sm, id, opts, diag);
  if (!m) {
    FUZZ_CHECK(diag.hasErrors(), "the frontend rejected an input without an error");
    return;
  }
  if (diag.hasErrors() || !verifyModule(*m, diag)) {
    FUZZ_CHECK(diag.hasErrors(), "verifyModule failed without an error");
    return;
  }
  std::string first = toString(*m);
  FUZZ_CHECK(first == toString(*m), "printing the module twice gave different text");

  llvm::SourceMgr sm2;
  unsigned id2 = sm2.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(first, "fuzz.tir"),
                                        llvm::SMLoc());
  Diagnostics diag2(&sm2, llvm::nulls());
  std::optional<Module> back = parseTileIR(sm2, id2, diag2);
  // The reader may reject what the pipeline would reject too (e.g. a region
  // start whose linear form overflows int64); FuzzPipeline.cpp requires the
  // text to read back for kernels that compile.
  if (!back || diag2.hasErrors() || !verifyModule(*back, diag2)) {
    FUZZ_CHECK(diag2.hasErrors(), "the printed Tile IR was rejected without an error");
    return;
  }
  FUZZ_CHECK(toString(*back) == first, "print(parse(print(module))) != print(module)");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  parseOnce(text, {});
  parseOnce(text, {"M=64", "N=96", "K=128"});
  return 0;
}
