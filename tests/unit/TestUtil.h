//===- tests/unit/TestUtil.h - helpers shared by the unit tests -*- C++ -*-===//
#pragma once

#include "support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace ttllc::test {

/// A SourceMgr plus a Diagnostics whose output is captured in `text()`.
class Captured {
public:
  Captured() : os_(out_), diag_(&sm_, os_) {}
  unsigned add(const std::string &source, const std::string &name = "test.py") {
    return sm_.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name),
                                  llvm::SMLoc());
  }
  llvm::SourceMgr &sm() { return sm_; }
  Diagnostics &diag() { return diag_; }
  const std::string &text() { return out_; }

private:
  llvm::SourceMgr sm_;
  std::string out_;
  llvm::raw_string_ostream os_;
  Diagnostics diag_;
};

} // namespace ttllc::test
