//===- runtime/ttsim/Ttsim.cpp - ttsim devices: the host driver -----------===//
//
// Implements ttsim/Ttsim.h: the host side of the hw ABI (tt/hw_abi.h) on
// Tenstorrent's ttsim, driven through its C interface (ttsim's
// docs/libttsim_api.md) in a child process per run. Reads the program, the
// device table (tt/devices.h) and the parent's DRAM; guarantees that the
// parent survives whatever the kernels or ttsim do, that a run ends within
// its clock budget, and that DRAM is written back only after a complete run.
//
// Facts (tt-isa-documentation WormholeB0/, ttsim src/libttsim.cpp, tile.cpp):
//   - BAR0 from config space; Wormhole: TLB window 166 is 16 MiB at BAR0
//     offset 0xB000000, configured by the 8-byte word at 0x1FC00000 + 8 * i:
//     bits 0..11 address >> 24, then x (6 bits), y (6 bits). Blackhole:
//     window 0 is 2 MiB at BAR0 offset 0, configured by the three words at
//     0x1FC00000 + 12 * i: address >> 21, then (address >> 53) | coord << 11.
//   - Wormhole worker coordinates: x 1..4, 6..9; y 1..5, 7..11; NoC 1 sees
//     (9 - x, 11 - y). Blackhole: x 1..7, 10..16; y 2..11; both NoCs use the
//     same (translated) coordinates; DRAM tiles at translated x 17 / 18.
//   - RISCV_DEBUG_REG_SOFT_RESET_0 at 0xFFB121B0 (BRISC bit 11); reset pcs
//     of NCRISC and the TRISCs: Wormhole Tensix config registers 158..163
//     (0xFFEF0000 + 4 * reg, writable by BRISC, not the host), Blackhole
//     debug registers 0xFFB12228..0xFFB1223C.
//
//===----------------------------------------------------------------------===//

#include "ttsim/Ttsim.h"

#include "sim/Image.h"
#include "tt/device_abi.h"
#include "tt/hw_abi.h"
#include "tt/programs.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace ttrt::ttsim {
namespace {

constexpr uint32_t kWormholeDeviceId = 0x401E;
constexpr uint32_t kBlackholeDeviceId = 0xB140;
constexpr uint32_t kTenstorrentVendor = 0x1E52;
constexpr uint64_t kTlbConfig = 0x1FC00000;
constexpr uint64_t kSoftReset = 0xFFB121B0;
constexpr uint32_t kAllRiscsInReset = 0x47800;
constexpr uint32_t kBriscReset = 1u << 11;
constexpr uint32_t kClockStep = 4096;

bool isBlackhole(const tt_device_info &device) {
  return std::strcmp(device.arch, "blackhole") == 0;
}

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

/// The entry points of libttsim (docs/libttsim_api.md).
struct Library {
  void (*init)();
  void (*clock)(uint32_t);
  uint32_t (*configRead)(uint32_t, uint32_t);
  void (*read)(uint64_t, void *, uint32_t);
  void (*write)(uint64_t, const void *, uint32_t);
};

/// Loads `path` (in the child). "" or why not.
std::string load(const std::string &path, Library &lib) {
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return "cannot load ttsim library '" + path + "': " + (why ? why : "dlopen failed");
  }
  auto get = [&](const char *name, auto &fn) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
    return fn != nullptr;
  };
  if (!get("libttsim_init", lib.init) || !get("libttsim_clock", lib.clock) ||
      !get("libttsim_pci_config_rd32", lib.configRead) ||
      !get("libttsim_pci_mem_rd_bytes", lib.read) || !get("libttsim_pci_mem_wr_bytes", lib.write))
    return "'" + path + "' is not a ttsim library (libttsim_* entry points missing)";
  return "";
}

