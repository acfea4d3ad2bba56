/*===- bench/reference/reader.c - reference GEMM reader (NCRISC) -----------===*
 *
 * Feeds the compute cores the A and B tiles of this core's output tiles:
 * for output tile t (start_id <= t < start_id + count), bx = t % grid_x,
 * by = t / grid_x, and for k in [0, Kt) tile (by, k) of A into CB 0 and
 * tile (k, bx) of B into CB 1, one tile at a time.
 *
 * Runtime arguments (as tt-llc's reader for examples/gemm.py):
 *   0 A_addr  1 B_addr  2 start_id  3 count  4 grid_x  5 grid_y  6 Kt
 * A is (grid_y x Kt) tiles, B (Kt x grid_x) tiles, both row-major tile
 * pages interleaved over the DRAM banks. Shapes must be whole tiles.
 *
 *===----------------------------------------------------------------------===*/

#define TTREF_RISC TT_RISC_NCRISC
#include "ttref.h"

void kernel_main(void) {
  uint32_t a_addr = ttref_arg(0);
  uint32_t b_addr = ttref_arg(1);
  uint32_t start_id = ttref_arg(2);
  uint32_t count = ttref_arg(3);
  uint32_t grid_x = ttref_arg(4);
  uint32_t kt = ttref_arg(6);

  for (uint32_t t = start_id; t < start_id + count; ++t) {
    uint32_t bx = t % grid_x;
    uint32_t by = t / grid_x;
    for (uint32_t k = 0; k < kt; ++k) {
      cb_reserve_back(TTREF_CB_A, 1);
      read_tile(a_addr, by * kt + k, get_write_ptr(TTREF_CB_A));
      noc_read_barrier();
      cb_push_back(TTREF_CB_A, 1);

      cb_reserve_back(TTREF_CB_B, 1);
      read_tile(b_addr, k * grid_x + bx, get_write_ptr(TTREF_CB_B));
      noc_read_barrier();
      cb_push_back(TTREF_CB_B, 1);
    }
  }
}
