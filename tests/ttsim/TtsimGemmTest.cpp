//===- tests/ttsim/TtsimGemmTest.cpp - GEMMs on ttsim's Tensix coprocessor ===//
//
// GEMMs compiled by tt-llc (examples/gemm*.py with -D parameters and
// --math-fidelity) run their hw images on ttsim:wormhole_b0 and
// ttsim:blackhole through the runtime's C API: the compute intrinsics of
// runtime/device/hw/ttdevice_hw.c drive the unpackers, the matrix unit and
// the packer. Every output is checked against the reference interpreter
// (interp/) with the tolerances of tt-run --verify (interp/Tolerance.h),
// and against the project's simulator (sim:<device>, the same folder and
// inputs) bit for bit: a difference is reported as the number of differing
// elements and the largest distance in ulps. A subset runs on
// ttsim:blackhole. An operand format the matrix unit cannot multiply stops
// with a clear message on both devices (docs/ttsim.md).
//
// Example: 256^3 bfloat16, float32 accumulation, HiFi4, on the 8 x 8 grid:
// max abs error 0.125 (max |ref| 22), within 0.0156*|ref| + 0.0039*max|ref|.
//
//===----------------------------------------------------------------------===//

#include "interp/Interpreter.h"
#include "interp/Tolerance.h"
#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "runtime/sim/Formats.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"
#include "tests/ttsim/Compare.h"
#include "tests/ttsim/TtsimTestSupport.h"
#include "tt/runtime.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using ttsimtest::tempDir;

/// A GEMM to compile and run: examples/<example> with the tt-llc options
/// `flags` (-D parameters, --math-fidelity), on `device`.
struct GemmCase {
  const char *name, *example, *flags, *device;
};

/// gtest prints a case by its name.
void PrintTo(const GemmCase &c, std::ostream *os) { *os << c.name; }

/// Elements of one output that differ between two devices, and by how many
/// units in the last place of the output's format at most.
struct BitDiff {
  size_t elements = 0, differing = 0;
  uint64_t maxUlps = 0;
};

/// The bit pattern, in `format`, of `v` read back from a buffer of
/// `format` (so exactly representable).
uint32_t formatBits(float v, tt_data_format format) {
  uint32_t u = ttrt::floatBits(v);
  switch (format) {
  case TT_FLOAT32:
    return u;
  case TT_FLOAT16:
    return ttrt::toFP16(v);
  default:
    return u >> 16;
  }
}

BitDiff bitDiff(const std::vector<float> &a, const std::vector<float> &b, tt_data_format format) {
  BitDiff d;
  d.elements = a.size();
  if (a.size() != b.size())
    return {a.size(), a.size(), UINT64_MAX};
  for (size_t i = 0; i < a.size(); ++i) {
    uint32_t x = formatBits(a[i], format), y = formatBits(b[i], format);
    if (x == y)
      continue;
    ++d.differing;
    d.maxUlps = std::max(d.maxUlps, ttcmp::ulpDistance(x, y, format));
  }
  return d;
}

/// What a run gave: its status and message, and per output buffer whether
/// it is within tolerance, with the comparison.
struct GemmResult {
  tt_status status = TT_OK;
  std::string message;
  std::vector<ttllc::Comparison> outputs;
  std::vector<std::vector<float>> values; // each output, row-major
  // The same folder and inputs on the project's simulator (sim:<device>),
  // each output compared with ttsim's bit for bit.
  tt_status simStatus = TT_OK;
  std::string simMessage;
  std::vector<BitDiff> simDiffs;
};

/// One run of a compiled folder on `device` ("ttsim:wormhole_b0", ...)
/// with the host tensors `host` as inputs: its status and message, and
/// each output's values (row-major) when it succeeded.
struct DeviceRun {
  tt_status status = TT_OK;
  std::string message;
  std::vector<std::vector<float>> outputs; // by plan buffer, empty for inputs
  long long ms = 0;
};