/// The device id ttsim `lib` presents, checked against `device`.
std::string checkDeviceId(Library &lib, const std::string &path, const tt_device_info &device) {
  uint32_t id = lib.configRead(0, 0);
  uint32_t want = isBlackhole(device) ? kBlackholeDeviceId : kWormholeDeviceId;
  if ((id & 0xFFFF) == kTenstorrentVendor && (id >> 16) == want)
    return "";
  const char *is = (id >> 16) == kWormholeDeviceId    ? "Wormhole"
                   : (id >> 16) == kBlackholeDeviceId ? "Blackhole"
                                                      : "an unknown device";
  return "'" + path + "' simulates " + is + " (PCI id " + hex(id) + "), not " + device.name +
         ": use the " + device.arch + " build of libttsim";
}

/// Tile access through one TLB window, reconfigured when the target moves.
class Chip {
public:
  Chip(Library &lib, const tt_device_info &device) : lib_(lib), blackhole_(isBlackhole(device)) {
    bar0_ = (uint64_t(lib.configRead(0, 0x14)) << 32) | (lib.configRead(0, 0x10) & ~0xFu);
    if (blackhole_) {
      windowBits_ = 21;
      windowOffset_ = 0;
    } else {
      windowBits_ = 24;
      windowOffset_ = 0xB000000;
    }
  }

  void access(uint32_t x, uint32_t y, uint64_t addr, void *data, uint64_t size, bool write) {
    auto *bytes = static_cast<uint8_t *>(data);
    uint64_t window = uint64_t(1) << windowBits_;
    while (size > 0) {
      uint64_t base = addr & ~(window - 1);
      target(x, y, base);
      uint64_t offset = addr - base;
      uint32_t chunk = static_cast<uint32_t>(std::min<uint64_t>(size, window - offset));
      if (write)
        lib_.write(bar0_ + windowOffset_ + offset, bytes, chunk);
      else
        lib_.read(bar0_ + windowOffset_ + offset, bytes, chunk);
      bytes += chunk;
      addr += chunk;
      size -= chunk;
    }
  }
  void write(uint32_t x, uint32_t y, uint64_t addr, const void *data, uint64_t size) {
    access(x, y, addr, const_cast<void *>(data), size, true);
  }
  void read(uint32_t x, uint32_t y, uint64_t addr, void *data, uint64_t size) {
    access(x, y, addr, data, size, false);
  }
  void write32(uint32_t x, uint32_t y, uint64_t addr, uint32_t value) {
    write(x, y, addr, &value, 4);
  }
  uint32_t read32(uint32_t x, uint32_t y, uint64_t addr) {
    uint32_t value = 0;
    read(x, y, addr, &value, 4);
    return value;
  }

private:
  void target(uint32_t x, uint32_t y, uint64_t base) {
    if (current_ && x == x_ && y == y_ && base == base_)
      return;
    uint32_t coord = x | y << 6;
    if (blackhole_) {
      uint32_t cfg[3] = {uint32_t(base >> 21), uint32_t((base >> 53) & 0x7FF) | coord << 11, 0};
      for (unsigned i = 0; i < 3; ++i)
        lib_.write(bar0_ + kTlbConfig + 4 * i, &cfg[i], 4);
    } else {
      uint64_t cfg = (base >> 24) | uint64_t(coord) << 12;
      lib_.write(bar0_ + kTlbConfig + 8 * 166, &cfg, 8);
    }
    current_ = true;
    x_ = x;
    y_ = y;
    base_ = base;
  }

  Library &lib_;
  bool blackhole_;
  uint64_t bar0_ = 0, windowOffset_ = 0;
  unsigned windowBits_ = 24;
  bool current_ = false;
  uint32_t x_ = 0, y_ = 0;
  uint64_t base_ = 0;
};

/// NoC 0 coordinates of worker core (x, y) of the device's grid.
std::pair<uint32_t, uint32_t> workerNoc0(const tt_device_info &device, uint32_t x, uint32_t y) {
  if (isBlackhole(device))
    return {x < 7 ? x + 1 : x + 3, y + 2};
  return {x < 4 ? x + 1 : x + 2, y < 5 ? y + 1 : y + 2};
}

