//===- passes/Analysis.h - facts about a kernel that passes share -*- C++ -*-===//
//
// analyzeKernel() walks a source-level kernel once and records what the
// metadata passes need: the T.Kernel launch, the role of every global buffer
// from the dataflow (read by a copy or load -> input, written by a copy or
// store -> output; never from names), the on-chip buffers that exchange
// tiles with global memory and the pipeline depth around those copies, and
// the gemm's reduction length in tiles. Also the helpers several metadata
// passes share: the runtime-argument names of the programs.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"
#include "ir/Metadata.h"
#include "ir/Target.h"

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace ttllc {
class Diagnostics;

enum class BufferRole { Unused, Input, Output, InOut };
std::string_view roleName(BufferRole r);

struct OnChipBuffer {
  Buffer buffer;
  bool fromGlobal = false;      // dst of a copy from a global buffer
  bool toGlobal = false;        // src of a copy to a global buffer
  bool gemmAccumulator = false; // C operand of a gemm
  /// num_stages of the innermost pipelined loop around its copies with
  /// global memory (0 when there is none).
  int64_t stages = 0;
  /// The global buffer on the other side of its first copy with global
  /// memory (for the page format of output CBs).
  Buffer globalPeer;
};

struct KernelInfo {
  const KernelNode *kernel = nullptr;
  std::vector<int64_t> grid; // T.Kernel extents
  std::map<const BufferNode *, BufferRole> roles;
  std::vector<OnChipBuffer> onChip;     // in allocation order
  std::vector<const CopyNode *> copies; // in program order
  /// Tiles along the reduction dimension of the first gemm whose A (or B)
  /// operand is loaded from a global buffer.
  std::optional<int64_t> kTiles;
  /// The first T.gemm, or null.
  const GemmNode *gemm = nullptr;
  /// The K steps of that gemm: 1 when no loop inside the T.Kernel encloses
  /// it, the constant trip count of the one loop that does, nothing when the
  /// trip count is not constant or several loops enclose it.
  std::optional<int64_t> gemmSteps;

  BufferRole role(const Buffer &b) const {
    auto it = roles.find(b.get());
    return it == roles.end() ? BufferRole::Unused : it->second;
  }
};

/// The output sub-block of a gemm whose block is mt x nt tiles: sh x sw
/// tiles with sh | mt, sw | nt and sh * sw <= capacity (DST tiles), the
/// largest such, then the widest.
std::pair<int64_t, int64_t> chooseSubBlock(int64_t mt, int64_t nt, int64_t capacity);
/// DST capacity in tiles for an accumulator of type `acc` (fp32 accumulation
/// halves it).
int64_t dstCapacity(const TargetInfo &t, DType acc);

/// Analyzes `f`, which must contain exactly one T.Kernel (reported as an
/// error otherwise).
std::optional<KernelInfo> analyzeKernel(const PrimFunc &f, Diagnostics &diag);

/// The runtime-argument names of the reader / compute / writer programs:
/// input buffer addresses (reader), output buffer addresses (writer), the
/// per-core work arguments `work`, grid_x, grid_y, and Kt when the kernel
/// has a gemm (reader, compute).
md::RuntimeArgs runtimeArgNames(const PrimFunc &f, const KernelInfo &info,
                                const std::vector<std::string> &work);

} // namespace ttllc
