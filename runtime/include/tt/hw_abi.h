/*===- tt/hw_abi.h - the hardware ABI: what the host and hw images share --===*
 *
 * The contract between the hw device library (runtime/device/hw/
 * ttdevice_hw.c, linked into kernel images for real Tensix cores and ttsim)
 * and the host driver that loads them (runtime/ttsim/, docs/device-abi.md,
 * "The hw ABI"). On hw there are no service calls: the library drives the
 * NoC itself and keeps circular-buffer state in L1, where the host put it.
 *
 * The L1 map of tt/device_abi.h holds (runtime arguments, kernel text, CBs);
 * everything hw-only lives in the reserved [0, 0x1000) of every core's L1:
 *
 *   0x000  boot code, written by the host: BRISC always starts at pc 0. It
 *          sets the reset pcs of NCRISC and the TRISCs (Tensix backend
 *          configuration on Wormhole, RISCV_DEBUG registers on Blackhole)
 *          to TT_KERNEL_TEXT_ADDR(risc), releases them from soft reset and
 *          jumps to TT_KERNEL_TEXT_ADDR(BRISC).
 *   0x100  per RISC (by TT_RISC_*), one word each: the completion word. The
 *          host zeroes it; `_start` stores TT_HW_DONE when kernel_main
 *          returns; a compute intrinsic that cannot go on stores
 *          TT_HW_MISPLACED(svc) or TT_HW_BAD_FORMAT(svc, cb) (svc: the
 *          intrinsic's TT_SVC_* number of tt/device_abi.h). Then it spins.
 *   0x120  per RISC: where it waits (TT_HW_WAIT_*; 0 = not waiting), written
 *          by the RISC before it polls, for the host's report of a run that
 *          does not finish.
 *   0x140  per RISC: NoC reads issued; the host starts it at the RISC's NIU
 *          read-response counter, then only that RISC writes it.
 *   0x160  per RISC: NoC writes issued (from the NIU's write-ack counter).
 *   0x180  the core: its NoC 0 x, y, its NoC 1 x, y (as each NoC addresses
 *          it: NoC 1 coordinates are mirrored), written by the host.
 *   0x190  the number of DRAM banks, written by the host.
 *   0x194  the compute configuration (tt_program_set_compute_config),
 *          written by the host: bit 0 fp32_dest_acc, bits 8..15 the math
 *          fidelity's number of phases (1 LoFi ... 4 HiFi4).
 *   0x198  the 16-bit Dst format (TT_HW_DST16_VALID | 1 float16 or 5
 *          bfloat16), 0 until TRISC0's tt.unpack.mm_init has stored it
 *          from its operands' formats; TRISC2's tt.pack.init waits for it.
 *   0x1A0  per RISC: its compute state, host zeroed, then written by the
 *          RISC only: bit 0 the Dst half it uses next (TRISC1, TRISC2),
 *          bit 1 the math/pack semaphore is initialised (TRISC1); bits
 *          0..7 the B operand's format and bit 8 transpose_b of
 *          tt.unpack.mm_init (TRISC0); bits 16..31 the tt.copy_tile calls
 *          so far (TRISC0, TRISC1).
 *   0x1C0  the Dst row of the next tt.copy_tile, with its number (bits
 *          16..31), host zeroed, then written by TRISC1 only.
 *   0x1C4  the number of the last tt.copy_tile TRISC0 has taken the row
 *          of, host zeroed, then written by TRISC0 only.
 *   0x200  DRAM bank table, TT_HW_MAX_BANKS entries of tt_hw_dram_bank,
 *          written by the host.
 *   0x400  CB table, TT_NUM_CBS entries of tt_hw_cb, each field its own
 *          word: base, size, page_size, num_pages written by the host;
 *          received (cumulative pages pushed) and wr_ptr written by the
 *          producer only; acked (cumulative pages popped) and rd_ptr by the
 *          consumer only. The host zeroes the counters and sets both
 *          pointers to base.
 *   0x800  per CB: its tile format (tt_data_format, tt-metal's DataFormat
 *          values), written by the host.
 *
 * Plain C (C99 and C++); no other dependency than tt/device_abi.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef TT_HW_ABI_H
#define TT_HW_ABI_H

#include "tt/device_abi.h"

#include <stdint.h>

#define TT_HW_BOOT_ADDR 0x000u
#define TT_HW_BOOT_SIZE 0x100u
#define TT_HW_DONE_ADDR(risc) (0x100u + 4u * (unsigned)(risc))
#define TT_HW_WAIT_ADDR(risc) (0x120u + 4u * (unsigned)(risc))
#define TT_HW_READS_ADDR(risc) (0x140u + 4u * (unsigned)(risc))
#define TT_HW_WRITES_ADDR(risc) (0x160u + 4u * (unsigned)(risc))
#define TT_HW_CORE_ADDR 0x180u
#define TT_HW_NUM_BANKS_ADDR 0x190u
#define TT_HW_COMPUTE_ADDR 0x194u
#define TT_HW_DST16_ADDR 0x198u
#define TT_HW_STATE_ADDR(risc) (0x1A0u + 4u * (unsigned)(risc))
#define TT_HW_COPY_ROW_ADDR 0x1C0u
#define TT_HW_COPY_ACK_ADDR 0x1C4u
#define TT_HW_BANKS_ADDR 0x200u
#define TT_HW_MAX_BANKS 16u
#define TT_HW_CBS_ADDR 0x400u
#define TT_HW_CB_FORMAT_ADDR(cb) (0x800u + 4u * (unsigned)(cb))

/* The compute configuration word. */
#define TT_HW_COMPUTE_FP32_DEST_ACC 1u
#define TT_HW_COMPUTE_FIDELITY(word) (((word) >> 8) & 0xFFu)
#define TT_HW_COMPUTE_WORD(fp32_dest_acc, phases)                                                  \
  (((fp32_dest_acc) ? TT_HW_COMPUTE_FP32_DEST_ACC : 0u) | ((unsigned)(phases) << 8))
