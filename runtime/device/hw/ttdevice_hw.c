/*===- runtime/device/hw/ttdevice_hw.c - the hw device library ------------===*
 *
 * The device library of kernel images for real Tensix cores (and ttsim,
 * which executes them as the silicon would): the same symbols as the sim
 * library runtime/device/ttdevice.c (`_start`, one function per `tt.*`
 * intrinsic with the same parameters) plus `__tt_abi_hw`, by which the host
 * tells an hw image from a sim image. docs/device-abi.md, "The hw ABI".
 *
 * Reads the L1 structures of tt/hw_abi.h that the host wrote (core
 * coordinates, DRAM bank table, CB table) and the runtime arguments of
 * tt/device_abi.h. Guarantees:
 *   - circular buffers with the reserve/push/wait/pop semantics of
 *     TARGET_FACTS.md, their counters and pointers in L1, each word written
 *     by one RISC only. Ordering (BabyRISCV/MemoryOrdering.md; `fence` is a
 *     no-op): a push or pop stores its counter after the page's data is in
 *     L1 and loads it back, consuming the value, so every earlier store of
 *     the RISC has been processed before it goes on; a waiting RISC's loop
 *     consumes each counter load before it touches the pages.
 *   - DRAM reads and writes through NIU command buffers (wait until the
 *     buffer is free before reprogramming it; non-posted, response marked),
 *     in packets of at most TT_HW_MAX_PACKET bytes; barriers wait until the
 *     NIU's read-response / write-ack counters reach the number issued.
 *     Each RISC uses its own NoC: NCRISC (reader) NoC 1, the others NoC 0,
 *     as tt-metal does.
 *   - compute intrinsics (next issue) stop the RISC with
 *     TT_HW_UNSUPPORTED(svc) in its completion word, never silently.
 *
 * Built per architecture with -DTT_ARCH_WORMHOLE=1 or -DTT_ARCH_BLACKHOLE=1
 * and the flags of backend/DeviceLibrary.cmake. Keeps no state outside L1
 * and the stack: images need no .data or .bss (the host cannot write local
 * data RAM), and `_start` only sets sp.
 *
 * Example: `tt.noc.read_dram(bank, addr, l1, 2048)` on NCRISC programs NIU 1
 * command buffer 0 with target (bank's NoC 1 x, y, offset + addr), return
 * (own NoC 1 x, y, l1) and length 2048, and counts one read.
 *
 *===----------------------------------------------------------------------===*/

#include "tt/device_abi.h"
#include "tt/hw_abi.h"

#include <stdint.h>

#if !defined(__riscv) || __riscv_xlen != 32
#error "the device library is built for riscv32"
#endif
#if defined(__riscv_compressed)
#error "Tensix images must not contain compressed instructions"
#endif

#if defined(TT_ARCH_WORMHOLE)
#define TT_HW_MAX_PACKET 8192u
#define TT_NIU_CMD_STRIDE 0x400u
#define TT_NIU_CMD_CTRL 0x28u
#elif defined(TT_ARCH_BLACKHOLE)
#define TT_HW_MAX_PACKET 16384u
#define TT_NIU_CMD_STRIDE 0x800u
#define TT_NIU_CMD_CTRL 0x40u
#define TT_NIU_TARG_ADDR_HI 0x8u
#define TT_NIU_RET_ADDR_HI 0x14u
#else
#error "build with -DTT_ARCH_WORMHOLE=1 or -DTT_ARCH_BLACKHOLE=1"
#endif

/* NoC/MemoryMap.md: NIU n at 0xFFB20000 + n * 0x10000; request initiator
 * (command buffer) registers, then the counters of Counters.md. */
#define TT_NIU_BASE(noc) (0xFFB20000u + 0x10000u * (noc))
#define TT_NIU_TARG_ADDR_LO 0x0u
#define TT_NIU_TARG_ADDR_MID 0x4u
#define TT_NIU_RET_ADDR_LO 0xCu
#define TT_NIU_RET_ADDR_MID 0x10u
#define TT_NIU_CTRL 0x1Cu
#define TT_NIU_AT_LEN_BE 0x20u
#define TT_NIU_WR_ACK_RECEIVED 0x204u
#define TT_NIU_RD_RESP_RECEIVED 0x208u
#define TT_NOC_CMD_WR (1u << 1)
#define TT_NOC_CMD_RESP_MARKED (1u << 4)
#define TT_CMD_BUF_READ 0u
#define TT_CMD_BUF_WRITE 1u

