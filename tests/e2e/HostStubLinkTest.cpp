//===- tests/e2e/HostStubLinkTest.cpp - a host object in a harness --------===//
//
// examples/gemm.py is compiled by tt-llc at build time (ttllc_add_kernel in
// CMakeLists.txt); this harness links its host object gemm_host.o with the
// runtime and drives it through the generated functions of gemm_host.h,
// exactly as a user's harness would; the stub's description reaches the
// runtime's tt_program_create_from_kernel, whose checks it shows.
//
//===----------------------------------------------------------------------===//

#include "gemm_host.h"

#include "interp/Interpreter.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

// The 256x256 bfloat16 tensors of examples/gemm.py: 64 tiles of 2048 bytes.
constexpr uint32_t kPage = 2048;
constexpr uint64_t kBytes = 256 * 256 * 2;

struct Gemm : ::testing::Test {
  void SetUp() override {
    ASSERT_EQ(tt_device_open("sim:wormhole_b0", &device), TT_OK) << tt_last_error();
    for (tt_buffer **b : {&a, &b_, &c})
      ASSERT_EQ(tt_buffer_create(device, kBytes, kPage, b), TT_OK) << tt_last_error();
  }
  void TearDown() override {
    if (program)
      tt_program_destroy(program);
    for (tt_buffer *b : {a, b_, c})
      if (b)
        tt_buffer_destroy(b);
    if (device)
      tt_device_close(device);
  }

  std::vector<uint32_t> args(uint32_t x, uint32_t y, tt_risc risc) {
    std::vector<uint32_t> v(64);
    uint32_t n = 0;
    EXPECT_EQ(tt_program_get_runtime_args(program, x, y, risc, v.data(), v.size(), &n), TT_OK)
        << tt_last_error();
    v.resize(n);
    return v;
  }

  tt_device *device = nullptr;
  tt_buffer *a = nullptr, *b_ = nullptr, *c = nullptr;
  tt_program *program = nullptr;
};

TEST_F(Gemm, HostStubBuildsTheProgramOfThePlan) {
  ASSERT_EQ(gemm_create_program(device, a, b_, c, &program), TT_OK) << tt_last_error();
  // 64 output tiles on the 8x8 grid: one per core.
  EXPECT_EQ(tt_program_num_cores(program), 64u);

  // Core (3, 2) is core 19 and computes output tile 19 (bx = 3, by = 2).
  uint32_t A = tt_buffer_address(a), B = tt_buffer_address(b_), C = tt_buffer_address(c);
  EXPECT_EQ(args(3, 2, TT_NCRISC), (std::vector<uint32_t>{A, B, 19, 1, 8, 8, 8}));
  for (tt_risc t : {TT_TRISC0, TT_TRISC1, TT_TRISC2})
    EXPECT_EQ(args(3, 2, t), (std::vector<uint32_t>{19, 1, 8, 8, 8}));
  EXPECT_EQ(args(3, 2, TT_BRISC), (std::vector<uint32_t>{C, 19, 1, 8, 8}));
  EXPECT_EQ(args(7, 7, TT_BRISC), (std::vector<uint32_t>{C, 63, 1, 8, 8}));

  // Double-buffered CBs of one bfloat16 tile: A in 0, B in 1, C in 16.
  for (uint32_t cb : {0u, 1u, 16u}) {
    uint32_t pageSize = 0, pages = 0;
    tt_data_format format = TT_FLOAT32;
    ASSERT_EQ(tt_program_get_circular_buffer(program, cb, &pageSize, &pages, &format), TT_OK)
        << "cb " << cb << ": " << tt_last_error();
    EXPECT_EQ(pageSize, kPage);
    EXPECT_EQ(pages, 2u);
    EXPECT_EQ(format, TT_FLOAT16_B);
  }
  uint32_t pageSize, pages;
  tt_data_format format;
  EXPECT_NE(tt_program_get_circular_buffer(program, 2, &pageSize, &pages, &format), TT_OK);
}

TEST_F(Gemm, LaunchComputesTheProduct) {
  // Small integers are exact in bfloat16 and in float32 sums, so C must equal
  // the host product rounded once to bfloat16 (the output format).
  std::vector<float> A(256 * 256), B(256 * 256), C(256 * 256, -1.0f);
  for (size_t i = 0; i < A.size(); ++i) {
    A[i] = float(int(i % 7) - 3);
    B[i] = float(int(i % 5) - 2);
  }
  ASSERT_EQ(tt_buffer_write_tiles(a, A.data(), TT_FLOAT32, 256, 256, TT_FLOAT16_B), TT_OK)
      << tt_last_error();
  ASSERT_EQ(tt_buffer_write_tiles(b_, B.data(), TT_FLOAT32, 256, 256, TT_FLOAT16_B), TT_OK)
      << tt_last_error();
  ASSERT_EQ(gemm_launch(device, a, b_, c), TT_OK) << tt_last_error();
  ASSERT_EQ(tt_buffer_read_tiles(c, C.data(), TT_FLOAT32, 256, 256, TT_FLOAT16_B), TT_OK)
      << tt_last_error();
  for (int i = 0; i < 256; i += 17)
    for (int j = 0; j < 256; j += 13) {
      float ref = 0;
      for (int k = 0; k < 256; ++k)
        ref += A[i * 256 + k] * B[k * 256 + j];
      ASSERT_EQ(C[i * 256 + j], ttllc::roundToBFloat16(ref)) << "C[" << i << ", " << j << "]";
    }
}

