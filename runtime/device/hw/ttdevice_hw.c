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
 *   - compute (Wormhole and Blackhole): TRISC0 unpacks the A and B tiles of the CBs'
 *     front pages into SrcB and SrcA in their formats (float32 as TF32;
 *     B transposed on request), TRISC1 multiplies them into one Dst tile
 *     of its half with MVMUL in the fidelity phases of the host's compute
 *     word, float32 or 16-bit Dst, TRISC2 packs Dst tiles into the
 *     reserved back pages of the output CB with format conversion; Dst
 *     halves pass between math and pack by a coprocessor semaphore. Each
 *     intrinsic checks that its TRISC calls it (else TT_HW_MISPLACED) and
 *     the inits check formats (else TT_HW_BAD_FORMAT): a RISC stops with
 *     the code in its completion word, never silently.
 *
 * Built per architecture with -DTT_ARCH_WORMHOLE=1 or -DTT_ARCH_BLACKHOLE=1
 * and the flags of backend/DeviceLibrary.cmake. Keeps no state outside L1
 * and the stack: images need no .data or .bss (the host cannot write local
 * data RAM), and `_start` only sets sp.
 *
 * Example: `tt.noc.read_dram(bank, addr, l1, 2048)` on NCRISC programs NIU 1
 * command buffer 0 with target (bank's NoC 1 x, y, offset + addr), return
 * (own NoC 1 x, y, l1) and length 2048, and counts one read;
 * `tt.math.matmul_tiles(2)` on TRISC1 with HiFi4 pushes, for each of the 16
 * (output face, 8-row group, k-face) triples, SETRWC + 4 INCRWC and 4
 * MVMULs into Dst rows 128 .. 191 of its half.
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

/* Waits until every Tensix instruction this RISC pushed has executed when
 * it is TRISC0 or TRISC2: the TRISC's unpacks have read their pages before it pops them, its packs
 * have written theirs before it pushes them (TENSIX_SYNC of the RISC's
 * PC buffer stalls the load until then). No-op on the other RISCs. */
#define TT_PC_BUF_TENSIX_SYNC 0xFFE80004u

/* Waits until every Tensix instruction this TRISC pushed has executed. */
static inline void tt_tensix_sync(void) {
  uint32_t done = TT_REG(TT_PC_BUF_TENSIX_SYNC);
  __asm__ volatile("" : : "r"(done) : "memory");
}

static inline void tt_tensix_sync_if_trisc(void) {
  uint32_t risc = tt_my_risc();
  if (risc == TT_RISC_TRISC0 || risc == TT_RISC_TRISC2)
    tt_tensix_sync();
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
  tt_tensix_sync_if_trisc();
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
  tt_tensix_sync_if_trisc();
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

/* --- Compute: the Tensix coprocessor ------------------------------------- */

/* The Tensix coprocessor of Wormhole B0 and Blackhole (tt-isa-documentation
 * WormholeB0/ and BlackholeA0/TensixTile/TensixCoprocessor; ttsim's
 * tensix.cpp and its data/wh, data/bh JSON files). The two differ in
 * register numbers, a few instruction fields and the packer's width (a
 * Wormhole PACR reads 16 Dst rows, a Blackhole one 4), all in the
 * per-architecture constants below.
 *
 * Each TRISC pushes instructions into its own thread of the coprocessor:
 * constant ones as `.word`s in its instruction stream (the core hands them
 * over, waiting while the thread's FIFO is full), the ones with run-time
 * fields as stores to INSTRN_BUF, each after a `.word` NOP that waits for
 * room in the FIFO the same way. A thread executes its instructions in
 * order; the three threads meet only at:
 *   - SrcA/SrcB data-valid: UNPACR sets a bank valid, the last MVMUL of a
 *     tile clears it; an UNPACR waits for a free bank, MVMUL for valid ones;
 *   - semaphore TT_SEM_MATH_PACK (max 2: the two Dst halves): math waits
 *     while it is at its max (tile_regs_acquire) and posts (commit); pack
 *     waits while it is zero (tile_regs_wait) and gets (release).
 * Backend configuration that only changes at an init is written by the
 * TRISC with stores, after its thread has drained (TENSIX_SYNC) and followed
 * by a STALLWAIT until the stores are processed; per-tile addresses go through a GPR and WRCFG in
 * the thread's own stream. The fields the threads share (ALU_FORMAT_SPEC /
 * ALU_ACC_CTRL, configuration word 1) are written with RMWCIB, byte-masked.
 *
 * Operands: the A tile (M x K) goes to SrcB, the B tile (K x N) to SrcA,
 * as MVMUL computes Dst[r][c] += sum_i SrcB[r][i] * SrcA[i][c] for 8 rows
 * r of SrcB and one 16x16 face of SrcA. Faces are 16-row blocks of Src in
 * tile order (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right). A
 * transposed B (stored [n][k]) is unpacked face by face with the
 * unpacker's in-face transpose (haloize) and faces 1 and 2 swapped.
 *
 * Numerics (docs/ttsim.md, "Numerics"): for every output face, 8-row
 * group, k-face 0 then 1, fidelity phase 0 .. n-1: one MVMUL. */

#define TT_INSTRN_BUF 0xFFE40000u
#define TT_CFG_REG(reg) TT_REG(0xFFEF0000u + 4u * (reg))

#define TT_OP(opcode, args) ((uint32_t)(opcode) << 24 | (uint32_t)(args))
#define TT_OP_NOP TT_OP(0x02, 0)
#define TT_OP_ZEROACC_HALF(half) TT_OP(0x10, 2u << 19 | (half))
#define TT_OP_MVMUL(clear_dvalid, addr_mod, dst)                                                   \
  TT_OP(0x26, (clear_dvalid) << 22 | (addr_mod) << TT_MVMUL_ADDR_MOD_SHIFT | (dst))
#define TT_OP_SETRWC(mask, a, b) TT_OP(0x37, (b) << 10 | (a) << 6 | (mask))
/* 8 rows of SrcA from row `src` to Dst from row `dst`. */
#define TT_OP_MOVA2D_8(src, dst) TT_OP(0x12, (src) << 17 | 2u << 12 | (dst))
#define TT_OP_CLEARDVALID_SRCA TT_OP(0x36, 1u << 22)
#define TT_OP_INCRWC(a, b) TT_OP(0x38, (b) << 10 | (a) << 6)
#define TT_OP_PACR(last) TT_OP(0x41, TT_PACR_SELECT << 8 | (last))
/* UNPACR of unpacker `unpacker` (0: SrcA, 1: SrcB), last, with the thread's
 * configuration context. */
#define TT_OP_UNPACR(unpacker, set_dvalid)                                                         \
  TT_OP(0x42, (unpacker) << 23 | 1u << 7 | (set_dvalid) << 6 | 1u)
#define TT_OP_SETDMAREG(half_reg, value) TT_OP(0x45, ((value)&0xFFFFu) << 8 | (half_reg))
#define TT_OP_SETADC_Y(adcs, value) TT_OP(0x50, (adcs) << 21 | 1u << 18 | (value))
#define TT_OP_SETADCZW_CH1_Z(adcs, z) TT_OP(0x54, (adcs) << 21 | (z) << 12 | 4u)
#define TT_OP_SETADCXX(adcs, x_end, x_start) TT_OP(0x5E, (adcs) << 21 | (x_end) << 10 | (x_start))
#define TT_OP_STALLWAIT(block, cond) TT_OP(0xA2, (block) << 15 | (cond))
#define TT_OP_SEMINIT(sem, init, max) TT_OP(0xA3, (max) << 20 | (init) << 16 | (1u << (sem)) << 2)
#define TT_OP_SEMPOST(sem) TT_OP(0xA4, (1u << (sem)) << 2)
#define TT_OP_SEMGET(sem) TT_OP(0xA5, (1u << (sem)) << 2)
#define TT_OP_SEMWAIT(block, sem, cond) TT_OP(0xA6, (block) << 15 | (1u << (sem)) << 2 | (cond))
#define TT_OP_WRCFG(gpr, reg) TT_OP(0xB0, (gpr) << 16 | (reg))
#define TT_OP_SETC16(reg, value) TT_OP(0xB2, (reg) << 16 | (value))
#define TT_OP_RMWCIB(byte, reg, data, mask) TT_OP(0xB3 + (byte), (mask) << 16 | (data) << 8 | (reg))

/* The core takes a word whose low two bits are not 11 as a Tensix
 * instruction rotated left by two (BabyRISCV/PushTensixInstruction.md). */
#define TT_TTI(op) __asm__ volatile(".word %0" : : "i"((op) << 2 | (op) >> 30) : "memory")

/* STALLWAIT block bits (B*, both architectures) and conditions (C*). */
#define TT_BLOCK_ALL 0x1FFu
#define TT_BLOCK_SYNC 0x2u         /* B1: semaphores */
#define TT_BLOCK_THCON_PACK 0x5u   /* B0, B2: ADC set-up and PACR */
#define TT_BLOCK_THCON_UNPACK 0x9u /* B0, B3: ADC set-up and UNPACR */
#define TT_BLOCK_FPU 0x40u         /* B6 */
#define TT_BLOCK_CONFIG 0x80u      /* B7: WRCFG, SETC16, RMWCIB */
#define TT_COND_UNPACK 0x6u        /* C1, C2: unpacker 0 and 1 busy */
#define TT_COND_PACK 0x8u          /* C3: packer (0) busy */
#define TT_SEMWAIT_WHILE_ZERO 1u
#define TT_SEMWAIT_WHILE_MAX 2u

#define TT_SEM_MATH_PACK 1u
#define TT_SEM_COPY 2u  /* math -> unpack: Dst ready for a tile; unpack -> math: written */
#define TT_GPR_ADDR 60u /* a thread GPR for L1 addresses */

/* Configuration registers (32-bit words, data/<arch>/tensix_regs.json) and
 * thread configuration (SETC16). */
#define TT_CFG_ALU 1u /* SrcA 17..20, SrcB 21..24, Dstacc 25..28, Fp32 29 */
#if defined(TT_ARCH_WORMHOLE)
#define TT_MVMUL_ADDR_MOD_SHIFT 15
#define TT_COND_FPU 0x80u        /* C7 */
#define TT_COND_RISC_CFG 0x2000u /* C13: this TRISC's stores to configuration */
#define TT_PACR_ROWS 16u         /* Dst rows a PACR reads: a face */
#define TT_PACR_X_END 255u       /* datums per PACR - 1 */
#define TT_PACR_SELECT 1u        /* pack_sel: packer 0 */
#define TT_CFG_PCK0_XY 8u
#define TT_PCK0_YSTRIDE(bytes) ((bytes) << 12)
#define TT_CFG_PCK_DEST_RD 14u
#define TT_CFG_PCK_EDGE_OFFSET0 20u
#define TT_CFG_PACK_COUNTERS(sec) (24u + (sec))
#define TT_CFG_UNP0_ADD_DEST 41u
#define TT_CFG_UNP0_ZW_1 45u
#define TT_CFG_UNP0_TILE_DESC 52u
#define TT_CFG_PCK0_L1_DEST 57u
#define TT_CFG_UNP0_REG2 60u
#define TT_CFG_UNP0_REG2_CNTX 61u
#define TT_CFG_UNP0_BASE 64u
#define TT_CFG_UNP0_DEST_CNTX 72u
#define TT_CFG_UNP0_X_DIM_CNTX 74u
#define TT_CFG_UNP1_TILE_DESC 92u
#define TT_CFG_UNP1_REG2 100u
#define TT_CFG_UNP1_REG2_CNTX 101u
#define TT_CFG_UNP1_BASE 104u
/* The four packers' formats must agree though PACR uses packer 0 only. */
#define TT_CFG_PCK_FORMATS(i) ((i) == 0 ? 58u : (i) == 1 ? 86u : (i) == 2 ? 98u : 126u)
#define TT_THCFG_SRCA_SET 3u       /* bit 2: SetOvrdWithAddr */
#define TT_THCFG_ADDR_MOD_DST1 24u /* bits 13..14: FidelityIncr */
#else
#define TT_MVMUL_ADDR_MOD_SHIFT 14
#define TT_COND_FPU 0x10u       /* C4 */
#define TT_COND_RISC_CFG 0x400u /* C10: this TRISC's stores to configuration */
#define TT_PACR_ROWS 4u         /* Dst rows a PACR reads: 1 from each of 4 read interfaces */
#define TT_PACR_X_END 15u       /* datums per PACR and interface - 1 */
#define TT_PACR_SELECT 0u       /* read_intf_sel: all four interfaces */
#define TT_CFG_PCK0_XY 12u
#define TT_PCK0_YSTRIDE(bytes) ((bytes) << 16)
#define TT_CFG_PCK_DEST_RD 18u
#define TT_CFG_PCK_EDGE_OFFSET0 24u
#define TT_CFG_PACK_COUNTERS(sec) (28u + (sec))
#define TT_CFG_UNP0_ADD_DEST 50u
#define TT_CFG_UNP0_ZW_1 57u
#define TT_CFG_UNP0_TILE_DESC 64u
#define TT_CFG_PCK0_L1_DEST 69u
#define TT_CFG_UNP0_REG2 72u
#define TT_CFG_UNP0_REG2_CNTX 73u
#define TT_CFG_UNP0_BASE 76u
#define TT_CFG_UNP0_DEST_CNTX 84u
#define TT_CFG_UNP0_X_DIM_CNTX 86u
#define TT_CFG_UNP1_TILE_DESC 112u
#define TT_CFG_UNP1_REG2 120u
#define TT_CFG_UNP1_REG2_CNTX 121u
#define TT_CFG_UNP1_BASE 124u
#define TT_CFG_PCK_FORMATS(i) ((void)(i), 70u) /* one packer */
#define TT_THCFG_SRCA_SET 5u                   /* bit 2: SetOvrdWithAddr */
#define TT_THCFG_ADDR_MOD_DST1 29u             /* bits 13..14: FidelityIncr */
#endif

/* Stops this RISC unless it is `want` (the TRISC that drives the part of the
 * coprocessor intrinsic `svc` uses). */
static inline void tt_expect_risc(uint32_t want, uint32_t svc) {
  if (tt_my_risc() != want)
    tt_stop(TT_HW_MISPLACED(svc));
}

/* Pushes an instruction with run-time fields. */
static inline void tt_push(uint32_t op) {
  TT_TTI(TT_OP_NOP);
  TT_REG(TT_INSTRN_BUF) = op;
}

/* Makes this TRISC's configuration stores visible to its later
 * instructions. */
static inline void tt_config_done(void) { TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_ALL, TT_COND_RISC_CFG)); }

