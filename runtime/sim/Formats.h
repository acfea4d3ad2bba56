//===- runtime/sim/Formats.h - tile data formats ----------------*- C++ -*-===//
//
// Element conversions between float and the tile formats (bfloat16, float16,
// float32; round to nearest even, as the packer does) and the layout of a
// 32x32 tile: four 16x16 faces (top-left, top-right, bottom-left,
// bottom-right), each row-major. Used by the runtime's tilize / untilize;
// the simulator's unpacker and packer convert as the hardware does
// (sim/Numerics.h), on the same tile layout.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/devices.h"
#include "tt/runtime.h"

#include <cstdint>
#include <cstring>

namespace ttrt {

inline constexpr uint32_t kTileRows = TT_TILE_ROWS, kTileCols = TT_TILE_COLS,
                          kTileElems = TT_TILE_ELEMENTS;

/// Index within a tile's elements of logical element (r, c), r, c < 32.
inline uint32_t tileIndex(uint32_t r, uint32_t c) {
  uint32_t face = (r / 16) * 2 + c / 16;
  return face * 256 + (r % 16) * 16 + c % 16;
}

/// Bytes of an element / a tile of `f`, a format the runtime converts
/// (tt_tile_format::simulated; 0 for others).
inline uint32_t formatBytes(tt_data_format f) {
  const tt_tile_format *format = tt_tile_format_lookup(static_cast<int>(f));
  return format && format->simulated ? format->element_bytes : 0;
}
inline uint32_t tileBytes(tt_data_format f) { return kTileElems * formatBytes(f); }

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float bitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

/// float -> bfloat16, round to nearest even (NaN stays NaN).
inline uint16_t toBF16(float f) {
  uint32_t u = floatBits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return uint16_t((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1);
  return uint16_t(u >> 16);
}
inline float fromBF16(uint16_t h) { return bitsFloat(uint32_t(h) << 16); }

/// float -> IEEE half, round to nearest even, with overflow to infinity and
/// subnormals.
uint16_t toFP16(float f);
float fromFP16(uint16_t h);

/// Reads / writes element `i` of an array of `format` elements.
inline float loadElement(const uint8_t *base, uint32_t i, tt_data_format format) {
  switch (format) {
  case TT_FLOAT32: {
    float f;
    std::memcpy(&f, base + 4 * i, 4);
    return f;
  }
  case TT_FLOAT16: {
    uint16_t h;
    std::memcpy(&h, base + 2 * i, 2);
    return fromFP16(h);
  }
  default: {
    uint16_t h;
    std::memcpy(&h, base + 2 * i, 2);
    return fromBF16(h);
  }
  }
}
inline void storeElement(uint8_t *base, uint32_t i, tt_data_format format, float v) {
  switch (format) {
  case TT_FLOAT32:
    std::memcpy(base + 4 * i, &v, 4);
    break;
  case TT_FLOAT16: {
    uint16_t h = toFP16(v);
    std::memcpy(base + 2 * i, &h, 2);
    break;
  }
  default: {
    uint16_t h = toBF16(v);
    std::memcpy(base + 2 * i, &h, 2);
    break;
  }
  }
}

} // namespace ttrt
