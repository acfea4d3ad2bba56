/*===- tt/devices.h - the one table of the Tensix devices -----------------===*
 *
 * The facts about each device that the compiler and the runtime both use
 * (docs/targets.md): the compute grid, L1, the local data RAM of each RISC,
 * the DRAM banks, the NoC, circular buffers, DST, the clock and the RISC-V
 * ISA of the baby cores; and the tile formats. The compiler's target
 * descriptions (ir/Target.cpp, `--device`), the runtime's simulated devices
 * (runtime/Runtime.cpp, `sim:<name>`), the simulator and the device library's
 * build (backend/DeviceLibrary.cmake reads the TT_MARCH_* lines) read them
 * here and nowhere else. Values from TARGET_FACTS.md; where the project
 * simplifies, docs/targets.md says so.
 *
 * Plain constant data, C99 and C++, no other dependency than
 * tt/device_abi.h. Example:
 *
 *   const tt_device_info *d = tt_device_lookup("blackhole");
 *   d->grid_x * d->grid_y              130 cores
 *   d->local_bytes[TT_RISC_TRISC0]     4096
 *
 *===----------------------------------------------------------------------===*/
#ifndef TT_DEVICES_H
#define TT_DEVICES_H

#include "tt/device_abi.h"

#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -march of the baby cores, per architecture (LLVM/clang spelling; never
 * `c`: images hold no compressed instructions). One definition per line:
 * backend/DeviceLibrary.cmake reads these lines. */
#define TT_MARCH_WORMHOLE "rv32im"
#define TT_MARCH_BLACKHOLE "rv32im_zaamo_zba_zbb"
#define TT_MARCH_GRAYSKULL "rv32im"

/* Where a DRAM bank is: the NoC 0 coordinates of the DRAM tile that cores
 * use for it and the bank's byte offset within that tile's channel. */
typedef struct tt_dram_bank {
  unsigned char noc_x, noc_y;
  unsigned long long offset;
} tt_dram_bank;

#define TT_MAX_DRAM_BANKS 12

typedef struct tt_device_info {
  const char *name;                              /* "wormhole_b0": --device, sim:<name> */
  const char *arch;                              /* "wormhole": the device library's architecture */
  unsigned grid_x, grid_y;                       /* compute cores exposed (x = columns) */
  unsigned l1_bytes;                             /* L1 SRAM per Tensix tile */
  unsigned l1_alignment;                         /* bytes */
  unsigned local_bytes[TT_NUM_RISCS];            /* local data RAM of each RISC, by TT_RISC_* */
  unsigned dram_banks;                           /* interleaving banks */
  unsigned dram_alignment;                       /* bytes, of a page in a bank */
  unsigned long long dram_bank_bytes;            /* bytes per bank (as simulated) */
  unsigned noc_x, noc_y;                         /* size of the NoC grid, all tiles */
  tt_dram_bank dram_bank_noc[TT_MAX_DRAM_BANKS]; /* bank i: its DRAM tile and offset */
  unsigned max_noc_packet;                       /* bytes per NoC transaction */
  unsigned num_cbs;                              /* circular buffers per core */
  unsigned dst_tiles_16;   /* DST capacity in tiles: 16-bit, half-sync (default) */
  unsigned dst_tiles_fp32; /* with fp32 accumulation */
  double clock_ghz;
  const char *llvm_features; /* LLVM target features of the baby cores */
  const char *march;         /* the same ISA as -march (TT_MARCH_*) */
} tt_device_info;

/* Circular buffers per core (ids 0 .. TT_NUM_CBS - 1) on every device. */
#define TT_NUM_CBS 32u

#define TT_KIB 1024u
#define TT_GIB (1024ull * 1024ull * 1024ull)

/* The devices, the default (wormhole_b0) first. Grayskull's local data RAM
 * is not documented; it takes Wormhole's sizes. Each DRAM channel is 1 GiB
 * on Wormhole (tt-isa-documentation, DRAMTile); the runtime simulates 1 GiB
 * per bank on every device. The NoC grid and the banks' DRAM tiles (NoC 0
 * coordinates of the worker endpoint, and the offset of the bank in its
 * channel: Wormhole's 6 channels hold 2 banks each) are those of tt-metal's
 * SoC descriptors (wormhole_b0_80, blackhole_140, grayskull_120). */
