//===- runtime/Runtime.cpp - the tt-llc host runtime (C API) --------------===//
//
// Implements tt/runtime.h: simulated devices from a small table, DRAM buffers
// from a per-bank bump allocator (with zeroed host storage for the simulator)
// and programs that validate and record what a host stub gives them
// (circular buffers, kernel images, compute configuration, runtime
// arguments). tt_program_run checks that a program is complete and then
// reports TT_ERROR_UNSUPPORTED: executing kernels needs the simulator, which
// is not built yet (docs/runtime.md).
//
// Every handle is checked against a registry of live objects before use, so
// a null, dangling or foreign handle gives an error instead of a crash.
// Nothing here depends on the compiler.
//
//===----------------------------------------------------------------------===//

#include "tt/runtime.h"

#include "tt/device_abi.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ttrt {
namespace {

/// One row of the device table.
struct DeviceSpec {
  const char *openName; // "sim:wormhole_b0"
  const char *name;     // "wormhole_b0"
  uint32_t gridX, gridY;
  uint32_t l1Size;
  uint32_t dramBanks;
  uint32_t dramAlignment;
  uint64_t bankSize;
};

constexpr uint64_t kGiB = uint64_t(1) << 30;

constexpr DeviceSpec kDevices[] = {
    {"sim:wormhole_b0", "wormhole_b0", 8, 8, 1464 * 1024, 12, 32, kGiB},
    {"sim:blackhole", "blackhole", 13, 10, 1536 * 1024, 8, 64, kGiB},
    {"sim:grayskull", "grayskull", 12, 9, 1024 * 1024, 8, 32, kGiB},
};

/// DRAM addresses below this offset of every bank are never allocated (so no
/// buffer has address 0).
constexpr uint64_t kDramBase = 0x10000;

constexpr uint32_t kNumCBs = 32;

constexpr const char *kRiscNames[TT_NUM_RISCS] = {"brisc", "ncrisc", "trisc0", "trisc1", "trisc2"};
constexpr const char *kRiscRoles[TT_NUM_RISCS] = {"writer", "reader", "unpack", "math", "pack"};

thread_local std::string lastError;

/// Records `message` as the last error and returns `status`.
tt_status fail(tt_status status, std::string message) {
  lastError = std::move(message);
  return status;
}

tt_status outOfHostMemory(const char *function) {
  return fail(TT_ERROR_OUT_OF_MEMORY, std::string(function) + ": out of host memory");
}

uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

std::string coreName(uint32_t x, uint32_t y) {
  return "core (" + std::to_string(x) + ", " + std::to_string(y) + ")";
}

std::string riscName(unsigned risc) {
  return std::string(kRiscNames[risc]) + " (" + kRiscRoles[risc] + ")";
}

bool validRisc(tt_risc risc) {
  int r = static_cast<int>(risc);
  return r >= 0 && r < TT_NUM_RISCS;
}

const char *formatName(tt_data_format format) {
  switch (static_cast<int>(format)) {
  case TT_FLOAT32:
    return "Float32";
  case TT_FLOAT16:
    return "Float16";
  case TT_FLOAT16_B:
    return "Float16_b";
  default:
    return nullptr;
  }
}

/// The live objects of one handle type. A handle is valid only while it is
/// registered, so stale and foreign pointers are rejected, not dereferenced.
template <typename T> class Registry {
public:
  void add(const T *object) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.insert(object);
  }
  void remove(const T *object) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(object);
  }
  bool contains(const T *object) {
    if (!object)
      return false;
    std::lock_guard<std::mutex> lock(mutex_);
    return live_.count(object) != 0;
  }

private:
  std::mutex mutex_;
  std::unordered_set<const T *> live_;
};

/// Frees host storage allocated with std::calloc.
struct FreeDeleter {
  void operator()(uint8_t *p) const { std::free(p); }
};

struct CircularBufferConfig {
  uint32_t pageSize = 0;
  uint32_t numPages = 0;
  tt_data_format format = TT_FLOAT16_B;
};

