//===- runtime/Runtime.cpp - the tt-llc host runtime (C API) --------------===//
//
// Implements tt/runtime.h: simulated devices, one per row of the device
// table tt/devices.h (opened as "sim:<name>"), DRAM as per-device bank
// byte arrays (sim::Dram) that a per-bank bump allocator grows as buffers are
// created, buffer contents written and read as raw pages or as tilized
// matrices (32x32 tiles of 16x16 faces, converted with sim/Formats.h), and
// programs that validate and record what a host stub gives them (circular
// buffers, kernel images checked with sim/Image.h, compute configuration,
// runtime arguments).
// tt_program_run checks that a program is complete, hands it to the
// simulator (sim/Simulator.h) with the device's DRAM and keeps the
// statistics of the run for tt_program_get_stats.
//
// Every handle is checked against a registry of live objects before use, so
// a null, dangling or foreign handle gives an error instead of a crash.
// Nothing here depends on the compiler.
//
//===----------------------------------------------------------------------===//

#include "tt/runtime.h"

#include "tt/device_abi.h"
#include "tt/devices.h"
#include "tt/programs.h"

#include "sim/Formats.h"
#include "sim/Image.h"
#include "sim/Simulator.h"
#include "ttsim/Ttsim.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ttrt {
namespace {

/// A simulated device: its row of the device table (tt/devices.h), opened
/// as "sim:" + its name.
using DeviceSpec = tt_device_info;

/// The prefix of the names of simulated devices.
constexpr const char kSimPrefix[] = "sim:";

/// Instructions each RISC may retire in one run unless the device says
/// otherwise (tt_device_set_instruction_budget).
constexpr uint64_t kDefaultInstructionBudget = 100'000'000;

/// DRAM addresses below this offset of every bank are never allocated (so no
/// buffer has address 0).
constexpr uint64_t kDramBase = 0x10000;

constexpr uint32_t kNumCBs = TT_NUM_CBS;

thread_local std::string lastError;

/// The libttsim.so set with tt_set_ttsim_library ("" = $TT_LLC_TTSIM),
/// guarded by ttsimLibraryMutex().
std::string &ttsimLibraryOverride() {
  static auto *path = new std::string();
  return *path;
}
std::mutex &ttsimLibraryMutex() {
  static auto *mutex = new std::mutex();
  return *mutex;
}

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

/// "ncrisc (reader)".
std::string riscName(unsigned risc) {
  return std::string(tt_riscs[risc].name) + " (" + tt_riscs[risc].program + ")";
}

/// Whether `risc` is one of the five RISCs. A C caller may pass any int; C++
/// sees tt_risc with the fixed underlying type int (tt/runtime.h), so any
/// such int is a value of it, checked here before it indexes anything.
bool validRisc(tt_risc risc) {
  int r = static_cast<int>(risc);
  return r >= 0 && r < TT_NUM_RISCS;
}

/// The name of `format` ("Float16_b"), or null when the runtime does not
/// convert it.
const char *formatName(tt_data_format format) {
  const tt_tile_format *f = tt_tile_format_lookup(static_cast<int>(format));
  return f && f->simulated ? f->name : nullptr;
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

/// The runtime arguments of the five RISCs of one core.
using CoreArgs = std::array<std::optional<std::vector<uint32_t>>, TT_NUM_RISCS>;

} // namespace
} // namespace ttrt

using namespace ttrt;

struct tt_device {
  const DeviceSpec *spec = nullptr;
  std::string ttsimLibrary;        // a ttsim: device (runtime/ttsim/): the libttsim.so it runs on
  uint64_t nextOffset = kDramBase; // the bump allocator, the same in every bank
  uint64_t instructionBudget = kDefaultInstructionBudget;
  uint32_t threads = 0; // tt_device_set_threads
  // The contents of the DRAM banks, each as long as the allocated part of
  // the bank: every buffer's pages lie inside.
  sim::Dram dram;
  std::set<tt_buffer *> buffers; // detached when the device closes
  std::set<tt_program *> programs;
};

