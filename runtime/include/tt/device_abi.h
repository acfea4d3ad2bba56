/*===- tt/device_abi.h - the contract between kernels and the device ------===*
 *
 * What generated kernel code, the device library and the simulator agree on
 * (docs/device-abi.md): the RISC cores of a Tensix tile, the L1 memory map of
 * kernel images and runtime arguments, and the service numbers by which the
 * device library's intrinsics (`tt.cb.reserve_back`, ...) reach the device.
 *
 * Plain C: included by the compiler's backend, by the device library (built
 * for riscv32) and by the simulator. Nothing else is shared between them.
 *
 *===----------------------------------------------------------------------===*/
#ifndef TT_DEVICE_ABI_H
#define TT_DEVICE_ABI_H

/* The five RISC-V cores of a Tensix tile. The reader runs on NCRISC, the
 * writer on BRISC, unpack / math / pack on TRISC0 / TRISC1 / TRISC2. */
#define TT_RISC_BRISC 0
#define TT_RISC_NCRISC 1
#define TT_RISC_TRISC0 2
#define TT_RISC_TRISC1 3
#define TT_RISC_TRISC2 4
#define TT_NUM_RISCS 5

/* L1 memory map of every core (byte addresses):
 *   [0x0000, 0x1000)  reserved (firmware, mailboxes)
 *   [0x1000, 0x3800)  runtime arguments, one area of TT_RUNTIME_ARGS_STRIDE
 *                     bytes per RISC: 32-bit word i of RISC r is at
 *                     TT_RUNTIME_ARGS_BASE + r * TT_RUNTIME_ARGS_STRIDE + 4 * i
 *   [0x4000, 0x18000) kernel text and read-only data, one region of
 *                     TT_KERNEL_TEXT_SIZE bytes per RISC, in RISC order
 *   [0x18000, L1 end) circular buffers, placed by the runtime */
#define TT_RUNTIME_ARGS_BASE 0x1000u
#define TT_RUNTIME_ARGS_STRIDE 0x800u
#define TT_RUNTIME_ARGS_MAX 341u
#define TT_KERNEL_TEXT_BASE 0x4000u
#define TT_KERNEL_TEXT_SIZE 0x4000u
#define TT_L1_CB_BASE 0x18000u

#define TT_RUNTIME_ARGS_ADDR(risc) (TT_RUNTIME_ARGS_BASE + (unsigned)(risc) * TT_RUNTIME_ARGS_STRIDE)
#define TT_KERNEL_TEXT_ADDR(risc) (TT_KERNEL_TEXT_BASE + (unsigned)(risc) * TT_KERNEL_TEXT_SIZE)

/* Each RISC's private local data RAM (.data, .bss and the stack, which grows
 * down from the end). Its size depends on the device and the RISC
 * (docs/targets.md): Wormhole and Grayskull 4 KiB (BRISC, NCRISC) and 2 KiB
 * (TRISCs), Blackhole 8 KiB and 4 KiB. */
#define TT_LOCAL_MEM_BASE 0xFFB00000u

/* Service calls. A device-library intrinsic executes `ecall` with the
 * service number in a7 and its arguments in a0..a5, in the order of the
 * intrinsic's parameters; a result comes back in a0. A service that cannot
 * proceed yet (a CB without free pages, DST not committed, ...) blocks the
 * calling RISC until it can. */
#define TT_SVC_EXIT 0                /* ()                                  */
#define TT_SVC_CB_RESERVE_BACK 1     /* (cb, pages)                         */
#define TT_SVC_CB_PUSH_BACK 2        /* (cb, pages)                         */
#define TT_SVC_CB_WAIT_FRONT 3       /* (cb, pages)                         */
#define TT_SVC_CB_POP_FRONT 4        /* (cb, pages)                         */
#define TT_SVC_CB_WRITE_PTR 5        /* (cb) -> L1 address of the back page */
#define TT_SVC_CB_READ_PTR 6         /* (cb) -> L1 address of the front page*/
#define TT_SVC_NOC_READ_DRAM 7       /* (bank, bank_addr, l1_dst, bytes)    */
#define TT_SVC_NOC_READ_BARRIER 8    /* ()                                  */
#define TT_SVC_L1_ZERO 9             /* (l1_addr, bytes)                    */
#define TT_SVC_NOC_WRITE_DRAM 10     /* (l1_src, bank, bank_addr, bytes)    */
#define TT_SVC_NOC_WRITE_BARRIER 11  /* ()                                  */
#define TT_SVC_TILE_REGS_ACQUIRE 12  /* ()                                  */
#define TT_SVC_TILE_REGS_COMMIT 13   /* ()                                  */
#define TT_SVC_TILE_REGS_WAIT 14     /* ()                                  */
#define TT_SVC_TILE_REGS_RELEASE 15  /* ()                                  */
#define TT_SVC_PACK_TILE 16          /* (dst, cb_out, out_tile)             */
#define TT_SVC_UNPACK_MM_INIT 17     /* (cb_a, cb_b, transpose_b)           */
#define TT_SVC_UNPACK_MATMUL_TILES 18 /* (cb_a, cb_b, tile_a, tile_b, transpose_b) */
#define TT_SVC_MATH_MM_INIT 19       /* ()                                  */
#define TT_SVC_MATH_MATMUL_TILES 20  /* (dst)                               */
#define TT_SVC_PACK_INIT 21          /* (cb_out)                            */
#define TT_SVC_UNPACK_COPY_TILE 22   /* (cb, tile)                          */
#define TT_SVC_MATH_COPY_TILE 23     /* (dst)                               */
#define TT_NUM_SVCS 24

#endif /* TT_DEVICE_ABI_H */
