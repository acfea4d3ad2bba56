/*===- bench/reference/start.c - entry point of the reference images -------===*
 *
 * `_start`, placed first in the RISC's text region by link.ld (section
 * .text.start): sets sp to __stack_top, the end of the RISC's local data RAM
 * (TT_LOCAL_MEM_BASE + its size, defined by the linker script), calls
 * kernel_main, then ends the RISC's run with the EXIT service and spins
 * should the service return. Linked into each of the five images.
 *
 *===----------------------------------------------------------------------===*/

#include "tt/device_abi.h"

extern void kernel_main(void);

/* Naked: there is no stack for a frame until sp is set. */
__attribute__((naked, noreturn, used, section(".text.start"))) void _start(void) {
  __asm__ volatile("lui sp, %%hi(__stack_top)\n\t"
                   "addi sp, sp, %%lo(__stack_top)\n\t"
                   "call kernel_main\n\t"
                   "li a7, %0\n\t"
                   "ecall\n"
                   "0:\n\t"
                   "j 0b" ::"i"(TT_SVC_EXIT));
}