DeviceRun runOn(const std::string &device, const ttplan::Plan &plan,
                const ttrt::KernelImageSets &images, const std::vector<ttllc::HostTensor> &host) {
  DeviceRun run;
  tt_device *dev = nullptr;
  EXPECT_EQ(tt_device_open(device.c_str(), &dev), TT_OK) << tt_last_error();
  std::vector<tt_buffer *> buffers;
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const ttplan::Buffer &b = plan.buffers[i];
    tt_buffer *buffer = nullptr;
    EXPECT_EQ(
        tt_buffer_create(dev, uint64_t(b.numPages) * b.pageSize, uint32_t(b.pageSize), &buffer),
        TT_OK)
        << tt_last_error();
    buffers.push_back(buffer);
    EXPECT_EQ(tt_buffer_write_tiles(buffer, host[i].data.data(), TT_FLOAT32, uint32_t(b.shape[0]),
                                    uint32_t(b.shape.back()), *ttrt::dataFormat(b.dtype)),
              TT_OK)
        << tt_last_error();
  }
  auto program = ttrt::createProgram(dev, plan, images, buffers);
  EXPECT_TRUE(bool(program)) << (program ? "" : llvm::toString(program.takeError()));
  if (program) {
    auto started = std::chrono::steady_clock::now();
    run.status = tt_program_run(*program);
    run.message = tt_last_error();
    run.ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)
                 .count();
    run.outputs.resize(plan.buffers.size());
    for (size_t i = 0; run.status == TT_OK && i < plan.buffers.size(); ++i) {
      const ttplan::Buffer &b = plan.buffers[i];
      if (b.role != ttplan::BufferRole::Output)
        continue;
      run.outputs[i].resize(host[i].data.size());
      EXPECT_EQ(tt_buffer_read_tiles(buffers[i], run.outputs[i].data(), TT_FLOAT32,
                                     uint32_t(b.shape[0]), uint32_t(b.shape.back()),
                                     *ttrt::dataFormat(b.dtype)),
                TT_OK);
    }
    tt_program_destroy(*program);
  }
  for (tt_buffer *b : buffers)
    tt_buffer_destroy(b);
  tt_device_close(dev);
  return run;
}

/// Compiles `c`, runs it on ttsim and on the project's simulator with the
/// same inputs, uniform in [-1, 1) (seed 1), and compares ttsim's outputs
/// with the reference interpreter's (the tolerance of tt-run --verify for
/// the plan's accumulation and math fidelity) and with the simulator's, bit
/// for bit. `editPlan` may rewrite tt.plan.json's text before the runtime
/// reads it.
GemmResult runGemm(const GemmCase &c, std::string (*editPlan)(std::string) = nullptr) {
  GemmResult result;
  std::string work = tempDir();
  EXPECT_FALSE(work.empty());
  std::string out = work + "/out";
  std::string command = std::string(TTLLC_TT_LLC) + " " + TTLLC_EXAMPLES_DIR + "/" + c.example +
                        " " + c.flags + " --device=" + c.device + " -o " + out;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  if (editPlan) {
    std::ifstream in(out + "/tt.plan.json");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(out + "/tt.plan.json") << editPlan(text);
  }
  auto plan = ttplan::readPlanFile(out + "/tt.plan.json", ttplan::PlanKind::Lowered);
  EXPECT_TRUE(bool(plan)) << (plan ? "" : llvm::toString(plan.takeError()));
  if (!plan)
    return result;
  auto images = ttrt::readImages(out, *plan);
  EXPECT_TRUE(bool(images)) << (images ? "" : llvm::toString(images.takeError()));
  if (!images)
    return result;

  std::vector<ttllc::HostTensor> host;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const ttplan::Buffer &b : plan->buffers) {
    EXPECT_TRUE(bool(ttrt::dataFormat(b.dtype)));
    ttllc::HostTensor t;
    t.shape = b.shape;
    t.data.assign(size_t(b.shape[0]) * size_t(b.shape.back()), 0.0f);
    if (b.role == ttplan::BufferRole::Input)
      for (float &v : t.data)
        v = uniform(rng);
    host.push_back(std::move(t));
  }

  DeviceRun hw = runOn(std::string("ttsim:") + c.device, *plan, *images, host);
  DeviceRun sim = runOn(std::string("sim:") + c.device, *plan, *images, host);
  std::printf("[ ttsim    ] %s: %zu cores, ttsim %lld ms, sim %lld ms\n", c.name,
              plan->cores.size(), hw.ms, sim.ms);
  result.status = hw.status;
  result.message = hw.message;
  result.simStatus = sim.status;
  result.simMessage = sim.message;
  if (hw.status == TT_OK) {
    // The reference: the source kernel interpreted on the same inputs.
    llvm::SourceMgr sm;
    ttllc::Diagnostics diag(&sm);
    auto src = llvm::MemoryBuffer::getFile(out + "/source.tir", /*IsText=*/true);
    EXPECT_TRUE(bool(src));
    unsigned id = sm.AddNewSourceBuffer(std::move(*src), llvm::SMLoc());
    auto module = ttllc::parseTileIR(sm, id, diag);
    EXPECT_TRUE(module && module->funcs.size() == 1);
    std::vector<ttllc::HostTensor> expected = host;
    EXPECT_TRUE(ttllc::interpret(*module->funcs[0], expected, diag));
    for (size_t i = 0; i < plan->buffers.size(); ++i) {
      const ttplan::Buffer &b = plan->buffers[i];
      if (b.role != ttplan::BufferRole::Output)
        continue;
      result.outputs.push_back(
          ttllc::compareOutput(hw.outputs[i], expected[i].data,
                               ttllc::outputTolerance(b.dtype, plan->compute->fp32DestAcc,
                                                      plan->compute->mathFidelity)));
      if (sim.status == TT_OK)
        result.simDiffs.push_back(
            bitDiff(sim.outputs[i], hw.outputs[i], *ttrt::dataFormat(b.dtype)));
      result.values.push_back(std::move(hw.outputs[i]));
    }
  }
  std::system(("rm -rf " + work).c_str());
  return result;
}

