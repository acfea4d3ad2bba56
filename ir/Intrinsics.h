//===- ir/Intrinsics.h - the named intrinsics a Call may name ---*- C++ -*-===//
//
// One table of every intrinsic Tile IR can call: its name, arity and result
// type. The text form prints math intrinsics as `T.exp(x)` and device
// intrinsics (names starting with "tt.") as `tt.cb.reserve_back(cb, n)`; the
// parser accepts exactly the names in this table.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <string_view>

namespace ttllc {

/// The program (RISC core) a device intrinsic belongs to after
/// split-kernels; Any for math functions and for calls that split-kernels
/// places by dataflow (circular-buffer operations) or projects onto several
/// TRISCs (the tt-metal compute API: mm_init, matmul_tiles). Reader ..
/// Writer are in program order, the order of tt_program_order.
enum class ProgramKind : uint8_t { Any, Reader, Unpack, Math, Pack, Writer };
/// "any", or the program's name of tt/programs.h: "reader", "unpack", ...
std::string_view programName(ProgramKind k);

struct IntrinsicInfo {
  std::string_view name;
  int arity;
  /// The result type; Void for statements. For element-wise math the result
  /// has the type of the first argument (sameAsArg0).
  DType result;
  bool sameAsArg0;
  ProgramKind program;
  std::string_view summary;
};

/// The intrinsic called `name`, or null.
const IntrinsicInfo *lookupIntrinsic(std::string_view name);

/// Result type of a call of `info` with the given arguments.
DType intrinsicResultType(const IntrinsicInfo &info, const std::vector<Expr> &args);

} // namespace ttllc