/* Writes a 32-bit configuration register from this thread's stream. The
 * instruction right after a WRCFG must not use what it writes (WRCFG.md,
 * "Instruction scheduling"): a NOP follows it. */
static inline void tt_write_cfg(uint32_t reg, uint32_t value) {
  tt_push(TT_OP_SETDMAREG(2u * TT_GPR_ADDR, value & 0xFFFFu));
  tt_push(TT_OP_SETDMAREG(2u * TT_GPR_ADDR + 1u, value >> 16));
  tt_push(TT_OP_WRCFG(TT_GPR_ADDR, reg));
  TT_TTI(TT_OP_NOP);
}

static inline uint32_t tt_cb_format(uint32_t cb) { return TT_REG(TT_HW_CB_FORMAT_ADDR(cb)); }
static inline uint32_t tt_compute_word(void) { return TT_REG(TT_HW_COMPUTE_ADDR); }

/* The L1 address of page `page` after `ptr` in CB `c`, wrapping. */
static inline uint32_t tt_cb_page(volatile tt_hw_cb *c, uint32_t ptr, uint32_t page) {
  uint32_t addr = ptr + page * c->page_size;
  return addr >= c->base + c->size ? addr - c->size : addr;
}

/* The format an operand of `format` has in Src (the unpacker's output):
 * float32 becomes TF32, the most the matrix unit uses. */