/// The runtime arguments of the five RISCs of one core.
using CoreArgs = std::array<std::optional<std::vector<uint32_t>>, TT_NUM_RISCS>;

} // namespace
} // namespace ttrt

using namespace ttrt;

struct tt_device {
  const DeviceSpec *spec = nullptr;
  uint64_t nextOffset = kDramBase; // the bump allocator, the same in every bank
  std::set<tt_buffer *> buffers;   // detached when the device closes
  std::set<tt_program *> programs;
};

struct tt_buffer {
  tt_device *device = nullptr; // null once the device is closed
  const DeviceSpec *spec = nullptr;
  uint32_t address = 0;
  uint64_t size = 0;
  uint32_t pageSize = 0;
  std::unique_ptr<uint8_t, FreeDeleter> storage; // `size` bytes, zeroed
};

struct tt_program {
  tt_device *device = nullptr; // null once the device is closed
  const DeviceSpec *spec = nullptr;
  std::string name;
  std::array<std::optional<CircularBufferConfig>, kNumCBs> cbs;
  std::array<std::optional<std::vector<uint8_t>>, TT_NUM_RISCS> kernels;
  bool fp32DestAcc = false;
  tt_math_fidelity fidelity = TT_HIFI4;
  std::map<std::pair<uint32_t, uint32_t>, CoreArgs> args; // by (x, y)
};