TEST_F(Gemm, RunsAreDeterministic) {
  // Two runs of one program on the same random inputs: the same C, bit for
  // bit, and the same statistics on every core.
  std::vector<float> A(256 * 256), B(256 * 256);
  uint32_t x = 12345;
  for (float *v : {A.data(), B.data()})
    for (size_t i = 0; i < A.size(); ++i) {
      x = x * 1664525u + 1013904223u;
      v[i] = float(int32_t(x >> 8) % 1000) / 1000.0f;
    }
  ASSERT_EQ(tt_buffer_write_tiles(a, A.data(), TT_FLOAT32, 256, 256, TT_FLOAT16_B), TT_OK);
  ASSERT_EQ(tt_buffer_write_tiles(b_, B.data(), TT_FLOAT32, 256, 256, TT_FLOAT16_B), TT_OK);
  ASSERT_EQ(gemm_create_program(device, a, b_, c, &program), TT_OK) << tt_last_error();
  std::vector<uint8_t> C[2];
  std::vector<tt_core_stats> stats[2];
  for (int run = 0; run < 2; ++run) {
    ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
    C[run].resize(kBytes);
    ASSERT_EQ(tt_buffer_read_bytes(c, C[run].data(), kBytes), TT_OK) << tt_last_error();
    for (uint32_t i = 0; i < tt_program_num_cores(program); ++i) {
      tt_core_stats st;
      ASSERT_EQ(tt_program_get_stats(program, i, &st), TT_OK);
      stats[run].push_back(st);
    }
    ASSERT_EQ(tt_buffer_write_bytes(c, std::vector<uint8_t>(kBytes).data(), kBytes), TT_OK);
  }
  EXPECT_EQ(C[0], C[1]);
  ASSERT_EQ(stats[0].size(), 64u);
  ASSERT_EQ(stats[1].size(), 64u);
  for (size_t i = 0; i < 64; ++i) {
    EXPECT_EQ(std::memcmp(&stats[0][i], &stats[1][i], sizeof(tt_core_stats)), 0) << "core " << i;
    EXPECT_EQ(stats[0][i].matmul_tiles, 8u);
    EXPECT_GT(stats[0][i].instructions[TT_TRISC1], 0u);
  }
}

TEST_F(Gemm, StubRejectsAnotherDevice) {
  tt_device *bh = nullptr;
  ASSERT_EQ(tt_device_open("sim:blackhole", &bh), TT_OK) << tt_last_error();
  tt_buffer *x = nullptr, *y = nullptr, *z = nullptr;
  ASSERT_EQ(tt_buffer_create(bh, kBytes, kPage, &x), TT_OK);
  ASSERT_EQ(tt_buffer_create(bh, kBytes, kPage, &y), TT_OK);
  ASSERT_EQ(tt_buffer_create(bh, kBytes, kPage, &z), TT_OK);
  tt_program *p = nullptr;
  EXPECT_EQ(gemm_create_program(bh, x, y, z, &p), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tt_last_error(), "gemm: compiled for device wormhole_b0, not blackhole");
  EXPECT_EQ(p, nullptr);
  // Nor do buffers of another device go with this one.
  EXPECT_EQ(gemm_create_program(device, a, y, c, &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tt_last_error(), "gemm: buffer B is not a buffer of this device");
  EXPECT_EQ(program, nullptr);
  for (tt_buffer *t : {x, y, z})
    tt_buffer_destroy(t);
  tt_device_close(bh);
}

TEST_F(Gemm, StubRejectsBuffersOfTheWrongShape) {
  tt_buffer *small = nullptr;
  ASSERT_EQ(tt_buffer_create(device, kBytes / 2, kPage, &small), TT_OK);
  EXPECT_EQ(gemm_create_program(device, a, small, c, &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tt_last_error(),
               "gemm: buffer B holds 65536 bytes, the kernel needs 64 pages of 2048 bytes");
  EXPECT_EQ(gemm_launch(device, a, b_, nullptr), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tt_last_error(), "gemm: buffer C is null");
  tt_buffer_destroy(small);
}

} // namespace