static inline uint32_t tt_src_format(uint32_t format) { return format == 0 ? 4u : format; }

/* Bytes per datum of a Src/Dst format. */
static inline uint32_t tt_format_bytes(uint32_t format) { return (format & 3u) == 0 ? 4u : 2u; }

/* Dst rows (16 datums, 32-bit rows with fp32_dest_acc) of half `half`. */
static inline uint32_t tt_dst_half_base(uint32_t half) {
  return half * ((tt_compute_word() & TT_HW_COMPUTE_FP32_DEST_ACC) ? 256u : 512u);
}

static inline volatile uint32_t *tt_state(uint32_t risc) {
  return (volatile uint32_t *)(uintptr_t)TT_HW_STATE_ADDR(risc);
}

/* Unpacker 0 for matmul: the B tile (format fb) face by face, face f to
 * SrcA rows 16 * ch1_z, transposed on request. */
static inline void tt_unpack0_matmul_config(uint32_t fb, uint32_t transpose_b) {
  uint32_t sa = tt_src_format(fb);
  TT_CFG_REG(TT_CFG_UNP0_TILE_DESC) = fb | 1u << 4 | 32u << 16;
  TT_CFG_REG(TT_CFG_UNP0_REG2) = sa | (transpose_b ? 1u << 8 : 0u); /* haloize */
  TT_CFG_REG(TT_CFG_UNP0_REG2_CNTX) = 1;
  TT_CFG_REG(TT_CFG_UNP0_DEST_CNTX) = 64; /* SrcA row 0 (unpacker 0 skips 4 rows) */
  TT_CFG_REG(TT_CFG_UNP0_X_DIM_CNTX) = 256;
  TT_CFG_REG(TT_CFG_UNP0_ADD_DEST) = 1u << 8;                /* add the ch1 counters to the row */
  TT_CFG_REG(TT_CFG_UNP0_ZW_1) = 256u * tt_format_bytes(sa); /* ch1 z: one face */
}