namespace ttrt {
namespace {

// The registries are never destroyed, so handles stay checkable even from
// static destructors that run after this file's.
Registry<tt_device> &devices() {
  static auto *registry = new Registry<tt_device>();
  return *registry;
}
Registry<tt_buffer> &buffers() {
  static auto *registry = new Registry<tt_buffer>();
  return *registry;
}
Registry<tt_program> &programs() {
  static auto *registry = new Registry<tt_program>();
  return *registry;
}

/// Adds a new object to its device's set and to the live objects, both or
/// neither (rethrowing std::bad_alloc).
template <typename T> void registerIn(std::set<T *> &owned, Registry<T> &live, T *object) {
  owned.insert(object);
  try {
    live.add(object);
  } catch (...) {
    owned.erase(object);
    throw;
  }
}

/// Checks a handle of `registry`; on failure records an error naming
/// `function`, e.g. "tt_program_run: program is not a live program (destroyed?)".
template <typename T>
tt_status checkHandle(const T *handle, Registry<T> &registry, const char *function,
                      const char *what, const char *live) {
  if (!handle)
    return fail(TT_ERROR_INVALID_ARGUMENT, std::string(function) + ": " + what + " is null");
  if (!registry.contains(handle))
    return fail(TT_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": " + what + " is not " + live);
  return TT_OK;
}

tt_status checkProgram(const tt_program *program, const char *function) {
  return checkHandle(program, programs(), function, "program", "a live program (destroyed?)");
}

tt_status checkDevice(const tt_device *device, const char *function) {
  return checkHandle(device, devices(), function, "device", "an open device (closed?)");
}

tt_status checkBuffer(const tt_buffer *buffer, const char *function) {
  return checkHandle(buffer, buffers(), function, "buffer", "a live buffer (destroyed?)");
}

/// Checks that core (x, y) is on the device's grid.
tt_status checkCore(const tt_program *program, uint32_t x, uint32_t y) {
  const DeviceSpec &spec = *program->spec;
  if (x >= spec.gridX || y >= spec.gridY)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": " + coreName(x, y) + " is outside the " + spec.name + " grid (" +
                    std::to_string(spec.gridX) + " x " + std::to_string(spec.gridY) + ")");
  return TT_OK;
}

//--- Kernel images ---------------------------------------------------------//

uint16_t read16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t read32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

constexpr size_t kElf32HeaderSize = 52;
constexpr size_t kElf32PhdrSize = 32;
constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmRiscv = 243;
constexpr uint32_t kEfRiscvRvc = 0x1;

/// Why `image` is not a kernel image for `risc`, or "" when it is one: an
/// RV32 little-endian executable without compressed instructions whose entry
/// point lies in the RISC's kernel text region and whose program headers and
/// segments lie inside the file.
std::string checkImage(const uint8_t *image, size_t size, unsigned risc) {
  if (size < kElf32HeaderSize)
    return "image of " + std::to_string(size) + " bytes is too small for an ELF header";
  if (std::memcmp(image,
                  "\x7f"
                  "ELF",
                  4) != 0)
    return "not an ELF file (bad magic)";
  if (image[4] != 1)
    return "not a 32-bit ELF file (EI_CLASS " + std::to_string(image[4]) + ")";
  if (image[5] != 1)
    return "not a little-endian ELF file (EI_DATA " + std::to_string(image[5]) + ")";
  if (image[6] != 1)
    return "unknown ELF version " + std::to_string(image[6]);
  uint16_t type = read16(image + 16);
  if (type != kEtExec)
    return "not an executable (e_type " + std::to_string(type) + ", expected ET_EXEC)";
  uint16_t machine = read16(image + 18);
  if (machine != kEmRiscv)
    return "not a RISC-V file (e_machine " + std::to_string(machine) + ", expected 243)";
  uint32_t flags = read32(image + 36);
  if (flags & kEfRiscvRvc)
    return "uses compressed instructions (EF_RISCV_RVC), which the Tensix RISCs lack";

  uint32_t entry = read32(image + 24);
  uint32_t textBegin = TT_KERNEL_TEXT_ADDR(risc);
  uint32_t textEnd = textBegin + TT_KERNEL_TEXT_SIZE;
  if (entry < textBegin || entry >= textEnd) {
    char range[64];
    std::snprintf(range, sizeof range, "0x%x is outside [0x%x, 0x%x)", entry, textBegin, textEnd);
    return "entry point " + std::string(range) + ", the kernel text of " + kRiscNames[risc];
  }

  uint32_t phoff = read32(image + 28);
  uint16_t phentsize = read16(image + 42);
  uint16_t phnum = read16(image + 44);
  if (phnum == 0)
    return "has no program headers";
  if (phentsize != kElf32PhdrSize)
    return "program header size " + std::to_string(phentsize) + ", expected 32";
  if (uint64_t(phoff) + uint64_t(phnum) * phentsize > size)
    return "program headers (" + std::to_string(phnum) + " at offset " + std::to_string(phoff) +
           ") extend past the end of the file";
  for (unsigned i = 0; i < phnum; ++i) {
    const uint8_t *ph = image + phoff + size_t(i) * phentsize;
    uint32_t offset = read32(ph + 4);
    uint32_t filesz = read32(ph + 16);
    uint32_t memsz = read32(ph + 20);
    if (uint64_t(offset) + filesz > size)
      return "segment " + std::to_string(i) + " (offset " + std::to_string(offset) + ", " +
             std::to_string(filesz) + " bytes) extends past the end of the file";
    if (filesz > memsz)
      return "segment " + std::to_string(i) + " has more bytes in the file (" +
             std::to_string(filesz) + ") than in memory (" + std::to_string(memsz) + ")";
  }
  return "";
}

} // namespace
} // namespace ttrt

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

extern "C" {

const char *tt_last_error(void) { return lastError.c_str(); }

tt_status tt_fail(tt_status status, const char *message) {
  try {
    lastError = message ? message : "";
  } catch (const std::bad_alloc &) {
    lastError.clear();
  }
  return status;
}

//--- Devices ---------------------------------------------------------------//

tt_status tt_device_open(const char *name, tt_device **device) {
  if (!device)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_device_open: device (the result) is null");
  *device = nullptr;
  const DeviceSpec *spec = nullptr;
  if (!name || !*name)
    spec = &kDevices[0];
  for (const DeviceSpec &d : kDevices)
    if (name && std::strcmp(name, d.openName) == 0)
      spec = &d;
  if (!spec) {
    std::string known;
    for (const DeviceSpec &d : kDevices)
      known += std::string(known.empty() ? "" : ", ") + d.openName;
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_device_open: unknown device '" + std::string(name) +
                                               "' (known: " + known + ")");
  }
  try {
    auto opened = std::make_unique<tt_device>();
    opened->spec = spec;
    devices().add(opened.get());
    *device = opened.release();
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_device_open");
  }
  return TT_OK;
}

