//===- backend/Programs.cpp - the five RISC programs of a kernel ----------===//

#include "backend/Programs.h"

#include "tt/device_abi.h"

using namespace ttllc;

const std::array<ProgramRole, 5> &ttllc::programRoles() {
  static const std::array<ProgramRole, 5> roles = {{
      {"reader", "reader", TT_RISC_NCRISC, "ncrisc"},
      {"unpack", "compute.trisc0", TT_RISC_TRISC0, "trisc0"},
      {"math", "compute.trisc1", TT_RISC_TRISC1, "trisc1"},
      {"pack", "compute.trisc2", TT_RISC_TRISC2, "trisc2"},
      {"writer", "writer", TT_RISC_BRISC, "brisc"},
  }};
  return roles;
}

std::optional<ProgramRole> ttllc::lookupProgramRole(llvm::StringRef program) {
  for (const ProgramRole &r : programRoles())
    if (r.program == program)
      return r;
  return std::nullopt;
}