TT_INTRINSIC(void, tt_unpack_mm_init, "tt.unpack.mm_init",
             (uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b))
void tt_unpack_mm_init(uint32_t cb_a, uint32_t cb_b, uint32_t transpose_b) {
  tt_expect_risc(TT_RISC_TRISC0, TT_SVC_UNPACK_MM_INIT);
  uint32_t fa = tt_cb_format(cb_a), fb = tt_cb_format(cb_b);
  if (fa != 0 && fa != 1 && fa != 5)
    tt_stop(TT_HW_BAD_FORMAT(TT_SVC_UNPACK_MM_INIT, cb_a));
  if (fb != 0 && fb != 1 && fb != 5)
    tt_stop(TT_HW_BAD_FORMAT(TT_SVC_UNPACK_MM_INIT, cb_b));
  /* The matrix unit multiplies float16 only by float16. */
  if ((fa == 1) != (fb == 1))
    tt_stop(TT_HW_BAD_FORMAT(TT_SVC_UNPACK_MM_INIT, cb_b));
  uint32_t sa = tt_src_format(fb), sb = tt_src_format(fa); /* SrcA holds B */
  uint32_t fp32 = tt_compute_word() & TT_HW_COMPUTE_FP32_DEST_ACC;
  tt_tensix_sync();
  /* Unpacker 1: the A tile, 1024 datums to SrcB rows 0..63. */
  TT_CFG_REG(TT_CFG_UNP1_TILE_DESC) = fa | 1u << 4 | 32u << 16;
  TT_CFG_REG(TT_CFG_UNP1_REG2) = sb;
  TT_CFG_REG(TT_CFG_UNP1_REG2_CNTX) = 1; /* uncompressed */
  tt_unpack0_matmul_config(fb, transpose_b);
  /* tt.unpack.copy_tile reconfigures unpacker 0 and restores it from these. */
  *tt_state(TT_RISC_TRISC0) = (*tt_state(TT_RISC_TRISC0) & ~0x1FFu) | fb | transpose_b << 8;
  tt_config_done();
  TT_TTI(TT_OP_SETC16(TT_THCFG_SRCA_SET, 4u));
  /* The matrix unit's operand formats and accumulation (word 1, bytes 2-3);
   * Dstacc (bits 25..28) is the packer's. */
  tt_push(TT_OP_RMWCIB(2u, TT_CFG_ALU, (sa << 1 | sb << 5) & 0xFFu, 0xFEu));
  tt_push(TT_OP_RMWCIB(3u, TT_CFG_ALU, sb >> 3 | fp32 << 5, 0x21u));
  TT_REG(TT_HW_DST16_ADDR) = TT_HW_DST16_VALID | (fa == 1 ? 1u : 5u);
}