#define TT_HW_DST16_VALID 0x100u

/* Completion words. A stopped RISC's word has a tag in bits 20..31, the
 * intrinsic's TT_SVC_* number in bits 0..7 and, for a format, the CB in
 * bits 8..15. */
#define TT_HW_RUNNING 0u
#define TT_HW_DONE 0x600DD0E5u
#define TT_HW_TAG_MASK 0xFFF00000u
/* A compute intrinsic called on a RISC that does not drive that part of the
 * Tensix coprocessor (tt.unpack.* on TRISC0, tt.math.* and tile_regs_acquire/
 * commit on TRISC1, tt.pack* and tile_regs_wait/release on TRISC2). */
#define TT_HW_MISPLACED_TAG 0xBAE00000u
#define TT_HW_MISPLACED(svc) (TT_HW_MISPLACED_TAG | (unsigned)(svc))
/* A CB whose tile format the intrinsic cannot use (docs/ttsim.md). */
#define TT_HW_BAD_FORMAT_TAG 0xBAF00000u
#define TT_HW_BAD_FORMAT(svc, cb) (TT_HW_BAD_FORMAT_TAG | (unsigned)(cb) << 8 | (unsigned)(svc))

/* Wait words: what a RISC is polling for (the CB id in bits 8..15). */
#define TT_HW_WAIT_NONE 0u
#define TT_HW_WAIT_RESERVE_BACK 1u /* free pages of a CB */
#define TT_HW_WAIT_FRONT 2u        /* pages of a CB */
#define TT_HW_WAIT_NOC_READ 3u     /* NoC read responses */
#define TT_HW_WAIT_NOC_WRITE 4u    /* NoC write acknowledgements */
#define TT_HW_WAIT_NOC_CMD 5u      /* a free NoC command buffer */
#define TT_HW_WAIT_DST16 6u        /* TRISC0's tt.unpack.mm_init (TT_HW_DST16_ADDR) */
#define TT_HW_WAIT_COPY 7u         /* the other side of a tt.copy_tile (TT_HW_COPY_*) */

/* The core's own coordinates (at TT_HW_CORE_ADDR). */
typedef struct tt_hw_core {
  uint32_t noc0_x, noc0_y, noc1_x, noc1_y;
} tt_hw_core;

/* A DRAM bank: the DRAM tile that serves it as NoC 0 and NoC 1 address it,
 * and the bank's byte offset in that tile's channel. */
typedef struct tt_hw_dram_bank {
  uint32_t noc0_xy; /* x | y << 8 */
  uint32_t noc1_xy;
  uint32_t offset_lo, offset_hi;
} tt_hw_dram_bank;

/* A circular buffer; a CB the program does not use has num_pages 0. */
typedef struct tt_hw_cb {
  uint32_t base, size, page_size, num_pages; /* host */
  uint32_t received, wr_ptr;                 /* producer */
  uint32_t acked, rd_ptr;                    /* consumer */
} tt_hw_cb;

#define TT_HW_CB_ADDR(cb) (TT_HW_CBS_ADDR + (unsigned)(cb) * (unsigned)sizeof(tt_hw_cb))

/* The symbol every hw image defines (the hw device library's), by which the
 * host tells an hw image from a sim image. */
#define TT_HW_ABI_SYMBOL "__tt_abi_hw"

#endif /* TT_HW_ABI_H */