class TtsimGemm : public ::testing::TestWithParam<GemmCase> {};

TEST_P(TtsimGemm, MatchesTheReferenceInterpreter) {
  const GemmCase &c = GetParam();
  REQUIRE_TTSIM(std::string(c.device) == "blackhole" ? "blackhole" : "wormhole");
  GemmResult r = runGemm(c);
  ASSERT_EQ(r.status, TT_OK) << r.message;
  ASSERT_EQ(r.outputs.size(), 1u);
  const ttllc::Comparison &cmp = r.outputs[0];
  EXPECT_TRUE(cmp.ok()) << cmp.mismatches << " elements out of tolerance (max abs error "
                        << cmp.maxAbs << ", max |ref| " << cmp.scale << ")";
  // A GEMM of random inputs is not all zeros or all one value.
  EXPECT_GT(cmp.scale, 1.0);
  EXPECT_GT(cmp.maxAbs, 0.0) << "exactly the reference: was the output computed at all?";
  // The project's simulator computes what the hardware computes.
  ASSERT_EQ(r.simStatus, TT_OK) << r.simMessage;
  ASSERT_EQ(r.simDiffs.size(), 1u);
  EXPECT_EQ(r.simDiffs[0].differing, 0u)
      << r.simDiffs[0].differing << " of " << r.simDiffs[0].elements
      << " elements differ between sim and ttsim, by up to " << r.simDiffs[0].maxUlps << " ulps";
}

