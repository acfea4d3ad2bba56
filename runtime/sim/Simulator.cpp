//===- runtime/sim/Simulator.cpp - functional Tensix simulator ------------===//
//
// See Simulator.h and docs/simulator.md. One Unicorn engine per RISC; the
// five engines of a core map the same L1 host memory, each its own local
// data RAM. A service call (`ecall`, tt/device_abi.h) either completes inside
// the interrupt hook (the RISC goes on) or blocks: the hook stops the engine
// and the RISC resumes at the same `ecall` when it is scheduled again.
//
// Unicorn's RISC-V model predates Zba / Zbb, which Blackhole kernels may
// use: those instructions trap as illegal and are executed here
// (trap-and-emulate), so images run unchanged.
//
//===----------------------------------------------------------------------===//

#include "sim/Simulator.h"

#include "sim/Formats.h"
#include "sim/Image.h"
#include "sim/Numerics.h"
#include "tt/device_abi.h"
#include "tt/programs.h"

#include <unicorn/unicorn.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

using namespace ttrt;
using namespace ttrt::sim;

namespace {

constexpr uint32_t kPageBytes = 4096;
/// The `until` address of uc_emu_start: unmapped, so never reached.
constexpr uint64_t kNeverReached = 0xFFFFFFF0u;

std::string hex(uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

/// A DST tile: row-major 32x32 32-bit DST values (sim/Numerics.h), on
/// cache lines of its own (the tile kernel's 32-byte loads and stores of a
/// row never straddle two lines).
struct alignas(64) DstTile : std::array<uint32_t, kTileElems> {};

/// One unpacked operand pair: A in SrcB, B in SrcA.
struct Operands {
  num::SrcTile a, b;
};

/// A tile unpack handed over for DST (tt.unpack.copy_tile), as DST values.
struct CopyOperand {
  DstTile tile;
  num::DstFormat format;
};

/// A queue of at most N values in place: the source registers' slots. A
/// pushed slot is reused as it is (no allocation, no zeroing: the unpack
/// that fills it writes every field).
template <class T, size_t N> class Slots {
public:
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  void clear() { first_ = count_ = 0; }
  /// The slot after the last one, now the back of the queue.
  T &push() { return slots_[(first_ + count_++) % N]; }
  T &front() { return slots_[first_]; }
  void pop() {
    first_ = (first_ + 1) % N;
    --count_;
  }

private:
  std::array<T, N> slots_;
  size_t first_ = 0, count_ = 0;
};

struct CB {
  CircularBufferConfig cfg;
  uint32_t base = 0;
  uint32_t received = 0, acked = 0; // cumulative pages
  uint32_t wrPage = 0, rdPage = 0;
  uint32_t inUse() const { return received - acked; }
};

/// What one turn of a RISC achieved.
enum class Outcome { Progress, Stalled, Fault };

struct Risc {
  uc_engine *uc = nullptr;
  unsigned index = 0;
  std::vector<uint8_t> local;
  bool done = false;
  uint64_t pc = 0;
  uint64_t instructions = 0, cbOps = 0;
  // Set by hooks during a turn.
  bool blocked = false;
  // What it waits for, turned into text only for a deadlock report: the
  // service `waitName` and either CB `waitCb` (`waitPages` pages) or
  // `waitWhat`.
  const char *waitName = nullptr, *waitWhat = nullptr;
  uint32_t waitCb = 0, waitPages = 0;
  uint64_t resumePc = 0;
  uint64_t blockStart = 0, blockSize = 0; // the translation block running
  uint64_t servicePc = 0;                 // the ecall of the service running, or 0
};

/// Byte ranges [start, end) of DRAM (bank << 40 | address), disjoint and
/// coalesced, keyed by their start.
class RangeSet {
public:
  static uint64_t key(uint32_t bank, uint32_t addr) { return uint64_t(bank) << 40 | addr; }
  void add(uint64_t start, uint64_t end) {
    // A range that touches the one before it extends that one in place (a
    // core's reads of consecutive tiles, the common case, allocate nothing).
    auto it = ranges_.upper_bound(start);
    if (it != ranges_.begin() && std::prev(it)->second >= start) {
      --it;
      if (end <= it->second)
        return;
      it->second = end;
    } else {
      it = ranges_.emplace_hint(it, start, end);
    }
    for (auto next = std::next(it); next != ranges_.end() && next->first <= it->second;
         next = ranges_.erase(next))
      it->second = std::max(it->second, next->second);
  }
  bool overlaps(uint64_t start, uint64_t end) const {
    auto it = ranges_.lower_bound(end);
    return it != ranges_.begin() && std::prev(it)->second > start;
  }
  bool overlaps(const RangeSet &other) const {
    for (auto [start, end] : other.ranges_)
      if (overlaps(start, end))
        return true;
    return false;
  }
  void add(const RangeSet &other) {
    for (auto [start, end] : other.ranges_)
      add(start, end);
  }

private:
  std::map<uint64_t, uint64_t> ranges_;
};

/// What one core did to DRAM in a parallel run: its writes, held back in
/// issue order (DRAM stays as it was before the run until every core has
/// finished), and the ranges it read and wrote.
struct CoreLog {
  struct Write {
    uint32_t bank, addr, bytes;
    size_t offset; // in data
  };
  std::vector<Write> writes;
  std::vector<uint8_t> data;
  RangeSet read, written;
  // The core's outcome.
  std::optional<tt_status> status;
  std::string message;
  tt_core_stats stats{};

  /// Overlays the core's own earlier writes on `bytes` bytes read from
  /// `bank` at `addr` into `out`, as DRAM would hold them.
  void overlay(uint32_t bank, uint32_t addr, uint32_t bytes, uint8_t *out) const {
    if (!written.overlaps(RangeSet::key(bank, addr), RangeSet::key(bank, addr) + bytes))
      return;
    for (const Write &w : writes) {
      uint64_t lo = std::max<uint64_t>(w.addr, addr);
      uint64_t hi = std::min<uint64_t>(uint64_t(w.addr) + w.bytes, uint64_t(addr) + bytes);
      if (w.bank == bank && lo < hi)
        std::memcpy(out + (lo - addr), data.data() + w.offset + (lo - w.addr), hi - lo);
    }
  }
  /// Applies the writes to `dram` in their order.
  void apply(Dram &dram) const {
    for (const Write &w : writes)
      std::memcpy(dram.banks[w.bank].data() + w.addr, data.data() + w.offset, w.bytes);
  }
};

class Machine;

/// The state of one core while it runs.
struct Core {
  const CoreSpec *spec = nullptr;
  std::array<CB, TT_NUM_CBS> cbs;
  tt_core_stats stats{};
  // Matrix engine.
  bool unpackReady = false, mathReady = false, packReady = false;
  static constexpr size_t kOperandSlots = 2; // SRCA / SRCB double buffering
  Slots<Operands, kOperandSlots> operands;   // unpacked pairs for math
  Slots<CopyOperand, kOperandSlots> copies;  // unpacked tiles for DST
  enum class Half { Free, Math, Committed, Pack };
  std::array<Half, 2> halves{Half::Free, Half::Free};
  std::array<std::vector<DstTile>, 2> dst;
  /// Per half, the tiles written since the half was last zeroed: acquire
  /// zeroes only those.
  std::array<std::vector<bool>, 2> dstWritten;
  /// The format of each half's DST values: set by the matmuls that wrote
  /// it (all zeros read the same in any format).
  std::array<num::DstFormat, 2> dstFormat{};
  unsigned mathHalf = 0, packHalf = 0;
};

class Machine {
public:
  Machine(const ProgramSpec &p, Dram &d) : prog_(p), dram_(d) {}
  ~Machine();
  RunResult run();
  bool setup();
  /// Runs core `c` with its DRAM writes held in `log` (not applied), its
  /// outcome and statistics recorded there.
  void runLogged(const CoreSpec &c, CoreLog &log);
  tt_status setupStatus() const { return faultStatus_.value_or(TT_ERROR_FAULT); }
  const std::string &setupMessage() const { return faultMessage_; }

  // Hooks.
  void onInterrupt(Risc &r, uint32_t intno);
  void onBlock(Risc &r, uint64_t address, uint32_t size);
  bool onInvalidMemory(Risc &r, int type, uint64_t address, int size);
  void onLocalOverflow(Risc &r, int type, uint64_t address, int size);

private:
  bool loadCore(const CoreSpec &c);
  bool runCore(const CoreSpec &c, tt_core_stats &stats);
  Outcome turn(Risc &r);
  void fault(Risc &r, tt_status status, const std::string &what);
  std::string where(const Risc &r) const;
  bool service(Risc &r, uint32_t svc, const std::array<uint32_t, 6> &a, uint32_t &result);
  bool block(Risc &r, const char *name, const char *what);
  bool blockOnCb(Risc &r, const char *name, uint32_t cb, uint32_t pages);
  std::string waitReason(const Risc &r) const;
  bool checkL1(Risc &r, uint32_t addr, uint32_t bytes, const char *what);
  CB *cbOf(Risc &r, uint32_t id, const char *svc);
  /// Faults unless math holds a DST half (tile_regs_acquire) with tile `dst`.
  bool checkMathDst(Risc &r, const char *svc, uint32_t dst);
  uint32_t pageAddr(const CB &cb, uint32_t page) const {
    return cb.base + (page % cb.cfg.numPages) * cb.cfg.pageSize;
  }
  bool emulateBitmanip(Risc &r, uint64_t pc);
  /// The pc of the access of `size` bytes at `address` that a memory hook
  /// of type `type` (uc_mem_type) reports.
  std::string accessPc(Risc &r, int type, uint64_t address, int size);
  std::string deadlockReport();

  const ProgramSpec &prog_;
  Dram &dram_;
  std::vector<uint8_t> l1_;
  std::array<Risc, 5> riscs_;
  std::array<uc_hook, 5> hooks_[4];
  std::array<std::pair<Machine *, Risc *>, 5> ctx_;
  Core core_;
  std::optional<tt_status> faultStatus_;
  std::string faultMessage_;
  uint32_t dstTiles_ = 0;
  CoreLog *log_ = nullptr; // a parallel run's log of the running core, else null
};

// --- Unicorn hook trampolines -----------------------------------------------

// The hooks' user data points at a (Machine, Risc) pair.
template <typename F> void withRisc(void *user, F f) {
  auto *pair = static_cast<std::pair<Machine *, Risc *> *>(user);
  f(*pair->first, *pair->second);
}

void intrHook(uc_engine *, uint32_t intno, void *user) {
  withRisc(user, [&](Machine &m, Risc &r) { m.onInterrupt(r, intno); });
}
void blockHook(uc_engine *, uint64_t address, uint32_t size, void *user) {
  withRisc(user, [&](Machine &m, Risc &r) { m.onBlock(r, address, size); });
}
bool invalidHook(uc_engine *, uc_mem_type type, uint64_t address, int size, int64_t, void *user) {
  bool handled = false;
  withRisc(user, [&](Machine &m, Risc &r) { handled = m.onInvalidMemory(r, type, address, size); });
  return handled;
}
void localOverflowHook(uc_engine *, uc_mem_type type, uint64_t address, int size, int64_t,
                       void *user) {
  withRisc(user, [&](Machine &m, Risc &r) { m.onLocalOverflow(r, type, address, size); });
}

// --- Setup ------------------------------------------------------------------

Machine::~Machine() {
  for (Risc &r : riscs_)
    if (r.uc)
      uc_close(r.uc);
}

bool Machine::setup() {
  const DeviceModel &d = *prog_.device;
  l1_.assign((d.l1_bytes + kPageBytes - 1) / kPageBytes * kPageBytes, 0);
  for (unsigned i = 0; i < 5; ++i) {
    Risc &r = riscs_[i];
    r.index = i;
    uint32_t localSize = d.local_bytes[i];
    r.local.assign((localSize + kPageBytes - 1) / kPageBytes * kPageBytes, 0);
    if (uc_open(UC_ARCH_RISCV, UC_MODE_RISCV32, &r.uc) != UC_ERR_OK) {
      faultStatus_ = TT_ERROR_OUT_OF_MEMORY;
      faultMessage_ = "cannot create a RISC-V engine";
      return false;
    }
    ctx_[i] = {this, &r};
    if (uc_mem_map_ptr(r.uc, 0, l1_.size(), UC_PROT_ALL, l1_.data()) != UC_ERR_OK ||
        uc_mem_map_ptr(r.uc, TT_LOCAL_MEM_BASE, r.local.size(), UC_PROT_READ | UC_PROT_WRITE,
                       r.local.data()) != UC_ERR_OK) {
      faultStatus_ = TT_ERROR_OUT_OF_MEMORY;
      faultMessage_ = "cannot map L1 / local memory";
      return false;
    }
    uc_hook_add(r.uc, &hooks_[0][i], UC_HOOK_INTR, (void *)intrHook, &ctx_[i], 1, 0);
    uc_hook_add(r.uc, &hooks_[1][i], UC_HOOK_BLOCK, (void *)blockHook, &ctx_[i], 1, 0);
    uc_hook_add(r.uc, &hooks_[2][i], UC_HOOK_MEM_INVALID, (void *)invalidHook, &ctx_[i], 1, 0);
    if (localSize < r.local.size()) // the mapped page is larger than the RAM
      uc_hook_add(r.uc, &hooks_[3][i], UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE | UC_HOOK_MEM_FETCH,
                  (void *)localOverflowHook, &ctx_[i], TT_LOCAL_MEM_BASE + localSize,
                  TT_LOCAL_MEM_BASE + r.local.size() - 1);
  }
  // Circular buffers, in id order from TT_L1_CB_BASE.
  uint32_t next = TT_L1_CB_BASE;
  for (unsigned id = 0; id < TT_NUM_CBS; ++id) {
    const CircularBufferConfig &c = prog_.cbs[id];
    core_.cbs[id].cfg = c;
    if (!c.used)
      continue;
    core_.cbs[id].base = next;
    next += (c.pageSize * c.numPages + 31) / 32 * 32;
    if (next > d.l1_bytes) {
      faultStatus_ = TT_ERROR_OUT_OF_MEMORY;
      faultMessage_ = "circular buffers need " + std::to_string(next - TT_L1_CB_BASE) +
                      " bytes of L1 from " + hex(TT_L1_CB_BASE) + ", more than the device has";
      return false;
    }
  }
  dstTiles_ = prog_.fp32DestAcc ? d.dst_tiles_fp32 : d.dst_tiles_16;
  return true;
}

/// The little-endian word at `p` (an instruction).
uint32_t rd32(const uint8_t *p) {
  return uint32_t(p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24);
}

/// Copies the PT_LOAD segments of kernel image `bytes` for `risc` to L1 and
/// the RISC's local memory (zero-filling .bss); returns the entry point, or
/// an error message. The runtime has checked the image (sim/Image.h) when it
/// was set; this reads it with the same reader.
std::optional<std::string> loadImage(const std::vector<uint8_t> &bytes, unsigned risc,
                                     const DeviceModel &device, std::vector<uint8_t> &l1,
                                     std::vector<uint8_t> &local, uint64_t &entry) {
  Image image;
  std::string problem = readImage(bytes.data(), bytes.size(), image);
  if (problem.empty())
    problem = checkKernelImage(image, risc, device);
  if (!problem.empty())
    return problem;
  entry = image.entry;
  for (const ImageSegment &s : image.segments) {
    if (s.type != kPtLoad)
      continue;
    bool inL1 = false;
    uint32_t offset = 0;
    if (!placeSegment(s, risc, device, inL1, offset) ||
        uint64_t(offset) + s.memSize > (inL1 ? l1 : local).size())
      return "segment at " + hex(s.vaddr) + " (" + std::to_string(s.memSize) +
             " bytes) outside L1 and local memory";
    uint8_t *dst = (inL1 ? l1 : local).data() + offset;
    std::memcpy(dst, bytes.data() + s.offset, s.fileSize);
    std::memset(dst + s.fileSize, 0, s.memSize - s.fileSize);
  }
  return std::nullopt;
}

bool Machine::loadCore(const CoreSpec &c) {
  std::fill(l1_.begin(), l1_.end(), 0);
  core_.spec = &c;
  core_.stats = {};
  core_.stats.x = c.x;
  core_.stats.y = c.y;
  for (CB &cb : core_.cbs) {
    cb.received = cb.acked = cb.wrPage = cb.rdPage = 0;
  }
  core_.unpackReady = core_.mathReady = core_.packReady = false;
  core_.operands.clear();
  core_.copies.clear();
  core_.halves = {Core::Half::Free, Core::Half::Free};
  core_.mathHalf = core_.packHalf = 0;
  for (auto &d : core_.dst)
    d.assign(dstTiles_, DstTile{});
  for (auto &w : core_.dstWritten)
    w.assign(dstTiles_, false);
  for (unsigned i = 0; i < 5; ++i) {
    Risc &r = riscs_[i];
    std::fill(r.local.begin(), r.local.end(), 0);
    r.done = r.blocked = false;
    r.instructions = r.cbOps = 0;
    uint64_t entry = 0;
    if (auto err = loadImage(*prog_.images[i], i, *prog_.device, l1_, r.local, entry)) {
      fault(r, TT_ERROR_BAD_IMAGE, "cannot load the image: " + *err);
      return false;
    }
    const std::vector<uint32_t> &args = c.args[i];
    if (args.size() > TT_RUNTIME_ARGS_MAX) {
      fault(r, TT_ERROR_INVALID_ARGUMENT, "more than 341 runtime arguments");
      return false;
    }
    for (size_t k = 0; k < args.size(); ++k)
      std::memcpy(&l1_[TT_RUNTIME_ARGS_ADDR(i) + 4 * k], &args[k], 4);
    uint32_t zero = 0;
    for (int reg = UC_RISCV_REG_X1; reg <= UC_RISCV_REG_X31; ++reg)
      uc_reg_write(r.uc, reg, &zero);
    r.pc = entry;
  }
  // Every core runs the same images, so code translated for one core stays
  // valid for the next (the engines are new for each program).
  return true;
}

// --- Faults -----------------------------------------------------------------

std::string Machine::where(const Risc &r) const {
  return "core (" + std::to_string(core_.spec->x) + ", " + std::to_string(core_.spec->y) + ") " +
         tt_riscs[r.index].program + " (" + tt_riscs[r.index].name + ")";
}

void Machine::fault(Risc &r, tt_status status, const std::string &what) {
  if (!faultStatus_) {
    faultStatus_ = status;
    faultMessage_ = where(r) + ": " + what;
    if (r.servicePc) { // the intrinsic's ecall in the device library, and its caller
      uint32_t ra = 0;
      uc_reg_read(r.uc, UC_RISCV_REG_RA, &ra);
      faultMessage_ += " (at pc " + hex(r.servicePc) + ", called from " + hex(ra) + ")";
    }
  }
  uc_emu_stop(r.uc);
}

bool isFetch(int type) {
  return type == UC_MEM_FETCH || type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
}
bool isWrite(int type) {
  return type == UC_MEM_WRITE || type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
}

bool Machine::onInvalidMemory(Risc &r, int type, uint64_t address, int size) {
  fault(r, TT_ERROR_FAULT,
        std::string(isFetch(type)   ? "fetch from"
                    : isWrite(type) ? "write of"
                                    : "read of") +
            " " + std::to_string(size) + " bytes at " + hex(address) +
            ", outside L1 and local memory, at pc " + accessPc(r, type, address, size));
  return false;
}

std::string Machine::accessPc(Risc &r, int type, uint64_t address, int size) {
  // In a memory hook Unicorn's pc is the start of the translation block (it
  // is only kept exact under a code hook, too costly to install), so the
  // access is found in the block. The registers are as before it (the
  // engine saves them before every access that can fault): the first load
  // or store of the block whose effective address is `address` is the one,
  // as an earlier one with the same address and base register would have
  // failed first.
  if (isFetch(type))
    return hex(address);
  bool write = isWrite(type);
  for (uint64_t pc = r.blockStart; pc < r.blockStart + r.blockSize && pc + 4 <= l1_.size();
       pc += 4) {
    uint32_t insn = rd32(&l1_[pc]), opcode = insn & 0x7f, f3 = (insn >> 12) & 7;
    int32_t imm;
    if (opcode == 0x03 && !write && f3 != 3 && f3 < 6)
      imm = int32_t(insn) >> 20; // lb lh lw lbu lhu
    else if (opcode == 0x23 && write && f3 < 3)
      imm = (int32_t(insn) >> 25 << 5) | int32_t((insn >> 7) & 31); // sb sh sw
    else
      continue;
    if ((1 << (f3 & 3)) != size)
      continue;
    uint32_t base = 0, rs1 = (insn >> 15) & 31;
    if (rs1)
      uc_reg_read(r.uc, UC_RISCV_REG_X0 + rs1, &base);
    if (uint32_t(base + uint32_t(imm)) == uint32_t(address))
      return hex(pc);
  }
  return "in the block at " + hex(r.blockStart);
}

void Machine::onLocalOverflow(Risc &r, int type, uint64_t address, int size) {
  fault(r, TT_ERROR_FAULT,
        "access at " + hex(address) + " past the end of local memory (" +
            std::to_string(prog_.device->local_bytes[r.index]) + " bytes from " +
            hex(TT_LOCAL_MEM_BASE) + "), at pc " + accessPc(r, type, address, size));
}

void Machine::onBlock(Risc &r, uint64_t address, uint32_t size) {
  r.blockStart = address;
  r.blockSize = size;
  r.instructions += size / 4;
  if (r.instructions > prog_.instructionBudget)
    fault(r, TT_ERROR_BUDGET,
          "instruction budget of " + std::to_string(prog_.instructionBudget) +
              " exceeded (a runaway loop?) at pc " + hex(address));
}

// --- Services -----------------------------------------------------------------

bool Machine::block(Risc &r, const char *name, const char *what) {
  r.blocked = true;
  r.waitName = name;
  r.waitWhat = what;
  return false;
}

bool Machine::blockOnCb(Risc &r, const char *name, uint32_t cb, uint32_t pages) {
  r.blocked = true;
  r.waitName = name;
  r.waitWhat = nullptr;
  r.waitCb = cb;
  r.waitPages = pages;
  return false;
}

bool Machine::checkL1(Risc &r, uint32_t addr, uint32_t bytes, const char *what) {
  if (addr < TT_L1_CB_BASE || uint64_t(addr) + bytes > prog_.device->l1_bytes) {
    fault(r, TT_ERROR_FAULT,
          std::string(what) + ": L1 range [" + hex(addr) + ", " + hex(uint64_t(addr) + bytes) +
              ") is outside the circular-buffer area [" + hex(TT_L1_CB_BASE) + ", " +
              hex(prog_.device->l1_bytes) + ")");
    return false;
  }
  return true;
}

CB *Machine::cbOf(Risc &r, uint32_t id, const char *svc) {
  if (id >= TT_NUM_CBS || !core_.cbs[id].cfg.used) {
    fault(r, TT_ERROR_FAULT,
          std::string(svc) + ": circular buffer " + std::to_string(id) +
              " was not created by the program");
    return nullptr;
  }
  return &core_.cbs[id];
}

bool Machine::checkMathDst(Risc &r, const char *svc, uint32_t dst) {
  if (core_.halves[core_.mathHalf] != Core::Half::Math) {
    fault(r, TT_ERROR_FAULT, std::string(svc) + " without tt.tile_regs_acquire");
    return false;
  }
  if (dst >= dstTiles_) {
    fault(r, TT_ERROR_FAULT,
          std::string(svc) + "(" + std::to_string(dst) + "): DST holds " +
              std::to_string(dstTiles_) + " tiles");
    return false;
  }
  return true;
}

std::string cbState(uint32_t id, const CB &cb) {
  return "CB " + std::to_string(id) + ": " + std::to_string(cb.inUse()) + " of " +
         std::to_string(cb.cfg.numPages) + " pages in use (pushed " + std::to_string(cb.received) +
         ", popped " + std::to_string(cb.acked) + ")";
}

/// Executes service `svc`; false when the RISC blocked or faulted.
bool Machine::service(Risc &r, uint32_t svc, const std::array<uint32_t, 6> &a, uint32_t &result) {
  const char *name = svc < TT_NUM_SVCS ? tt_service_names[svc] : "?";
  Core &c = core_;
  switch (svc) {
  case TT_SVC_EXIT:
    r.done = true;
    uc_emu_stop(r.uc);
    return false;
  case TT_SVC_CB_RESERVE_BACK:
  case TT_SVC_CB_PUSH_BACK:
  case TT_SVC_CB_WAIT_FRONT:
  case TT_SVC_CB_POP_FRONT: {
    CB *cb = cbOf(r, a[0], name);
    if (!cb)
      return false;
    uint32_t n = a[1];
    if (n == 0 || n > cb->cfg.numPages) {
      fault(r, TT_ERROR_FAULT,
            std::string(name) + "(" + std::to_string(a[0]) + ", " + std::to_string(n) + "): CB " +
                std::to_string(a[0]) + " has " + std::to_string(cb->cfg.numPages) + " pages");
      return false;
    }
    if (svc == TT_SVC_CB_RESERVE_BACK && cb->cfg.numPages - cb->inUse() < n)
      return blockOnCb(r, name, a[0], n);
    if (svc == TT_SVC_CB_WAIT_FRONT && cb->inUse() < n)
      return blockOnCb(r, name, a[0], n);
    if (svc == TT_SVC_CB_PUSH_BACK) {
      if (cb->inUse() + n > cb->cfg.numPages) {
        fault(r, TT_ERROR_FAULT,
              std::string(name) + ": pushing " + std::to_string(n) + " pages overflows " +
                  cbState(a[0], *cb));
        return false;
      }
      cb->received += n;
      cb->wrPage = (cb->wrPage + n) % cb->cfg.numPages;
    }
    if (svc == TT_SVC_CB_POP_FRONT) {
      if (cb->inUse() < n) {
        fault(r, TT_ERROR_FAULT,
              std::string(name) + ": popping " + std::to_string(n) + " pages underflows " +
                  cbState(a[0], *cb));
        return false;
      }
      cb->acked += n;
      cb->rdPage = (cb->rdPage + n) % cb->cfg.numPages;
    }
    ++r.cbOps;
    return true;
  }
  case TT_SVC_CB_WRITE_PTR:
  case TT_SVC_CB_READ_PTR: {
    CB *cb = cbOf(r, a[0], name);
    if (!cb)
      return false;
    result = pageAddr(*cb, svc == TT_SVC_CB_WRITE_PTR ? cb->wrPage : cb->rdPage);
    return true;
  }
  case TT_SVC_NOC_READ_DRAM:
  case TT_SVC_NOC_WRITE_DRAM: {
    bool read = svc == TT_SVC_NOC_READ_DRAM;
    uint32_t bank = read ? a[0] : a[1], addr = read ? a[1] : a[2], l1 = read ? a[2] : a[0],
             bytes = a[3];
    if (!checkL1(r, l1, bytes, name))
      return false;
    if (bank >= dram_.banks.size() || uint64_t(addr) + bytes > dram_.banks[bank].size()) {
      fault(r, TT_ERROR_FAULT,
            std::string(name) + ": DRAM bank " + std::to_string(bank) + " range [" + hex(addr) +
                ", " + hex(uint64_t(addr) + bytes) + ") is not allocated (" +
                std::to_string(dram_.banks.size()) + " banks)");
      return false;
    }
    uint8_t *d = dram_.banks[bank].data() + addr;
    if (read) {
      std::memcpy(&l1_[l1], d, bytes);
      if (log_) {
        log_->overlay(bank, addr, bytes, &l1_[l1]);
        log_->read.add(RangeSet::key(bank, addr), RangeSet::key(bank, addr) + bytes);
      }
      c.stats.noc_read_bytes += bytes;
    } else if (log_) {
      log_->writes.push_back({bank, addr, bytes, log_->data.size()});
      log_->data.insert(log_->data.end(), &l1_[l1], &l1_[l1] + bytes);
      log_->written.add(RangeSet::key(bank, addr), RangeSet::key(bank, addr) + bytes);
      c.stats.noc_write_bytes += bytes;
    } else {
      std::memcpy(d, &l1_[l1], bytes);
      c.stats.noc_write_bytes += bytes;
    }
    return true;
  }
  case TT_SVC_NOC_READ_BARRIER:
  case TT_SVC_NOC_WRITE_BARRIER: // transfers complete when issued
    return true;
  case TT_SVC_L1_ZERO:
    if (!checkL1(r, a[0], a[1], name))
      return false;
    std::memset(&l1_[a[0]], 0, a[1]);
    return true;
  case TT_SVC_UNPACK_MM_INIT:
    if (!cbOf(r, a[0], name) || !cbOf(r, a[1], name))
      return false;
    c.unpackReady = true;
    return true;
  case TT_SVC_MATH_MM_INIT:
    c.mathReady = true;
    return true;
  case TT_SVC_PACK_INIT:
    if (!cbOf(r, a[0], name))
      return false;
    c.packReady = true;
    return true;
  case TT_SVC_UNPACK_MATMUL_TILES: {
    if (!c.unpackReady) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " before tt.unpack.mm_init");
      return false;
    }
    CB *ca = cbOf(r, a[0], name), *cbb = cbOf(r, a[1], name);
    if (!ca || !cbb)
      return false;
    for (auto [cb, id, tile] : {std::tuple{ca, a[0], a[2]}, std::tuple{cbb, a[1], a[3]}})
      if (tile >= cb->inUse()) {
        fault(r, TT_ERROR_FAULT,
              std::string(name) + ": tile " + std::to_string(tile) + " of CB " +
                  std::to_string(id) + " is not among the pages waited for; " + cbState(id, *cb));
        return false;
      }
    if (c.operands.size() >= Core::kOperandSlots)
      return block(r, name, "the source registers are full (math has not consumed them)");
    if ((ca->cfg.format == TT_FLOAT16) != (cbb->cfg.format == TT_FLOAT16)) {
      fault(r, TT_ERROR_UNSUPPORTED,
            std::string(name) + ": CB " + std::to_string(a[0]) + " and CB " + std::to_string(a[1]) +
                " mix float16 with a format of 8-bit exponents, which the matrix engine "
                "cannot multiply");
      return false;
    }
    Operands &ops = c.operands.push();
    num::unpackA(&l1_[pageAddr(*ca, ca->rdPage + a[2])], ca->cfg.format, ops.a);
    // B is stored [n][k] when transposed.
    num::unpackB(&l1_[pageAddr(*cbb, cbb->rdPage + a[3])], cbb->cfg.format, a[4] != 0, ops.b);
    return true;
  }
  case TT_SVC_MATH_MATMUL_TILES: {
    if (!c.mathReady) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " before tt.math.mm_init");
      return false;
    }
    if (!checkMathDst(r, name, a[0]))
      return false;
    if (c.operands.empty())
      return block(r, name, "waiting for unpack");
    const Operands &ops = c.operands.front();
    num::EngineConfig cfg =
        num::engineConfig(ops.b.format, prog_.fp32DestAcc, prog_.fidelity, prog_.device->arch);
    num::matmulTile(ops.a, ops.b, c.dst[c.mathHalf][a[0]].data(), cfg);
    c.dstWritten[c.mathHalf][a[0]] = true;
    c.dstFormat[c.mathHalf] = cfg.dst;
    c.operands.pop();
    ++c.stats.matmul_tiles;
    return true;
  }
  case TT_SVC_UNPACK_COPY_TILE: {
    CB *cb = cbOf(r, a[0], name);
    if (!cb)
      return false;
    if (a[1] >= cb->inUse()) {
      fault(r, TT_ERROR_FAULT,
            std::string(name) + ": tile " + std::to_string(a[1]) + " of CB " +
                std::to_string(a[0]) + " is not among the pages waited for; " + cbState(a[0], *cb));
      return false;
    }
    if (c.copies.size() >= Core::kOperandSlots)
      return block(r, name, "math has not taken the previous tiles");
    // An unpack to DST: the tile's values in the DST format the matrix
    // engine uses for this format (exact: a float32 tile into float32 DST,
    // a 16-bit tile into a 16-bit DST of its kind).
    CopyOperand &op = c.copies.push();
    op.format =
        num::engineConfig(cb->cfg.format, prog_.fp32DestAcc, prog_.fidelity, prog_.device->arch)
            .dst;
    const uint8_t *tile = &l1_[pageAddr(*cb, cb->rdPage + a[1])];
    for (uint32_t row = 0; row < kTileRows; ++row)
      for (uint32_t col = 0; col < kTileCols; ++col)
        op.tile[row * kTileCols + col] =
            num::dstFromFloat(loadElement(tile, tileIndex(row, col), cb->cfg.format), op.format);
    return true;
  }
  case TT_SVC_MATH_COPY_TILE:
    if (!checkMathDst(r, name, a[0]))
      return false;
    if (c.copies.empty())
      return block(r, name, "waiting for unpack");
    c.dst[c.mathHalf][a[0]] = c.copies.front().tile;
    c.dstWritten[c.mathHalf][a[0]] = true;
    c.dstFormat[c.mathHalf] = c.copies.front().format;
    c.copies.pop();
    return true;
  case TT_SVC_TILE_REGS_ACQUIRE:
    if (c.halves[c.mathHalf] == Core::Half::Math) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " twice without tt.tile_regs_commit");
      return false;
    }
    if (c.halves[c.mathHalf] != Core::Half::Free)
      return block(r, name, "both DST halves are held by pack");
    c.halves[c.mathHalf] = Core::Half::Math;
    for (uint32_t t = 0; t < dstTiles_; ++t)
      if (c.dstWritten[c.mathHalf][t]) {
        c.dst[c.mathHalf][t].fill(0);
        c.dstWritten[c.mathHalf][t] = false;
      }
    return true;
  case TT_SVC_TILE_REGS_COMMIT:
    if (c.halves[c.mathHalf] != Core::Half::Math) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " without tt.tile_regs_acquire");
      return false;
    }
    c.halves[c.mathHalf] = Core::Half::Committed;
    c.mathHalf ^= 1;
    return true;
  case TT_SVC_TILE_REGS_WAIT:
    if (c.halves[c.packHalf] == Core::Half::Pack) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " twice without tt.tile_regs_release");
      return false;
    }
    if (c.halves[c.packHalf] != Core::Half::Committed)
      return block(r, name, "math has not committed DST");
    c.halves[c.packHalf] = Core::Half::Pack;
    return true;
  case TT_SVC_TILE_REGS_RELEASE:
    if (c.halves[c.packHalf] != Core::Half::Pack) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " without tt.tile_regs_wait");
      return false;
    }
    c.halves[c.packHalf] = Core::Half::Free;
    c.packHalf ^= 1;
    return true;
  case TT_SVC_PACK_TILE: {
    if (!c.packReady) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " before tt.pack.init");
      return false;
    }
    if (c.halves[c.packHalf] != Core::Half::Pack) {
      fault(r, TT_ERROR_FAULT, std::string(name) + " without tt.tile_regs_wait");
      return false;
    }
    CB *cb = cbOf(r, a[1], name);
    if (!cb)
      return false;
    if (a[0] >= dstTiles_) {
      fault(r, TT_ERROR_FAULT,
            std::string(name) + ": DST tile " + std::to_string(a[0]) + " of " +
                std::to_string(dstTiles_));
      return false;
    }
    if (a[2] >= cb->cfg.numPages - cb->inUse()) {
      fault(r, TT_ERROR_FAULT,
            std::string(name) + ": page " + std::to_string(a[2]) + " is not reserved; " +
                cbState(a[1], *cb));
      return false;
    }
    // The packer has no conversion from a 16-bit bfloat16 DST to float16
    // (docs/ttsim.md, "Formats"): stop as the hw library does.
    if (c.dstFormat[c.packHalf] == num::DstFormat::Float16_b && cb->cfg.format == TT_FLOAT16) {
      fault(r, TT_ERROR_UNSUPPORTED,
            std::string(name) + ": CB " + std::to_string(a[1]) +
                " holds float16 tiles, which the packer cannot make from a bfloat16 DST "
                "(accumulate in float32)");
      return false;
    }
    uint8_t *p = &l1_[pageAddr(*cb, cb->wrPage + a[2])];
    num::packTile(c.dst[c.packHalf][a[0]].data(), c.dstFormat[c.packHalf], p, cb->cfg.format);
    return true;
  }
  default:
    fault(r, TT_ERROR_FAULT, "unknown service call " + std::to_string(svc));
    return false;
  }
}

