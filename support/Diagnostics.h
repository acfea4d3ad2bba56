//===- support/Diagnostics.h - located errors and warnings ------*- C++ -*-===//
//
// Every user-facing error of tt-llc goes through Diagnostics: it prints
// `file:line:col: error: message` with the source line and a caret (via
// llvm::SourceMgr) when the location is known, and `error: message` when the
// thing being diagnosed was built in C++ and has no source text.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"

#include <string>

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace ttllc {

class Diagnostics {
public:
  enum class Severity { Error, Warning, Note };

  /// Messages go to `os` (llvm::errs() by default). `sm` may be null when
  /// nothing being diagnosed has source text.
  explicit Diagnostics(llvm::SourceMgr *sm);
  Diagnostics(llvm::SourceMgr *sm, llvm::raw_ostream &os);

  void report(Severity sev, llvm::SMLoc loc, const llvm::Twine &msg);
  void error(llvm::SMLoc loc, const llvm::Twine &msg) { report(Severity::Error, loc, msg); }
  void warning(llvm::SMLoc loc, const llvm::Twine &msg) { report(Severity::Warning, loc, msg); }
  void note(llvm::SMLoc loc, const llvm::Twine &msg) { report(Severity::Note, loc, msg); }

  /// Errors reported while not suppressed.
  unsigned errorCount() const { return errors_; }
  bool hasErrors() const { return errors_ != 0; }

  /// While suppressed, messages are neither printed nor counted as errors of
  /// the compilation (used for speculative parsing of host code the frontend
  /// may skip); they are counted in suppressedErrorCount() instead.
  void setSuppressed(bool s) { suppressed_ = s; }
  bool suppressed() const { return suppressed_; }
  unsigned suppressedErrorCount() const { return suppressedErrors_; }

  llvm::SourceMgr *sourceMgr() const { return sm_; }

  /// Prefix of messages without a source location ("tt-llc: error: ...").
  void setProgramName(std::string name) { programName_ = std::move(name); }

  /// Text put before every message from now on ("" for none): e.g. the pass
  /// whose result a check is reporting on.
  void setMessagePrefix(std::string prefix) { prefix_ = std::move(prefix); }
  const std::string &messagePrefix() const { return prefix_; }
  /// "file:line:col" of a location, or "" when unknown. For messages that
  /// mention a second place (e.g. "first produced at ...").
  std::string where(llvm::SMLoc loc) const;

private:
  llvm::SourceMgr *sm_;
  llvm::raw_ostream &os_;
  std::string programName_;
  std::string prefix_;
  unsigned errors_ = 0;
  unsigned suppressedErrors_ = 0;
  bool suppressed_ = false;
};

/// Restores the suppression state of a Diagnostics on scope exit.
class SuppressDiagnostics {
public:
  explicit SuppressDiagnostics(Diagnostics &d)
      : d_(d), saved_(d.suppressed()), savedErrors_(d.suppressedErrorCount()) {
    d_.setSuppressed(true);
  }
  ~SuppressDiagnostics() { d_.setSuppressed(saved_); }
  /// True when errors were reported since construction.
  bool failed() const { return d_.suppressedErrorCount() != savedErrors_; }

private:
  Diagnostics &d_;
  bool saved_;
  unsigned savedErrors_;
};

} // namespace ttllc