TT_INTRINSIC(void, tt_unpack_matmul_tiles, "tt.unpack.matmul_tiles",
             (uint32_t cb_a, uint32_t cb_b, uint32_t tile_a, uint32_t tile_b, uint32_t transpose_b))
void tt_unpack_matmul_tiles(uint32_t cb_a, uint32_t cb_b, uint32_t tile_a, uint32_t tile_b,
                            uint32_t transpose_b) {
  tt_expect_risc(TT_RISC_TRISC0, TT_SVC_UNPACK_MATMUL_TILES);
  volatile tt_hw_cb *a = tt_cb(cb_a), *b = tt_cb(cb_b);
  uint32_t addr_a = tt_cb_page(a, a->rd_ptr, tile_a), addr_b = tt_cb_page(b, b->rd_ptr, tile_b);
  /* The unpackers may still read the previous tiles' addresses. */
  TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_CONFIG, TT_COND_UNPACK));
  tt_write_cfg(TT_CFG_UNP1_BASE, (addr_a >> 4) - 1u);
  tt_write_cfg(TT_CFG_UNP0_BASE, (addr_b >> 4) - 1u);
  TT_TTI(TT_OP_SETADCXX(2u, 1023u, 0u));
  TT_TTI(TT_OP_UNPACR(1u, 1u));
  /* B's face f goes to SrcA face f, or transposed to face (f % 2) * 2 + f / 2
   * (the in-face transpose is tt.unpack.mm_init's: transpose_b must agree). */
#define TT_UNPACK_B_FACE(f, row_block, last)                                                       \
  TT_TTI(TT_OP_SETADCXX(1u, 256u * (f) + 255u, 256u * (f)));                                       \
  TT_TTI(TT_OP_SETADCZW_CH1_Z(1u, row_block));                                                     \
  TT_TTI(TT_OP_UNPACR(0u, last))
  if (transpose_b) {
    TT_UNPACK_B_FACE(0u, 0u, 0u);
    TT_UNPACK_B_FACE(1u, 2u, 0u);
    TT_UNPACK_B_FACE(2u, 1u, 0u);
    TT_UNPACK_B_FACE(3u, 3u, 1u);
  } else {
    TT_UNPACK_B_FACE(0u, 0u, 0u);
    TT_UNPACK_B_FACE(1u, 1u, 0u);
    TT_UNPACK_B_FACE(2u, 2u, 0u);
    TT_UNPACK_B_FACE(3u, 3u, 1u);
  }
#undef TT_UNPACK_B_FACE
}

TT_INTRINSIC(void, tt_math_mm_init, "tt.math.mm_init", (void))
void tt_math_mm_init(void) {
  tt_expect_risc(TT_RISC_TRISC1, TT_SVC_MATH_MM_INIT);
  volatile uint32_t *state = tt_state(TT_RISC_TRISC1);
  if (!(*state & 2u)) {
    TT_TTI(TT_OP_SEMINIT(TT_SEM_MATH_PACK, 0u, 2u));
    TT_TTI(TT_OP_SEMINIT(TT_SEM_COPY, 0u, 1u));
    *state |= 2u;
  }
  /* Address mode 1: the fidelity phase counter steps after each MVMUL. */
  TT_TTI(TT_OP_SETC16(TT_THCFG_ADDR_MOD_DST1, 1u << 13));
}