#define TT_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define TT_NOINLINE __attribute__((noinline))

/* The hw ABI marker: its address is never used, only its presence. */
__attribute__((used)) const uint32_t __tt_abi_hw = 1;

/* This RISC (TT_RISC_*), from where its image runs: each RISC's text is at
 * TT_KERNEL_TEXT_ADDR(risc). */
static inline uint32_t tt_my_risc(void) {
  uint32_t pc;
  __asm__("auipc %0, 0" : "=r"(pc));
  return (pc - TT_KERNEL_TEXT_BASE) / TT_KERNEL_TEXT_SIZE;
}

static inline uint32_t tt_my_noc(uint32_t risc) { return risc == TT_RISC_NCRISC ? 1u : 0u; }

static inline volatile tt_hw_cb *tt_cb(uint32_t cb) {
  return (volatile tt_hw_cb *)(uintptr_t)TT_HW_CB_ADDR(cb);
}

/* Stores `value` to the L1 word at `addr` and loads it back, consuming the
 * load: every earlier store of this RISC to L1 has been processed when this
 * returns (MemoryOrdering.md, "Enforcing stronger ordering"). */
static inline void tt_publish(volatile uint32_t *addr, uint32_t value) {
  *addr = value;
  uint32_t back = *addr;
  __asm__ volatile("" : : "r"(back) : "memory");
}

static inline void tt_set_wait(uint32_t risc, uint32_t what, uint32_t cb) {
  TT_REG(TT_HW_WAIT_ADDR(risc)) = what | (cb << 8);
}

/* Stops this RISC: `code` in its completion word, then spins. */
static __attribute__((noreturn)) TT_NOINLINE void tt_stop(uint32_t code) {
  tt_publish((volatile uint32_t *)(uintptr_t)TT_HW_DONE_ADDR(tt_my_risc()), code);
  for (;;)
    __asm__ volatile("");
}

/* Declares intrinsic `sym` as the C function `fn`. */
#define TT_INTRINSIC(ret, fn, sym, params) ret fn params __asm__(sym);

/* --- Circular buffers ---------------------------------------------------- */

TT_INTRINSIC(void, tt_cb_reserve_back, "tt.cb.reserve_back", (uint32_t cb, uint32_t n))
void tt_cb_reserve_back(uint32_t cb, uint32_t n) {
  volatile tt_hw_cb *c = tt_cb(cb);
  uint32_t pages = c->num_pages, received = c->received;
  if (pages - (uint16_t)(received - c->acked) >= n)
    return;
  uint32_t risc = tt_my_risc();
  tt_set_wait(risc, TT_HW_WAIT_RESERVE_BACK, cb);
  while (pages - (uint16_t)(received - c->acked) < n)
    ;
  tt_set_wait(risc, TT_HW_WAIT_NONE, 0);
}

TT_INTRINSIC(void, tt_cb_push_back, "tt.cb.push_back", (uint32_t cb, uint32_t n))
void tt_cb_push_back(uint32_t cb, uint32_t n) {
  volatile tt_hw_cb *c = tt_cb(cb);
  uint32_t ptr = c->wr_ptr + n * c->page_size;
  if (ptr >= c->base + c->size)
    ptr -= c->size;
  c->wr_ptr = ptr;
  tt_publish(&c->received, (uint16_t)(c->received + n));
}

TT_INTRINSIC(void, tt_cb_wait_front, "tt.cb.wait_front", (uint32_t cb, uint32_t n))
void tt_cb_wait_front(uint32_t cb, uint32_t n) {
  volatile tt_hw_cb *c = tt_cb(cb);
  uint32_t acked = c->acked;
  if ((uint16_t)(c->received - acked) >= n)
    return;
  uint32_t risc = tt_my_risc();
  tt_set_wait(risc, TT_HW_WAIT_FRONT, cb);
  while ((uint16_t)(c->received - acked) < n)
    ;
  tt_set_wait(risc, TT_HW_WAIT_NONE, 0);
}