void Machine::onInterrupt(Risc &r, uint32_t intno) {
  // The pc, a0..a5 and a7 in one call (a service reads them all).
  uint64_t pc = 0;
  std::array<uint32_t, 7> regs{};
  std::array<int, 8> ids{UC_RISCV_REG_PC, UC_RISCV_REG_A0, UC_RISCV_REG_A1, UC_RISCV_REG_A2,
                         UC_RISCV_REG_A3, UC_RISCV_REG_A4, UC_RISCV_REG_A5, UC_RISCV_REG_A7};
  std::array<void *, 8> ptrs{&pc};
  for (size_t i = 0; i < regs.size(); ++i)
    ptrs[i + 1] = &regs[i];
  uc_reg_read_batch(r.uc, ids.data(), ptrs.data(), int(ids.size()));
  // Unicorn enters the hook with the pc past the trapping instruction.
  if (intno == 2) { // illegal instruction
    if (!emulateBitmanip(r, pc - 4))
      fault(r, TT_ERROR_FAULT, "illegal instruction at pc " + hex(pc - 4));
    return;
  }
  if (intno != 8 && intno != 9 && intno != 11) {
    fault(r, TT_ERROR_FAULT, "exception " + std::to_string(intno) + " at pc " + hex(pc - 4));
    return;
  }
  uint32_t svc = regs[6];
  std::array<uint32_t, 6> args;
  std::copy_n(regs.begin(), 6, args.begin());
  uint32_t result = 0;
  r.servicePc = pc - 4;
  bool done = service(r, svc, args, result);
  r.servicePc = 0;
  if (done) {
    if (svc == TT_SVC_CB_WRITE_PTR || svc == TT_SVC_CB_READ_PTR)
      uc_reg_write(r.uc, UC_RISCV_REG_A0, &result);
    return;
  }
  if (r.blocked) {
    r.resumePc = pc - 4;
    --r.instructions; // the ecall runs again
    uc_emu_stop(r.uc);
  }
}