TT_INTRINSIC(void, tt_tile_regs_acquire, "tt.tile_regs_acquire", (void))
void tt_tile_regs_acquire(void) {
  tt_expect_risc(TT_RISC_TRISC1, TT_SVC_TILE_REGS_ACQUIRE);
  TT_TTI(TT_OP_SEMWAIT(TT_BLOCK_FPU, TT_SEM_MATH_PACK, TT_SEMWAIT_WHILE_MAX));
  if (*tt_state(TT_RISC_TRISC1) & 1u)
    TT_TTI(TT_OP_ZEROACC_HALF(1u));
  else
    TT_TTI(TT_OP_ZEROACC_HALF(0u));
}

TT_INTRINSIC(void, tt_math_matmul_tiles, "tt.math.matmul_tiles", (uint32_t dst))
void tt_math_matmul_tiles(uint32_t dst) {
  tt_expect_risc(TT_RISC_TRISC1, TT_SVC_MATH_MATMUL_TILES);
  uint32_t base = tt_dst_half_base(*tt_state(TT_RISC_TRISC1) & 1u) + 64u * dst;
  uint32_t phases = TT_HW_COMPUTE_FIDELITY(tt_compute_word());
  for (uint32_t face = 0; face < 4; ++face) {
    uint32_t i = face >> 1, j = face & 1u;
    for (uint32_t group = 0; group < 2; ++group)
      for (uint32_t kf = 0; kf < 2; ++kf) {
        /* SrcA face (kf, j) of B, SrcB rows 8 * group of face (i, kf) of A. */
        uint32_t a = 16u * (2u * kf + j), b = 16u * (2u * i + kf) + 8u * group;
        /* Counters A, B, D to 0 and the fidelity phase to 0, then A, B up in
         * four steps (SETRWC and INCRWC take at most 15). */
        TT_TTI(TT_OP_SETRWC(0xFu, 0u, 0u));
        for (uint32_t step = 0; step < 4; ++step)
          tt_push(TT_OP_INCRWC(a / 4u, b / 4u));
        uint32_t last = face == 3 && group == 1 && kf == 1;
        for (uint32_t p = 0; p < phases; ++p)
          tt_push(
              TT_OP_MVMUL(last && p + 1 == phases ? 3u : 0u, 1u, base + 16u * face + 8u * group));
      }
  }
}

TT_INTRINSIC(void, tt_tile_regs_commit, "tt.tile_regs_commit", (void))
void tt_tile_regs_commit(void) {
  tt_expect_risc(TT_RISC_TRISC1, TT_SVC_TILE_REGS_COMMIT);
  TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_SYNC, TT_COND_FPU));
  TT_TTI(TT_OP_SEMPOST(TT_SEM_MATH_PACK));
  *tt_state(TT_RISC_TRISC1) ^= 1u;
}

TT_INTRINSIC(void, tt_pack_init, "tt.pack.init", (uint32_t cb_out))
void tt_pack_init(uint32_t cb_out) {
  tt_expect_risc(TT_RISC_TRISC2, TT_SVC_PACK_INIT);
  uint32_t out = tt_cb_format(cb_out);
  uint32_t fp32 = tt_compute_word() & TT_HW_COMPUTE_FP32_DEST_ACC;
  /* The packer's input format: what it reads Dst as. */
  uint32_t in;
  if (fp32) {
    in = out == 5 ? 5u : 0u; /* float32 Dst, rounded to bfloat16 on the way */
  } else {
    uint32_t dst16 = TT_REG(TT_HW_DST16_ADDR);
    if (!dst16) {
      tt_set_wait(TT_RISC_TRISC2, TT_HW_WAIT_DST16, 0);
      while (!(dst16 = TT_REG(TT_HW_DST16_ADDR)))
        ;
      tt_set_wait(TT_RISC_TRISC2, TT_HW_WAIT_NONE, 0);
    }
    in = dst16 & 0xFFu;
  }
  /* Conversions the packer has from a 16-bit Dst: bfloat16 to bfloat16 or
   * float32, float16 to any. */
  if ((out != 0 && out != 1 && out != 5) || (!fp32 && in == 5 && out == 1))
    tt_stop(TT_HW_BAD_FORMAT(TT_SVC_PACK_INIT, cb_out));
  uint32_t formats = out << 4 | in << 8;
  tt_tensix_sync();
  for (uint32_t i = 0; i < 4; ++i)
    TT_CFG_REG(TT_CFG_PCK_FORMATS(i)) = formats;
  TT_CFG_REG(TT_CFG_PCK0_XY) = TT_PCK0_YSTRIDE(16u * tt_format_bytes(in)); /* y: Dst rows */
  TT_CFG_REG(TT_CFG_PCK_DEST_RD) = fp32 ? 1u : 0u;                         /* Read_32b_data */
  TT_CFG_REG(TT_CFG_PCK_EDGE_OFFSET0) = 0xFFFFu;                           /* every column */
  for (uint32_t sec = 0; sec < 4; ++sec)
    TT_CFG_REG(TT_CFG_PACK_COUNTERS(sec)) = 16u << 8; /* reads per xy plane */
  tt_config_done();
  tt_push(TT_OP_RMWCIB(3u, TT_CFG_ALU, in << 1, 0x1Eu)); /* Dstacc */
  TT_TTI(TT_OP_SETADCXX(4u, TT_PACR_X_END, 0u));         /* datums per PACR */
}

