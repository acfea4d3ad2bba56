//===- tools/tt-run.cpp - run a kernel on the simulator and check it ------===//
//
//   tt-run KERNEL.py [-D NAME=VALUE]... [--device=NAME] [--math-fidelity=F] [--seed=N]
//          [--verify] [--stats]
//   tt-run OUTDIR [--device=ttsim:NAME] [--ttsim=PATH] [--seed=N] [--verify] [--stats]
//
// Compiles the kernel as tt-llc does (into a temporary folder), or takes a
// folder tt-llc wrote; fills the input buffers with seeded random values in
// [-1, 1), runs the program on the simulator, and with --verify compares
// every output with the reference interpreter's (docs/cli.md, "tt-run").
// --device=ttsim:NAME runs on Tenstorrent's ttsim instead (docs/ttsim.md),
// with the libttsim.so of --ttsim=PATH or $TT_LLC_TTSIM.
// Exit status 1 on any error or mismatch.
//
//===----------------------------------------------------------------------===//

#include "interp/Interpreter.h"
#include "interp/Tolerance.h"
#include "ir/Target.h"
#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "support/Diagnostics.h"
#include "support/TempFolder.h"
#include "syntax/PyToTileIR.h"
#include "tools/Driver.h"
#include "tt/runtime.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <optional>
#include <random>

using namespace ttllc;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("tt-run options");
cl::opt<std::string> input(cl::Positional, cl::Required,
                           cl::desc("<kernel .py | Tile IR text | OUTDIR written by tt-llc>"),
                           cl::cat(category));
cl::list<std::string> defines("D", cl::Prefix, cl::value_desc("NAME=VALUE"),
                              cl::desc("Bind a parameter of the kernel factory"),
                              cl::cat(category));
cl::opt<std::string> device("device", cl::desc("Target device"), cl::init("wormhole_b0"),
                            cl::value_desc("wormhole_b0|blackhole|grayskull|ttsim:wormhole_b0|"
                                           "ttsim:blackhole"),
                            cl::cat(category));
cl::opt<std::string>
    ttsimLibrary("ttsim", cl::desc("libttsim.so for ttsim: devices (default $TT_LLC_TTSIM)"),
                 cl::value_desc("PATH"), cl::cat(category));
cl::opt<std::string> kernelName("kernel", cl::desc("Kernel to run when the file defines several"),
                                cl::value_desc("name"), cl::cat(category));
cl::opt<std::string> mathFidelity("math-fidelity",
                                  cl::desc("Compile a kernel source with this math fidelity: "
                                           "LoFi, HiFi2, HiFi3 or HiFi4 (as tt-llc)"),
                                  cl::value_desc("LoFi|HiFi2|HiFi3|HiFi4"), cl::cat(category));
cl::opt<unsigned> seed("seed", cl::desc("Seed of the random inputs (default 1)"), cl::init(1),
                       cl::cat(category));
cl::opt<bool> verify("verify", cl::desc("Compare every output with the reference interpreter's"),
                     cl::cat(category));
cl::opt<uint64_t> budget("budget",
                         cl::desc("Instructions each RISC may retire (default 100000000)"),
                         cl::init(100'000'000), cl::cat(category));
cl::opt<bool> timePhases("time",
                         cl::desc("Print the wall and CPU seconds of the run and of the reference "
                                  "interpreter (--verify) to stderr"),
                         cl::cat(category));
cl::opt<unsigned> simThreads("sim-threads",
                             cl::desc("Host threads the simulator runs cores on (default 0: the "
                                      "host's hardware concurrency; results do not depend on it)"),
                             cl::init(0), cl::cat(category));

// --stats is LLVM's own option (libLLVM registers it); tt-run adopts it for
// the simulator's per-core statistics.
void adoptStatsOption() {
  auto &opts = cl::getRegisteredOptions();
  if (auto it = opts.find("stats"); it != opts.end()) {
    it->second->addCategory(category);
    it->second->setDescription("Print per-core statistics of the run");
  }
}

