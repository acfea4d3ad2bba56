//===- ir/Target.cpp - the device table -----------------------------------===//
//
// Values from ../shared/TARGET_FACTS.md. Grayskull's local data RAM is not
// documented there; it takes Wormhole's sizes (docs/targets.md says so).
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"

using namespace ttllc;

static const TargetInfo kTargets[] = {
    {"wormhole_b0", "wormhole", 8, 8, 1464 * 1024, 16, 4 * 1024, 2 * 1024, 12, 32, 8 * 1024, 32, 8,
     4, 1.0, "+m"},
    {"blackhole", "blackhole", 13, 10, 1536 * 1024, 16, 8 * 1024, 4 * 1024, 8, 64, 16 * 1024, 32, 8,
     4, 1.35, "+m,+zba,+zbb,+zaamo"},
    {"grayskull", "grayskull", 12, 9, 1024 * 1024, 16, 4 * 1024, 2 * 1024, 8, 32, 8 * 1024, 32, 8,
     4, 1.2, "+m"},
};

const TargetInfo *ttllc::lookupTarget(std::string_view name) {
  for (const TargetInfo &t : kTargets)
    if (t.name == name)
      return &t;
  return nullptr;
}

std::string ttllc::targetNames() {
  std::string s;
  for (const TargetInfo &t : kTargets)
    s += (s.empty() ? "" : ", ") + t.name;
  return s;
}

int64_t ttllc::tileBytes(DType t) {
  switch (t) {
  case DType::BFloat16:
  case DType::Float16:
    return 2048;
  case DType::Float32:
  case DType::Int32:
  case DType::UInt32:
    return 4096;
  default:
    return 0;
  }
}

std::string_view ttllc::dataFormatName(DType t) {
  switch (t) {
  case DType::BFloat16:
    return "Float16_b";
  case DType::Float16:
    return "Float16";
  case DType::Float32:
    return "Float32";
  case DType::Int32:
    return "Int32";
  case DType::UInt32:
    return "UInt32";
  default:
    return "Invalid";
  }
}

int64_t ttllc::tileCount(const std::vector<int64_t> &shape) {
  size_t rank = shape.size();
  int64_t tiles = 1;
  for (size_t i = 0; i < rank; ++i)
    tiles *=
        i + 2 >= rank ? ceilDivInt(shape[i], i + 1 == rank ? kTileWidth : kTileHeight) : shape[i];
  return tiles;
}
