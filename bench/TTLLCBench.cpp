//===- bench/TTLLCBench.cpp - Google Benchmark programs of tt-llc ---------===//
//
// In-process measurements (bench/README.md; bench/run.py runs this program
// and the command-line measurements together):
//
//   BM_Compile/<M>/<device>   examples/gemm.py at M = N = K compiled to a
//                             folder of artifacts (frontend, passes, LLVM,
//                             lld, host stub by clang), as `tt-llc -o`.
//   BM_Simulate/<M>           one run of that GEMM on the simulator
//                             (wormhole_b0); counter `instructions` is the
//                             RISC-V instructions retired per second.
//
// Device 0 is wormhole_b0 (8x8 cores), 1 is blackhole (13x10).
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"
#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "support/Diagnostics.h"
#include "tools/Driver.h"
#include "tt/runtime.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <map>
#include <string>

using namespace ttllc;

namespace {

const char *const kDevices[] = {"wormhole_b0", "blackhole"};

/// A scratch folder removed at exit.
struct ScratchDir {
  llvm::SmallString<128> path;
  ScratchDir() {
    if (llvm::sys::fs::createUniqueDirectory("ttllc-bench", path))
      path.clear();
  }
  ~ScratchDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
};

/// Compiles examples/gemm.py at M = N = K = `m` for `device` into `out`.
bool compileGemm(int64_t m, const char *device, const std::string &out) {
  llvm::SourceMgr sm;
  std::string errors;
  llvm::raw_string_ostream os(errors);
  Diagnostics diag(&sm, os);
  std::string size = std::to_string(m);
  CompileOptions opts;
  opts.inputPath = TTLLC_EXAMPLES "/gemm.py";
  opts.input.defines = {"M=" + size, "N=" + size, "K=" + size};
  opts.target = *lookupTarget(device);
  opts.output = out;
  bool ok = compile(opts, sm, diag);
  if (!ok)
    llvm::errs() << errors;
  return ok;
}

void BM_Compile(benchmark::State &state) {
  ScratchDir scratch;
  const char *device = kDevices[state.range(1)];
  int i = 0;
  for (auto _ : state) {
    std::string out = (scratch.path + "/gemm" + std::to_string(i++)).str();
    if (!compileGemm(state.range(0), device, out)) {
      state.SkipWithError("compilation failed");
      break;
    }
    state.PauseTiming();
    llvm::sys::fs::remove_directories(out);
    state.ResumeTiming();
  }
  state.SetLabel(device);
}
BENCHMARK(BM_Compile)
    ->ArgsProduct({{256, 1024, 4096, 16384}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

void BM_Simulate(benchmark::State &state) {
  ScratchDir scratch;
  std::string dir = (scratch.path + "/gemm").str();
  if (!compileGemm(state.range(0), "wormhole_b0", dir)) {
    state.SkipWithError("compilation failed");
    return;
  }
  auto plan = ttplan::readPlanFile(dir + "/tt.plan.json", ttplan::PlanKind::Lowered);
  if (!plan) {
    llvm::consumeError(plan.takeError());
    state.SkipWithError("cannot read the compiled folder's plan");
    return;
  }
  auto images = ttrt::readImages(dir, *plan);
  if (!images) {
    llvm::consumeError(images.takeError());
    state.SkipWithError("cannot read the compiled folder's images");
    return;
  }
  tt_device *device = nullptr;
  tt_device_open("sim:wormhole_b0", &device);
  std::vector<tt_buffer *> buffers;
  for (const ttplan::Buffer &b : plan->buffers) {
    tt_buffer *buf = nullptr;
    tt_buffer_create(device, uint64_t(b.numPages) * uint64_t(b.pageSize), uint32_t(b.pageSize),
                     &buf);
    buffers.push_back(buf);
  }
  auto program = ttrt::createProgram(device, *plan, *images, buffers);
  if (!program) {
    llvm::consumeError(program.takeError());
    state.SkipWithError("cannot create the program");
  } else {
    uint64_t instructions = 0;
    for (auto _ : state) {
      if (tt_program_run(*program) != TT_OK) {
        state.SkipWithError(tt_last_error());
        break;
      }
      state.PauseTiming();
      for (uint32_t c = 0; c < tt_program_num_cores(*program); ++c) {
        tt_core_stats s;
        tt_program_get_stats(*program, c, &s);
        for (uint64_t n : s.instructions)
          instructions += n;
      }
      state.ResumeTiming();
    }
    state.counters["instructions"] =
        benchmark::Counter(double(instructions), benchmark::Counter::kIsRate);
    tt_program_destroy(*program);
  }
  for (tt_buffer *b : buffers)
    tt_buffer_destroy(b);
  tt_device_close(device);
}
BENCHMARK(BM_Simulate)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