void tt_device_close(tt_device *device) {
  if (!device)
    return;
  if (!devices().contains(device)) {
    fail(TT_ERROR_INVALID_ARGUMENT, "tt_device_close: device is not an open device (closed?)");
    return;
  }
  devices().remove(device);
  // Buffers and programs outlive their device; they only lose access to it.
  for (tt_buffer *buffer : device->buffers)
    buffer->device = nullptr;
  for (tt_program *program : device->programs)
    program->device = nullptr;
  delete device;
}

const char *tt_device_name(const tt_device *device) {
  if (checkDevice(device, "tt_device_name") != TT_OK)
    return "";
  return device->spec->name;
}

//--- Buffers ---------------------------------------------------------------//

tt_status tt_buffer_create(tt_device *device, uint64_t size, uint32_t page_size,
                           tt_buffer **buffer) {
  if (!buffer)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_buffer_create: buffer (the result) is null");
  *buffer = nullptr;
  if (tt_status status = checkDevice(device, "tt_buffer_create"))
    return status;
  if (size == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_buffer_create: size must be positive");
  if (page_size == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_buffer_create: page_size must be positive");

  // Page p lives in bank p % banks at address + (p / banks) * alignedPage.
  const DeviceSpec &spec = *device->spec;
  uint64_t pages = size / page_size + (size % page_size != 0);
  uint64_t pagesPerBank = pages / spec.dramBanks + (pages % spec.dramBanks != 0);
  uint64_t alignedPage = alignUp(page_size, spec.dramAlignment);
  uint64_t address = alignUp(device->nextOffset, spec.dramAlignment);
  uint64_t available = address < spec.bankSize ? spec.bankSize - address : 0;
  if (pagesPerBank > available / alignedPage)
    return fail(TT_ERROR_OUT_OF_MEMORY, "tt_buffer_create: " + std::to_string(size) +
                                            " bytes in pages of " + std::to_string(page_size) +
                                            " do not fit in the DRAM left on " + spec.name + " (" +
                                            std::to_string(available) + " bytes per bank)");

  try {
    auto created = std::make_unique<tt_buffer>();
    created->storage.reset(static_cast<uint8_t *>(std::calloc(size, 1)));
    if (!created->storage)
      return fail(TT_ERROR_OUT_OF_MEMORY, "tt_buffer_create: cannot allocate " +
                                              std::to_string(size) + " bytes of host storage");
    created->device = device;
    created->spec = &spec;
    created->address = static_cast<uint32_t>(address);
    created->size = size;
    created->pageSize = page_size;
    registerIn(device->buffers, buffers(), created.get());
    *buffer = created.release();
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_buffer_create");
  }
  device->nextOffset = address + pagesPerBank * alignedPage;
  return TT_OK;
}

void tt_buffer_destroy(tt_buffer *buffer) {
  if (!buffer)
    return;
  if (!buffers().contains(buffer)) {
    fail(TT_ERROR_INVALID_ARGUMENT, "tt_buffer_destroy: buffer is not a live buffer (destroyed?)");
    return;
  }
  buffers().remove(buffer);
  if (buffer->device)
    buffer->device->buffers.erase(buffer);
  // The bump allocator does not reuse DRAM: the buffer's range stays taken.
  delete buffer;
}

uint32_t tt_buffer_address(const tt_buffer *buffer) {
  return checkBuffer(buffer, "tt_buffer_address") == TT_OK ? buffer->address : 0;
}

uint64_t tt_buffer_size(const tt_buffer *buffer) {
  return checkBuffer(buffer, "tt_buffer_size") == TT_OK ? buffer->size : 0;
}

uint32_t tt_buffer_page_size(const tt_buffer *buffer) {
  return checkBuffer(buffer, "tt_buffer_page_size") == TT_OK ? buffer->pageSize : 0;
}

//--- Programs --------------------------------------------------------------//

tt_status tt_program_create(tt_device *device, const char *name, tt_program **program) {
  if (!program)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_program_create: program (the result) is null");
  *program = nullptr;
  if (tt_status status = checkDevice(device, "tt_program_create"))
    return status;
  if (!name || !*name)
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_program_create: the program needs a name");
  try {
    auto created = std::make_unique<tt_program>();
    created->device = device;
    created->spec = device->spec;
    created->name = name;
    registerIn(device->programs, programs(), created.get());
    *program = created.release();
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_program_create");
  }
  return TT_OK;
}

void tt_program_destroy(tt_program *program) {
  if (!program)
    return;
  if (!programs().contains(program)) {
    fail(TT_ERROR_INVALID_ARGUMENT,
         "tt_program_destroy: program is not a live program (destroyed?)");
    return;
  }
  programs().remove(program);
  if (program->device)
    program->device->programs.erase(program);
  delete program;
}

tt_status tt_program_add_circular_buffer(tt_program *program, uint32_t cb, uint32_t page_size,
                                         uint32_t num_pages, tt_data_format format) {
  if (tt_status status = checkProgram(program, "tt_program_add_circular_buffer"))
    return status;
  std::string what = program->name + ": circular buffer " + std::to_string(cb);
  if (cb >= kNumCBs)
    return fail(TT_ERROR_INVALID_ARGUMENT, what + ": id out of range [0, 32)");
  if (page_size == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT, what + ": page_size must be positive");
  if (num_pages == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT, what + ": num_pages must be positive");
  if (!formatName(format))
    return fail(TT_ERROR_INVALID_ARGUMENT,
                what + ": unknown data format " + std::to_string(static_cast<int>(format)));
  if (program->cbs[cb])
    return fail(TT_ERROR_INVALID_ARGUMENT, what + " is already configured");

  uint64_t total = uint64_t(page_size) * num_pages;
  for (const auto &other : program->cbs)
    if (other)
      total += uint64_t(other->pageSize) * other->numPages;
  uint64_t capacity = program->spec->l1Size - TT_L1_CB_BASE;
  if (total > capacity)
    return fail(TT_ERROR_OUT_OF_MEMORY, what + ": the circular buffers need " +
                                            std::to_string(total) + " bytes of L1, more than the " +
                                            std::to_string(capacity) + " bytes " +
                                            program->spec->name + " has for them");
  program->cbs[cb] = CircularBufferConfig{page_size, num_pages, format};
  return TT_OK;
}

tt_status tt_program_set_kernel(tt_program *program, tt_risc risc, const void *image, size_t size) {
  if (tt_status status = checkProgram(program, "tt_program_set_kernel"))
    return status;
  if (!validRisc(risc))
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": unknown RISC " +
                                               std::to_string(static_cast<int>(risc)) +
                                               " (expected 0..4)");
  unsigned r = static_cast<unsigned>(risc);
  if (!image)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": kernel image for " + riscName(r) + " is null");
  const auto *bytes = static_cast<const uint8_t *>(image);
  std::string problem = checkImage(bytes, size, r);
  if (!problem.empty())
    return fail(TT_ERROR_BAD_IMAGE,
                program->name + ": bad kernel image for " + riscName(r) + ": " + problem);
  try {
    program->kernels[r] = std::vector<uint8_t>(bytes, bytes + size);
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_program_set_kernel");
  }
  return TT_OK;
}