/// Executes a Zba / Zbb instruction Unicorn does not know; false if `pc`
/// holds no such instruction.
bool Machine::emulateBitmanip(Risc &r, uint64_t pc) {
  if (pc + 4 > l1_.size())
    return false;
  uint32_t insn = rd32(&l1_[pc]);
  uint32_t opcode = insn & 0x7f, rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7,
           rs1 = (insn >> 15) & 31, rs2 = (insn >> 20) & 31, f7 = insn >> 25;
  auto reg = [&](uint32_t x) {
    uint32_t v = 0;
    if (x)
      uc_reg_read(r.uc, UC_RISCV_REG_X0 + x, &v);
    return v;
  };
  uint32_t a = reg(rs1), b = reg(rs2);
  std::optional<uint32_t> v;
  if (opcode == 0x33) {
    if (f7 == 0x10 && (f3 == 2 || f3 == 4 || f3 == 6))
      v = (a << (f3 / 2)) + b; // sh1add, sh2add, sh3add
    else if (f7 == 0x20 && f3 == 7)
      v = a & ~b; // andn
    else if (f7 == 0x20 && f3 == 6)
      v = a | ~b; // orn
    else if (f7 == 0x20 && f3 == 4)
      v = ~(a ^ b); // xnor
    else if (f7 == 0x05 && f3 == 4)
      v = uint32_t(std::min(int32_t(a), int32_t(b)));
    else if (f7 == 0x05 && f3 == 5)
      v = std::min(a, b);
    else if (f7 == 0x05 && f3 == 6)
      v = uint32_t(std::max(int32_t(a), int32_t(b)));
    else if (f7 == 0x05 && f3 == 7)
      v = std::max(a, b);
    else if (f7 == 0x30 && f3 == 1)
      v = std::rotl(a, int(b & 31));
    else if (f7 == 0x30 && f3 == 5)
      v = std::rotr(a, int(b & 31));
    else if (f7 == 0x04 && f3 == 4 && rs2 == 0)
      v = a & 0xffff; // zext.h
  } else if (opcode == 0x13) {
    uint32_t imm = insn >> 20;
    if (f3 == 1 && f7 == 0x30) {
      if (rs2 == 0)
        v = uint32_t(std::countl_zero(a));
      else if (rs2 == 1)
        v = uint32_t(std::countr_zero(a));
      else if (rs2 == 2)
        v = uint32_t(std::popcount(a));
      else if (rs2 == 4)
        v = uint32_t(int32_t(int8_t(a)));
      else if (rs2 == 5)
        v = uint32_t(int32_t(int16_t(a)));
    } else if (f3 == 5 && f7 == 0x30) {
      v = std::rotr(a, int(rs2)); // rori
    } else if (f3 == 5 && imm == 0x287) {
      uint32_t o = 0; // orc.b
      for (int i = 0; i < 4; ++i)
        if ((a >> (8 * i)) & 0xff)
          o |= 0xffu << (8 * i);
      v = o;
    } else if (f3 == 5 && imm == 0x698) {
      v = (a >> 24) | ((a >> 8) & 0xff00) | ((a << 8) & 0xff0000) | (a << 24); // rev8
    }
  }
  if (!v)
    return false;
  if (rd)
    uc_reg_write(r.uc, UC_RISCV_REG_X0 + rd, &*v);
  uint64_t next = pc + 4;
  uc_reg_write(r.uc, UC_RISCV_REG_PC, &next);
  return true;
}

