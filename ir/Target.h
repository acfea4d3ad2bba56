//===- ir/Target.h - the Tensix devices tt-llc compiles for ----*- C++ -*-===//
//
// The compiler's view of a device: one row of the device table
// tt/devices.h (shared with the runtime; see docs/targets.md), its sizes as
// int64_t for the passes' arithmetic, and a core grid that `--grid=XxY` may
// override. `--device` picks the row. Also the tile formats of the Tile IR
// data types.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include "tt/devices.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttllc {

struct TargetInfo {
  explicit TargetInfo(const tt_device_info &device);

  const tt_device_info *device; // the row of tt/devices.h
  std::string name;             // "wormhole_b0"
  std::string arch;             // "wormhole"
  int64_t gridX, gridY;         // compute cores used (x = columns): the device's or --grid
  int64_t l1Bytes;              // L1 SRAM per Tensix tile
  int64_t l1Alignment;          // bytes
  int64_t dramBanks;            // interleaving banks
  int64_t dramAlignment;        // bytes
  int64_t dramBankBytes;        // DRAM per bank
  int64_t maxNocPacket;         // bytes per NoC transaction
  int64_t numCBs;               // circular buffers per core
  int64_t dstTiles16;           // DST capacity in tiles, 16-bit, half-sync (default)
  int64_t dstTilesFp32;         // DST capacity with fp32 accumulation
  double clockGHz;
  std::string riscvFeatures; // LLVM target features of the baby cores

  int64_t numCores() const { return gridX * gridY; }
  /// Local data RAM of RISC `risc` (TT_RISC_*).
  int64_t localBytes(unsigned risc) const { return device->local_bytes[risc]; }
};

/// The device called `name`, or null.
const TargetInfo *lookupTarget(std::string_view name);
/// The names of all devices, for messages: "wormhole_b0, blackhole, grayskull".
std::string targetNames();

inline constexpr int64_t kTileHeight = TT_TILE_ROWS;
inline constexpr int64_t kTileWidth = TT_TILE_COLS;

/// The tile format (tt/devices.h) that stores `t`, or null: bfloat16 is
/// Float16_b, float16 Float16, float32 Float32, int32 Int32, uint32 UInt32.
const tt_tile_format *tileFormat(DType t);
/// Bytes of one 32x32 tile stored in `t` (bfloat16 / float16: 2048,
/// float32: 4096), 0 for types that are not tile formats.
int64_t tileBytes(DType t);
/// tt-metal's DataFormat name: "Float16_b" (bfloat16), "Float16", "Float32";
/// "Invalid" for types that are not tile formats.
std::string_view dataFormatName(DType t);

inline int64_t ceilDivInt(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t alignUp(int64_t a, int64_t align) { return ceilDivInt(a, align) * align; }

/// 32x32 tiles (pages) of a tensor: its last two dimensions rounded up to
/// whole tiles (a 1-D tensor is one row of tiles), times the leading ones.
int64_t tileCount(const std::vector<int64_t> &shape);
/// tileCount, or nothing when it does not fit int64 (checked arithmetic).
std::optional<int64_t> checkedTileCount(const std::vector<int64_t> &shape);

} // namespace ttllc
