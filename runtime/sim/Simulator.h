//===- runtime/sim/Simulator.h - functional Tensix simulator ----*- C++ -*-===//
//
// Runs a program's five RISC-V kernel images on every core of the program,
// instruction by instruction in the Unicorn engine (docs/simulator.md), with
// the memory map and service calls of tt/device_abi.h:
//
//   L1 of the core (shared by its five RISCs), a local data RAM per RISC,
//   circular buffers with the hardware's reserve/push/wait/pop semantics,
//   DRAM banks reached by NoC reads and writes, and the matrix engine:
//   unpack -> math (DST, fp32 or 16-bit accumulation) -> pack.
//
// The RISCs of a core run interleaved, each until it blocks on a service (a
// CB, DST, the unpacked operands), exits or faults; cores are independent
// and run on the host's threads, with the results and statistics of a run
// of one core after the other (docs/simulator.md, "Threads").
// Deterministic. Faults (deadlock,
// access outside mapped memory, illegal instruction, instruction budget)
// end the run with a report naming the core, RISC and place.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/devices.h"
#include "tt/runtime.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ttrt::sim {

/// The facts of a device the simulator models: its row of the device table.
using DeviceModel = tt_device_info;

/// DRAM: one byte array per bank; a NoC access outside a bank's array is a
/// fault.
struct Dram {
  std::vector<std::vector<uint8_t>> banks;
};

struct CircularBufferConfig {
  bool used = false;
  uint32_t pageSize = 0, numPages = 0;
  tt_data_format format = TT_FLOAT16_B;
};

struct CoreSpec {
  uint32_t x = 0, y = 0;
  std::array<std::vector<uint32_t>, TT_NUM_RISCS> args; // per tt_risc
};

struct ProgramSpec {
  const DeviceModel *device = nullptr;
  std::array<const std::vector<uint8_t> *, TT_NUM_RISCS> images{}; // per tt_risc
  std::array<CircularBufferConfig, TT_NUM_CBS> cbs;
  bool fp32DestAcc = false;
  tt_math_fidelity fidelity = TT_HIFI4;
  std::vector<CoreSpec> cores;
  uint64_t instructionBudget = 100'000'000; // per RISC
  /// Host threads the cores run on (0: the host's hardware concurrency;
  /// never more than the cores). Results and statistics do not depend on it.
  unsigned threads = 0;
};

struct RunResult {
  tt_status status = TT_OK;
  std::string message;              // the fault report when status != TT_OK
  std::vector<tt_core_stats> stats; // per core of ProgramSpec::cores, in order
};

/// Runs every core of `program` against `dram`.
RunResult run(const ProgramSpec &program, Dram &dram);

} // namespace ttrt::sim
