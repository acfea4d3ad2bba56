/*===- bench/reference/compute.c - reference GEMM compute (TRISC0..2) ------===*
 *
 * One source for the three compute cores, compiled once per TRISC with
 * -DTT_TRISC=0 (unpack), 1 (math) or 2 (pack). Each output tile is the sum
 * over k in [0, Kt) of A tile (by, k) times B tile (k, bx), accumulated in
 * DST tile 0 and packed into CB 16.
 *
 * Runtime arguments (as tt-llc's compute programs for examples/gemm.py):
 *   0 start_id  1 count  2 grid_x  3 grid_y  4 Kt
 *
 *===----------------------------------------------------------------------===*/

#if !defined(TT_TRISC) || TT_TRISC < 0 || TT_TRISC > 2
#error "compile compute.c with -DTT_TRISC=0 (unpack), 1 (math) or 2 (pack)"
#endif

#define TTREF_RISC (TT_RISC_TRISC0 + TT_TRISC)
#include "ttref.h"

void kernel_main(void) {
  uint32_t count = ttref_arg(1);
#if TT_TRISC != 2
  uint32_t kt = ttref_arg(4);
#endif

#if TT_TRISC == 0
  /* Unpack: hand each (A, B) tile pair from the front of CB 0 and CB 1 to
   * math, then free both pages. */
  unpack_mm_init(TTREF_CB_A, TTREF_CB_B, 0);
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t k = 0; k < kt; ++k) {
      cb_wait_front(TTREF_CB_A, 1);
      cb_wait_front(TTREF_CB_B, 1);
      unpack_matmul_tiles(TTREF_CB_A, TTREF_CB_B, 0, 0, 0);
      cb_pop_front(TTREF_CB_A, 1);
      cb_pop_front(TTREF_CB_B, 1);
    }
  }
#elif TT_TRISC == 1
  /* Math: DST[0] = sum of the Kt products, then hand DST to pack. */
  math_mm_init();
  for (uint32_t i = 0; i < count; ++i) {
    tile_regs_acquire();
    for (uint32_t k = 0; k < kt; ++k)
      math_matmul_tiles(0);
    tile_regs_commit();
  }
#else
  /* Pack: DST[0] into a fresh page of CB 16, then give DST back. */
  pack_init(TTREF_CB_C);
  for (uint32_t i = 0; i < count; ++i) {
    tile_regs_wait();
    cb_reserve_back(TTREF_CB_C, 1);
    pack_tile(0, TTREF_CB_C, 0);
    cb_push_back(TTREF_CB_C, 1);
    tile_regs_release();
  }
#endif
}
