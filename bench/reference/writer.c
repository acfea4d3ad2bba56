/*===- bench/reference/writer.c - reference GEMM writer (BRISC) ------------===*
 *
 * Drains CB 16 into C: output tile t (start_id <= t < start_id + count),
 * bx = t % grid_x, by = t / grid_x, goes to page by * grid_x + bx of C.
 *
 * Runtime arguments (as tt-llc's writer for examples/gemm.py):
 *   0 C_addr  1 start_id  2 count  3 grid_x  4 grid_y
 *
 *===----------------------------------------------------------------------===*/

#define TTREF_RISC TT_RISC_BRISC
#include "ttref.h"

void kernel_main(void) {
  uint32_t c_addr = ttref_arg(0);
  uint32_t start_id = ttref_arg(1);
  uint32_t count = ttref_arg(2);
  uint32_t grid_x = ttref_arg(3);

  for (uint32_t t = start_id; t < start_id + count; ++t) {
    uint32_t bx = t % grid_x;
    uint32_t by = t / grid_x;
    cb_wait_front(TTREF_CB_C, 1);
    write_tile(c_addr, by * grid_x + bx, get_read_ptr(TTREF_CB_C));
    noc_write_barrier();
    cb_pop_front(TTREF_CB_C, 1);
  }
}
