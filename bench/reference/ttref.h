/*===- bench/reference/ttref.h - service calls of the reference kernels ----===*
 *
 * The hand-written reference GEMM kernels (README.md) reach the device the
 * way tt-llc's device library does (docs/device-abi.md, "Device library and
 * service calls"): `ecall` with the service number (TT_SVC_*) in a7 and the
 * arguments in a0..a4, in the order tt/device_abi.h lists them; a result
 * comes back in a0. Here every service call is a static inline function, so
 * it is expanded into the kernel instead of being a call into a library.
 *
 * A source defines TTREF_RISC (TT_RISC_*) before including this header; it
 * selects the runtime argument area ttref_arg() reads.
 *
 * Only tt/device_abi.h is used: the images do not depend on tt-llc.
 *
 *===----------------------------------------------------------------------===*/
#ifndef TTREF_H
#define TTREF_H

#include "tt/device_abi.h"

#include <stdint.h>

#if !defined(__riscv) || __riscv_xlen != 32
#error "the reference kernels are built for riscv32"
#endif
#if defined(__riscv_compressed)
#error "Tensix images must not contain compressed instructions"
#endif
#ifndef TTREF_RISC
#error "define TTREF_RISC (TT_RISC_*) before including ttref.h"
#endif

#define TTREF_INLINE static inline __attribute__((always_inline))

/* Wormhole B0 DRAM interleaving of bfloat16 32x32 tiles: page p lives in
 * bank p % TTREF_NUM_BANKS at offset base + (p / TTREF_NUM_BANKS) *
 * TTREF_PAGE_BYTES of that bank. */
#define TTREF_NUM_BANKS 12u
#define TTREF_PAGE_BYTES 2048u

/* The circular buffers of the GEMM (the ids tt-llc gives them too). */
#define TTREF_CB_A 0u
#define TTREF_CB_B 1u
#define TTREF_CB_C 16u

/* Runtime argument i: the 32-bit word at TT_RUNTIME_ARGS_ADDR(risc) + 4 * i,
 * written by the host before the core starts. */
TTREF_INLINE uint32_t ttref_arg(unsigned i) {
  const uint32_t *args = (const uint32_t *)(uintptr_t)TT_RUNTIME_ARGS_ADDR(TTREF_RISC);
  return args[i];
}

/* --- Service calls with 0 to 5 arguments --------------------------------- */
/* A service writes no register but a0 and may read or write any memory.   */

TTREF_INLINE uint32_t ttref_svc0(uint32_t svc) {
  register uint32_t a0 __asm__("a0");
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}

TTREF_INLINE uint32_t ttref_svc1(uint32_t svc, uint32_t x0) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

TTREF_INLINE uint32_t ttref_svc2(uint32_t svc, uint32_t x0, uint32_t x1) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
  return a0;
}

