//===- tests/e2e/GemmReuseTest.cpp - data reuse of large GEMM blocks -------===//
//
// One 512^3 bfloat16 GEMM (examples/gemm.py) compiled with square blocks of
// 32, 64, 128, 256 and 512 (the largest that fits L1 with its partial sums)
// and run on the simulator with the same inputs. Each result matches the
// reference interpreter; the DRAM bytes the cores read (noc_read_bytes) stay
// within 1.1x of the ideal traffic of the block size,
//   2 bytes * (M*K*N / block_N + K*N*M / block_M),
// (each A block read once per column of blocks, each B block once per row:
// tensorize-gemm's reuse lowering keeps both in their CBs for every output
// sub-block); and the sub-blocked results, whose partial sums go through L1
// between K steps, are bit for bit those of blocks that DST holds whole
// (float32 partials reloaded into float32 DST; bfloat16 into a 16-bit DST).
//
//===----------------------------------------------------------------------===//

#include "Reference.h"

#include "reuse_128_host.h"
#include "reuse_256_host.h"
#include "reuse_32_host.h"
#include "reuse_512_host.h"
#include "reuse_64_host.h"
#include "reuse_bf16_256_host.h"
#include "reuse_bf16_64_host.h"

#include "interp/Tolerance.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using ttllc::e2e::interpretSource;

using CreateProgram = tt_status (*)(tt_device *, tt_buffer *, tt_buffer *, tt_buffer *,
                                    tt_program **);

constexpr uint32_t kSize = 512; // M = N = K

struct Block {
  const char *name; // the ttllc_add_kernel target
  CreateProgram create;
  uint32_t block; // block_M = block_N
};

/// The GEMM's inputs, the reference result and the run of each kernel.
class GemmReuse : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(tt_device_open("sim:wormhole_b0", &device), TT_OK) << tt_last_error();
    host.resize(3);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    for (int i = 0; i < 3; ++i) {
      host[i].shape = {kSize, kSize};
      host[i].data.assign(size_t(kSize) * kSize, 0.0f);
      if (i < 2)
        for (float &v : host[i].data)
          v = uniform(rng);
      ASSERT_EQ(tt_buffer_create(device, uint64_t(kSize) * kSize * 2, 2048, &buffers[i]), TT_OK)
          << tt_last_error();
      ASSERT_EQ(tt_buffer_write_tiles(buffers[i], host[i].data.data(), TT_FLOAT32, kSize, kSize,
                                      TT_FLOAT16_B),
                TT_OK)
          << tt_last_error();
    }
  }
  void TearDown() override {
    for (tt_buffer *b : buffers)
      if (b)
        tt_buffer_destroy(b);
    if (device)
      tt_device_close(device);
  }

  /// Runs `b` into C; `got` is C, `read` the DRAM bytes all cores read.
  void run(const Block &b, std::vector<float> &got, uint64_t &read) {
    tt_program *program = nullptr;
    ASSERT_EQ(b.create(device, buffers[0], buffers[1], buffers[2], &program), TT_OK)
        << tt_last_error();
    ASSERT_EQ(tt_program_run(program), TT_OK) << b.name << ": " << tt_last_error();
    read = 0;
    for (uint32_t i = 0; i < tt_program_num_cores(program); ++i) {
      tt_core_stats s;
      ASSERT_EQ(tt_program_get_stats(program, i, &s), TT_OK) << tt_last_error();
      read += s.noc_read_bytes;
    }
    tt_program_destroy(program);
    got.assign(size_t(kSize) * kSize, 0.0f);
    ASSERT_EQ(tt_buffer_read_tiles(buffers[2], got.data(), TT_FLOAT32, kSize, kSize, TT_FLOAT16_B),
              TT_OK)
        << tt_last_error();
  }

  /// Runs every block size, checks traffic and the reference, and that all
  /// results are equal bit for bit.
  void check(const std::vector<Block> &blocks, bool fp32Acc) {
    ASSERT_TRUE(interpretSource(std::string(TTLLC_E2E_DIR) + "/" + blocks.front().name, host));
    ttllc::Tolerance tol = ttllc::outputTolerance("bfloat16", fp32Acc);
    std::vector<float> first;
    for (const Block &b : blocks) {
      SCOPED_TRACE(b.name);
      std::vector<float> got;
      uint64_t read = 0;
      ASSERT_NO_FATAL_FAILURE(run(b, got, read));
      double n = kSize;
      double ideal = 2.0 * (n * n * n / b.block + n * n * n / b.block);
      EXPECT_LE(double(read), 1.1 * ideal)
          << read << " bytes read, ideal " << ideal << " for " << b.block << "x" << b.block;
      ttllc::Comparison cmp = ttllc::compareOutput(got, host[2].data, tol);
      EXPECT_GT(cmp.scale, 1.0);
      EXPECT_TRUE(cmp.ok()) << cmp.mismatches << " elements differ (max abs error " << cmp.maxAbs
                            << ")";
      if (first.empty()) {
        first = got;
        continue;
      }
      size_t differ = 0;
      for (size_t i = 0; i < got.size(); ++i)
        differ += got[i] != first[i];
      EXPECT_EQ(differ, 0u) << "elements that differ from " << blocks.front().name;
    }
  }

  tt_device *device = nullptr;
  tt_buffer *buffers[3] = {};
  std::vector<ttllc::HostTensor> host;
};

TEST_F(GemmReuse, Float32AccumulationReadsTheIdealTraffic) {
  check({{"reuse_32", reuse_32_create_program, 32},
         {"reuse_64", reuse_64_create_program, 64},
         {"reuse_128", reuse_128_create_program, 128},
         {"reuse_256", reuse_256_create_program, 256},
         {"reuse_512", reuse_512_create_program, 512}},
        true);
}

TEST_F(GemmReuse, BFloat16AccumulationReloadsExactly) {
  // 64x64: 4 tiles, DST holds them (8 tiles in 16-bit); 256x256: eight 2x4
  // sub-blocks whose bfloat16 partial sums go through L1.
  check({{"reuse_bf16_64", reuse_bf16_64_create_program, 64},
         {"reuse_bf16_256", reuse_bf16_256_create_program, 256}},
        false);
}

} // namespace