/// The coordinates NoC 1 uses for the tile at NoC 0 (x, y).
std::pair<uint32_t, uint32_t> noc1Of(const tt_device_info &device, uint32_t x, uint32_t y) {
  if (isBlackhole(device))
    return {x, y};
  return {device.noc_x - 1 - x, device.noc_y - 1 - y};
}

/// The coordinates by which NoC 0 and the host reach DRAM bank `bank`:
/// tt/devices.h gives physical coordinates; Blackhole's NoCs translate DRAM
/// tiles (x 0 -> 18, 9 -> 17; its rows permuted as ttsim's
/// remap_virtual_coordinate undoes).
std::pair<uint32_t, uint32_t> bankNoc0(const tt_device_info &device, unsigned bank) {
  const tt_dram_bank &b = device.dram_bank_noc[bank];
  if (!isBlackhole(device))
    return {b.noc_x, b.noc_y};
  static const uint32_t virtualRow[12] = {12, 13, 15, 17, 22, 18, 20, 19, 23, 21, 16, 14};
  return {b.noc_x == 0 ? 18u : 17u, virtualRow[b.noc_y]};
}

//--- Boot code -------------------------------------------------------------//

constexpr uint32_t kT0 = 5, kT1 = 6, kT2 = 7;

uint32_t lui(uint32_t rd, uint32_t upper) { return upper << 12 | rd << 7 | 0x37; }
uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) {
  return (uint32_t(imm) & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
}
uint32_t sw(uint32_t rs2, uint32_t rs1, uint32_t offset) {
  return (offset >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 | (offset & 0x1F) << 7 | 0x23;
}
uint32_t lw(uint32_t rd, uint32_t rs1, uint32_t offset) {
  return (offset & 0xFFF) << 20 | rs1 << 15 | 2 << 12 | rd << 7 | 0x03;
}
uint32_t jalr(uint32_t rd, uint32_t rs1) { return rs1 << 15 | rd << 7 | 0x67; }
void li(std::vector<uint32_t> &code, uint32_t rd, uint32_t value) {
  uint32_t upper = (value + 0x800) >> 12;
  int32_t lower = int32_t(value - (upper << 12));
  code.push_back(lui(rd, upper & 0xFFFFF));
  code.push_back(addi(rd, rd, lower));
}

/// The BRISC boot code at L1 0 (tt/hw_abi.h): reset pcs of the other RISCs,
/// made visible before the release (BabyRISCV/MemoryOrdering.md), release
/// all RISCs from soft reset, jump to BRISC's image.
std::vector<uint32_t> bootCode(const tt_device_info &device) {
  std::vector<uint32_t> code;
  // (register block, offsets of TRISC0..2 pc, override, NCRISC pc, override)
  uint32_t block = isBlackhole(device) ? 0xFFB12000 : 0xFFEF0000;
  uint32_t first = isBlackhole(device) ? 0x228 : 4 * 158;
  const uint32_t values[6] = {
      TT_KERNEL_TEXT_ADDR(TT_RISC_TRISC0), TT_KERNEL_TEXT_ADDR(TT_RISC_TRISC1),
      TT_KERNEL_TEXT_ADDR(TT_RISC_TRISC2), 7,
      TT_KERNEL_TEXT_ADDR(TT_RISC_NCRISC), 1};
  li(code, kT0, block);
  for (unsigned i = 0; i < 6; ++i) {
    li(code, kT1, values[i]);
    code.push_back(sw(kT1, kT0, first + 4 * i));
  }
  // Three more stores (the last one again) push the six out of the store
  // queue; a load from the same region (a register that reads as 0 on
  // Wormhole) then returns only after they were processed, and its use
  // holds back the soft-reset store until it has.
  for (unsigned i = 0; i < 3; ++i)
    code.push_back(sw(kT1, kT0, first + 4 * 5));
  code.push_back(lw(kT2, kT0, isBlackhole(device) ? 0x1B0 : 4 * 10));
  code.push_back(addi(kT2, kT2, 0));
  li(code, kT0, uint32_t(kSoftReset & ~0xFFFu));
  code.push_back(sw(0, kT0, uint32_t(kSoftReset & 0xFFF)));
  li(code, kT0, TT_KERNEL_TEXT_ADDR(TT_RISC_BRISC));
  code.push_back(jalr(0, kT0));
  return code;
}

//--- The child -------------------------------------------------------------//

/// Writes all of `data` to `fd`.
bool writeAll(int fd, const void *data, size_t size) {
  const auto *p = static_cast<const uint8_t *>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= size_t(n);
  }
  return true;
}

bool readAll(int fd, void *data, size_t size) {
  auto *p = static_cast<uint8_t *>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= size_t(n);
  }
  return true;
}