// The matrix: sizes (one tile, padding, rectangles, 8 x 8 grid),
// blocks with sub-blocks, transposed B, float32 / bfloat16 accumulation,
// HiFi4 / LoFi, and the three tile formats.
const GemmCase kCases[] = {
    {"gemm_256_bf16_fp32acc_hifi4", "gemm.py", "", "wormhole_b0"},
    {"gemm_32_one_core", "gemm.py", "-D M=32 -D N=32 -D K=32", "wormhole_b0"},
    {"gemm_100_padded", "gemm.py", "-D M=100 -D N=100 -D K=100", "wormhole_b0"},
    {"gemm_512x256x128", "gemm.py", "-D M=512 -D N=256 -D K=128", "wormhole_b0"},
    {"gemm_512", "gemm.py", "-D M=512 -D N=512 -D K=512", "wormhole_b0"},
    {"gemm_256_bf16acc", "gemm.py", "-D accum_dtype=bfloat16", "wormhole_b0"},
    {"gemm_256_hifi2", "gemm.py", "--math-fidelity=HiFi2", "wormhole_b0"},
    {"gemm_256_lofi", "gemm.py", "--math-fidelity=LoFi", "wormhole_b0"},
    {"gemm_256_hifi3", "gemm.py", "--math-fidelity=HiFi3", "wormhole_b0"},
    {"gemm_256_float32", "gemm.py", "-D dtype=float32", "wormhole_b0"},
    {"gemm_256_float16", "gemm.py", "-D dtype=float16", "wormhole_b0"},
    {"gemm_256_float16_fp16acc", "gemm.py", "-D dtype=float16 -D accum_dtype=float16",
     "wormhole_b0"},
    // 128 x 128 blocks, the last row of blocks padded (300 = 2 * 128 + 44).
    {"gemm_blocked_128", "gemm_blocked.py", "-D M=300 -D N=256", "wormhole_b0"},
    {"gemm_blocked_128_bf16acc", "gemm_blocked.py", "-D M=300 -D N=256 -D accum_dtype=bfloat16",
     "wormhole_b0"},
    {"gemm_blocked_64", "gemm_blocked.py", "-D M=256 -D N=256 -D block_M=64 -D block_N=64",
     "wormhole_b0"},
    {"gemm_transpose_b", "gemm_transpose_b.py", "", "wormhole_b0"},
    // Data reuse (docs/lowering.md): four 1x4 sub-blocks share the A and B
    // blocks of each of the 8 K steps; their float32 partial sums go through
    // L1 (pack, then an unpack to Dst) between steps; 256x256 blocks give
    // sixteen sub-blocks in a 4x2 grid, transposed B too. A 16-bit Dst
    // (bfloat16, float16) reloads its partial sums through SrcA: eight 2x4
    // sub-blocks of 256x256 blocks.
    {"gemm_reuse_128", "gemm.py", "-D block_M=128 -D block_N=128", "wormhole_b0"},
    {"gemm_reuse_256_transpose_b", "gemm_transpose_b.py", "-D block_M=256 -D block_N=256",
     "wormhole_b0"},
    {"gemm_reuse_256_bf16acc", "gemm.py", "-D block_M=256 -D block_N=256 -D accum_dtype=bfloat16",
     "wormhole_b0"},
    {"gemm_reuse_256_fp16acc", "gemm.py",
     "-D block_M=256 -D block_N=256 -D dtype=float16 -D accum_dtype=float16", "wormhole_b0"},
    {"gemm_transpose_b_bf16acc", "gemm_transpose_b.py", "-D accum_dtype=bfloat16", "wormhole_b0"},
};

// A subset on Blackhole, whose coprocessor differs in register numbers,
// instruction fields and the packer's width (4 Dst rows per PACR).
const GemmCase kBlackholeCases[] = {
    {"bh_gemm_256_bf16_fp32acc_hifi4", "gemm.py", "", "blackhole"},
    {"bh_gemm_32_one_core", "gemm.py", "-D M=32 -D N=32 -D K=32", "blackhole"},
    {"bh_gemm_100_padded", "gemm.py", "-D M=100 -D N=100 -D K=100", "blackhole"},
    {"bh_gemm_256_bf16acc_lofi", "gemm.py", "-D accum_dtype=bfloat16 --math-fidelity=LoFi",
     "blackhole"},
    {"bh_gemm_256_float32", "gemm.py", "-D dtype=float32", "blackhole"},
    {"bh_gemm_256_float16", "gemm.py", "-D dtype=float16", "blackhole"},
    {"bh_gemm_blocked_128", "gemm_blocked.py", "-D M=300 -D N=256", "blackhole"},
    {"bh_gemm_transpose_b", "gemm_transpose_b.py", "", "blackhole"},
    {"bh_gemm_reuse_128", "gemm.py", "-D block_M=128 -D block_N=128", "blackhole"},
    {"bh_gemm_reuse_256_bf16acc", "gemm.py",
     "-D block_M=256 -D block_N=256 -D accum_dtype=bfloat16", "blackhole"},
};

INSTANTIATE_TEST_SUITE_P(Blackhole, TtsimGemm, ::testing::ValuesIn(kBlackholeCases),
                         [](const ::testing::TestParamInfo<GemmCase> &info) {
                           return std::string(info.param.name);
                         });

INSTANTIATE_TEST_SUITE_P(Wormhole, TtsimGemm, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GemmCase> &info) {
                           return std::string(info.param.name);
                         });

