//===- backend/Programs.cpp - the five RISC programs of a kernel ----------===//

#include "backend/Programs.h"

#include "tt/programs.h"

#include "llvm/ADT/Twine.h"

using namespace ttllc;

const std::array<ProgramRole, 5> &ttllc::programRoles() {
  static const std::array<ProgramRole, 5> roles = [] {
    std::array<ProgramRole, 5> r;
    for (size_t i = 0; i < r.size(); ++i) {
      unsigned risc = tt_program_order[i];
      const tt_risc_info &info = tt_riscs[risc];
      r[i] = {info.program, info.artifact, info.object, info.image, risc, info.name};
    }
    return r;
  }();
  return roles;
}

std::optional<ProgramRole> ttllc::lookupProgramRole(llvm::StringRef program) {
  for (const ProgramRole &r : programRoles())
    if (r.program == program)
      return r;
  return std::nullopt;
}

std::string ttllc::artifactFile(const ProgramRole &role, llvm::StringRef abi,
                                llvm::StringRef extension) {
  if (abi == kDefaultABI)
    return (llvm::Twine(role.artifact) + extension).str();
  return (llvm::Twine(role.artifact) + "." + abi + extension).str();
}