TT_INTRINSIC(void, tt_cb_pop_front, "tt.cb.pop_front", (uint32_t cb, uint32_t n))
void tt_cb_pop_front(uint32_t cb, uint32_t n) {
  volatile tt_hw_cb *c = tt_cb(cb);
  uint32_t ptr = c->rd_ptr + n * c->page_size;
  if (ptr >= c->base + c->size)
    ptr -= c->size;
  c->rd_ptr = ptr;
  tt_publish(&c->acked, (uint16_t)(c->acked + n));
}

TT_INTRINSIC(uint32_t, tt_cb_write_ptr, "tt.cb.write_ptr", (uint32_t cb))
uint32_t tt_cb_write_ptr(uint32_t cb) { return tt_cb(cb)->wr_ptr; }

TT_INTRINSIC(uint32_t, tt_cb_read_ptr, "tt.cb.read_ptr", (uint32_t cb))
uint32_t tt_cb_read_ptr(uint32_t cb) { return tt_cb(cb)->rd_ptr; }

/* --- NoC transfers and L1 ------------------------------------------------ */

/* Waits until command buffer `buf` of NIU `niu` can take a new request. */
static inline void tt_noc_wait_cmd_buf(uint32_t risc, uint32_t niu, uint32_t buf) {
  uint32_t ctrl = niu + buf * TT_NIU_CMD_STRIDE + TT_NIU_CMD_CTRL;
  if (TT_REG(ctrl) == 0)
    return;
  tt_set_wait(risc, TT_HW_WAIT_NOC_CMD, buf);
  while (TT_REG(ctrl) != 0)
    ;
  tt_set_wait(risc, TT_HW_WAIT_NONE, 0);
}

/* Issues one request on command buffer `buf`: from the (target) endpoint
 * xy/addr to the (return) endpoint, `bytes` long (<= TT_HW_MAX_PACKET).
 * xy is x | y << 8. */
static void tt_noc_issue(uint32_t risc, uint32_t noc, uint32_t buf, uint32_t ctrl, uint32_t targ_xy,
                         uint64_t targ_addr, uint32_t ret_xy, uint64_t ret_addr, uint32_t bytes) {
  uint32_t niu = TT_NIU_BASE(noc);
  tt_noc_wait_cmd_buf(risc, niu, buf);
  uint32_t regs = niu + buf * TT_NIU_CMD_STRIDE;
  uint32_t targ_coord = (targ_xy & 0xFF) | ((targ_xy >> 8) << 6);
  uint32_t ret_coord = (ret_xy & 0xFF) | ((ret_xy >> 8) << 6);
  TT_REG(regs + TT_NIU_TARG_ADDR_LO) = (uint32_t)targ_addr;
  TT_REG(regs + TT_NIU_RET_ADDR_LO) = (uint32_t)ret_addr;
#if defined(TT_ARCH_WORMHOLE)
  /* Address bits 32..35, then the coordinate (NoC/MemoryMap.md). */
  TT_REG(regs + TT_NIU_TARG_ADDR_MID) = ((uint32_t)(targ_addr >> 32) & 0xF) | (targ_coord << 4);
  TT_REG(regs + TT_NIU_RET_ADDR_MID) = ((uint32_t)(ret_addr >> 32) & 0xF) | (ret_coord << 4);
#else
  TT_REG(regs + TT_NIU_TARG_ADDR_MID) = (uint32_t)(targ_addr >> 32);
  TT_REG(regs + TT_NIU_TARG_ADDR_HI) = targ_coord;
  TT_REG(regs + TT_NIU_RET_ADDR_MID) = (uint32_t)(ret_addr >> 32);
  TT_REG(regs + TT_NIU_RET_ADDR_HI) = ret_coord;
#endif
  TT_REG(regs + TT_NIU_CTRL) = ctrl;
  TT_REG(regs + TT_NIU_AT_LEN_BE) = bytes;
  TT_REG(regs + TT_NIU_CMD_CTRL) = 1;
}

/* This core's coordinates on `noc` (x | y << 8). */
static inline uint32_t tt_my_xy(uint32_t noc) {
  volatile tt_hw_core *core = (volatile tt_hw_core *)(uintptr_t)TT_HW_CORE_ADDR;
  return noc ? (core->noc1_x | core->noc1_y << 8) : (core->noc0_x | core->noc0_y << 8);
}