TT_INTRINSIC(void, tt_tile_regs_wait, "tt.tile_regs_wait", (void))
void tt_tile_regs_wait(void) {
  tt_expect_risc(TT_RISC_TRISC2, TT_SVC_TILE_REGS_WAIT);
  TT_TTI(TT_OP_SEMWAIT(TT_BLOCK_THCON_PACK, TT_SEM_MATH_PACK, TT_SEMWAIT_WHILE_ZERO));
}

TT_INTRINSIC(void, tt_pack_tile, "tt.pack_tile", (uint32_t dst, uint32_t cb_out, uint32_t out_tile))
void tt_pack_tile(uint32_t dst, uint32_t cb_out, uint32_t out_tile) {
  tt_expect_risc(TT_RISC_TRISC2, TT_SVC_PACK_TILE);
  volatile tt_hw_cb *c = tt_cb(cb_out);
  uint32_t addr = tt_cb_page(c, c->wr_ptr, out_tile);
  uint32_t row = tt_dst_half_base(*tt_state(TT_RISC_TRISC2) & 1u) + 64u * dst;
  TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_CONFIG, TT_COND_PACK));
  tt_write_cfg(TT_CFG_PCK0_L1_DEST, (addr >> 4) - 1u);
  /* The tile's 64 rows in order: its faces, contiguous in L1. */
  for (uint32_t r = 0; r < 64u; r += TT_PACR_ROWS) {
    tt_push(TT_OP_SETADC_Y(4u, row + r));
    if (r + TT_PACR_ROWS == 64u)
      TT_TTI(TT_OP_PACR(1u));
    else
      TT_TTI(TT_OP_PACR(0u));
  }
}

/* tt.copy_tile loads a tile of partial sums into Dst exactly. A float32
 * tile into float32 Dst: unpacker 0 writes Dst directly (an unpack to Dst;
 * through SrcA it would keep TF32). Math hands the Dst row to TRISC0
 * through L1 (TT_HW_COPY_ROW_ADDR, one copy at a time: TRISC0 acknowledges
 * in TT_HW_COPY_ACK_ADDR) and, on the coprocessor, posts TT_SEM_COPY once
 * its half is zeroed; unpack waits for the post, unpacks, and takes the
 * semaphore back, which lets math's next matrix-unit instructions go. A
 * 16-bit tile into a 16-bit Dst of its format (ttsim unpacks no 16-bit
 * format to Dst): unpacker 0 fills SrcA, math moves its 64 rows to Dst
 * (MOVA2D keeps bfloat16 and float16 values) and frees SrcA. */
