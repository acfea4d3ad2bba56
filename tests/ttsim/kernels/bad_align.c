/* Broken on purpose: a DRAM read whose source and destination differ in their alignment within
 * the DRAM read granule, which ttsim reports as UndefinedBehavior. */
#include <stdint.h>
void tt_noc_read_dram(uint32_t bank, uint32_t bank_addr, uint32_t l1_dst,
                      uint32_t bytes) __asm__("tt.noc.read_dram");
void tt_noc_read_barrier(void) __asm__("tt.noc.read_barrier");
void kernel_main(void) {
  tt_noc_read_dram(0, 0x10004, 0x20000, 64);
  tt_noc_read_barrier();
}