/// Sends a status and a message over `fd`.
void sendResult(int fd, tt_status status, const std::string &message) {
  uint32_t header[2] = {uint32_t(status), uint32_t(message.size())};
  writeAll(fd, header, sizeof header);
  writeAll(fd, message.data(), message.size());
}

/// Loads the program's state onto core (x, y).
std::string loadCore(Chip &chip, const tt_device_info &device, const sim::ProgramSpec &program,
                     const sim::CoreSpec &core) {
  auto [x, y] = workerNoc0(device, core.x, core.y);
  std::vector<uint8_t> low(0x1000, 0);
  std::vector<uint32_t> boot = bootCode(device);
  std::memcpy(low.data() + TT_HW_BOOT_ADDR, boot.data(), boot.size() * 4);
  auto put = [&](uint32_t addr, uint32_t value) { std::memcpy(low.data() + addr, &value, 4); };
  auto [x1, y1] = noc1Of(device, x, y);
  tt_hw_core me = {x, y, x1, y1};
  std::memcpy(low.data() + TT_HW_CORE_ADDR, &me, sizeof me);
  put(TT_HW_NUM_BANKS_ADDR, device.dram_banks);
  put(TT_HW_COMPUTE_ADDR, TT_HW_COMPUTE_WORD(program.fp32DestAcc, unsigned(program.fidelity)));
  for (unsigned b = 0; b < device.dram_banks && b < TT_HW_MAX_BANKS; ++b) {
    auto [bx, by] = bankNoc0(device, b);
    auto [bx1, by1] = noc1Of(device, bx, by);
    uint64_t offset = device.dram_bank_noc[b].offset;
    tt_hw_dram_bank bank = {bx | by << 8, bx1 | by1 << 8, uint32_t(offset), uint32_t(offset >> 32)};
    std::memcpy(low.data() + TT_HW_BANKS_ADDR + b * sizeof bank, &bank, sizeof bank);
  }
  uint32_t cbBase = TT_L1_CB_BASE;
  for (unsigned cb = 0; cb < TT_NUM_CBS; ++cb) {
    const sim::CircularBufferConfig &config = program.cbs[cb];
    if (!config.used)
      continue;
    uint32_t size = config.pageSize * config.numPages;
    tt_hw_cb entry = {cbBase, size, config.pageSize, config.numPages, 0, cbBase, 0, cbBase};
    std::memcpy(low.data() + TT_HW_CB_ADDR(cb), &entry, sizeof entry);
    put(TT_HW_CB_FORMAT_ADDR(cb), uint32_t(config.format));
    cbBase += (size + 63) / 64 * 64; // DRAM alignment of both archs
  }
  // Each RISC's NoC counters start where its NIU's are now.
  for (unsigned r : {TT_RISC_BRISC, TT_RISC_NCRISC}) {
    uint64_t niu = 0xFFB20000 + (r == TT_RISC_NCRISC ? 0x10000 : 0);
    put(TT_HW_READS_ADDR(r), chip.read32(x, y, niu + 0x208));
    put(TT_HW_WRITES_ADDR(r), chip.read32(x, y, niu + 0x204));
  }
  chip.write(x, y, 0, low.data(), low.size());

  for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
    const std::vector<uint32_t> &args = core.args[r];
    if (!args.empty())
      chip.write(x, y, TT_RUNTIME_ARGS_ADDR(r), args.data(), args.size() * 4);
    const std::vector<uint8_t> &bytes = *program.images[r];
    Image image;
    std::string problem = readImage(bytes.data(), bytes.size(), image);
    if (!problem.empty())
      return problem;
    for (const ImageSegment &s : image.segments) {
      if (s.type != kPtLoad || s.memSize == 0)
        continue;
      if (uint64_t(s.vaddr) + s.memSize > device.l1_bytes)
        return std::string(tt_riscs[r].name) + " image has a segment at " + hex(s.vaddr) +
               " outside L1 (.data or .bss in local memory, which an hw image cannot have)";
      std::vector<uint8_t> data(s.memSize, 0);
      std::memcpy(data.data(), bytes.data() + s.offset, std::min(s.fileSize, s.memSize));
      chip.write(x, y, s.vaddr, data.data(), data.size());
    }
  }
  return "";
}