tt_status tt_program_set_compute_config(tt_program *program, int fp32_dest_acc,
                                        tt_math_fidelity fidelity) {
  if (tt_status status = checkProgram(program, "tt_program_set_compute_config"))
    return status;
  int f = static_cast<int>(fidelity);
  if (f < TT_LOFI || f > TT_HIFI4)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": unknown math fidelity " +
                                               std::to_string(f) + " (expected 1..4)");
  program->fp32DestAcc = fp32_dest_acc != 0;
  program->fidelity = fidelity;
  return TT_OK;
}

tt_status tt_program_set_runtime_args(tt_program *program, uint32_t x, uint32_t y, tt_risc risc,
                                      const uint32_t *args, uint32_t count) {
  if (tt_status status = checkProgram(program, "tt_program_set_runtime_args"))
    return status;
  if (!validRisc(risc))
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": unknown RISC " +
                                               std::to_string(static_cast<int>(risc)) +
                                               " (expected 0..4)");
  if (tt_status status = checkCore(program, x, y))
    return status;
  unsigned r = static_cast<unsigned>(risc);
  if (count > TT_RUNTIME_ARGS_MAX)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": " + std::to_string(count) +
                                               " runtime arguments for " + riscName(r) + " on " +
                                               coreName(x, y) + ", at most " +
                                               std::to_string(TT_RUNTIME_ARGS_MAX));
  if (count > 0 && !args)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": runtime arguments for " +
                                               riscName(r) + " on " + coreName(x, y) + " are null");
  try {
    std::vector<uint32_t> values(count);
    if (count > 0)
      std::memcpy(values.data(), args, count * sizeof(uint32_t));
    program->args[{x, y}][r] = std::move(values);
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_program_set_runtime_args");
  }
  return TT_OK;
}