static inline volatile tt_hw_dram_bank *tt_bank(uint32_t bank) {
  return (volatile tt_hw_dram_bank *)(uintptr_t)(TT_HW_BANKS_ADDR + bank * sizeof(tt_hw_dram_bank));
}

/* Reads (write == 0) or writes `bytes` between DRAM bank `bank` at
 * `bank_addr` and L1 at `l1`, in packets. */
static TT_NOINLINE void tt_noc_dram(int write, uint32_t bank, uint32_t bank_addr, uint32_t l1,
                                    uint32_t bytes) {
  uint32_t risc = tt_my_risc(), noc = tt_my_noc(risc);
  volatile tt_hw_dram_bank *b = tt_bank(bank);
  uint32_t dram_xy = noc ? b->noc1_xy : b->noc0_xy;
  uint64_t dram = (((uint64_t)b->offset_hi << 32) | b->offset_lo) + bank_addr;
  uint32_t me = tt_my_xy(noc);
  volatile uint32_t *issued =
      (volatile uint32_t *)(uintptr_t)(write ? TT_HW_WRITES_ADDR(risc) : TT_HW_READS_ADDR(risc));
  uint32_t count = *issued;
  while (bytes > 0) {
    uint32_t packet = bytes < TT_HW_MAX_PACKET ? bytes : TT_HW_MAX_PACKET;
    if (write)
      tt_noc_issue(risc, noc, TT_CMD_BUF_WRITE, TT_NOC_CMD_WR | TT_NOC_CMD_RESP_MARKED, me, l1,
                   dram_xy, dram, packet);
    else
      tt_noc_issue(risc, noc, TT_CMD_BUF_READ, TT_NOC_CMD_RESP_MARKED, dram_xy, dram, me, l1,
                   packet);
    ++count;
    dram += packet;
    l1 += packet;
    bytes -= packet;
  }
  *issued = count;
}

/* Waits until the NIU counter at `counter` reaches the count at `issued`. */
static TT_NOINLINE void tt_noc_barrier(uint32_t what, uint32_t issued_addr, uint32_t offset) {
  uint32_t risc = tt_my_risc();
  uint32_t counter = TT_NIU_BASE(tt_my_noc(risc)) + offset;
  uint32_t issued = TT_REG(issued_addr + 4u * risc);
  if (TT_REG(counter) == issued)
    return;
  tt_set_wait(risc, what, 0);
  while (TT_REG(counter) != issued)
    ;
  tt_set_wait(risc, TT_HW_WAIT_NONE, 0);
}

TT_INTRINSIC(void, tt_noc_read_dram, "tt.noc.read_dram",
             (uint32_t bank, uint32_t bank_addr, uint32_t l1_dst, uint32_t bytes))
void tt_noc_read_dram(uint32_t bank, uint32_t bank_addr, uint32_t l1_dst, uint32_t bytes) {
  tt_noc_dram(0, bank, bank_addr, l1_dst, bytes);
}

TT_INTRINSIC(void, tt_noc_read_barrier, "tt.noc.read_barrier", (void))
void tt_noc_read_barrier(void) {
  tt_noc_barrier(TT_HW_WAIT_NOC_READ, TT_HW_READS_ADDR(0), TT_NIU_RD_RESP_RECEIVED);
}

TT_INTRINSIC(void, tt_l1_zero, "tt.l1.zero", (uint32_t l1_addr, uint32_t bytes))
void tt_l1_zero(uint32_t l1_addr, uint32_t bytes) {
  volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)l1_addr;
  for (uint32_t i = 0; i < bytes / 4; ++i)
    p[i] = 0;
  volatile uint8_t *tail = (volatile uint8_t *)(uintptr_t)l1_addr;
  for (uint32_t i = bytes & ~3u; i < bytes; ++i)
    tail[i] = 0;
}

TT_INTRINSIC(void, tt_noc_write_dram, "tt.noc.write_dram",
             (uint32_t l1_src, uint32_t bank, uint32_t bank_addr, uint32_t bytes))
void tt_noc_write_dram(uint32_t l1_src, uint32_t bank, uint32_t bank_addr, uint32_t bytes) {
  tt_noc_dram(1, bank, bank_addr, l1_src, bytes);
}