/// "tt.math.matmul_tiles" for a TT_SVC_* number.
const char *intrinsicName(uint32_t svc) {
  return svc < TT_NUM_SVCS ? tt_service_names[svc] : "an unknown intrinsic";
}

std::string riscName(unsigned r) {
  return std::string(tt_riscs[r].name) + " (" + tt_riscs[r].program + ")";
}

const char *waitName(uint32_t wait) {
  switch (wait & 0xFF) {
  case TT_HW_WAIT_RESERVE_BACK:
    return "tt.cb.reserve_back";
  case TT_HW_WAIT_FRONT:
    return "tt.cb.wait_front";
  case TT_HW_WAIT_NOC_READ:
    return "tt.noc.read_barrier";
  case TT_HW_WAIT_NOC_WRITE:
    return "tt.noc.write_barrier";
  case TT_HW_WAIT_NOC_CMD:
    return "a NoC command buffer";
  case TT_HW_WAIT_DST16:
    return "tt.pack.init (for trisc0's tt.unpack.mm_init, which sets the Dst format)";
  case TT_HW_WAIT_COPY:
    return "tt.copy_tile (for the other TRISC's half of it)";
  default:
    return nullptr;
  }
}

const char *formatName(uint32_t format) {
  switch (format) {
  case TT_FLOAT32:
    return "float32";
  case TT_FLOAT16:
    return "float16";
  case TT_FLOAT16_B:
    return "bfloat16";
  default:
    return "an unknown format";
  }
}

/// What a RISC whose completion word is `done` stopped for, after its name,
/// and the run's status; "" when it has not stopped on an error.
std::string stopMessage(const sim::ProgramSpec &program, uint32_t done, tt_status &status) {
  status = (done & TT_HW_TAG_MASK) == TT_HW_MISPLACED_TAG ? TT_ERROR_FAULT : TT_ERROR_UNSUPPORTED;
  uint32_t tag = done & TT_HW_TAG_MASK;
  std::string intrinsic = intrinsicName(done & 0xFF);
  if (tag == TT_HW_MISPLACED_TAG) {
    unsigned owner = intrinsic.rfind("tt.unpack.", 0) == 0 ? TT_RISC_TRISC0
                     : intrinsic.rfind("tt.math.", 0) == 0 || intrinsic == "tt.tile_regs_acquire" ||
                             intrinsic == "tt.tile_regs_commit"
                         ? TT_RISC_TRISC1
                         : TT_RISC_TRISC2;
    return "called " + intrinsic + ", which only " + riscName(owner) +
           " can execute: it drives that part of the Tensix coprocessor";
  }
  if (tag == TT_HW_BAD_FORMAT_TAG) {
    uint32_t cb = done >> 8 & 0xFF;
    return "stopped in " + intrinsic + ": circular buffer " + std::to_string(cb) + " holds " +
           formatName(cb < TT_NUM_CBS ? uint32_t(program.cbs[cb].format) : ~0u) +
           " tiles, which the Tensix coprocessor cannot use there (matmul operands: "
           "float32, float16 or bfloat16, float16 only with float16; a 16-bit bfloat16 Dst "
           "packs to bfloat16 or float32 only; docs/ttsim.md)";
  }
  return "";
}

