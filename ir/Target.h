//===- ir/Target.h - the Tensix devices tt-llc compiles for ----*- C++ -*-===//
//
// One table of the facts about each device that the compiler uses (see
// docs/targets.md and ../shared/TARGET_FACTS.md): the exposed compute grid,
// L1 and local memory sizes, DRAM banks and their alignment, DST capacity,
// circular-buffer limits, tile sizes per data format and the RISC-V
// features of the baby cores. `--device` picks a row; `--grid=XxY`
// overrides the core grid.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ttllc {

struct TargetInfo {
  std::string name;        // "wormhole_b0"
  std::string arch;        // "wormhole"
  int64_t gridX, gridY;    // compute cores exposed (x = columns)
  int64_t l1Bytes;         // L1 SRAM per Tensix tile
  int64_t l1Alignment;     // bytes
  int64_t dmLocalBytes;    // local data RAM of BRISC / NCRISC
  int64_t triscLocalBytes; // local data RAM of each TRISC
  int64_t dramBanks;       // interleaving banks
  int64_t dramAlignment;   // bytes
  int64_t maxNocPacket;    // bytes per NoC transaction
  int64_t numCBs;          // circular buffers per core
  int64_t dstTiles16;      // DST capacity in tiles, 16-bit, half-sync (default)
  int64_t dstTilesFp32;    // DST capacity with fp32 accumulation
  double clockGHz;
  std::string riscvFeatures; // LLVM target features of the baby cores

  int64_t numCores() const { return gridX * gridY; }
};

/// The device called `name`, or null.
const TargetInfo *lookupTarget(std::string_view name);
/// The names of all devices, for messages: "wormhole_b0, blackhole, grayskull".
std::string targetNames();

inline constexpr int64_t kTileHeight = 32;
inline constexpr int64_t kTileWidth = 32;

/// Bytes of one 32x32 tile stored in `t` (bfloat16 / float16: 2048,
/// float32: 4096), 0 for types that are not tile formats.
int64_t tileBytes(DType t);
/// tt-metal's DataFormat name: "Float16_b" (bfloat16), "Float16", "Float32".
std::string_view dataFormatName(DType t);

inline int64_t ceilDivInt(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t alignUp(int64_t a, int64_t align) { return ceilDivInt(a, align) * align; }

/// 32x32 tiles (pages) of a tensor: its last two dimensions rounded up to
/// whole tiles (a 1-D tensor is one row of tiles), times the leading ones.
int64_t tileCount(const std::vector<int64_t> &shape);

} // namespace ttllc
