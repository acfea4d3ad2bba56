//===- support/TempFolder.h - a temporary folder, removed on SIGINT too -*- C++ -*-===//
//
// A folder that lives while a TempFolder object does: removed with
// everything in it when the object is destroyed, and also when the process
// is interrupted by SIGINT, SIGTERM or SIGHUP meanwhile, so that an
// interrupted `tt-llc -o OUT` leaves no OUT.tmp-XXXXXX and an interrupted
// `tt-run KERNEL.py` no /tmp/tt-run-XXXXXX. release() gives the folder up
// (it was renamed into place, or must be kept).
//
//   TempFolder tmp;
//   if (std::error_code ec = tmp.create(outDir + ".tmp")) ...   // OUT.tmp-a1b2c3
//   write into tmp.path(); rename it to outDir; tmp.release();
//
// On such a signal the handler removes every registered folder (up to four
// levels deep) with async-signal-safe calls only, then hands the signal on
// to the handler that was there before (LLVM's, installed by InitLLVM,
// which removes the files registered with llvm::sys::RemoveFileOnSignal and
// lets the signal kill the process), so the exit status is the signal's. A
// signal that was ignored when the first folder was created stays ignored.
// LLVM's own RemoveFileOnSignal removes regular files only, hence this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"

#include <system_error>

namespace ttllc {

class TempFolder {
public:
  TempFolder() = default;
  TempFolder(const TempFolder &) = delete;
  TempFolder &operator=(const TempFolder &) = delete;
  /// Removes the folder unless it was released.
  ~TempFolder();

  /// Creates a new folder `prefix`-XXXXXX (llvm::sys::fs::createUniqueDirectory:
  /// next to `prefix` when it has a folder part, in the system's temporary
  /// folder otherwise) and removes it on an interrupting signal from now on.
  std::error_code create(const llvm::Twine &prefix);
  /// The folder's absolute path ("" before create).
  llvm::StringRef path() const { return path_; }
  /// No longer removes the folder, neither on a signal nor on destruction.
  void release();

private:
  llvm::SmallString<256> path_;
  int slot_ = -1; // the signal handler's registration, or -1
};

} // namespace ttllc