/* clang-format off */
static const tt_device_info tt_devices[] = {
    {"wormhole_b0", "wormhole",
     8, 8,                                                  /* grid */
     1464 * TT_KIB, 16,                                     /* L1, alignment */
     {4 * TT_KIB, 4 * TT_KIB, 2 * TT_KIB, 2 * TT_KIB, 2 * TT_KIB}, /* local data RAM */
     12, 32, TT_GIB,                                        /* DRAM banks, alignment, bytes */
     10, 12,                                                /* NoC grid */
     {{0, 11, 0}, {0, 1, TT_GIB}, {0, 5, 0}, {0, 7, TT_GIB}, /* DRAM banks' tiles */
      {5, 1, 0}, {5, 11, TT_GIB}, {5, 2, 0}, {5, 9, TT_GIB},
      {5, 8, 0}, {5, 3, TT_GIB}, {5, 5, 0}, {5, 7, TT_GIB}},
     8 * TT_KIB, TT_NUM_CBS, 8, 4,                          /* NoC packet, CBs, DST */
     1.0, "+m", TT_MARCH_WORMHOLE},
    {"blackhole", "blackhole",
     13, 10,
     1536 * TT_KIB, 16,
     {8 * TT_KIB, 8 * TT_KIB, 4 * TT_KIB, 4 * TT_KIB, 4 * TT_KIB},
     8, 64, TT_GIB,
     17, 12,
     {{0, 0, 0}, {0, 2, 0}, {0, 9, 0}, {0, 5, 0},
      {9, 11, 0}, {9, 3, 0}, {9, 8, 0}, {9, 6, 0}},
     16 * TT_KIB, TT_NUM_CBS, 8, 4,
     1.35, "+m,+zba,+zbb,+zaamo", TT_MARCH_BLACKHOLE},
    {"grayskull", "grayskull",
     12, 9,
     1024 * TT_KIB, 16,
     {4 * TT_KIB, 4 * TT_KIB, 2 * TT_KIB, 2 * TT_KIB, 2 * TT_KIB},
     8, 32, TT_GIB,
     13, 12,
     {{1, 0, 0}, {1, 6, 0}, {4, 0, 0}, {4, 6, 0},
      {7, 0, 0}, {7, 6, 0}, {10, 0, 0}, {10, 6, 0}},
     8 * TT_KIB, TT_NUM_CBS, 8, 4,
     1.2, "+m", TT_MARCH_GRAYSKULL},
};
/* clang-format on */
#define TT_NUM_DEVICES (sizeof(tt_devices) / sizeof(tt_devices[0]))

/* The device called `name` ("blackhole"), or NULL. */
static inline const tt_device_info *tt_device_lookup(const char *name) {
  unsigned i;
  for (i = 0; name && i < TT_NUM_DEVICES; ++i)
    if (strcmp(tt_devices[i].name, name) == 0)
      return &tt_devices[i];
  return NULL;
}

/*--- Tiles -----------------------------------------------------------------*/

/* A tile is 32x32 elements stored as four 16x16 faces (top-left, top-right,
 * bottom-left, bottom-right), each row-major. */
#define TT_TILE_ROWS 32u
#define TT_TILE_COLS 32u
#define TT_TILE_ELEMENTS (TT_TILE_ROWS * TT_TILE_COLS)

/* tt-metal's DataFormat values of the tile formats tt-llc knows. */
#define TT_DATA_FORMAT_FLOAT32 0
#define TT_DATA_FORMAT_FLOAT16 1
#define TT_DATA_FORMAT_FLOAT16_B 5
#define TT_DATA_FORMAT_INT32 8
#define TT_DATA_FORMAT_UINT32 24

typedef struct tt_tile_format {
  int data_format;        /* TT_DATA_FORMAT_* */
  const char *name;       /* tt-metal's DataFormat name: "Float16_b" */
  unsigned element_bytes; /* a tile is TT_TILE_ELEMENTS of them */
  int simulated;          /* a tt_data_format of tt/runtime.h: the runtime converts it */
} tt_tile_format;

/* The same on every device. */
static const tt_tile_format tt_tile_formats[] = {
    {TT_DATA_FORMAT_FLOAT32, "Float32", 4, 1},     {TT_DATA_FORMAT_FLOAT16, "Float16", 2, 1},
    {TT_DATA_FORMAT_FLOAT16_B, "Float16_b", 2, 1}, {TT_DATA_FORMAT_INT32, "Int32", 4, 0},
    {TT_DATA_FORMAT_UINT32, "UInt32", 4, 0},
};
#define TT_NUM_TILE_FORMATS (sizeof(tt_tile_formats) / sizeof(tt_tile_formats[0]))

/* The tile format with DataFormat value `data_format`, or NULL. */
static inline const tt_tile_format *tt_tile_format_lookup(int data_format) {
  unsigned i;
  for (i = 0; i < TT_NUM_TILE_FORMATS; ++i)
    if (tt_tile_formats[i].data_format == data_format)
      return &tt_tile_formats[i];
  return NULL;
}

/* Bytes of one tile in `format`. */
static inline unsigned tt_tile_bytes(const tt_tile_format *format) {
  return TT_TILE_ELEMENTS * format->element_bytes;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TT_DEVICES_H */
