//===- tests/e2e/GemmSuiteTest.cpp - the GEMMs of the issue on the simulator ===//
//
// Every GEMM below is compiled by tt-llc at build time (ttllc_add_kernel in
// CMakeLists.txt, one stub name each). The harness drives each one as a
// user's harness would: buffers of the documented shapes filled with seeded
// random values, the generated <stub>_create_program, tt_program_run, C read
// back; then C is compared with the reference interpreter's result on the
// same inputs (the kernel's source.tir from its build folder) within the
// documented tolerance, and the simulator's statistics must show exactly the
// tile matmuls the GEMM needs and a whole output written.
//
//===----------------------------------------------------------------------===//

#include "gemm_100_host.h"
#include "gemm_32_host.h"
#include "gemm_512_host.h"
#include "gemm_bf16acc_host.h"
#include "gemm_bh_512_host.h"
#include "gemm_bh_blocked_host.h"
#include "gemm_bh_rect_host.h"
#include "gemm_block128_host.h"
#include "gemm_block64_host.h"
#include "gemm_eager_512_host.h"
#include "gemm_eager_host.h"
#include "gemm_host.h"
#include "gemm_nt_host.h"
#include "gemm_rect_host.h"

#include "Reference.h"

#include "interp/Tolerance.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using ttllc::e2e::interpretSource;

using CreateProgram = tt_status (*)(tt_device *, tt_buffer *, tt_buffer *, tt_buffer *,
                                    tt_program **);

struct GemmCase {
  const char *name;   // the ttllc_add_kernel target: its build folder
  const char *device; // "sim:..."
  CreateProgram create;
  uint32_t M, N, K;
  bool transposeB; // B is N x K
  bool fp32Acc;    // DST accumulates in float32
  uint32_t cores;  // cores of the program
  uint32_t block;  // rows and columns of the square block of C one work unit computes
};

const GemmCase kCases[] = {
    {"e2e_gemm_wh", "sim:wormhole_b0", gemm_create_program, 256, 256, 256, false, true, 64, 32},
    {"gemm_512", "sim:wormhole_b0", gemm_512_create_program, 512, 512, 512, false, true, 64, 32},
    {"gemm_32", "sim:wormhole_b0", gemm_32_create_program, 32, 32, 32, false, true, 1, 32},
    {"gemm_100", "sim:wormhole_b0", gemm_100_create_program, 100, 100, 100, false, true, 16, 32},
    {"gemm_rect", "sim:wormhole_b0", gemm_rect_create_program, 512, 256, 128, false, true, 64, 32},
    {"gemm_block64", "sim:wormhole_b0", gemm_block64_create_program, 512, 512, 256, false, true, 64,
     64},
    {"gemm_block128", "sim:wormhole_b0", gemm_block128_create_program, 512, 512, 256, false, true,
     16, 128},
    {"gemm_nt", "sim:wormhole_b0", gemm_nt_create_program, 256, 256, 256, true, true, 64, 32},
    {"gemm_bf16acc", "sim:wormhole_b0", gemm_bf16acc_create_program, 256, 256, 256, false, false,
     64, 32},
    {"gemm_bh_512", "sim:blackhole", gemm_bh_512_create_program, 512, 512, 512, false, true, 130,
     32},
    {"gemm_bh_rect", "sim:blackhole", gemm_bh_rect_create_program, 512, 256, 128, false, true, 128,
     32},
    {"gemm_bh_blocked", "sim:blackhole", gemm_bh_blocked_create_program, 800, 512, 256, false, true,
     28, 128},
    // examples/gemm_eager.py: the same GEMM written in TileLang's eager style.
    {"gemm_eager", "sim:wormhole_b0", gemm_eager_create_program, 256, 256, 256, false, true, 64,
     32},
    {"gemm_eager_512", "sim:wormhole_b0", gemm_eager_512_create_program, 512, 512, 512, false, true,
     64, 32},
};

void PrintTo(const GemmCase &g, std::ostream *os) { *os << g.name; }

uint32_t tiles(uint32_t n) { return (n + 31) / 32; }

class GemmSuite : public ::testing::TestWithParam<GemmCase> {
protected:
  void TearDown() override {
    if (program)
      tt_program_destroy(program);
    for (tt_buffer *b : buffers)
      if (b)
        tt_buffer_destroy(b);
    if (device)
      tt_device_close(device);
  }
  tt_device *device = nullptr;
  tt_buffer *buffers[3] = {};
  tt_program *program = nullptr;
};