// --- Scheduling -------------------------------------------------------------------

Outcome Machine::turn(Risc &r) {
  r.blocked = false;
  uint64_t before = r.instructions, ops = r.cbOps;
  // No instruction count: a RISC runs until it blocks, exits or faults. The
  // RISCs of a core only interact through services, so this loses nothing,
  // and Unicorn's count-limited stops misplace the pc around an ecall.
  uc_err err = uc_emu_start(r.uc, r.pc, kNeverReached, 0, 0);
  if (faultStatus_)
    return Outcome::Fault;
  if (err != UC_ERR_OK) {
    uint64_t pc = 0;
    uc_reg_read(r.uc, UC_RISCV_REG_PC, &pc);
    fault(r, TT_ERROR_FAULT, std::string(uc_strerror(err)) + " at pc " + hex(pc));
    return Outcome::Fault;
  }
  if (r.blocked)
    r.pc = r.resumePc;
  return r.done || r.instructions != before || r.cbOps != ops ? Outcome::Progress
                                                              : Outcome::Stalled;
}

std::string Machine::deadlockReport() {
  std::string s = "core (" + std::to_string(core_.spec->x) + ", " + std::to_string(core_.spec->y) +
                  "): deadlock: every unfinished RISC is blocked";
  for (const Risc &r : riscs_)
    if (!r.done)
      s += "; " + std::string(tt_riscs[r.index].program) + " (" + tt_riscs[r.index].name +
           ") at pc " + hex(r.pc) + " waits in " + waitReason(r);
  return s;
}

