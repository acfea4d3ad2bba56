//===- runtime/ttsim/Ttsim.h - ttsim devices: the host driver ---*- C++ -*-===//
//
// Runs programs of hw images (tt/hw_abi.h) on Tenstorrent's ttsim
// (libttsim.so, loaded with dlopen at run time; docs/ttsim.md). The runtime
// (Runtime.cpp) keeps a ttsim device's DRAM in the process, like a sim:
// device's; each run happens in a child process, because ttsim ends its
// process with _Exit on any violation and initialises once per process:
//
//   run(library, program, dram)
//     fork -> child: dlopen + libttsim_init, check the PCI device id, copy
//             DRAM in through TLB windows, write images, runtime arguments,
//             the hw structures (boot code, CB and bank tables) into L1,
//             release BRISC from soft reset, clock until every RISC of every
//             core has stored its completion word (or the clock budget is
//             spent), send the result and DRAM back over a pipe;
//     parent: reads them; a child that died (a ttsim report) becomes
//             TT_ERROR_FAULT carrying what ttsim printed.
//
// Example: run("/x/libttsim.so", copy, dram) -> {TT_OK, ""}, dram updated.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sim/Simulator.h"

#include <cstdint>
#include <string>

namespace ttrt::ttsim {

/// "ttsim:" + a device name opens a ttsim device.
inline constexpr const char kPrefix[] = "ttsim:";

/// Clock cycles a run may take unless the device says otherwise.
inline constexpr uint64_t kDefaultClockBudget = 20'000'000;

/// The library to use for `device`: `explicitPath` if not empty, else
/// $TT_LLC_TTSIM; "" with `problem` set (how to get it) when there is none.
std::string libraryPath(const std::string &explicitPath, const tt_device_info &device,
                        std::string &problem);

/// Checks in a child process that `library` loads, initialises and is a
/// simulator of `device` (its PCI device id). "" when it is, else why not.
std::string probe(const std::string &library, const tt_device_info &device);

/// Why `image` is not an hw image ("" when it defines __tt_abi_hw).
std::string checkHwImage(const uint8_t *image, size_t size);

/// Runs `program` (images, CBs, cores; instructionBudget is the clock
/// budget) on ttsim in a child process; on success `dram` holds the DRAM
/// after the run.
sim::RunResult run(const std::string &library, const std::string &name,
                   const sim::ProgramSpec &program, sim::Dram &dram);

} // namespace ttrt::ttsim
