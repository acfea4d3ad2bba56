/* Calls a compute intrinsic on BRISC, which does not drive the matrix unit. */
#include <stdint.h>
void tt_math_matmul_tiles(uint32_t dst) __asm__("tt.math.matmul_tiles");
void kernel_main(void) { tt_math_matmul_tiles(0); }