/// The text of what a blocked RISC waits for. A deadlock is reported after
/// a round in which every RISC blocked again without a change in between:
/// the CB counters are those it blocked on.
std::string Machine::waitReason(const Risc &r) const {
  std::string s = r.waitName ? r.waitName : "?";
  if (r.waitWhat)
    return s + ": " + r.waitWhat;
  return s + "(" + std::to_string(r.waitCb) + ", " + std::to_string(r.waitPages) +
         "): " + cbState(r.waitCb, core_.cbs[r.waitCb]);
}

bool Machine::runCore(const CoreSpec &c, tt_core_stats &stats) {
  if (!loadCore(c))
    return false;
  while (true) {
    bool progress = false, allDone = true;
    for (Risc &r : riscs_) {
      if (r.done)
        continue;
      Outcome o = turn(r);
      if (o == Outcome::Fault)
        return false;
      progress |= o == Outcome::Progress;
      allDone &= r.done;
    }
    if (allDone)
      break;
    if (!progress) {
      faultStatus_ = TT_ERROR_DEADLOCK;
      faultMessage_ = deadlockReport();
      return false;
    }
  }
  stats = core_.stats;
  for (const Risc &r : riscs_) {
    stats.instructions[r.index] = r.instructions;
    stats.cb_operations[r.index] = r.cbOps;
  }
  return true;
}

