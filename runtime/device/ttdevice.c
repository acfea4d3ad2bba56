/*===- runtime/device/ttdevice.c - the device library of tt-llc images ----===*
 *
 * The code every kernel image links besides the kernel itself
 * (docs/device-abi.md): the entry point `_start` and one function per
 * device intrinsic (`tt.cb.reserve_back`, ...) that generated kernels call.
 *
 * The library of the sim device ABI. Built by backend/DeviceLibrary.cmake
 * with clang for riscv32 (RV32IM, plus Zba / Zbb / Zaamo for Blackhole),
 * freestanding, as LLVM bitcode, one per device architecture, and embedded
 * in tt-llc, which links it into each program's LLVM module before -O2
 * (backend/DeviceLibrary.cpp): the intrinsics inline into kernel_main.
 *
 * Every intrinsic is a service call (tt/device_abi.h): `ecall` with the
 * service number in a7 and the intrinsic's arguments in a0..a5, in order;
 * a result comes back in a0. The library assumes that a service changes no
 * other register than a0 and may read or write any memory.
 *
 * `_start` (section .text.start, placed first in the image's text region by
 * the linker script) sets the stack pointer to `__stack_top` (the end of the
 * RISC's local data RAM, defined by the linker script), calls the kernel's
 * `kernel_main`, then ends the RISC's run with the EXIT service; should the
 * service return, it spins.
 *
 * The intrinsics are named with dots, which C identifiers cannot hold, so
 * each C function gets its symbol name from an asm label.
 *
 *===----------------------------------------------------------------------===*/

#include "tt/device_abi.h"

#include <stdint.h>

#if !defined(__riscv) || __riscv_xlen != 32
#error "the device library is built for riscv32"
#endif
#if defined(__riscv_compressed)
#error "Tensix images must not contain compressed instructions"
#endif

/* Service calls with 0 to 5 arguments. Only the registers a service reads
 * are set, so a call costs one `li a7` plus the argument moves. */
#define TT_ALWAYS_INLINE static inline __attribute__((always_inline))

TT_ALWAYS_INLINE uint32_t tt_svc0(uint32_t svc) {
  register uint32_t a0 __asm__("a0");
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}

TT_ALWAYS_INLINE uint32_t tt_svc1(uint32_t svc, uint32_t x0) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

TT_ALWAYS_INLINE uint32_t tt_svc2(uint32_t svc, uint32_t x0, uint32_t x1) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
  return a0;
}

TT_ALWAYS_INLINE uint32_t tt_svc3(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a2 __asm__("a2") = x2;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

TT_ALWAYS_INLINE uint32_t tt_svc4(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2,
                                  uint32_t x3) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a2 __asm__("a2") = x2;
  register uint32_t a3 __asm__("a3") = x3;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
  return a0;
}

TT_ALWAYS_INLINE uint32_t tt_svc5(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2, uint32_t x3,
                                  uint32_t x4) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a2 __asm__("a2") = x2;
  register uint32_t a3 __asm__("a3") = x3;
  register uint32_t a4 __asm__("a4") = x4;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) : "memory");
  return a0;
}

/* Declares intrinsic `sym` as the C function `fn`. */
#define TT_INTRINSIC(ret, fn, sym, params) ret fn params __asm__(sym);

/* --- Circular buffers ---------------------------------------------------- */

TT_INTRINSIC(void, tt_cb_reserve_back, "tt.cb.reserve_back", (uint32_t cb, uint32_t n))
void tt_cb_reserve_back(uint32_t cb, uint32_t n) { tt_svc2(TT_SVC_CB_RESERVE_BACK, cb, n); }

TT_INTRINSIC(void, tt_cb_push_back, "tt.cb.push_back", (uint32_t cb, uint32_t n))
void tt_cb_push_back(uint32_t cb, uint32_t n) { tt_svc2(TT_SVC_CB_PUSH_BACK, cb, n); }

TT_INTRINSIC(void, tt_cb_wait_front, "tt.cb.wait_front", (uint32_t cb, uint32_t n))
void tt_cb_wait_front(uint32_t cb, uint32_t n) { tt_svc2(TT_SVC_CB_WAIT_FRONT, cb, n); }

TT_INTRINSIC(void, tt_cb_pop_front, "tt.cb.pop_front", (uint32_t cb, uint32_t n))
void tt_cb_pop_front(uint32_t cb, uint32_t n) { tt_svc2(TT_SVC_CB_POP_FRONT, cb, n); }

TT_INTRINSIC(uint32_t, tt_cb_write_ptr, "tt.cb.write_ptr", (uint32_t cb))
uint32_t tt_cb_write_ptr(uint32_t cb) { return tt_svc1(TT_SVC_CB_WRITE_PTR, cb); }

TT_INTRINSIC(uint32_t, tt_cb_read_ptr, "tt.cb.read_ptr", (uint32_t cb))
uint32_t tt_cb_read_ptr(uint32_t cb) { return tt_svc1(TT_SVC_CB_READ_PTR, cb); }

/* --- NoC transfers and L1 ------------------------------------------------ */

TT_INTRINSIC(void, tt_noc_read_dram, "tt.noc.read_dram",
             (uint32_t bank, uint32_t bank_addr, uint32_t l1_dst, uint32_t bytes))
void tt_noc_read_dram(uint32_t bank, uint32_t bank_addr, uint32_t l1_dst, uint32_t bytes) {
  tt_svc4(TT_SVC_NOC_READ_DRAM, bank, bank_addr, l1_dst, bytes);
}