/// The run, in the child: the result goes to `fd`, then DRAM.
void child(int fd, const std::string &path, const std::string &name,
           const sim::ProgramSpec &program, sim::Dram &dram) {
  const tt_device_info &device = *program.device;
  Library lib{};
  std::string problem = load(path, lib);
  if (!problem.empty())
    return sendResult(fd, TT_ERROR_UNSUPPORTED, problem);
  lib.init();
  problem = checkDeviceId(lib, path, device);
  if (!problem.empty())
    return sendResult(fd, TT_ERROR_UNSUPPORTED, problem);
  Chip chip(lib, device);

  // DRAM: the allocated extent of every bank.
  for (unsigned b = 0; b < device.dram_banks; ++b) {
    auto [bx, by] = bankNoc0(device, b);
    std::vector<uint8_t> &bank = dram.banks[b];
    if (!bank.empty())
      chip.write(bx, by, device.dram_bank_noc[b].offset, bank.data(), bank.size());
  }
  for (const sim::CoreSpec &core : program.cores) {
    std::string where = "core (" + std::to_string(core.x) + ", " + std::to_string(core.y) + ")";
    problem = loadCore(chip, device, program, core);
    if (!problem.empty())
      return sendResult(fd, TT_ERROR_BAD_IMAGE, where + ": " + problem);
  }
  std::fprintf(stderr, "tt-llc: ttsim: running %s on %zu cores\n", name.c_str(),
               program.cores.size());
  std::fflush(stderr);
  for (const sim::CoreSpec &core : program.cores) {
    auto [x, y] = workerNoc0(device, core.x, core.y);
    chip.write32(x, y, kSoftReset, kAllRiscsInReset & ~kBriscReset);
  }

  uint64_t clocks = 0;
  std::vector<bool> finished(program.cores.size(), false);
  size_t remaining = program.cores.size();
  while (remaining > 0) {
    if (clocks >= program.instructionBudget) {
      std::string report = "the run did not finish within its clock budget of " +
                           std::to_string(program.instructionBudget) + " cycles:";
      // The first kReportedRiscs unfinished RISCs, then how many more.
      constexpr unsigned kReportedRiscs = 10;
      unsigned unfinished = 0;
      for (size_t i = 0; i < program.cores.size(); ++i) {
        if (finished[i])
          continue;
        const sim::CoreSpec &core = program.cores[i];
        auto [x, y] = workerNoc0(device, core.x, core.y);
        for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
          if (chip.read32(x, y, TT_HW_DONE_ADDR(r)) == TT_HW_DONE)
            continue;
          if (++unfinished > kReportedRiscs)
            continue;
          uint32_t wait = chip.read32(x, y, TT_HW_WAIT_ADDR(r));
          report += "\n  core (" + std::to_string(core.x) + ", " + std::to_string(core.y) + ") " +
                    riscName(r) + ": ";
          if (const char *what = waitName(wait))
            report += std::string("waiting in ") + what +
                      ((wait & 0xFF) <= TT_HW_WAIT_FRONT
                           ? " (circular buffer " + std::to_string(wait >> 8 & 0xFF) + ")"
                           : std::string());
          else
            report += "running kernel code (ttsim exposes no pc; not in a library wait)";
        }
      }
      if (unfinished > kReportedRiscs)
        report +=
            "\n  ... and " + std::to_string(unfinished - kReportedRiscs) + " more unfinished RISCs";
      return sendResult(fd, TT_ERROR_BUDGET, report);
    }
    uint32_t step = uint32_t(std::min<uint64_t>(kClockStep, program.instructionBudget - clocks));
    lib.clock(step);
    clocks += step;
    for (size_t i = 0; i < program.cores.size(); ++i) {
      if (finished[i])
        continue;
      const sim::CoreSpec &core = program.cores[i];
      auto [x, y] = workerNoc0(device, core.x, core.y);
      uint32_t done[TT_NUM_RISCS];
      chip.read(x, y, TT_HW_DONE_ADDR(0), done, sizeof done);
      unsigned count = 0;
      for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
        tt_status status = TT_OK;
        std::string stop = stopMessage(program, done[r], status);
        if (!stop.empty())
          return sendResult(fd, status,
                            "core (" + std::to_string(core.x) + ", " + std::to_string(core.y) +
                                ") " + riscName(r) + " " + stop);
        count += done[r] == TT_HW_DONE;
      }
      if (count == TT_NUM_RISCS) {
        finished[i] = true;
        --remaining;
      }
    }
  }

  for (unsigned b = 0; b < device.dram_banks; ++b) {
    auto [bx, by] = bankNoc0(device, b);
    std::vector<uint8_t> &bank = dram.banks[b];
    if (!bank.empty())
      chip.read(bx, by, device.dram_bank_noc[b].offset, bank.data(), bank.size());
  }
  sendResult(fd, TT_OK, "");
  for (const std::vector<uint8_t> &bank : dram.banks)
    writeAll(fd, bank.data(), bank.size());
}