TT_INTRINSIC(void, tt_unpack_copy_tile, "tt.unpack.copy_tile", (uint32_t cb, uint32_t tile))
void tt_unpack_copy_tile(uint32_t cb, uint32_t tile) {
  tt_expect_risc(TT_RISC_TRISC0, TT_SVC_UNPACK_COPY_TILE);
  volatile uint32_t *state = tt_state(TT_RISC_TRISC0);
  uint32_t format = tt_cb_format(cb);
  uint32_t fp32 = tt_compute_word() & TT_HW_COMPUTE_FP32_DEST_ACC;
  /* float32 into float32 Dst; else the format SrcA and Dst have. */
  if (fp32 ? format != 0 : format != tt_src_format(*state & 0xFFu))
    tt_stop(TT_HW_BAD_FORMAT(TT_SVC_UNPACK_COPY_TILE, cb));
  volatile tt_hw_cb *c = tt_cb(cb);
  uint32_t addr = tt_cb_page(c, c->rd_ptr, tile);
  uint32_t row = 0;
  if (fp32) {
    uint32_t n = ((*state >> 16) + 1u) & 0xFFFFu;
    volatile uint32_t *mail = (volatile uint32_t *)(uintptr_t)TT_HW_COPY_ROW_ADDR;
    uint32_t m = *mail;
    if (m >> 16 != n) {
      tt_set_wait(TT_RISC_TRISC0, TT_HW_WAIT_COPY, cb);
      while ((m = *mail) >> 16 != n)
        ;
      tt_set_wait(TT_RISC_TRISC0, TT_HW_WAIT_NONE, 0);
    }
    row = m & 0xFFFFu;
    tt_publish((volatile uint32_t *)(uintptr_t)TT_HW_COPY_ACK_ADDR, n);
    *state = (*state & 0xFFFFu) | n << 16;
  }
  tt_tensix_sync();
  TT_CFG_REG(TT_CFG_UNP0_TILE_DESC) = format | 1u << 4 | 32u << 16;
  TT_CFG_REG(TT_CFG_UNP0_REG2) = format; /* no haloize */
  if (fp32) {
    TT_CFG_REG(TT_CFG_UNP0_REG2_CNTX) = 1u | 1u << 4;    /* Unpack_if_sel: to Dst */
    TT_CFG_REG(TT_CFG_UNP0_DEST_CNTX) = 64u + 16u * row; /* unpacker 0 skips 4 rows */
  }
  TT_CFG_REG(TT_CFG_UNP0_BASE) = (addr >> 4) - 1u;
  tt_config_done();
  if (fp32) {
    TT_TTI(TT_OP_SETC16(TT_THCFG_SRCA_SET, 0u));
    /* Until math's half is zeroed: no counter set-up, no unpack. */
    TT_TTI(TT_OP_SEMWAIT(TT_BLOCK_THCON_UNPACK, TT_SEM_COPY, TT_SEMWAIT_WHILE_ZERO));
  }
  TT_TTI(TT_OP_SETADCXX(1u, 1023u, 0u));
  TT_TTI(TT_OP_SETADCZW_CH1_Z(1u, 0u));
  if (fp32) {
    TT_TTI(TT_OP_UNPACR(0u, 0u));
    TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_SYNC, TT_COND_UNPACK));
    TT_TTI(TT_OP_SEMGET(TT_SEM_COPY));
  } else {
    TT_TTI(TT_OP_UNPACR(0u, 1u)); /* SrcA rows 0..63, handed to math */
  }
  /* Unpacker 0 back to matmul (tt.unpack.mm_init's B operand). */
  tt_tensix_sync();
  tt_unpack0_matmul_config(*state & 0xFFu, (*state >> 8) & 1u);
  tt_config_done();
  if (fp32)
    TT_TTI(TT_OP_SETC16(TT_THCFG_SRCA_SET, 4u));
}

TT_INTRINSIC(void, tt_math_copy_tile, "tt.math.copy_tile", (uint32_t dst))
void tt_math_copy_tile(uint32_t dst) {
  tt_expect_risc(TT_RISC_TRISC1, TT_SVC_MATH_COPY_TILE);
  volatile uint32_t *state = tt_state(TT_RISC_TRISC1);
  uint32_t row = tt_dst_half_base(*state & 1u) + 64u * dst;
  if (!(tt_compute_word() & TT_HW_COMPUTE_FP32_DEST_ACC)) {
    TT_TTI(TT_OP_SETRWC(0xFu, 0u, 0u));
    for (uint32_t r = 0; r < 64u; r += 8u)
      tt_push(TT_OP_MOVA2D_8(r, row + r));
    TT_TTI(TT_OP_CLEARDVALID_SRCA);
    return;
  }
  uint32_t n = ((*state >> 16) + 1u) & 0xFFFFu;
  volatile uint32_t *ack = (volatile uint32_t *)(uintptr_t)TT_HW_COPY_ACK_ADDR;
  uint32_t previous = (n - 1u) & 0xFFFFu;
  if (*ack != previous) {
    tt_set_wait(TT_RISC_TRISC1, TT_HW_WAIT_COPY, 0);
    while (*ack != previous)
      ;
    tt_set_wait(TT_RISC_TRISC1, TT_HW_WAIT_NONE, 0);
  }
  tt_publish((volatile uint32_t *)(uintptr_t)TT_HW_COPY_ROW_ADDR, n << 16 | row);
  *state = (*state & 0xFFFFu) | n << 16;
  /* The zeroed half (and earlier MVMULs) before the unpacker writes it. */
  TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_SYNC, TT_COND_FPU));
  TT_TTI(TT_OP_SEMPOST(TT_SEM_COPY));
  TT_TTI(TT_OP_SEMWAIT(TT_BLOCK_SYNC | TT_BLOCK_FPU, TT_SEM_COPY, TT_SEMWAIT_WHILE_MAX));
}

TT_INTRINSIC(void, tt_tile_regs_release, "tt.tile_regs_release", (void))
void tt_tile_regs_release(void) {
  tt_expect_risc(TT_RISC_TRISC2, TT_SVC_TILE_REGS_RELEASE);
  TT_TTI(TT_OP_STALLWAIT(TT_BLOCK_SYNC, TT_COND_PACK));
  TT_TTI(TT_OP_SEMGET(TT_SEM_MATH_PACK));
  *tt_state(TT_RISC_TRISC2) ^= 1u;
}

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
