//===- tests/e2e/Reference.h - the reference result of an e2e kernel -*- C++ -*-===//
//
// The end-to-end harnesses check a kernel's output against the reference
// interpreter run on the kernel's source.tir (written by tt-llc into its
// build folder) with the same inputs.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "interp/Interpreter.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ttllc::e2e {

/// The reference: the kernel's source.tir interpreted on `tensors`.
inline ::testing::AssertionResult interpretSource(const std::string &dir,
                                                  std::vector<ttllc::HostTensor> &tensors) {
  std::string path = dir + "/source.tir";
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return ::testing::AssertionFailure() << "cannot read " << path;
  llvm::SourceMgr sm;
  std::string errors;
  llvm::raw_string_ostream os(errors);
  ttllc::Diagnostics diag(&sm, os);
  unsigned id = sm.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  auto module = ttllc::parseTileIR(sm, id, diag);
  if (!module || module->funcs.size() != 1)
    return ::testing::AssertionFailure() << path << ": not one kernel: " << errors;
  if (!ttllc::interpret(*module->funcs[0], tensors, diag))
    return ::testing::AssertionFailure() << errors;
  return ::testing::AssertionSuccess();
}

} // namespace ttllc::e2e