/// The child's output (ttsim's report), trimmed.
std::string readOutput(int fd) {
  std::string text;
  lseek(fd, 0, SEEK_SET);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < 64 * 1024)
    text.append(buffer, size_t(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

/// Runs `body(fd)` in a child whose stdout and stderr go to a temporary
/// file; returns the child's output and whether it exited normally; what
/// `body` sent is read by `receive(fd)` in the parent.
template <typename Body, typename Receive>
bool inChild(Body body, Receive receive, std::string &output, std::string &failure) {
  int pipeFds[2];
  if (pipe(pipeFds) != 0) {
    failure = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  FILE *log = std::tmpfile();
  if (!log) {
    close(pipeFds[0]);
    close(pipeFds[1]);
    failure = std::string("cannot create a temporary file: ") + std::strerror(errno);
    return false;
  }
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    failure = std::string("cannot fork: ") + std::strerror(errno);
    close(pipeFds[0]);
    close(pipeFds[1]);
    std::fclose(log);
    return false;
  }
  if (pid == 0) {
    close(pipeFds[0]);
    dup2(fileno(log), 1);
    dup2(fileno(log), 2);
    signal(SIGPIPE, SIG_IGN);
    body(pipeFds[1]);
    std::fflush(nullptr);
    _exit(0);
  }
  close(pipeFds[1]);
  bool received = receive(pipeFds[0]);
  close(pipeFds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  output = readOutput(fileno(log));
  std::fclose(log);
  if (!received) {
    if (WIFSIGNALED(status))
      failure = "the ttsim process was killed by signal " + std::to_string(WTERMSIG(status));
    else
      failure = "the ttsim process exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return received;
}

/// Reads a result sent with sendResult.
bool receiveResult(int fd, tt_status &status, std::string &message) {
  uint32_t header[2];
  if (!readAll(fd, header, sizeof header))
    return false;
  message.resize(header[1]);
  if (!readAll(fd, message.data(), message.size()))
    return false;
  status = tt_status(header[0]);
  return true;
}

/// What ttsim printed about the run: the child's output after its
/// "running" line (or all of it when it stopped before).
std::string ttsimReport(const std::string &output) {
  const char marker[] = "tt-llc: ttsim: running";
  std::string text = output;
  size_t start = output.find(marker);
  if (start != std::string::npos) {
    size_t end = output.find('\n', start);
    text = end == std::string::npos ? "" : output.substr(end + 1);
  }
  return text.empty() ? "(ttsim printed nothing)" : text;
}

} // namespace

std::string libraryPath(const std::string &explicitPath, const tt_device_info &device,
                        std::string &problem) {
  std::string path = explicitPath;
  if (path.empty())
    if (const char *env = std::getenv("TT_LLC_TTSIM"))
      path = env;
  if (path.empty()) {
    problem = std::string("no ttsim library: set TT_LLC_TTSIM to the path of the ") + device.arch +
              " build of libttsim.so (or pass tt-run --ttsim=PATH); scripts/build-ttsim.sh builds "
              "it as build/ttsim/" +
              device.arch +
              "/libttsim.so, or download it from github.com/tenstorrent/ttsim releases "
              "(docs/ttsim.md)";
    return "";
  }
  if (access(path.c_str(), R_OK) != 0) {
    problem = "ttsim library '" + path + "' cannot be read (" + std::strerror(errno) +
              "); scripts/build-ttsim.sh builds it as build/ttsim/" + device.arch +
              "/libttsim.so (docs/ttsim.md)";
    return "";
  }
  return path;
}

std::string probe(const std::string &library, const tt_device_info &device) {
  tt_status status = TT_OK;
  std::string message, output, failure;
  bool ok = inChild(
      [&](int fd) {
        Library lib{};
        std::string problem = load(library, lib);
        if (problem.empty()) {
          lib.init();
          problem = checkDeviceId(lib, library, device);
        }
        sendResult(fd, problem.empty() ? TT_OK : TT_ERROR_UNSUPPORTED, problem);
      },
      [&](int fd) { return receiveResult(fd, status, message); }, output, failure);
  if (!ok)
    return "ttsim library '" + library + "' failed to start: " + failure + ": " +
           ttsimReport(output);
  return status == TT_OK ? "" : message;
}

std::string checkHwImage(const uint8_t *image, size_t size) {
  if (hasSymbol(image, size, TT_HW_ABI_SYMBOL))
    return "";
  return "a sim-ABI image (no __tt_abi_hw symbol): ttsim devices run images linked with the hw "
         "device library (docs/device-abi.md, \"The hw ABI\")";
}

sim::RunResult run(const std::string &library, const std::string &name,
                   const sim::ProgramSpec &program, sim::Dram &dram) {
  sim::RunResult result;
  std::string message, output, failure;
  tt_status status = TT_OK;
  sim::Dram after;
  bool ok = inChild([&](int fd) { child(fd, library, name, program, dram); },
                    [&](int fd) {
                      if (!receiveResult(fd, status, message))
                        return false;
                      if (status != TT_OK)
                        return true;
                      after.banks.resize(dram.banks.size());
                      for (size_t b = 0; b < dram.banks.size(); ++b) {
                        after.banks[b].resize(dram.banks[b].size());
                        if (!readAll(fd, after.banks[b].data(), after.banks[b].size()))
                          return false;
                      }
                      return true;
                    },
                    output, failure);
  if (!ok) {
    result.status = TT_ERROR_FAULT;
    std::string where = program.cores.size() == 1
                            ? "core (" + std::to_string(program.cores[0].x) + ", " +
                                  std::to_string(program.cores[0].y) + ")"
                            : std::to_string(program.cores.size()) + " cores";
    result.message =
        "ttsim stopped the run on " + where + " (" + failure + "):\n" + ttsimReport(output);
    return result;
  }
  if (status != TT_OK) {
    result.status = status;
    result.message = message;
    return result;
  }
  dram = std::move(after);
  for (const sim::CoreSpec &core : program.cores) {
    tt_core_stats &stats = result.stats.emplace_back();
    stats.x = core.x;
    stats.y = core.y;
  }
  return result;
}

} // namespace ttrt::ttsim
