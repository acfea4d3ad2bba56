#include "support/Diagnostics.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace ttllc;

Diagnostics::Diagnostics(llvm::SourceMgr *sm) : Diagnostics(sm, llvm::errs()) {}
Diagnostics::Diagnostics(llvm::SourceMgr *sm, llvm::raw_ostream &os) : sm_(sm), os_(os) {}

void Diagnostics::report(Severity sev, llvm::SMLoc loc, const llvm::Twine &msg) {
  if (suppressed_) {
    suppressedErrors_ += sev == Severity::Error;
    return;
  }
  errors_ += sev == Severity::Error;
  llvm::SourceMgr::DiagKind kind = sev == Severity::Error     ? llvm::SourceMgr::DK_Error
                                   : sev == Severity::Warning ? llvm::SourceMgr::DK_Warning
                                                              : llvm::SourceMgr::DK_Note;
  if (sm_ && loc.isValid() && sm_->FindBufferContainingLoc(loc)) {
    sm_->PrintMessage(os_, loc, kind, prefix_ + msg);
    return;
  }
  llvm::SMDiagnostic diag("", kind, (prefix_ + msg).str());
  diag.print(programName_.empty() ? nullptr : programName_.c_str(), os_);
}

std::string Diagnostics::where(llvm::SMLoc loc) const {
  if (!sm_ || !loc.isValid())
    return "";
  unsigned buf = sm_->FindBufferContainingLoc(loc);
  if (!buf)
    return "";
  auto [line, col] = sm_->getLineAndColumn(loc, buf);
  return (sm_->getMemoryBuffer(buf)->getBufferIdentifier() + ":" + llvm::Twine(line) + ":" +
          llvm::Twine(col))
      .str();
}
