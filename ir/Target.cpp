//===- ir/Target.cpp - the compiler's view of the device table ------------===//
//
// Reads every fact from tt/devices.h; nothing about a device is written
// here.
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace ttllc;

TargetInfo::TargetInfo(const tt_device_info &d)
    : device(&d), name(d.name), arch(d.arch), gridX(d.grid_x), gridY(d.grid_y), l1Bytes(d.l1_bytes),
      l1Alignment(d.l1_alignment), dramBanks(d.dram_banks), dramAlignment(d.dram_alignment),
      dramBankBytes(int64_t(d.dram_bank_bytes)), maxNocPacket(d.max_noc_packet), numCBs(d.num_cbs),
      dstTiles16(d.dst_tiles_16), dstTilesFp32(d.dst_tiles_fp32), clockGHz(d.clock_ghz),
      riscvFeatures(d.llvm_features) {}

/// One TargetInfo per row of tt_devices, in table order.
static const std::vector<TargetInfo> &targets() {
  static const std::vector<TargetInfo> all = [] {
    std::vector<TargetInfo> v;
    for (const tt_device_info &d : tt_devices)
      v.emplace_back(d);
    return v;
  }();
  return all;
}

const TargetInfo *ttllc::lookupTarget(std::string_view name) {
  for (const TargetInfo &t : targets())
    if (t.name == name)
      return &t;
  return nullptr;
}

std::string ttllc::targetNames() {
  std::string s;
  for (const TargetInfo &t : targets())
    s += (s.empty() ? "" : ", ") + t.name;
  return s;
}

const tt_tile_format *ttllc::tileFormat(DType t) {
  switch (t) {
  case DType::BFloat16:
    return tt_tile_format_lookup(TT_DATA_FORMAT_FLOAT16_B);
  case DType::Float16:
    return tt_tile_format_lookup(TT_DATA_FORMAT_FLOAT16);
  case DType::Float32:
    return tt_tile_format_lookup(TT_DATA_FORMAT_FLOAT32);
  case DType::Int32:
    return tt_tile_format_lookup(TT_DATA_FORMAT_INT32);
  case DType::UInt32:
    return tt_tile_format_lookup(TT_DATA_FORMAT_UINT32);
  default:
    return nullptr;
  }
}

int64_t ttllc::tileBytes(DType t) {
  const tt_tile_format *format = tileFormat(t);
  return format ? tt_tile_bytes(format) : 0;
}

std::string_view ttllc::dataFormatName(DType t) {
  const tt_tile_format *format = tileFormat(t);
  return format ? format->name : "Invalid";
}

std::optional<int64_t> ttllc::checkedTileCount(const std::vector<int64_t> &shape) {
  size_t rank = shape.size();
  std::optional<int64_t> tiles = 1;
  for (size_t i = 0; i < rank && tiles; ++i)
    tiles = llvm::checkedMul(
        *tiles,
        i + 2 >= rank ? ceilDivInt(shape[i], i + 1 == rank ? kTileWidth : kTileHeight) : shape[i]);
  return tiles;
}

int64_t ttllc::tileCount(const std::vector<int64_t> &shape) {
  return checkedTileCount(shape).value_or(INT64_MAX);
}