tt_status tt_program_get_runtime_args(const tt_program *program, uint32_t x, uint32_t y,
                                      tt_risc risc, uint32_t *args, uint32_t capacity,
                                      uint32_t *count) {
  if (tt_status status = checkProgram(program, "tt_program_get_runtime_args"))
    return status;
  if (!count)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": count (the result) is null");
  *count = 0;
  if (!validRisc(risc))
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": unknown RISC " +
                                               std::to_string(static_cast<int>(risc)) +
                                               " (expected 0..4)");
  if (tt_status status = checkCore(program, x, y))
    return status;
  if (capacity > 0 && !args)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": args is null but capacity is " + std::to_string(capacity));
  unsigned r = static_cast<unsigned>(risc);
  auto it = program->args.find({x, y});
  if (it == program->args.end() || !it->second[r])
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": " + coreName(x, y) +
                                               " has no runtime arguments for " + riscName(r));
  const std::vector<uint32_t> &values = *it->second[r];
  size_t copied = std::min<size_t>(capacity, values.size());
  if (copied > 0)
    std::memcpy(args, values.data(), copied * sizeof(uint32_t));
  *count = static_cast<uint32_t>(values.size());
  return TT_OK;
}

tt_status tt_program_get_circular_buffer(const tt_program *program, uint32_t cb,
                                         uint32_t *page_size, uint32_t *num_pages,
                                         tt_data_format *format) {
  if (tt_status status = checkProgram(program, "tt_program_get_circular_buffer"))
    return status;
  if (cb >= kNumCBs)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": circular buffer " +
                                               std::to_string(cb) + ": id out of range [0, 32)");
  if (!program->cbs[cb])
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": circular buffer " + std::to_string(cb) + " is not configured");
  const CircularBufferConfig &config = *program->cbs[cb];
  if (page_size)
    *page_size = config.pageSize;
  if (num_pages)
    *num_pages = config.numPages;
  if (format)
    *format = config.format;
  return TT_OK;
}

uint32_t tt_program_num_cores(const tt_program *program) {
  if (checkProgram(program, "tt_program_num_cores") != TT_OK)
    return 0;
  return static_cast<uint32_t>(program->args.size());
}

tt_status tt_program_run(tt_program *program) {
  if (tt_status status = checkProgram(program, "tt_program_run"))
    return status;
  const std::string &name = program->name;
  if (!program->device)
    return fail(TT_ERROR_INVALID_ARGUMENT, name + ": the program's device has been closed");
  for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
    if (!program->kernels[r])
      return fail(TT_ERROR_INVALID_ARGUMENT, name + ": no kernel image for " + riscName(r));
  if (program->args.empty())
    return fail(TT_ERROR_INVALID_ARGUMENT, name + ": no core has runtime arguments");
  for (const auto &[core, coreArgs] : program->args)
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
      if (!coreArgs[r])
        return fail(TT_ERROR_INVALID_ARGUMENT, name + ": " + coreName(core.first, core.second) +
                                                   " has no runtime arguments for " + riscName(r));
  return fail(TT_ERROR_UNSUPPORTED,
              name + ": this runtime cannot execute kernels yet (the simulator is not built)");
}

} // extern "C"