TTREF_INLINE uint32_t ttref_svc3(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a2 __asm__("a2") = x2;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

TTREF_INLINE uint32_t ttref_svc4(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2, uint32_t x3) {
  register uint32_t a0 __asm__("a0") = x0;
  register uint32_t a1 __asm__("a1") = x1;
  register uint32_t a2 __asm__("a2") = x2;
  register uint32_t a3 __asm__("a3") = x3;
  register uint32_t a7 __asm__("a7") = svc;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
  return a0;
}

TTREF_INLINE uint32_t ttref_svc5(uint32_t svc, uint32_t x0, uint32_t x1, uint32_t x2, uint32_t x3,
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

/* --- Circular buffers ----------------------------------------------------- */

TTREF_INLINE void cb_reserve_back(uint32_t cb, uint32_t pages) {
  ttref_svc2(TT_SVC_CB_RESERVE_BACK, cb, pages);
}
TTREF_INLINE void cb_push_back(uint32_t cb, uint32_t pages) {
  ttref_svc2(TT_SVC_CB_PUSH_BACK, cb, pages);
}
TTREF_INLINE void cb_wait_front(uint32_t cb, uint32_t pages) {
  ttref_svc2(TT_SVC_CB_WAIT_FRONT, cb, pages);
}
TTREF_INLINE void cb_pop_front(uint32_t cb, uint32_t pages) {
  ttref_svc2(TT_SVC_CB_POP_FRONT, cb, pages);
}
TTREF_INLINE uint32_t get_write_ptr(uint32_t cb) { return ttref_svc1(TT_SVC_CB_WRITE_PTR, cb); }
TTREF_INLINE uint32_t get_read_ptr(uint32_t cb) { return ttref_svc1(TT_SVC_CB_READ_PTR, cb); }

/* --- NoC transfers and L1 -------------------------------------------------- */

TTREF_INLINE void noc_read_dram(uint32_t bank, uint32_t bank_addr, uint32_t l1_dst,
                                uint32_t bytes) {
  ttref_svc4(TT_SVC_NOC_READ_DRAM, bank, bank_addr, l1_dst, bytes);
}
TTREF_INLINE void noc_read_barrier(void) { ttref_svc0(TT_SVC_NOC_READ_BARRIER); }
TTREF_INLINE void l1_zero(uint32_t l1_addr, uint32_t bytes) {
  ttref_svc2(TT_SVC_L1_ZERO, l1_addr, bytes);
}
TTREF_INLINE void noc_write_dram(uint32_t l1_src, uint32_t bank, uint32_t bank_addr,
                                 uint32_t bytes) {
  ttref_svc4(TT_SVC_NOC_WRITE_DRAM, l1_src, bank, bank_addr, bytes);
}
TTREF_INLINE void noc_write_barrier(void) { ttref_svc0(TT_SVC_NOC_WRITE_BARRIER); }

/* Reads / writes page `page` of an interleaved DRAM tensor at `base`. */
TTREF_INLINE void read_tile(uint32_t base, uint32_t page, uint32_t l1_dst) {
  noc_read_dram(page % TTREF_NUM_BANKS, base + (page / TTREF_NUM_BANKS) * TTREF_PAGE_BYTES, l1_dst,
                TTREF_PAGE_BYTES);
}
TTREF_INLINE void write_tile(uint32_t base, uint32_t page, uint32_t l1_src) {
  noc_write_dram(l1_src, page % TTREF_NUM_BANKS, base + (page / TTREF_NUM_BANKS) * TTREF_PAGE_BYTES,
                 TTREF_PAGE_BYTES);
}

/* --- DST handshake between math and pack ---------------------------------- */

TTREF_INLINE void tile_regs_acquire(void) { ttref_svc0(TT_SVC_TILE_REGS_ACQUIRE); }
TTREF_INLINE void tile_regs_commit(void) { ttref_svc0(TT_SVC_TILE_REGS_COMMIT); }
TTREF_INLINE void tile_regs_wait(void) { ttref_svc0(TT_SVC_TILE_REGS_WAIT); }
TTREF_INLINE void tile_regs_release(void) { ttref_svc0(TT_SVC_TILE_REGS_RELEASE); }

/* --- Unpack, math and pack -------------------------------------------------- */

TTREF_INLINE void unpack_mm_init(uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b) {
  ttref_svc3(TT_SVC_UNPACK_MM_INIT, cb_a, cb_b, transpose_b);
}
TTREF_INLINE void unpack_matmul_tiles(uint32_t cb_a, uint32_t cb_b, uint32_t tile_a,
                                      uint32_t tile_b, uint32_t transpose_b) {
  ttref_svc5(TT_SVC_UNPACK_MATMUL_TILES, cb_a, cb_b, tile_a, tile_b, transpose_b);
}
TTREF_INLINE void math_mm_init(void) { ttref_svc0(TT_SVC_MATH_MM_INIT); }
TTREF_INLINE void math_matmul_tiles(uint32_t dst) { ttref_svc1(TT_SVC_MATH_MATMUL_TILES, dst); }
TTREF_INLINE void pack_init(uint32_t cb_out) { ttref_svc1(TT_SVC_PACK_INIT, cb_out); }
TTREF_INLINE void pack_tile(uint32_t dst, uint32_t cb_out, uint32_t out_tile) {
  ttref_svc3(TT_SVC_PACK_TILE, dst, cb_out, out_tile);
}

#endif /* TTREF_H */
