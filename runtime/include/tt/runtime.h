/*===- tt/runtime.h - the tt-llc host runtime (C API) ---------------------===*
 *
 * Opens a (simulated) Tenstorrent device, holds DRAM-interleaved buffers and
 * runs programs, built from the kernel descriptions that the host stubs
 * tt-llc generates hold (docs/runtime.md).
 * In the spirit of the tt-metal host API: CreateBuffer, CreateCircularBuffer,
 * CreateKernel, SetRuntimeArgs, EnqueueProgram, Finish.
 *
 * Every function that can fail returns a tt_status; on failure
 * tt_last_error() describes what went wrong (thread-local, valid until the
 * next failing call on the same thread). Nothing aborts the process.
 *
 * Plain C (C99 and C++): a user's harness includes this header and links
 * the runtime library, and nothing of the compiler.
 *
 *===----------------------------------------------------------------------===*/
#ifndef TT_RUNTIME_H
#define TT_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The enums below are int-sized, and a C caller may store any int in one
 * (C gives an enum the values of its integer type); the runtime checks every
 * enum argument and field and rejects a value that is not an enumerator with
 * TT_ERROR_INVALID_ARGUMENT. C++ sees them with the fixed underlying type
 * int, so that such a value is a valid, checkable value there too (without a
 * fixed type an out-of-range enum value is undefined behaviour in C++). */
#ifdef __cplusplus
#define TT_ENUM_BASE : int
#else
#define TT_ENUM_BASE
#endif

typedef enum tt_status TT_ENUM_BASE {
  TT_OK = 0,
  TT_ERROR_INVALID_ARGUMENT = 1, /* a bad handle, size, id or name */
  TT_ERROR_OUT_OF_MEMORY = 2,    /* DRAM or L1 exhausted */
  TT_ERROR_BAD_IMAGE = 3,        /* a kernel image that is not a valid RV32 executable */
  TT_ERROR_DEADLOCK = 4,         /* every RISC of a core is blocked */
  TT_ERROR_FAULT = 5,            /* bad memory access or illegal instruction in a kernel */
  TT_ERROR_BUDGET = 6,           /* instruction budget exceeded (runaway kernel) */
  TT_ERROR_UNSUPPORTED = 7       /* not implemented by this runtime */
} tt_status;

/* Message of the last failing call on this thread ("" when none). */
const char *tt_last_error(void);
/* Records `message` as the last error and returns `status` (for harnesses
 * and layers over the runtime that report their own failures the same way). */
tt_status tt_fail(tt_status status, const char *message);

/* The RISC cores of a Tensix tile (values as in tt/device_abi.h). */
typedef enum tt_risc TT_ENUM_BASE {
  TT_BRISC = 0,  /* writer */
  TT_NCRISC = 1, /* reader */
  TT_TRISC0 = 2, /* unpack */
  TT_TRISC1 = 3, /* math */
  TT_TRISC2 = 4  /* pack */
} tt_risc;

/* Tile data formats, with tt-metal's DataFormat values. */
typedef enum tt_data_format TT_ENUM_BASE {
  TT_FLOAT32 = 0,
  TT_FLOAT16 = 1,
  TT_FLOAT16_B = 5 /* bfloat16 */
} tt_data_format;

typedef enum tt_math_fidelity TT_ENUM_BASE {
  TT_LOFI = 1,
  TT_HIFI2 = 2,
  TT_HIFI3 = 3,
  TT_HIFI4 = 4
} tt_math_fidelity;

/* The device ABI that a device runs kernel images of (docs/device-abi.md):
 * the project's simulator's service calls (sim:* devices), or the Tensix
 * hardware's own registers and L1 structures (ttsim:* devices, silicon). */
typedef enum tt_device_abi TT_ENUM_BASE { TT_ABI_SIM = 0, TT_ABI_HW = 1 } tt_device_abi;

#undef TT_ENUM_BASE

typedef struct tt_device tt_device;
typedef struct tt_buffer tt_buffer;
typedef struct tt_program tt_program;

/*--- Devices -------------------------------------------------------------*/

/* Opens a device: "sim:wormhole_b0" (also NULL or ""), "sim:blackhole",
 * "sim:grayskull" (the project's simulator), or "ttsim:wormhole_b0",
 * "ttsim:blackhole" (Tenstorrent's ttsim, docs/ttsim.md: needs libttsim.so,
 * from tt_set_ttsim_library or $TT_LLC_TTSIM; each run in a child process). */
tt_status tt_device_open(const char *name, tt_device **device);
void tt_device_close(tt_device *device);
/* "wormhole_b0", ... */
const char *tt_device_name(const tt_device *device);
/* The ABI of the kernel images `device` runs (TT_ABI_SIM for a closed or
 * invalid device). */
tt_device_abi tt_device_get_abi(const tt_device *device);
/* The libttsim.so that ttsim: devices opened from now on use (NULL or "":
 * $TT_LLC_TTSIM again). tt-run --ttsim=PATH calls it. */
tt_status tt_set_ttsim_library(const char *path);

/*--- Buffers -------------------------------------------------------------*/

