//===- backend/Programs.h - the five RISC programs of a kernel --*- C++ -*-===//
//
// The backend's view of tt/programs.h (the one table of RISC, program and
// artifact names, docs/device-abi.md): the five programs of a kernel in
// program order, each with its RISC and the names of its files.
//
//   reader  -> reader.o          reader.elf          NCRISC (1)
//   unpack  -> compute.trisc0.o  compute.trisc0.elf  TRISC0 (2)
//   ...
//
// Each device ABI gets its own files; the sim ABI's keep the plain names,
// another ABI's carry its name: reader.hw.o, reader.hw.elf.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include <array>
#include <optional>
#include <string>

namespace ttllc {

struct ProgramRole {
  llvm::StringRef program;  // "reader": the value of the `tt.program` attribute
  llvm::StringRef artifact; // "reader", "compute.trisc0", ...: object and image base name
  llvm::StringRef object;   // "reader.o"
  llvm::StringRef image;    // "reader.elf"
  unsigned risc;            // TT_RISC_* of tt/device_abi.h
  llvm::StringRef riscName; // "ncrisc"
};

/// The five programs in artifact order: reader, unpack, math, pack, writer.
const std::array<ProgramRole, 5> &programRoles();
/// The role of the program called `program` ("reader", ...), if any.
std::optional<ProgramRole> lookupProgramRole(llvm::StringRef program);

/// The device ABI whose objects and images keep the plain names.
inline constexpr llvm::StringLiteral kDefaultABI = "sim";

/// The file of `role`'s object (`extension` ".o") or image (".elf") for the
/// device ABI `abi`: "reader.o" for sim, "reader.hw.o" for hw.
std::string artifactFile(const ProgramRole &role, llvm::StringRef abi, llvm::StringRef extension);

} // namespace ttllc
