//===- tests/fuzz/FuzzTileIR.cpp - libFuzzer: Tile IR reader and verifier -===//
//
// Feeds: the input bytes as a Tile IR text file (syntax/PyToTileIR.h
// parseTileIR), then the module read to ir/Verifier.h verifyModule, as
// tt-llc does with a .tir input.
//
// Asserts, beyond no crash and no sanitizer report:
//   - an input the reader rejects was diagnosed (at least one error), and so
//     was a module the verifier rejects;
//   - a module that verifies prints the same text twice, and that text reads
//     back, verifies and prints the same (print is a fixpoint of parse).
// Diagnostics go to llvm::nulls(), but those of printed text that does not
// read back.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"

#include "ir/Printer.h"
#include "ir/Verifier.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using namespace ttllc;

namespace {

/// The verified module of `text`, or nullopt after checking that the
/// rejection was diagnosed.
std::optional<Module> read(llvm::StringRef text, bool mustSucceed) {
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.tir"), llvm::SMLoc());
  // Diagnostics are dropped, except on printed text, where they say why it
  // did not read back.
  Diagnostics diag(&sm, mustSucceed ? llvm::errs() : llvm::nulls());
  std::optional<Module> m = parseTileIR(sm, id, diag);
  if (!m || diag.hasErrors()) {
    FUZZ_CHECK(!mustSucceed, "printed Tile IR does not read back");
    FUZZ_CHECK(diag.hasErrors(), "parseTileIR rejected an input without an error");
    return std::nullopt;
  }
  if (!verifyModule(*m, diag)) {
    FUZZ_CHECK(!mustSucceed, "printed Tile IR read back does not verify");
    FUZZ_CHECK(diag.hasErrors(), "verifyModule failed without an error");
    return std::nullopt;
  }
  return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::optional<Module> m = read(llvm::StringRef(reinterpret_cast<const char *>(data), size),
                                 /*mustSucceed=*/false);
  if (!m)
    return 0;
  std::string first = toString(*m);
  FUZZ_CHECK(first == toString(*m), "printing the module twice gave different text");
  std::optional<Module> back = read(first, /*mustSucceed=*/true);
  FUZZ_CHECK(toString(*back) == first, "print(parse(print(module))) != print(module)");
  return 0;
}