/* A DRAM buffer of `size` bytes, interleaved over the device's DRAM banks in
 * pages of `page_size` bytes (page i in bank i % banks). */
tt_status tt_buffer_create(tt_device *device, uint64_t size, uint32_t page_size,
                           tt_buffer **buffer);
void tt_buffer_destroy(tt_buffer *buffer);
/* The buffer's address within each DRAM bank (the `X_addr` runtime argument). */
uint32_t tt_buffer_address(const tt_buffer *buffer);
uint64_t tt_buffer_size(const tt_buffer *buffer);
uint32_t tt_buffer_page_size(const tt_buffer *buffer);
/* The device the buffer was created on; NULL when the buffer is not live or
 * its device has been closed. */
tt_device *tt_buffer_device(const tt_buffer *buffer);

/* Writes a row-major host matrix of `rows` x `cols` elements in `host_format`
 * into the buffer as tiles: 32x32 tiles of four 16x16 faces (each face
 * row-major) in `device_format`, zero-padded to whole tiles; tile (r, c) is
 * page r * ceil(cols / 32) + c. Conversions round to nearest even. The
 * buffer's page size must be the tile size of `device_format` and it must
 * hold all the tiles. A 1-D tensor of n elements is 1 x n. */
tt_status tt_buffer_write_tiles(tt_buffer *buffer, const void *host, tt_data_format host_format,
                                uint32_t rows, uint32_t cols, tt_data_format device_format);
/* The inverse: untilizes the buffer's tiles into a row-major host matrix,
 * dropping the padding. */
tt_status tt_buffer_read_tiles(const tt_buffer *buffer, void *host, tt_data_format host_format,
                               uint32_t rows, uint32_t cols, tt_data_format device_format);
/* Raw bytes in page order (page i is bytes [i * page_size, (i + 1) * page_size)). */
tt_status tt_buffer_write_bytes(tt_buffer *buffer, const void *data, uint64_t size);
tt_status tt_buffer_read_bytes(const tt_buffer *buffer, void *data, uint64_t size);

/*--- Programs --------------------------------------------------------------*/

/* Usually a program is built in one call from a kernel's description (the
 * next section); the calls of this section build one piece by piece. */

tt_status tt_program_create(tt_device *device, const char *name, tt_program **program);
void tt_program_destroy(tt_program *program);

/* A circular buffer on every core of the program: `num_pages` pages of
 * `page_size` bytes holding tiles of `format`. */
tt_status tt_program_add_circular_buffer(tt_program *program, uint32_t cb, uint32_t page_size,
                                         uint32_t num_pages, tt_data_format format);

/* The kernel image (a linked RV32 ELF executable) that `risc` runs on every
 * core of the program. The bytes are copied. */
tt_status tt_program_set_kernel(tt_program *program, tt_risc risc, const void *image, size_t size);

/* Configuration of the matrix engine (the math TRISC). */
tt_status tt_program_set_compute_config(tt_program *program, int fp32_dest_acc,
                                        tt_math_fidelity fidelity);

/* Runtime arguments of `risc` on core (x, y); the program runs on every core
 * that has runtime arguments. */
tt_status tt_program_set_runtime_args(tt_program *program, uint32_t x, uint32_t y, tt_risc risc,
                                      const uint32_t *args, uint32_t count);

/* Reads back what the program holds: the runtime arguments of `risc` on core
 * (x, y) (at most `capacity` words, `*count` set to their number) and a
 * circular buffer's configuration. */
tt_status tt_program_get_runtime_args(const tt_program *program, uint32_t x, uint32_t y,
                                      tt_risc risc, uint32_t *args, uint32_t capacity,
                                      uint32_t *count);
tt_status tt_program_get_circular_buffer(const tt_program *program, uint32_t cb,
                                         uint32_t *page_size, uint32_t *num_pages,
                                         tt_data_format *format);
/* Number of cores the program runs on. */
uint32_t tt_program_num_cores(const tt_program *program);

/*--- Programs from a kernel description -----------------------------------*/

/* What a kernel compiled by tt-llc needs to run: the description its host
 * stub holds as static data (and tt-run builds from tt.plan.json). Every
 * pointer is borrowed for the duration of tt_program_create_from_kernel
 * only; the runtime copies what it keeps. docs/runtime.md has an example. */

/* The layout of tt_kernel_desc this header describes; a description of
 * another version is rejected. */
#define TT_KERNEL_DESC_VERSION 2u

/* A buffer parameter of the kernel. */
typedef struct tt_kernel_buffer {
  const char *name;   /* "A", as in the kernel's source (for messages) */
  uint32_t page_size; /* the buffer's pages must have this size */
  uint64_t num_pages; /* the buffer must hold at least this many pages */
} tt_kernel_buffer;

/* A circular buffer, the same on every core. */
typedef struct tt_kernel_circular_buffer {
  uint32_t id; /* 0..31 */
  uint32_t page_size;
  uint32_t num_pages;
  tt_data_format format;
} tt_kernel_circular_buffer;

/* A linked kernel image (an RV32 ELF executable). */
typedef struct tt_kernel_image {
  const void *data;
  size_t size;
} tt_kernel_image;