int fail(const llvm::Twine &msg) {
  llvm::WithColor::error(llvm::errs(), "tt-run") << msg << "\n";
  return 1;
}

} // namespace

/// Wall and CPU (user + system, every thread) seconds since construction.
class Stopwatch {
public:
  Stopwatch() { llvm::sys::Process::GetTimeUsage(wall_, user_, sys_); }
  std::pair<double, double> seconds() const {
    llvm::sys::TimePoint<> wall;
    std::chrono::nanoseconds user, sys;
    llvm::sys::Process::GetTimeUsage(wall, user, sys);
    return {std::chrono::duration<double>(wall - wall_).count(),
            std::chrono::duration<double>(user - user_ + sys - sys_).count()};
  }

private:
  llvm::sys::TimePoint<> wall_;
  std::chrono::nanoseconds user_, sys_;
};

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  adoptStatsOption();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "tt-run: run a TileLang kernel on the Tensix simulator and check it\n");
  // Options are read before anything runs clang in-process (which resets them).
  const std::string inputPath = input, ttsimPath = ttsimLibrary, deviceOption = device;
  const bool onTtsim = llvm::StringRef(deviceOption).starts_with("ttsim:");
  const std::string deviceName = onTtsim ? deviceOption.substr(6) : deviceOption;
  const bool budgetGiven = budget.getNumOccurrences() > 0;
  const bool doVerify = verify, doStats = llvm::AreStatisticsEnabled();
  const unsigned theSeed = seed;
  const uint64_t theBudget = budget;
  const unsigned theThreads = simThreads;
  const bool doTime = timePhases;
  const std::string fidelityOption = mathFidelity;
  if (!fidelityOption.empty() && !ttplan::mathFidelityValue(fidelityOption))
    return fail(
        "--math-fidelity=" + fidelityOption + ": expected one of: " +
        llvm::join(std::begin(ttplan::kMathFidelities), std::end(ttplan::kMathFidelities), ", "));

  const TargetInfo *target = lookupTarget(deviceName);
  if (!target)
    return fail("unknown device '" + deviceName + "' (expected one of: " + targetNames() + ")");

  llvm::SourceMgr sm;
  Diagnostics diag(&sm);
  diag.setProgramName("tt-run");

  // The folder to run: the input itself, or a temporary compile of it.
  // The temporary folder is removed at exit and on SIGINT/SIGTERM.
  std::string dir = inputPath;
  TempFolder tmpRoot;
  if (!llvm::sys::fs::is_directory(inputPath)) {
    if (std::error_code ec = tmpRoot.create("tt-run"))
      return fail("cannot create a temporary folder: " + ec.message());
    dir = (tmpRoot.path() + "/kernel").str();
    CompileOptions opts;
    opts.inputPath = inputPath;
    opts.input = {{defines.begin(), defines.end()}, kernelName};
    opts.target = *target;
    opts.output = dir;
    opts.mathFidelity = fidelityOption;
    if (!compile(opts, sm, diag))
      return 1;
  } else if (!defines.empty()) {
    return fail("-D applies to a kernel source, but '" + inputPath + "' is a compiled folder");
  } else if (!fidelityOption.empty()) {
    return fail("--math-fidelity applies to a kernel source, but '" + inputPath +
                "' is a compiled folder (its plan's compute.math_fidelity decides)");
  }

  // The images were compiled for the plan's compute section: it is required.
  auto plan = ttplan::readPlanFile(dir + "/tt.plan.json", ttplan::PlanKind::Lowered);
  if (!plan)
    return fail(llvm::toString(plan.takeError()));
  auto images = ttrt::readImages(dir, *plan);
  if (!images)
    return fail(llvm::toString(images.takeError()));

  // A folder runs on the device it was compiled for; --device may only say which kind.
  if (device.getNumOccurrences() > 0 && deviceName != plan->device.name)
    return fail("'" + dir + "' was compiled for " + plan->device.name + ", not " + deviceName +
                " (--device=" + deviceOption + ")");
  tt_device *dev = nullptr;
  std::string openName = (onTtsim ? "ttsim:" : "sim:") + plan->device.name;
  if (onTtsim && tt_set_ttsim_library(ttsimPath.c_str()) != TT_OK)
    return fail(tt_last_error());
  if (tt_device_open(openName.c_str(), &dev) != TT_OK)
    return fail(tt_last_error());
  struct DeviceCloser {
    tt_device *d;
    std::vector<tt_buffer *> buffers;
    tt_program *program = nullptr;
    ~DeviceCloser() {
      if (program)
        tt_program_destroy(program);
      for (tt_buffer *b : buffers)
        tt_buffer_destroy(b);
      tt_device_close(d);
    }
  } owned{dev, {}};
  // On ttsim the budget counts clock cycles; its default is the device's.
  if (budgetGiven || !onTtsim)
    if (tt_device_set_instruction_budget(dev, theBudget) != TT_OK)
      return fail(tt_last_error());
  if (tt_device_set_threads(dev, theThreads) != TT_OK)
    return fail(tt_last_error());

  // Buffers with seeded random inputs in [-1, 1); outputs start as zeros.
  std::mt19937 rng(theSeed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<HostTensor> host;
  for (const ttplan::Buffer &b : plan->buffers) {
    auto format = ttrt::dataFormat(b.dtype);
    if (!format)
      return fail("buffer " + b.name + ": " + llvm::toString(format.takeError()));
    tt_buffer *buf = nullptr;
    uint64_t bytes = uint64_t(b.numPages) * uint64_t(b.pageSize);
    if (tt_buffer_create(dev, bytes, uint32_t(b.pageSize), &buf) != TT_OK)
      return fail("buffer " + b.name + ": " + tt_last_error());
    owned.buffers.push_back(buf);
    HostTensor t;
    t.shape = b.shape;
    size_t n = 1;
    for (int64_t d : b.shape)
      n *= size_t(d);
    t.data.assign(n, 0.0f);
    if (b.role == ttplan::BufferRole::Input || b.role == ttplan::BufferRole::InOut)
      for (float &v : t.data)
        v = uniform(rng);
    auto [rows, cols] = matrixShape(b.shape);
    if (tt_buffer_write_tiles(buf, t.data.data(), TT_FLOAT32, rows, cols, *format) != TT_OK)
      return fail("buffer " + b.name + ": " + tt_last_error());
    host.push_back(std::move(t));
  }

  auto program = ttrt::createProgram(dev, *plan, *images, owned.buffers);
  if (!program) {
    std::string why = llvm::toString(program.takeError());
    if (tt_device_get_abi(dev) == TT_ABI_HW && why.find("__tt_abi_hw") != std::string::npos)
      return fail("'" + dir + "' has no hw images, which " + openName +
                  " runs (its images are linked for the project's simulator): " + why);
    return fail(why);
  }
  owned.program = *program;
  Stopwatch runClock;
  if (tt_program_run(*program) != TT_OK)
    return fail(tt_last_error());
  auto [runWall, runCpu] = runClock.seconds();
  if (doTime)
    llvm::errs() << llvm::format("tt-run: run %.3f s wall, %.3f s CPU\n", runWall, runCpu);

  llvm::outs() << plan->kernel << " on " << openName << ": " << plan->cores.size() << " cores, "
               << plan->schedule.numTiles << " work units, seed " << theSeed << "\n";

  if (doStats) {
    llvm::outs() << "core      writer   reader   unpack     math     pack  cb-ops  noc-read "
                    "noc-write matmuls\n";
    for (uint32_t i = 0; i < tt_program_num_cores(*program); ++i) {
      tt_core_stats s;
      if (tt_program_get_stats(*program, i, &s) != TT_OK)
        return fail(tt_last_error());
      uint64_t ops = 0;
      for (uint64_t o : s.cb_operations)
        ops += o;
      llvm::outs() << llvm::format(
          "(%2u,%2u) %8llu %8llu %8llu %8llu %8llu %7llu %9llu %9llu %7llu\n", s.x, s.y,
          (unsigned long long)s.instructions[TT_BRISC],
          (unsigned long long)s.instructions[TT_NCRISC],
          (unsigned long long)s.instructions[TT_TRISC0],
          (unsigned long long)s.instructions[TT_TRISC1],
          (unsigned long long)s.instructions[TT_TRISC2], (unsigned long long)ops,
          (unsigned long long)s.noc_read_bytes, (unsigned long long)s.noc_write_bytes,
          (unsigned long long)s.matmul_tiles);
    }
  }
  if (!doVerify)
    return 0;

  // The reference: the source kernel interpreted on the same inputs.
  llvm::SmallString<256> sourcePath(dir);
  llvm::sys::path::append(sourcePath, "source.tir");
  auto src = llvm::MemoryBuffer::getFile(sourcePath, /*IsText=*/true);
  if (!src)
    return fail("--verify needs '" + sourcePath +
                "' (written by tt-llc --emit=all): " + src.getError().message());
  unsigned id = sm.AddNewSourceBuffer(std::move(*src), llvm::SMLoc());
  auto sourceModule = parseTileIR(sm, id, diag);
  if (!sourceModule || sourceModule->funcs.size() != 1)
    return fail("'" + sourcePath +
                "' does not hold one source-level kernel (was the folder compiled from lowered "
                "Tile IR?); --verify needs a folder compiled from a kernel source");
  std::vector<HostTensor> expected = host;
  Stopwatch interpClock;
  if (!interpret(*sourceModule->funcs[0], expected, diag))
    return 1;
  auto [interpWall, interpCpu] = interpClock.seconds();
  if (doTime)
    llvm::errs() << llvm::format("tt-run: reference interpreter %.3f s wall, %.3f s CPU\n",
                                 interpWall, interpCpu);

  bool fp32Acc = plan->compute->fp32DestAcc;
  const TargetInfo *compiledFor = lookupTarget(plan->device.name);
  const bool onWormhole = compiledFor && compiledFor->arch == "wormhole";
  const std::string &fidelity = plan->compute->mathFidelity;
  bool ok = true;
  for (size_t i = 0; i < plan->buffers.size(); ++i) {
    const ttplan::Buffer &b = plan->buffers[i];
    if (b.role != ttplan::BufferRole::Output && b.role != ttplan::BufferRole::InOut)
      continue;
    std::vector<float> got(host[i].data.size());
    auto [rows, cols] = matrixShape(b.shape);
    if (tt_buffer_read_tiles(owned.buffers[i], got.data(), TT_FLOAT32, rows, cols,
                             *ttrt::dataFormat(b.dtype)) != TT_OK)
      return fail("buffer " + b.name + ": " + tt_last_error());
    Tolerance tol = outputTolerance(b.dtype, fp32Acc, fidelity);
    Comparison cmp = compareOutput(got, expected[i].data, tol);
    llvm::outs() << llvm::format("%s: max abs error %.3g, max rel error %.3g (max |ref| %.3g, "
                                 "tolerance %.3g*|ref| + %.3g*max|ref|): ",
                                 b.name.c_str(), cmp.maxAbs, cmp.maxRel, cmp.scale, tol.rtol,
                                 tol.atol);
    if (cmp.ok()) {
      llvm::outs() << "OK\n";
      continue;
    }
    ok = false;
    size_t first = cmp.firstMismatch;
    llvm::outs() << "MISMATCH in " << cmp.mismatches << " of " << got.size()
                 << " elements; first at [" << first / cols << ", " << first % cols << "]: got "
                 << got[first] << ", expected " << expected[i].data[first] << "\n";
    // Wormhole's matrix engine misnormalises a sum of exactly -1 unit: one
    // element in about a million of a large GEMM comes out far off, on the
    // chip, on ttsim and on this simulator alike.
    if (onWormhole && cmp.mismatches * 10000 < got.size()) {
      llvm::outs().flush();
      llvm::WithColor::note(llvm::errs(), "tt-run")
          << "a few elements far off on Wormhole can be its matrix engine's -1 renormalisation "
             "defect, which the chip, ttsim and the simulator share; the same kernel compiled "
             "with --device=blackhole does not have it (docs/limitations.md)\n";
    }
  }
  return ok ? 0 : 1;
}