TT_INTRINSIC(void, tt_noc_read_barrier, "tt.noc.read_barrier", (void))
void tt_noc_read_barrier(void) { tt_svc0(TT_SVC_NOC_READ_BARRIER); }

TT_INTRINSIC(void, tt_l1_zero, "tt.l1.zero", (uint32_t l1_addr, uint32_t bytes))
void tt_l1_zero(uint32_t l1_addr, uint32_t bytes) { tt_svc2(TT_SVC_L1_ZERO, l1_addr, bytes); }

TT_INTRINSIC(void, tt_noc_write_dram, "tt.noc.write_dram",
             (uint32_t l1_src, uint32_t bank, uint32_t bank_addr, uint32_t bytes))
void tt_noc_write_dram(uint32_t l1_src, uint32_t bank, uint32_t bank_addr, uint32_t bytes) {
  tt_svc4(TT_SVC_NOC_WRITE_DRAM, l1_src, bank, bank_addr, bytes);
}

TT_INTRINSIC(void, tt_noc_write_barrier, "tt.noc.write_barrier", (void))
void tt_noc_write_barrier(void) { tt_svc0(TT_SVC_NOC_WRITE_BARRIER); }

/* --- DST register handshake between math and pack ------------------------ */

TT_INTRINSIC(void, tt_tile_regs_acquire, "tt.tile_regs_acquire", (void))
void tt_tile_regs_acquire(void) { tt_svc0(TT_SVC_TILE_REGS_ACQUIRE); }

TT_INTRINSIC(void, tt_tile_regs_commit, "tt.tile_regs_commit", (void))
void tt_tile_regs_commit(void) { tt_svc0(TT_SVC_TILE_REGS_COMMIT); }

TT_INTRINSIC(void, tt_tile_regs_wait, "tt.tile_regs_wait", (void))
void tt_tile_regs_wait(void) { tt_svc0(TT_SVC_TILE_REGS_WAIT); }

TT_INTRINSIC(void, tt_tile_regs_release, "tt.tile_regs_release", (void))
void tt_tile_regs_release(void) { tt_svc0(TT_SVC_TILE_REGS_RELEASE); }

/* --- Unpack, math and pack ----------------------------------------------- */

TT_INTRINSIC(void, tt_pack_tile, "tt.pack_tile", (uint32_t dst, uint32_t cb_out, uint32_t out_tile))
void tt_pack_tile(uint32_t dst, uint32_t cb_out, uint32_t out_tile) {
  tt_svc3(TT_SVC_PACK_TILE, dst, cb_out, out_tile);
}

TT_INTRINSIC(void, tt_unpack_mm_init, "tt.unpack.mm_init",
             (uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b))
void tt_unpack_mm_init(uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b) {
  tt_svc3(TT_SVC_UNPACK_MM_INIT, cb_a, cb_b, transpose_b);
}

TT_INTRINSIC(void, tt_unpack_matmul_tiles, "tt.unpack.matmul_tiles",
             (uint32_t cb_a, uint32_t cb_b, uint32_t tile_a, uint32_t tile_b, uint32_t transpose_b))
void tt_unpack_matmul_tiles(uint32_t cb_a, uint32_t cb_b, uint32_t tile_a, uint32_t tile_b,
                            uint32_t transpose_b) {
  tt_svc5(TT_SVC_UNPACK_MATMUL_TILES, cb_a, cb_b, tile_a, tile_b, transpose_b);
}

TT_INTRINSIC(void, tt_math_mm_init, "tt.math.mm_init", (void))
void tt_math_mm_init(void) { tt_svc0(TT_SVC_MATH_MM_INIT); }

TT_INTRINSIC(void, tt_math_matmul_tiles, "tt.math.matmul_tiles", (uint32_t dst))
void tt_math_matmul_tiles(uint32_t dst) { tt_svc1(TT_SVC_MATH_MATMUL_TILES, dst); }

TT_INTRINSIC(void, tt_pack_init, "tt.pack.init", (uint32_t cb_out))
void tt_pack_init(uint32_t cb_out) { tt_svc1(TT_SVC_PACK_INIT, cb_out); }

TT_INTRINSIC(void, tt_unpack_copy_tile, "tt.unpack.copy_tile", (uint32_t cb, uint32_t tile))
void tt_unpack_copy_tile(uint32_t cb, uint32_t tile) { tt_svc2(TT_SVC_UNPACK_COPY_TILE, cb, tile); }

TT_INTRINSIC(void, tt_math_copy_tile, "tt.math.copy_tile", (uint32_t dst))
void tt_math_copy_tile(uint32_t dst) { tt_svc1(TT_SVC_MATH_COPY_TILE, dst); }

/* --- Entry point ---------------------------------------------------------- */

/* Defined by the kernel object. */
extern void kernel_main(void);

/* Naked: there is no stack to build a frame on before sp is set. */
__attribute__((naked, noreturn, used, section(".text.start"))) void _start(void) {
  __asm__ volatile("lui sp, %%hi(__stack_top)\n\t"
                   "addi sp, sp, %%lo(__stack_top)\n\t"
                   "call kernel_main\n\t"
                   "li a7, %0\n\t"
                   "ecall\n"
                   "1:\n\t"
                   "j 1b"
                   :
                   : "i"(TT_SVC_EXIT));
}