/* The five images of the kernel for one device ABI (tt_device_get_abi). */
typedef struct tt_kernel_image_set {
  tt_device_abi abi;
  tt_kernel_image images[5]; /* by tt_risc */
} tt_kernel_image_set;

/* A core of the kernel's grid: x is the column. */
typedef struct tt_kernel_core {
  uint32_t x, y;
} tt_kernel_core;

/* A runtime argument that is the address of one of the kernel's buffers
 * (tt_buffer_address) on every core. */
typedef struct tt_kernel_address_arg {
  uint32_t arg;    /* its position, < tt_kernel_args.count */
  uint32_t buffer; /* index into tt_kernel_desc.buffers */
} tt_kernel_address_arg;

/* The runtime arguments of one program of the kernel on every core:
 * `values` holds num_cores rows of `count` words, row i for cores[i]. The
 * arguments listed in `addresses` are buffer addresses, filled in when the
 * program is created (their words in `values` are ignored; tt-llc writes
 * 0). */
typedef struct tt_kernel_args {
  uint32_t count; /* arguments per core, at most TT_RUNTIME_ARGS_MAX */
  const uint32_t *values;
  uint32_t num_addresses;
  const tt_kernel_address_arg *addresses;
} tt_kernel_args;

/* A kernel: its buffer parameters (in order), circular buffers, matrix
 * engine configuration, the five images for each device ABI it was compiled
 * for and the runtime arguments of its programs on each core. The reader's arguments go to
 * TT_NCRISC, the compute arguments to each of TT_TRISC0, TT_TRISC1 and TT_TRISC2, the writer's to
 * TT_BRISC. A count of 0 goes with a NULL array. */
typedef struct tt_kernel_desc {
  uint32_t version;   /* TT_KERNEL_DESC_VERSION */
  const char *kernel; /* the kernel's name: names the program, starts every message */
  const char *device; /* the device it was compiled for: "wormhole_b0" (tt_device_name) */
  uint32_t num_buffers;
  const tt_kernel_buffer *buffers;
  uint32_t num_circular_buffers;
  const tt_kernel_circular_buffer *circular_buffers;
  int fp32_dest_acc; /* tt_program_set_compute_config */
  tt_math_fidelity math_fidelity;
  uint32_t num_image_sets; /* at least 1, each ABI at most once */
  const tt_kernel_image_set *image_sets;
  uint32_t num_cores; /* at least 1, each core once */
  const tt_kernel_core *cores;
  tt_kernel_args reader, compute, writer;
} tt_kernel_desc;

/* Creates the program of kernel `desc` for `device` and `buffers` (the
 * kernel's buffers, in parameter order; `num_buffers` of them). Checks
 * first that the description is sound, that the device is the one the
 * kernel was compiled for, that the kernel has images for the device's ABI
 * (tt_device_get_abi), and that each buffer is a live buffer of that
 * device with pages of the kernel's page size and room for its pages; then
 * creates the program and adds the circular buffers, the images of the
 * device's ABI, compute configuration and runtime arguments (buffer
 * addresses filled in). On
 * failure *program is NULL (nothing is left behind) and tt_last_error(),
 * starting with the kernel's name, says why: "gemm: compiled for device
 * wormhole_b0, not blackhole". On success the caller owns *program. */
tt_status tt_program_create_from_kernel(tt_device *device, const tt_kernel_desc *desc,
                                        tt_buffer *const *buffers, uint32_t num_buffers,
                                        tt_program **program);

/*--- Running programs ------------------------------------------------------*/

/* Runs the program on the device to completion: every core of the program
 * executes its five kernel images on the simulator. A kernel fault (deadlock,
 * bad memory access, illegal instruction, instruction budget exceeded) ends
 * the run with its status and a report naming the core, the RISC and the
 * place (pc, address, circular buffer). */
tt_status tt_program_run(tt_program *program);

/* Instructions each RISC may retire in one run before the run fails with
 * TT_ERROR_BUDGET (default 100 000 000). On a ttsim: device, the clock
 * cycles a run may take (default 20 000 000). */
tt_status tt_device_set_instruction_budget(tt_device *device, uint64_t instructions);

/* Host threads the simulator runs a program's cores on (0, the default: the
 * host's hardware concurrency; never more than the program's cores). Outputs,
 * statistics and fault reports are the same for every count. A ttsim:
 * device ignores it. */
tt_status tt_device_set_threads(tt_device *device, uint32_t threads);

/* Statistics of one core in the last run of a program. */
typedef struct tt_core_stats {
  uint32_t x, y;
  uint64_t instructions[5];  /* retired, per tt_risc */
  uint64_t cb_operations[5]; /* reserve/push/wait/pop calls, per tt_risc */
  uint64_t noc_read_bytes;
  uint64_t noc_write_bytes;
  uint64_t matmul_tiles; /* tile matmuls done by the math RISC */
} tt_core_stats;

/* Statistics of core `index` (0 .. tt_program_num_cores - 1, in increasing
 * (y, x) order) of the last successful tt_program_run. */
tt_status tt_program_get_stats(const tt_program *program, uint32_t index, tt_core_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* TT_RUNTIME_H */