struct tt_buffer {
  tt_device *device = nullptr; // null once the device is closed
  const DeviceSpec *spec = nullptr;
  uint32_t address = 0;
  uint64_t size = 0;
  uint32_t pageSize = 0;
};

struct tt_program {
  tt_device *device = nullptr; // null once the device is closed
  const DeviceSpec *spec = nullptr;
  std::string name;
  std::array<sim::CircularBufferConfig, kNumCBs> cbs; // `used` when configured
  std::array<std::optional<std::vector<uint8_t>>, TT_NUM_RISCS> kernels;
  bool fp32DestAcc = false;
  tt_math_fidelity fidelity = TT_HIFI4;
  std::map<std::pair<uint32_t, uint32_t>, CoreArgs> args; // by (x, y)
  // The statistics of the last successful run, in increasing (y, x) order.
  std::optional<std::vector<tt_core_stats>> stats;
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
    return fail(TT_ERROR_INVALID_ARGUMENT, std::string(function) + ": " + what + " is not " + live);
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

/// Checks that `buffer` is live and its device still open: its contents are
/// in the device's DRAM.
tt_status checkBufferContents(const tt_buffer *buffer, const char *function) {
  if (tt_status status = checkBuffer(buffer, function))
    return status;
  if (!buffer->device)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": the buffer's device has been closed");
  return TT_OK;
}

/// The bytes of page `page` of `buffer` in its DRAM bank (page_size of them,
/// the last page's padding included), or null when the bank does not cover
/// them (tt_buffer_create grows the banks so that it always does).
uint8_t *pageBytes(const tt_buffer *buffer, uint64_t page) {
  std::vector<std::vector<uint8_t>> &banks = buffer->device->dram.banks;
  if (banks.empty())
    return nullptr;
  std::vector<uint8_t> &bank = banks[page % banks.size()];
  uint64_t offset = buffer->address +
                    page / banks.size() * alignUp(buffer->pageSize, buffer->spec->dram_alignment);
  if (offset > bank.size() || bank.size() - offset < buffer->pageSize)
    return nullptr;
  return bank.data() + offset;
}

/// Calls `visit(page, bytes)` for pages 0 .. pages - 1 of `buffer` in order.
template <typename Visit>
tt_status forEachPage(const tt_buffer *buffer, uint64_t pages, const char *function, Visit visit) {
  for (uint64_t page = 0; page < pages; ++page) {
    uint8_t *bytes = pageBytes(buffer, page);
    if (!bytes)
      return fail(TT_ERROR_FAULT, std::string(function) + ": page " + std::to_string(page) +
                                      " of the buffer lies outside its DRAM bank");
    visit(page, bytes);
  }
  return TT_OK;
}

/// Checks the arguments of tt_buffer_write_bytes / read_bytes.
tt_status checkBytes(const tt_buffer *buffer, const void *data, uint64_t size,
                     const char *function) {
  if (tt_status status = checkBufferContents(buffer, function))
    return status;
  if (size > buffer->size)
    return fail(TT_ERROR_INVALID_ARGUMENT, std::string(function) + ": " + std::to_string(size) +
                                               " bytes do not fit in the buffer's " +
                                               std::to_string(buffer->size));
  if (size > 0 && !data)
    return fail(TT_ERROR_INVALID_ARGUMENT, std::string(function) + ": data is null");
  return TT_OK;
}

/// Copies the first `size` bytes of the buffer's contents, in page order,
/// from `from` (host to device) or to `to` (device to host).
tt_status copyBytes(const tt_buffer *buffer, const uint8_t *from, uint8_t *to, uint64_t size,
                    const char *function) {
  uint64_t pageSize = buffer->pageSize;
  uint64_t pages = size / pageSize + (size % pageSize != 0);
  return forEachPage(buffer, pages, function, [&](uint64_t page, uint8_t *bytes) {
    uint64_t offset = page * pageSize;
    size_t count = static_cast<size_t>(std::min(pageSize, size - offset));
    if (from)
      std::memcpy(bytes, from + offset, count);
    else
      std::memcpy(to + offset, bytes, count);
  });
}

