/*===- tt/programs.h - the RISCs, their programs and artifacts ------------===*
 *
 * The one place for the names that tie a RISC core to the program it runs
 * and to the files of that program (docs/device-abi.md, "RISCs and
 * programs"). A kernel is five programs; tt-metal's three kernels (reader,
 * compute, writer), with compute compiled once per TRISC:
 *
 *   RISC    tt_risc    program  kernel   lowered function  object / image
 *   brisc   TT_BRISC   writer   writer   <kernel>_writer   writer.o / writer.elf
 *   ncrisc  TT_NCRISC  reader   reader   <kernel>_reader   reader.o / reader.elf
 *   trisc0  TT_TRISC0  unpack   compute  <kernel>_unpack   compute.trisc0.o / .elf
 *   trisc1  TT_TRISC1  math     compute  <kernel>_math     compute.trisc1.o / .elf
 *   trisc2  TT_TRISC2  pack     compute  <kernel>_pack     compute.trisc2.o / .elf
 *
 * tt_kernels lists the three kernels, the keys of the runtime-argument lists.
 * Read by the compiler (split-kernels, backend/Programs, the linker, the
 * artifact writer, the intrinsic table), the plan library (reader and writer)
 * and by the runtime and simulator (messages, images).
 * Plain constant data, C99 and C++.
 *
 *===----------------------------------------------------------------------===*/
#ifndef TT_PROGRAMS_H
#define TT_PROGRAMS_H

#include "tt/device_abi.h"

#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tt_risc_info {
  const char *name;      /* "ncrisc": in runtime messages */
  const char *upper;     /* "NCRISC": linker scripts, link errors */
  const char *enum_name; /* "TT_NCRISC": its tt_risc of tt/runtime.h (host stubs) */
  const char *program;   /* "reader": the tt.program attribute; the lowered function is
                            <kernel>_<program> */
  const char *kernel;    /* "reader", "compute", "writer": tt-metal's kernel, which names
                            its runtime-argument list (tt_runtime_args_schema, the plan) */
  const char *artifact;  /* "reader", "compute.trisc0": base name of the files */
  const char *object;    /* "reader.o": the relocatable object */
  const char *image;     /* "reader.elf": the linked kernel image */
} tt_risc_info;

/* By TT_RISC_*. */
static const tt_risc_info tt_riscs[TT_NUM_RISCS] = {
    {"brisc", "BRISC", "TT_BRISC", "writer", "writer", "writer", "writer.o", "writer.elf"},
    {"ncrisc", "NCRISC", "TT_NCRISC", "reader", "reader", "reader", "reader.o", "reader.elf"},
    {"trisc0", "TRISC0", "TT_TRISC0", "unpack", "compute", "compute.trisc0", "compute.trisc0.o",
     "compute.trisc0.elf"},
    {"trisc1", "TRISC1", "TT_TRISC1", "math", "compute", "compute.trisc1", "compute.trisc1.o",
     "compute.trisc1.elf"},
    {"trisc2", "TRISC2", "TT_TRISC2", "pack", "compute", "compute.trisc2", "compute.trisc2.o",
     "compute.trisc2.elf"},
};

/* tt-metal's three kernels, indexed by TT_KERNEL_*: the keys of the
 * runtime-argument lists (tt_runtime_args_schema, tt.runtime_args, the
 * plan's runtime_args and each core's args), in this order. The `kernel` of
 * each tt_riscs entry is one of them. */
#define TT_KERNEL_READER 0
#define TT_KERNEL_COMPUTE 1
#define TT_KERNEL_WRITER 2
#define TT_NUM_KERNELS 3
static const char *const tt_kernels[TT_NUM_KERNELS] = {"reader", "compute", "writer"};

/* The RISCs in program order, the order of the lowered programs and of the
 * artifacts: reader, unpack, math, pack, writer. */
static const unsigned tt_program_order[TT_NUM_RISCS] = {
    TT_RISC_NCRISC, TT_RISC_TRISC0, TT_RISC_TRISC1, TT_RISC_TRISC2, TT_RISC_BRISC};

/* The device ABIs by tt_device_abi (tt/runtime.h: TT_ABI_SIM 0, TT_ABI_HW 1):
 * their names in plans (`images`), in the files of ABIs other than sim
 * (reader.hw.elf) and in messages, and the devices that run their images. */
#define TT_NUM_DEVICE_ABIS 2
static const char *const tt_device_abi_names[TT_NUM_DEVICE_ABIS] = {"sim", "hw"};
static const char *const tt_device_abi_devices[TT_NUM_DEVICE_ABIS] = {"sim:*", "ttsim:*"};

/* The RISC (TT_RISC_*) that runs program `program` ("unpack"), or -1. */
static inline int tt_risc_of_program(const char *program) {
  int r;
  for (r = 0; program && r < TT_NUM_RISCS; ++r)
    if (strcmp(tt_riscs[r].program, program) == 0)
      return r;
  return -1;
}

/* The intrinsic of each service number (TT_SVC_* of tt/device_abi.h), for
 * messages: tt_service_names[TT_SVC_MATH_MATMUL_TILES] is
 * "tt.math.matmul_tiles". */
static const char *const tt_service_names[TT_NUM_SVCS] = {
    "exit",                   "tt.cb.reserve_back",  "tt.cb.push_back",
    "tt.cb.wait_front",       "tt.cb.pop_front",     "tt.cb.write_ptr",
    "tt.cb.read_ptr",         "tt.noc.read_dram",    "tt.noc.read_barrier",
    "tt.l1.zero",             "tt.noc.write_dram",   "tt.noc.write_barrier",
    "tt.tile_regs_acquire",   "tt.tile_regs_commit", "tt.tile_regs_wait",
    "tt.tile_regs_release",   "tt.pack_tile",        "tt.unpack.mm_init",
    "tt.unpack.matmul_tiles", "tt.math.mm_init",     "tt.math.matmul_tiles",
    "tt.pack.init",           "tt.unpack.copy_tile", "tt.math.copy_tile"};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TT_PROGRAMS_H */
