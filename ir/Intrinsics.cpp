//===- ir/Intrinsics.cpp - the intrinsic table ----------------------------===//

#include "ir/Intrinsics.h"

#include "tt/programs.h"

using namespace ttllc;

using P = ProgramKind;
static const IntrinsicInfo kIntrinsics[] = {
    // Element-wise math on floats (TileLang T.exp, ...).
    {"exp", 1, DType::Void, true, P::Any, "e raised to the argument"},
    {"log", 1, DType::Void, true, P::Any, "natural logarithm"},
    {"sqrt", 1, DType::Void, true, P::Any, "square root"},
    {"rsqrt", 1, DType::Void, true, P::Any, "reciprocal square root"},
    {"abs", 1, DType::Void, true, P::Any, "absolute value"},
    {"tanh", 1, DType::Void, true, P::Any, "hyperbolic tangent"},
    {"sigmoid", 1, DType::Void, true, P::Any, "1 / (1 + exp(-x))"},

    // Circular buffers (docs/device-abi.md). Placed in the producer (reserve,
    // push) or consumer (wait, pop) program of the CB.
    {"tt.cb.reserve_back", 2, DType::Void, false, P::Any, "(cb, n): wait for n free pages"},
    {"tt.cb.push_back", 2, DType::Void, false, P::Any, "(cb, n): publish n pages"},
    {"tt.cb.wait_front", 2, DType::Void, false, P::Any, "(cb, n): wait for n pages"},
    {"tt.cb.pop_front", 2, DType::Void, false, P::Any, "(cb, n): free n pages"},
    {"tt.cb.write_ptr", 1, DType::UInt32, false, P::Any, "(cb): L1 address of the back page"},
    {"tt.cb.read_ptr", 1, DType::UInt32, false, P::Any, "(cb): L1 address of the front page"},

    // Data movement. Bank and bank offset are computed by generated code.
    {"tt.noc.read_dram", 4, DType::Void, false, P::Reader,
     "(bank, bank_addr, l1_dst, bytes): DRAM -> L1"},
    {"tt.noc.read_barrier", 0, DType::Void, false, P::Reader, "(): wait for issued reads"},
    {"tt.l1.zero", 2, DType::Void, false, P::Reader, "(l1_addr, bytes): zero-fill L1 bytes"},
    {"tt.noc.write_dram", 4, DType::Void, false, P::Writer,
     "(l1_src, bank, bank_addr, bytes): L1 -> DRAM"},
    {"tt.noc.write_barrier", 0, DType::Void, false, P::Writer, "(): wait for issued writes"},

    // The compute API before split-kernels (one call for the three TRISCs).
    {"tt.mm_init", 4, DType::Void, false, P::Any,
     "(cb_a, cb_b, cb_out, transpose_b): configure unpack, math, pack for matmul"},
    {"tt.matmul_tiles", 6, DType::Void, false, P::Any,
     "(cb_a, cb_b, tile_a, tile_b, dst, transpose_b): DST[dst] += A * B"},
    {"tt.tile_regs_acquire", 0, DType::Void, false, P::Math, "(): math takes a zeroed DST half"},
    {"tt.tile_regs_commit", 0, DType::Void, false, P::Math, "(): math hands DST to pack"},
    {"tt.tile_regs_wait", 0, DType::Void, false, P::Pack, "(): pack waits for DST"},
    {"tt.tile_regs_release", 0, DType::Void, false, P::Pack, "(): pack frees the DST half"},
    {"tt.pack_tile", 3, DType::Void, false, P::Pack,
     "(dst, cb_out, out_tile): pack DST[dst] into page out_tile of the reserved pages"},
    {"tt.copy_tile", 3, DType::Void, false, P::Any,
     "(cb, tile, dst): DST[dst] = tile of cb's front pages (reload of partial sums)"},

    // After split-kernels: each TRISC's part of the compute API.
    {"tt.unpack.mm_init", 3, DType::Void, false, P::Unpack, "(cb_a, cb_b, transpose_b)"},
    {"tt.unpack.matmul_tiles", 5, DType::Void, false, P::Unpack,
     "(cb_a, cb_b, tile_a, tile_b, transpose_b): feed SRCA / SRCB"},
    {"tt.math.mm_init", 0, DType::Void, false, P::Math, "()"},
    {"tt.math.matmul_tiles", 1, DType::Void, false, P::Math,
     "(dst): DST[dst] += SRCA * SRCB of the next unpacked pair"},
    {"tt.pack.init", 1, DType::Void, false, P::Pack, "(cb_out)"},
    {"tt.unpack.copy_tile", 2, DType::Void, false, P::Unpack,
     "(cb, tile): hand tile of cb's front pages to math, for DST"},
    {"tt.math.copy_tile", 1, DType::Void, false, P::Math,
     "(dst): DST[dst] = the next tile unpack handed over by copy_tile"},
};

std::string_view ttllc::programName(ProgramKind k) {
  // Reader .. Writer are the programs in program order (tt/programs.h).
  if (k == ProgramKind::Any)
    return "any";
  return tt_riscs[tt_program_order[static_cast<int>(k) - 1]].program;
}

const IntrinsicInfo *ttllc::lookupIntrinsic(std::string_view name) {
  for (const IntrinsicInfo &i : kIntrinsics)
    if (i.name == name)
      return &i;
  return nullptr;
}

DType ttllc::intrinsicResultType(const IntrinsicInfo &info, const std::vector<Expr> &args) {
  if (info.sameAsArg0 && !args.empty())
    return args.front()->dtype;
  return info.result;
}