/// Checks the arguments of tt_buffer_write_tiles / read_tiles and returns the
/// matrix's number of tiles across and down.
tt_status checkTiles(const tt_buffer *buffer, const void *host, tt_data_format hostFormat,
                     uint32_t rows, uint32_t cols, tt_data_format deviceFormat,
                     const char *function, uint64_t &tilesAcross, uint64_t &tilesDown) {
  if (tt_status status = checkBufferContents(buffer, function))
    return status;
  std::string prefix = std::string(function) + ": ";
  if (!host)
    return fail(TT_ERROR_INVALID_ARGUMENT, prefix + "host is null");
  if (!formatName(hostFormat))
    return fail(TT_ERROR_INVALID_ARGUMENT, prefix + "unknown host data format " +
                                               std::to_string(static_cast<int>(hostFormat)));
  if (!formatName(deviceFormat))
    return fail(TT_ERROR_INVALID_ARGUMENT, prefix + "unknown device data format " +
                                               std::to_string(static_cast<int>(deviceFormat)));
  if (rows == 0 || cols == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT, prefix + "a " + std::to_string(rows) + " x " +
                                               std::to_string(cols) +
                                               " matrix: rows and cols must be positive");
  uint32_t tile = tileBytes(deviceFormat);
  if (buffer->pageSize != tile)
    return fail(TT_ERROR_INVALID_ARGUMENT, prefix + "the buffer's pages of " +
                                               std::to_string(buffer->pageSize) +
                                               " bytes are not " + formatName(deviceFormat) +
                                               " tiles (" + std::to_string(tile) + " bytes)");
  tilesAcross = (uint64_t(cols) + kTileCols - 1) / kTileCols;
  tilesDown = (uint64_t(rows) + kTileRows - 1) / kTileRows;
  uint64_t tiles = tilesAcross * tilesDown, room = buffer->size / tile;
  if (tiles > room)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                prefix + "a " + std::to_string(rows) + " x " + std::to_string(cols) +
                    " matrix is " + std::to_string(tiles) + " tiles, the buffer of " +
                    std::to_string(buffer->size) + " bytes holds " + std::to_string(room));
  return TT_OK;
}

/// Calls `visit(tile, row, col, rowEnd, colEnd)` for every tile of a matrix
/// of `rows` x `cols` elements: `tile` is the tile's page, (row, col) the
/// matrix element at the tile's origin, rowEnd x colEnd the part of the tile
/// inside the matrix.
template <typename Visit>
tt_status forEachTile(const tt_buffer *buffer, uint32_t rows, uint32_t cols, uint64_t tilesAcross,
                      uint64_t tilesDown, const char *function, Visit visit) {
  return forEachPage(buffer, tilesAcross * tilesDown, function, [&](uint64_t page, uint8_t *tile) {
    uint64_t row = page / tilesAcross * kTileRows, col = page % tilesAcross * kTileCols;
    uint32_t rowEnd = static_cast<uint32_t>(std::min<uint64_t>(kTileRows, rows - row));
    uint32_t colEnd = static_cast<uint32_t>(std::min<uint64_t>(kTileCols, cols - col));
    visit(tile, row, col, rowEnd, colEnd);
  });
}

/// Checks that core (x, y) is on the device's grid.
tt_status checkCore(const tt_program *program, uint32_t x, uint32_t y) {
  const DeviceSpec &spec = *program->spec;
  if (x >= spec.grid_x || y >= spec.grid_y)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": " + coreName(x, y) + " is outside the " + spec.name + " grid (" +
                    std::to_string(spec.grid_x) + " x " + std::to_string(spec.grid_y) + ")");
  return TT_OK;
}

//--- Kernel images ---------------------------------------------------------//