TEST_P(GemmSuite, MatchesTheReference) {
  const GemmCase &g = GetParam();
  ASSERT_EQ(tt_device_open(g.device, &device), TT_OK) << tt_last_error();

  // A is M x K, B is K x N (N x K transposed), C is M x N; bfloat16 tiles of
  // 2048 bytes, padded to whole tiles.
  std::vector<ttllc::HostTensor> host(3);
  host[0].shape = {g.M, g.K};
  host[1].shape = g.transposeB ? std::vector<int64_t>{g.N, g.K} : std::vector<int64_t>{g.K, g.N};
  host[2].shape = {g.M, g.N};
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (int i = 0; i < 3; ++i) {
    auto rows = uint32_t(host[i].shape[0]), cols = uint32_t(host[i].shape[1]);
    host[i].data.assign(size_t(rows) * cols, 0.0f);
    if (i < 2)
      for (float &v : host[i].data)
        v = uniform(rng);
    uint64_t bytes = uint64_t(tiles(rows)) * tiles(cols) * 2048;
    ASSERT_EQ(tt_buffer_create(device, bytes, 2048, &buffers[i]), TT_OK) << tt_last_error();
    ASSERT_EQ(tt_buffer_write_tiles(buffers[i], host[i].data.data(), TT_FLOAT32, rows, cols,
                                    TT_FLOAT16_B),
              TT_OK)
        << tt_last_error();
  }

  ASSERT_EQ(g.create(device, buffers[0], buffers[1], buffers[2], &program), TT_OK)
      << tt_last_error();
  ASSERT_EQ(tt_program_num_cores(program), g.cores);
  ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();

  std::vector<float> got(size_t(g.M) * g.N);
  ASSERT_EQ(tt_buffer_read_tiles(buffers[2], got.data(), TT_FLOAT32, g.M, g.N, TT_FLOAT16_B), TT_OK)
      << tt_last_error();
  ASSERT_TRUE(interpretSource(std::string(TTLLC_E2E_DIR) + "/" + g.name, host));

  ttllc::Tolerance tol = ttllc::outputTolerance("bfloat16", g.fp32Acc);
  ttllc::Comparison cmp = ttllc::compareOutput(got, host[2].data, tol);
  EXPECT_GT(cmp.scale, 1.0); // a real product, not zeros
  EXPECT_TRUE(cmp.ok()) << cmp.mismatches << " of " << got.size() << " elements differ; first at ["
                        << cmp.firstMismatch / g.N << ", " << cmp.firstMismatch % g.N << "]: got "
                        << got[cmp.firstMismatch] << ", expected "
                        << host[2].data[cmp.firstMismatch] << " (max abs error " << cmp.maxAbs
                        << ", max |ref| " << cmp.scale << ")";

  // Each output tile is the sum of Kt tile products; blocks of C that reach
  // past the matrix still multiply whole blocks, but only the tiles of C are
  // written, each once.
  uint32_t blockTiles = g.block / 32;
  uint32_t blocksM = (tiles(g.M) + blockTiles - 1) / blockTiles;
  uint32_t blocksN = (tiles(g.N) + blockTiles - 1) / blockTiles;
  uint64_t matmuls = 0, written = 0;
  for (uint32_t i = 0; i < g.cores; ++i) {
    tt_core_stats s;
    ASSERT_EQ(tt_program_get_stats(program, i, &s), TT_OK) << tt_last_error();
    matmuls += s.matmul_tiles;
    written += s.noc_write_bytes;
  }
  uint64_t paddedTiles = uint64_t(blocksM) * blocksN * blockTiles * blockTiles;
  EXPECT_EQ(matmuls, paddedTiles * tiles(g.K));
  EXPECT_EQ(written, uint64_t(tiles(g.M)) * tiles(g.N) * 2048);
}

TEST_P(GemmSuite, ThreadsGiveTheSameRun) {
  // The same program on one host thread and on several: the same output
  // bytes and the same statistics, core by core (docs/simulator.md,
  // "Threads").
  const GemmCase &g = GetParam();
  ASSERT_EQ(tt_device_open(g.device, &device), TT_OK) << tt_last_error();
  uint32_t rows[3] = {g.M, g.transposeB ? g.N : g.K, g.M};
  uint32_t cols[3] = {g.K, g.transposeB ? g.K : g.N, g.N};
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (int i = 0; i < 3; ++i) {
    std::vector<float> data(size_t(rows[i]) * cols[i], 0.0f);
    if (i < 2)
      for (float &v : data)
        v = uniform(rng);
    uint64_t bytes = uint64_t(tiles(rows[i])) * tiles(cols[i]) * 2048;
    ASSERT_EQ(tt_buffer_create(device, bytes, 2048, &buffers[i]), TT_OK) << tt_last_error();
    ASSERT_EQ(
        tt_buffer_write_tiles(buffers[i], data.data(), TT_FLOAT32, rows[i], cols[i], TT_FLOAT16_B),
        TT_OK)
        << tt_last_error();
  }
  ASSERT_EQ(g.create(device, buffers[0], buffers[1], buffers[2], &program), TT_OK)
      << tt_last_error();
  uint64_t cBytes = uint64_t(tiles(g.M)) * tiles(g.N) * 2048;
  auto runWith = [&](uint32_t threads, std::vector<uint8_t> &out,
                     std::vector<tt_core_stats> &stats) {
    std::vector<uint8_t> zeros(cBytes, 0);
    ASSERT_EQ(tt_buffer_write_bytes(buffers[2], zeros.data(), cBytes), TT_OK) << tt_last_error();
    ASSERT_EQ(tt_device_set_threads(device, threads), TT_OK) << tt_last_error();
    ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
    out.assign(cBytes, 0);
    ASSERT_EQ(tt_buffer_read_bytes(buffers[2], out.data(), cBytes), TT_OK) << tt_last_error();
    stats.assign(g.cores, tt_core_stats{});
    for (uint32_t i = 0; i < g.cores; ++i)
      ASSERT_EQ(tt_program_get_stats(program, i, &stats[i]), TT_OK) << tt_last_error();
  };
  std::vector<uint8_t> one, many;
  std::vector<tt_core_stats> oneStats, manyStats;
  runWith(1, one, oneStats);
  runWith(3, many, manyStats);
  ASSERT_EQ(one.size(), cBytes);
  EXPECT_NE(one, std::vector<uint8_t>(cBytes, 0)); // a real product
  EXPECT_EQ(one, many);
  for (uint32_t i = 0; i < g.cores; ++i)
    EXPECT_EQ(std::memcmp(&oneStats[i], &manyStats[i], sizeof(tt_core_stats)), 0) << "core " << i;
}

INSTANTIATE_TEST_SUITE_P(Simulator, GemmSuite, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GemmCase> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