// LoFi multiplies the top 5 mantissa bits of B (SrcA) by the top 7 of A
// (SrcB): one phase instead of HiFi4's four, so its products keep about 5
// bits and the result is far from HiFi4's (interp/Tolerance.h widens tt-run's
// bound for it), and the simulator computes the same bits.
TEST(TtsimGemmFidelity, LoFiIsOnePhaseAndCoarser) {
  REQUIRE_TTSIM("wormhole");
  GemmCase hifi = {"gemm_64x64x256_hifi4", "gemm.py", "-D M=64 -D N=64 -D K=256", "wormhole_b0"};
  GemmCase lofi = hifi;
  lofi.name = "gemm_64x64x256_lofi";
  lofi.flags = "-D M=64 -D N=64 -D K=256 --math-fidelity=LoFi";
  GemmResult h = runGemm(hifi), l = runGemm(lofi);
  ASSERT_EQ(h.status, TT_OK) << h.message;
  ASSERT_EQ(l.status, TT_OK) << l.message;
  ASSERT_EQ(h.values.size(), 1u);
  ASSERT_EQ(l.values.size(), 1u);
  EXPECT_TRUE(h.outputs[0].ok());
  size_t differ = 0;
  for (size_t i = 0; i < h.values[0].size(); ++i)
    differ += h.values[0][i] != l.values[0][i];
  EXPECT_GT(differ, h.values[0].size() / 2) << "LoFi computed as HiFi4";
  EXPECT_GT(l.outputs[0].maxAbs, h.outputs[0].maxAbs);
  EXPECT_LT(l.outputs[0].maxAbs, 0.05 * l.outputs[0].scale);
}

// The matrix unit multiplies float16 only by float16: a plan whose B
// circular buffer is float16 beside a bfloat16 A stops in tt.unpack.mm_init,
// naming the buffer and its format, before anything is computed.
TEST(TtsimGemmBroken, MixedFloat16OperandsStopClearly) {
  REQUIRE_TTSIM("wormhole");
  GemmCase c = {"gemm_mixed", "gemm.py", "-D M=32 -D N=32 -D K=32", "wormhole_b0"};
  GemmResult r = runGemm(c, [](std::string plan) {
    size_t b = plan.find("\"name\": \"B_shared\"");
    size_t format = plan.rfind("\"data_format\": \"Float16_b\"", b);
    if (b != std::string::npos && format != std::string::npos)
      plan.replace(format, std::string("\"data_format\": \"Float16_b\"").size(),
                   "\"data_format\": \"Float16\"");
    return plan;
  });
  EXPECT_EQ(r.status, TT_ERROR_UNSUPPORTED);
  EXPECT_NE(r.message.find("gemm: core (0, 0) trisc0 (unpack) stopped in tt.unpack.mm_init: "
                           "circular buffer 1 holds float16 tiles"),
            std::string::npos)
      << r.message;
  EXPECT_EQ(r.simStatus, TT_ERROR_UNSUPPORTED) << r.simMessage;
  EXPECT_NE(r.simMessage.find("mix float16 with a format of 8-bit exponents"), std::string::npos)
      << r.simMessage;
}

// A 16-bit bfloat16 Dst cannot be packed to float16: a bfloat16-accumulating
// GEMM whose output CB is float16 (plan edited) stops in tt.pack.init.
TEST(TtsimGemmBroken, BFloat16DstToFloat16StopsClearly) {
  REQUIRE_TTSIM("wormhole");
  GemmCase c = {"gemm_bf16_to_fp16", "gemm.py", "-D M=32 -D N=32 -D K=32 -D accum_dtype=bfloat16",
                "wormhole_b0"};
  GemmResult r = runGemm(c, [](std::string plan) {
    size_t name = plan.find("\"name\": \"C_local\"");
    size_t format = plan.rfind("\"data_format\": \"Float16_b\"", name);
    if (name != std::string::npos && format != std::string::npos)
      plan.replace(format, std::string("\"data_format\": \"Float16_b\"").size(),
                   "\"data_format\": \"Float16\"");
    return plan;
  });
  EXPECT_EQ(r.status, TT_ERROR_UNSUPPORTED);
  EXPECT_NE(r.message.find("gemm: core (0, 0) trisc2 (pack) stopped in tt.pack.init: circular "
                           "buffer 16 holds float16 tiles"),
            std::string::npos)
      << r.message;
  EXPECT_EQ(r.simStatus, TT_ERROR_UNSUPPORTED) << r.simMessage;
  EXPECT_NE(r.simMessage.find("cannot make from a bfloat16 DST"), std::string::npos)
      << r.simMessage;
}

} // namespace