/// Why `image` is not a kernel image for `risc` on `device`, or "" when it
/// is one (sim/Image.h: the reader the simulator loads images with).
std::string checkImage(const uint8_t *image, size_t size, unsigned risc,
                       const tt_device_info &device) {
  Image parsed;
  std::string problem = readImage(image, size, parsed);
  return problem.empty() ? checkKernelImage(parsed, risc, device) : problem;
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
  size_t prefix = sizeof kSimPrefix - 1;
  size_t ttsimPrefix = sizeof ttsim::kPrefix - 1;
  bool onTtsim = false;
  if (!name || !*name)
    spec = &tt_devices[0];
  else if (std::strncmp(name, kSimPrefix, prefix) == 0)
    spec = tt_device_lookup(name + prefix);
  else if (std::strncmp(name, ttsim::kPrefix, ttsimPrefix) == 0) {
    spec = tt_device_lookup(name + ttsimPrefix);
    onTtsim = true;
    if (spec && std::strcmp(spec->arch, "grayskull") == 0)
      spec = nullptr; // ttsim simulates Wormhole and Blackhole
  }
  if (!spec) {
    std::string known;
    for (const DeviceSpec &d : tt_devices)
      known += (known.empty() ? "" : ", ") + (kSimPrefix + std::string(d.name));
    for (const DeviceSpec &d : tt_devices)
      if (std::strcmp(d.arch, "grayskull") != 0)
        known += ", " + (ttsim::kPrefix + std::string(d.name));
    return fail(TT_ERROR_INVALID_ARGUMENT, "tt_device_open: unknown device '" + std::string(name) +
                                               "' (known: " + known + ")");
  }
  // A ttsim device: its library, checked in a child process (ttsim/Ttsim.h).
  std::string library, problem;
  if (onTtsim) {
    try {
      {
        std::lock_guard<std::mutex> lock(ttsimLibraryMutex());
        library = ttsimLibraryOverride();
      }
      library = ttsim::libraryPath(library, *spec, problem);
      if (!library.empty())
        problem = ttsim::probe(library, *spec);
    } catch (const std::bad_alloc &) {
      return outOfHostMemory("tt_device_open");
    }
    if (!problem.empty())
      return fail(TT_ERROR_UNSUPPORTED, "tt_device_open: " + std::string(name) + ": " + problem);
  }
  try {
    auto opened = std::make_unique<tt_device>();
    opened->spec = spec;
    opened->ttsimLibrary = library;
    if (onTtsim)
      opened->instructionBudget = ttsim::kDefaultClockBudget;
    opened->dram.banks.resize(spec->dram_banks);
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

tt_device_abi tt_device_get_abi(const tt_device *device) {
  if (checkDevice(device, "tt_device_get_abi") != TT_OK)
    return TT_ABI_SIM;
  return device->ttsimLibrary.empty() ? TT_ABI_SIM : TT_ABI_HW;
}

tt_status tt_set_ttsim_library(const char *path) {
  try {
    std::lock_guard<std::mutex> lock(ttsimLibraryMutex());
    ttsimLibraryOverride() = path ? path : "";
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_set_ttsim_library");
  }
  return TT_OK;
}

tt_status tt_device_set_instruction_budget(tt_device *device, uint64_t instructions) {
  if (tt_status status = checkDevice(device, "tt_device_set_instruction_budget"))
    return status;
  if (instructions == 0)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                "tt_device_set_instruction_budget: the budget must be positive");
  device->instructionBudget = instructions;
  return TT_OK;
}

tt_status tt_device_set_threads(tt_device *device, uint32_t threads) {
  if (tt_status status = checkDevice(device, "tt_device_set_threads"))
    return status;
  device->threads = threads;
  return TT_OK;
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
  uint32_t banks = spec.dram_banks;
  uint64_t pagesPerBank = pages / banks + (pages % banks != 0);
  uint64_t alignedPage = alignUp(page_size, spec.dram_alignment);
  uint64_t address = alignUp(device->nextOffset, spec.dram_alignment);
  uint64_t available = address < spec.dram_bank_bytes ? spec.dram_bank_bytes - address : 0;
  if (pagesPerBank > available / alignedPage)
    return fail(TT_ERROR_OUT_OF_MEMORY, "tt_buffer_create: " + std::to_string(size) +
                                            " bytes in pages of " + std::to_string(page_size) +
                                            " do not fit in the DRAM left on " + spec.name + " (" +
                                            std::to_string(available) + " bytes per bank)");

  uint64_t end = address + pagesPerBank * alignedPage;
  try {
    auto created = std::make_unique<tt_buffer>();
    // Grow the banks to cover the buffer (new bytes are zero). Growing more
    // than needed when a later step fails is harmless.
    for (std::vector<uint8_t> &bank : device->dram.banks)
      if (bank.size() < end)
        bank.resize(end);
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
  device->nextOffset = end;
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

tt_device *tt_buffer_device(const tt_buffer *buffer) {
  if (checkBuffer(buffer, "tt_buffer_device") != TT_OK)
    return nullptr;
  return buffer->device;
}

tt_status tt_buffer_write_tiles(tt_buffer *buffer, const void *host, tt_data_format host_format,
                                uint32_t rows, uint32_t cols, tt_data_format device_format) {
  const char *function = "tt_buffer_write_tiles";
  uint64_t tilesAcross = 0, tilesDown = 0;
  if (tt_status status = checkTiles(buffer, host, host_format, rows, cols, device_format, function,
                                    tilesAcross, tilesDown))
    return status;
  const auto *matrix = static_cast<const uint8_t *>(host);
  uint64_t elementBytes = formatBytes(host_format);
  return forEachTile(
      buffer, rows, cols, tilesAcross, tilesDown, function,
      [&](uint8_t *tile, uint64_t row, uint64_t col, uint32_t rowEnd, uint32_t colEnd) {
        std::memset(tile, 0, buffer->pageSize); // the padding
        for (uint32_t r = 0; r < rowEnd; ++r) {
          const uint8_t *line = matrix + ((row + r) * cols + col) * elementBytes;
          for (uint32_t c = 0; c < colEnd; ++c)
            storeElement(tile, tileIndex(r, c), device_format, loadElement(line, c, host_format));
        }
      });
}

tt_status tt_buffer_read_tiles(const tt_buffer *buffer, void *host, tt_data_format host_format,
                               uint32_t rows, uint32_t cols, tt_data_format device_format) {
  const char *function = "tt_buffer_read_tiles";
  uint64_t tilesAcross = 0, tilesDown = 0;
  if (tt_status status = checkTiles(buffer, host, host_format, rows, cols, device_format, function,
                                    tilesAcross, tilesDown))
    return status;
  auto *matrix = static_cast<uint8_t *>(host);
  uint64_t elementBytes = formatBytes(host_format);
  return forEachTile(
      buffer, rows, cols, tilesAcross, tilesDown, function,
      [&](uint8_t *tile, uint64_t row, uint64_t col, uint32_t rowEnd, uint32_t colEnd) {
        for (uint32_t r = 0; r < rowEnd; ++r) {
          uint8_t *line = matrix + ((row + r) * cols + col) * elementBytes;
          for (uint32_t c = 0; c < colEnd; ++c)
            storeElement(line, c, host_format, loadElement(tile, tileIndex(r, c), device_format));
        }
      });
}

tt_status tt_buffer_write_bytes(tt_buffer *buffer, const void *data, uint64_t size) {
  const char *function = "tt_buffer_write_bytes";
  if (tt_status status = checkBytes(buffer, data, size, function))
    return status;
  return copyBytes(buffer, static_cast<const uint8_t *>(data), nullptr, size, function);
}

tt_status tt_buffer_read_bytes(const tt_buffer *buffer, void *data, uint64_t size) {
  const char *function = "tt_buffer_read_bytes";
  if (tt_status status = checkBytes(buffer, data, size, function))
    return status;
  return copyBytes(buffer, nullptr, static_cast<uint8_t *>(data), size, function);
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
  if (program->cbs[cb].used)
    return fail(TT_ERROR_INVALID_ARGUMENT, what + " is already configured");

  uint64_t total = uint64_t(page_size) * num_pages;
  for (const sim::CircularBufferConfig &other : program->cbs)
    if (other.used)
      total += uint64_t(other.pageSize) * other.numPages;
  uint64_t capacity = program->spec->l1_bytes - TT_L1_CB_BASE;
  if (total > capacity)
    return fail(TT_ERROR_OUT_OF_MEMORY, what + ": the circular buffers need " +
                                            std::to_string(total) + " bytes of L1, more than the " +
                                            std::to_string(capacity) + " bytes " +
                                            program->spec->name + " has for them");
  sim::CircularBufferConfig &config = program->cbs[cb];
  config.used = true;
  config.pageSize = page_size;
  config.numPages = num_pages;
  config.format = format;
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
  std::string problem = checkImage(bytes, size, r, *program->spec);
  if (problem.empty() && program->device) {
    bool hwImage = ttsim::checkHwImage(bytes, size).empty();
    if (!program->device->ttsimLibrary.empty() && !hwImage)
      problem = ttsim::checkHwImage(bytes, size);
    else if (program->device->ttsimLibrary.empty() && hwImage)
      problem = "an hw-ABI image (it defines __tt_abi_hw): sim: devices run images linked with "
                "the sim device library (docs/device-abi.md)";
  }
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
  if (!program->cbs[cb].used)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": circular buffer " + std::to_string(cb) + " is not configured");
  const sim::CircularBufferConfig &config = program->cbs[cb];
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

  try {
    sim::ProgramSpec spec;
    spec.device = program->spec;
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
      spec.images[r] = &*program->kernels[r];
    spec.cbs = program->cbs;
    spec.fp32DestAcc = program->fp32DestAcc;
    spec.fidelity = program->fidelity;
    spec.instructionBudget = program->device->instructionBudget;
    spec.threads = program->device->threads;
    spec.cores.reserve(program->args.size());
    for (const auto &[core, coreArgs] : program->args) {
      sim::CoreSpec &coreSpec = spec.cores.emplace_back();
      coreSpec.x = core.first;
      coreSpec.y = core.second;
      for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
        coreSpec.args[r] = *coreArgs[r];
    }
    std::sort(spec.cores.begin(), spec.cores.end(),
              [](const sim::CoreSpec &a, const sim::CoreSpec &b) {
                return std::tie(a.y, a.x) < std::tie(b.y, b.x);
              });

    sim::RunResult result =
        program->device->ttsimLibrary.empty()
            ? sim::run(spec, program->device->dram)
            : ttsim::run(program->device->ttsimLibrary, name, spec, program->device->dram);
    if (result.status != TT_OK)
      return fail(result.status, name + ": " + result.message);
    program->stats = std::move(result.stats);
  } catch (const std::bad_alloc &) {
    return outOfHostMemory("tt_program_run");
  } catch (const std::exception &e) {
    // The simulator reports faults through its result; anything thrown is a
    // bug there, still not a reason to take the host process down.
    return fail(TT_ERROR_FAULT, name + ": internal simulator error: " + e.what());
  }
  return TT_OK;
}

tt_status tt_program_get_stats(const tt_program *program, uint32_t index, tt_core_stats *stats) {
  if (tt_status status = checkProgram(program, "tt_program_get_stats"))
    return status;
  if (!stats)
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": stats (the result) is null");
  if (!program->stats)
    return fail(TT_ERROR_INVALID_ARGUMENT,
                program->name + ": no statistics: the program has not run successfully");
  if (index >= program->stats->size())
    return fail(TT_ERROR_INVALID_ARGUMENT, program->name + ": core index " + std::to_string(index) +
                                               " out of range [0, " +
                                               std::to_string(program->stats->size()) + ")");
  *stats = (*program->stats)[index];
  return TT_OK;
}

} // extern "C"