TT_INTRINSIC(void, tt_noc_write_barrier, "tt.noc.write_barrier", (void))
void tt_noc_write_barrier(void) {
  tt_noc_barrier(TT_HW_WAIT_NOC_WRITE, TT_HW_WRITES_ADDR(0), TT_NIU_WR_ACK_RECEIVED);
}

/* --- Compute: runs on ttsim from the next issue on ----------------------- */

#define TT_UNSUPPORTED(fn, sym, svc, params, ...)                                                  \
  TT_INTRINSIC(void, fn, sym, params)                                                              \
  void fn params {                                                                                 \
    (void)0, ##__VA_ARGS__;                                                                        \
    tt_stop(TT_HW_UNSUPPORTED(svc));                                                               \
  }

TT_UNSUPPORTED(tt_tile_regs_acquire, "tt.tile_regs_acquire", TT_SVC_TILE_REGS_ACQUIRE, (void))
TT_UNSUPPORTED(tt_tile_regs_commit, "tt.tile_regs_commit", TT_SVC_TILE_REGS_COMMIT, (void))
TT_UNSUPPORTED(tt_tile_regs_wait, "tt.tile_regs_wait", TT_SVC_TILE_REGS_WAIT, (void))
TT_UNSUPPORTED(tt_tile_regs_release, "tt.tile_regs_release", TT_SVC_TILE_REGS_RELEASE, (void))
TT_UNSUPPORTED(tt_pack_tile, "tt.pack_tile", TT_SVC_PACK_TILE,
               (uint32_t dst, uint32_t cb_out, uint32_t out_tile), (void)dst, (void)cb_out,
               (void)out_tile)
TT_UNSUPPORTED(tt_unpack_mm_init, "tt.unpack.mm_init", TT_SVC_UNPACK_MM_INIT,
               (uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b), (void)cb_a, (void)cb_b,
               (void)transpose_b)
TT_UNSUPPORTED(tt_unpack_matmul_tiles, "tt.unpack.matmul_tiles", TT_SVC_UNPACK_MATMUL_TILES,
               (uint32_t cb_a, uint32_t cb_b, uint32_t tile_a, uint32_t tile_b,
                uint32_t transpose_b),
               (void)cb_a, (void)cb_b, (void)tile_a, (void)tile_b, (void)transpose_b)
TT_UNSUPPORTED(tt_math_mm_init, "tt.math.mm_init", TT_SVC_MATH_MM_INIT, (void))
TT_UNSUPPORTED(tt_math_matmul_tiles, "tt.math.matmul_tiles", TT_SVC_MATH_MATMUL_TILES,
               (uint32_t dst), (void)dst)
TT_UNSUPPORTED(tt_pack_init, "tt.pack.init", TT_SVC_PACK_INIT, (uint32_t cb_out), (void)cb_out)

/* --- Entry point ---------------------------------------------------------- */

/* Defined by the kernel object. */
extern void kernel_main(void);

/* After kernel_main: records that this RISC has finished (every NoC request
 * it issued answered first, so the host reads complete results). */
static __attribute__((noreturn, used)) void tt_finish(void) {
  uint32_t risc = tt_my_risc();
  if (risc <= TT_RISC_NCRISC) {
    tt_noc_barrier(TT_HW_WAIT_NOC_READ, TT_HW_READS_ADDR(0), TT_NIU_RD_RESP_RECEIVED);
    tt_noc_barrier(TT_HW_WAIT_NOC_WRITE, TT_HW_WRITES_ADDR(0), TT_NIU_WR_ACK_RECEIVED);
  }
  tt_stop(TT_HW_DONE);
}

/* Naked: there is no stack to build a frame on before sp is set. The image
 * has no .data or .bss to set up (see the header). The R_RISCV_NONE
 * relocation keeps __tt_abi_hw in the image through --gc-sections. */
__attribute__((naked, noreturn, used, section(".text.start"))) void _start(void) {
  __asm__ volatile(".reloc ., R_RISCV_NONE, __tt_abi_hw\n\t"
                   "lui sp, %%hi(__stack_top)\n\t"
                   "addi sp, sp, %%lo(__stack_top)\n\t"
                   "call kernel_main\n\t"
                   "call tt_finish\n" ::
                       : "memory");
}