RunResult Machine::run() {
  RunResult result;
  if (!setup()) {
    result.status = *faultStatus_;
    result.message = faultMessage_;
    return result;
  }
  for (const CoreSpec &c : prog_.cores) {
    tt_core_stats s{};
    if (!runCore(c, s)) {
      result.status = faultStatus_.value_or(TT_ERROR_FAULT);
      result.message = faultMessage_;
      result.stats.clear();
      return result;
    }
    result.stats.push_back(s);
  }
  return result;
}

void Machine::runLogged(const CoreSpec &c, CoreLog &log) {
  log_ = &log;
  faultStatus_.reset();
  faultMessage_.clear();
  if (!runCore(c, log.stats)) {
    log.status = faultStatus_.value_or(TT_ERROR_FAULT);
    log.message = faultMessage_;
  }
  log_ = nullptr;
}

/// The parallel run (docs/simulator.md, "Threads"): `threads` machines take
/// the cores in order from a shared counter; every core reads DRAM as it
/// was before the run (plus its own writes) and logs its writes. Then, up
/// to the first core that faulted, in core order: if no core read bytes an
/// earlier core wrote, the logs are applied in core order, which is the
/// sequential run's DRAM, statistics and fault; otherwise the run is
/// repeated sequentially on the untouched DRAM.
std::optional<RunResult> runParallel(const ProgramSpec &program, Dram &dram, unsigned threads) {
  std::vector<std::unique_ptr<Machine>> machines;
  for (unsigned t = 0; t < threads; ++t)
    machines.push_back(std::make_unique<Machine>(program, dram));
  size_t n = program.cores.size();
  std::vector<CoreLog> logs(n);
  std::atomic<size_t> next{0}, firstFault{n};
  // Each thread sets its machine up (the engines, L1) before it takes
  // cores, and closes it after; a machine that cannot be set up stops every
  // thread.
  std::vector<char> setupFailed(threads, 0);
  auto work = [&](unsigned t) {
    Machine &m = *machines[t];
    if (!m.setup()) {
      setupFailed[t] = 1;
      firstFault.store(0);
      next.store(n);
      return;
    }
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      if (i > firstFault.load())
        break; // a core before it faulted: its outcome is not needed
      m.runLogged(program.cores[i], logs[i]);
      if (logs[i].status) {
        size_t f = firstFault.load();
        while (i < f && !firstFault.compare_exchange_weak(f, i)) {
        }
        break; // the machine's state after a fault is not reused
      }
    }
    machines[t].reset();
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work, t);
  work(0);
  for (std::thread &t : pool)
    t.join();
  for (unsigned t = 0; t < threads; ++t)
    if (setupFailed[t]) {
      RunResult result;
      result.status = machines[t]->setupStatus();
      result.message = machines[t]->setupMessage();
      return result;
    }

  size_t last = std::min(firstFault.load(), n - 1);
  RangeSet earlier; // bytes written by the cores before the one checked
  for (size_t i = 0; i <= last; ++i) {
    if (earlier.overlaps(logs[i].read))
      return std::nullopt; // a core reads what an earlier core wrote
    earlier.add(logs[i].written);
  }
  RunResult result;
  for (size_t i = 0; i <= last; ++i) {
    logs[i].apply(dram);
    if (logs[i].status) {
      result.status = *logs[i].status;
      result.message = logs[i].message;
      result.stats.clear();
      return result;
    }
    result.stats.push_back(logs[i].stats);
  }
  return result;
}

} // namespace

RunResult ttrt::sim::run(const ProgramSpec &program, Dram &dram) {
  unsigned threads = program.threads ? program.threads : std::thread::hardware_concurrency();
  threads = unsigned(std::min<size_t>(std::max(threads, 1u), program.cores.size()));
  if (threads > 1)
    if (std::optional<RunResult> result = runParallel(program, dram, threads))
      return std::move(*result);
  Machine m(program, dram);
  return m.run();
}
