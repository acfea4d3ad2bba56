//===- tests/unit/RuntimeTest.cpp - the host runtime's C API --------------===//
//
// Exercises tt/runtime.h as a harness would (runtime/Runtime.cpp): devices,
// DRAM buffers, their addresses and contents (raw pages, tilize / untilize in
// every format pair with the exact face layout, padding and rounding),
// circular-buffer and kernel-image validation (handmade ELF headers and
// garbage), runtime arguments, tt_program_run's checks, the instruction
// budget and run statistics (on trivial kernels only: running real kernels
// is tested elsewhere); programs created from a kernel description
// (tt_program_create_from_kernel: each of its checks with its message, the
// runtime arguments it sets) and from a plan (runtime/PlanProgram.h); and
// that bad arguments give error codes with messages instead of crashes.
//
//===----------------------------------------------------------------------===//

#include "tt/runtime.h"
#include "TestImage.h"
#include "runtime/PlanProgram.h"
#include "tt/device_abi.h"

#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

// tests/unit/RuntimeC.c: the entry points called from C99 with a raw int for each enum.
extern "C" {
tt_status ttllc_c_fail(int status, const char *message);
tt_status ttllc_c_write_tiles(tt_buffer *buffer, const void *host, int host_format, uint32_t rows,
                              uint32_t cols, int device_format);
tt_status ttllc_c_read_tiles(const tt_buffer *buffer, void *host, int host_format, uint32_t rows,
                             uint32_t cols, int device_format);
tt_status ttllc_c_add_circular_buffer(tt_program *program, uint32_t cb, uint32_t page_size,
                                      uint32_t num_pages, int format);
tt_status ttllc_c_set_kernel(tt_program *program, int risc, const void *image, size_t size);
tt_status ttllc_c_set_compute_config(tt_program *program, int fp32_dest_acc, int fidelity);
tt_status ttllc_c_set_runtime_args(tt_program *program, uint32_t x, uint32_t y, int risc,
                                   const uint32_t *args, uint32_t count);
tt_status ttllc_c_get_runtime_args(const tt_program *program, uint32_t x, uint32_t y, int risc,
                                   uint32_t *args, uint32_t capacity, uint32_t *count);
void ttllc_c_set_desc_fidelity(tt_kernel_desc *desc, int fidelity);
void ttllc_c_set_cb_format(tt_kernel_circular_buffer *cb, int format);
}

namespace {

using namespace ttllc::test;
using llvm::support::endian::write16le;
using llvm::support::endian::write32le;

std::string lastError() { return tt_last_error(); }

bool mentions(const std::string &text, const std::string &piece) {
  return text.find(piece) != std::string::npos;
}

/// An open device, closed at the end of the test.
struct Device {
  tt_device *device = nullptr;
  explicit Device(const char *name = "sim:wormhole_b0") {
    EXPECT_EQ(tt_device_open(name, &device), TT_OK) << tt_last_error();
  }
  ~Device() { tt_device_close(device); }
  operator tt_device *() const { return device; }
};

/// A program on a device, destroyed at the end of the test.
struct Program {
  tt_program *program = nullptr;
  Program(tt_device *device, const char *name = "gemm") {
    EXPECT_EQ(tt_program_create(device, name, &program), TT_OK) << tt_last_error();
  }
  ~Program() { tt_program_destroy(program); }
  operator tt_program *() const { return program; }
};

const tt_risc kRiscs[] = {TT_BRISC, TT_NCRISC, TT_TRISC0, TT_TRISC1, TT_TRISC2};

/// Sets a valid kernel image on all five RISCs.
void setAllKernels(tt_program *program) {
  for (tt_risc risc : kRiscs) {
    std::vector<uint8_t> image = minimalImage(risc);
    ASSERT_EQ(tt_program_set_kernel(program, risc, image.data(), image.size()), TT_OK)
        << tt_last_error();
  }
}

/// Sets `count` arguments for all five RISCs of core (x, y).
void setAllArgs(tt_program *program, uint32_t x, uint32_t y, uint32_t count = 3) {
  std::vector<uint32_t> args(count, 7);
  for (tt_risc risc : kRiscs)
    ASSERT_EQ(tt_program_set_runtime_args(program, x, y, risc, args.data(), count), TT_OK)
        << tt_last_error();
}

} // namespace

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(RuntimeErrors, FailRecordsTheMessage) {
  EXPECT_EQ(tt_fail(TT_ERROR_FAULT, "a message"), TT_ERROR_FAULT);
  EXPECT_EQ(lastError(), "a message");
  EXPECT_EQ(tt_fail(TT_ERROR_BUDGET, nullptr), TT_ERROR_BUDGET);
  EXPECT_EQ(lastError(), "");
}

TEST(RuntimeErrors, LastErrorIsPerThread) {
  tt_fail(TT_ERROR_INVALID_ARGUMENT, "main thread");
  std::string other = "unset";
  std::thread([&] { other = tt_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_EQ(lastError(), "main thread");
}

//===----------------------------------------------------------------------===//
// Devices
//===----------------------------------------------------------------------===//

TEST(RuntimeDevice, OpensTheSimulatedDevices) {
  struct Case {
    const char *name, *expected;
  };
  for (Case c : {Case{"sim:wormhole_b0", "wormhole_b0"}, Case{nullptr, "wormhole_b0"},
                 Case{"", "wormhole_b0"}, Case{"sim:blackhole", "blackhole"},
                 Case{"sim:grayskull", "grayskull"}}) {
    tt_device *device = nullptr;
    ASSERT_EQ(tt_device_open(c.name, &device), TT_OK) << tt_last_error();
    EXPECT_STREQ(tt_device_name(device), c.expected);
    EXPECT_EQ(tt_device_get_abi(device), TT_ABI_SIM);
    tt_device_close(device);
  }
}

TEST(RuntimeDevice, RejectsUnknownNames) {
  tt_device *device = reinterpret_cast<tt_device *>(0x1);
  EXPECT_EQ(tt_device_open("sim:wormhole", &device), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(device, nullptr);
  EXPECT_TRUE(mentions(lastError(), "unknown device 'sim:wormhole'")) << lastError();
  EXPECT_TRUE(mentions(lastError(), "sim:blackhole")) << lastError();
  EXPECT_EQ(tt_device_open("wormhole_b0", &device), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_device_open("sim:wormhole_b0", nullptr), TT_ERROR_INVALID_ARGUMENT);
}

TEST(RuntimeDevice, NullAndClosedDevices) {
  tt_device_close(nullptr);
  EXPECT_STREQ(tt_device_name(nullptr), "");
  EXPECT_EQ(tt_device_get_abi(nullptr), TT_ABI_SIM);
  EXPECT_TRUE(mentions(lastError(), "device is null"));
  tt_device *device = nullptr;
  ASSERT_EQ(tt_device_open(nullptr, &device), TT_OK);
  tt_device_close(device);
  EXPECT_STREQ(tt_device_name(device), "");
  tt_device_close(device); // twice: an error, not a crash
  EXPECT_TRUE(mentions(lastError(), "not an open device")) << lastError();
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

TEST(RuntimeBuffer, AddressesAreDistinctAlignedAndDisjoint) {
  for (auto [name, alignment, banks] :
       {std::tuple{"sim:wormhole_b0", 32u, 12u}, std::tuple{"sim:blackhole", 64u, 8u},
        std::tuple{"sim:grayskull", 32u, 8u}}) {
    Device device(name);
    // 100 pages of 2000 bytes: ceil(100 / banks) pages per bank, each
    // padded to the alignment.
    uint64_t perBank = (100 + banks - 1) / banks * ((2000 + alignment - 1) / alignment * alignment);
    std::vector<tt_buffer *> buffers(4);
    std::set<uint32_t> addresses;
    for (tt_buffer *&b : buffers) {
      ASSERT_EQ(tt_buffer_create(device, 100 * 2000, 2000, &b), TT_OK) << tt_last_error();
      uint32_t address = tt_buffer_address(b);
      EXPECT_NE(address, 0u);
      EXPECT_EQ(address % alignment, 0u) << name;
      addresses.insert(address);
    }
    EXPECT_EQ(addresses.size(), buffers.size());
    // Consecutive buffers do not overlap in any bank.
    for (auto it = addresses.begin(); std::next(it) != addresses.end(); ++it)
      EXPECT_GE(*std::next(it) - *it, perBank) << name;
    EXPECT_EQ(tt_buffer_size(buffers[0]), 200000u);
    EXPECT_EQ(tt_buffer_page_size(buffers[0]), 2000u);
    for (tt_buffer *b : buffers)
      tt_buffer_destroy(b);
  }
}

TEST(RuntimeBuffer, SizeNeedNotBeAWholeNumberOfPages) {
  Device device;
  tt_buffer *a = nullptr, *b = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 1, 2048, &a), TT_OK);
  ASSERT_EQ(tt_buffer_create(device, 4097, 2048, &b), TT_OK);
  EXPECT_EQ(tt_buffer_size(b), 4097u);
  EXPECT_GT(tt_buffer_address(b), tt_buffer_address(a));
  tt_buffer_destroy(a);
  tt_buffer_destroy(b);
}

TEST(RuntimeBuffer, RejectsBadArguments) {
  Device device;
  tt_buffer *buffer = reinterpret_cast<tt_buffer *>(0x1);
  EXPECT_EQ(tt_buffer_create(device, 0, 2048, &buffer), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(buffer, nullptr);
  EXPECT_TRUE(mentions(lastError(), "size must be positive"));
  EXPECT_EQ(tt_buffer_create(device, 2048, 0, &buffer), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "page_size must be positive"));
  EXPECT_EQ(tt_buffer_create(nullptr, 2048, 2048, &buffer), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_create(device, 2048, 2048, nullptr), TT_ERROR_INVALID_ARGUMENT);
  // Getters of a null buffer: 0 and a message.
  EXPECT_EQ(tt_buffer_address(nullptr), 0u);
  EXPECT_EQ(tt_buffer_size(nullptr), 0u);
  EXPECT_EQ(tt_buffer_page_size(nullptr), 0u);
  EXPECT_TRUE(mentions(lastError(), "buffer is null"));
  tt_buffer_destroy(nullptr);
}

TEST(RuntimeBuffer, DramRunsOut) {
  Device device; // 12 banks of 1 GiB
  tt_buffer *buffer = nullptr;
  EXPECT_EQ(tt_buffer_create(device, uint64_t(13) << 30, 1 << 20, &buffer), TT_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(buffer, nullptr);
  EXPECT_TRUE(mentions(lastError(), "do not fit")) << lastError();
  EXPECT_EQ(tt_buffer_create(device, UINT64_MAX, 1, &buffer), TT_ERROR_OUT_OF_MEMORY);
  // Still usable afterwards.
  EXPECT_EQ(tt_buffer_create(device, 2048, 2048, &buffer), TT_OK);
  tt_buffer_destroy(buffer);
}

TEST(RuntimeBuffer, DestroyedBuffersAreRejected) {
  Device device;
  tt_buffer *buffer = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 2048, 2048, &buffer), TT_OK);
  tt_buffer_destroy(buffer);
  EXPECT_EQ(tt_buffer_address(buffer), 0u);
  EXPECT_TRUE(mentions(lastError(), "not a live buffer")) << lastError();
  tt_buffer_destroy(buffer);
}

TEST(RuntimeBuffer, OutliveTheirDevice) {
  tt_device *device = nullptr;
  ASSERT_EQ(tt_device_open(nullptr, &device), TT_OK);
  tt_buffer *buffer = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 4096, 2048, &buffer), TT_OK);
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create(device, "p", &program), TT_OK);
  tt_device_close(device);
  EXPECT_EQ(tt_buffer_size(buffer), 4096u);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "device has been closed")) << lastError();
  // Its contents were in the device's DRAM.
  std::vector<uint8_t> bytes(4096);
  EXPECT_EQ(tt_buffer_read_bytes(buffer, bytes.data(), bytes.size()), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_read_bytes: the buffer's device has been closed");
  EXPECT_EQ(tt_buffer_write_bytes(buffer, bytes.data(), bytes.size()), TT_ERROR_INVALID_ARGUMENT);
  std::vector<float> matrix(32 * 32);
  EXPECT_EQ(tt_buffer_write_tiles(buffer, matrix.data(), TT_FLOAT32, 32, 32, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "device has been closed")) << lastError();
  tt_buffer_destroy(buffer);
  tt_program_destroy(program);
}

//===----------------------------------------------------------------------===//
// Buffer contents: raw pages
//===----------------------------------------------------------------------===//

namespace {

/// `count` bytes of a pattern that differs per `seed`.
std::vector<uint8_t> pattern(size_t count, uint32_t seed) {
  std::vector<uint8_t> bytes(count);
  uint32_t state = seed * 2654435761u + 1;
  for (uint8_t &byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = uint8_t(state >> 24);
  }
  return bytes;
}

} // namespace

TEST(RuntimeBufferBytes, NewBuffersAreZero) {
  Device device;
  tt_buffer *buffer = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 5000, 2048, &buffer), TT_OK);
  std::vector<uint8_t> bytes(5000, 0xaa);
  ASSERT_EQ(tt_buffer_read_bytes(buffer, bytes.data(), bytes.size()), TT_OK) << tt_last_error();
  EXPECT_EQ(bytes, std::vector<uint8_t>(5000, 0));
  tt_buffer_destroy(buffer);
}

TEST(RuntimeBufferBytes, BuffersInterleavedOverTheBanksDoNotOverlap) {
  // Page sizes that are not a multiple of the DRAM alignment and page counts
  // that are not a multiple of the bank count (12 on Wormhole, 8 on
  // Blackhole), with partial last pages: every byte of both buffers reads
  // back as written, so no two pages share DRAM bytes.
  for (auto [name, pageSize, pages] :
       {std::tuple{"sim:wormhole_b0", 100u, 25u}, std::tuple{"sim:blackhole", 100u, 25u},
        std::tuple{"sim:grayskull", 2048u, 17u}, std::tuple{"sim:wormhole_b0", 1u, 30u}}) {
    Device device(name);
    uint64_t size = uint64_t(pageSize) * pages - (pageSize > 1 ? pageSize / 2 : 0);
    tt_buffer *a = nullptr, *b = nullptr;
    ASSERT_EQ(tt_buffer_create(device, size, pageSize, &a), TT_OK);
    ASSERT_EQ(tt_buffer_create(device, size, pageSize, &b), TT_OK);
    std::vector<uint8_t> bytesA = pattern(size, 1), bytesB = pattern(size, 2);
    ASSERT_EQ(tt_buffer_write_bytes(a, bytesA.data(), size), TT_OK) << tt_last_error();
    ASSERT_EQ(tt_buffer_write_bytes(b, bytesB.data(), size), TT_OK) << tt_last_error();
    std::vector<uint8_t> readA(size), readB(size);
    ASSERT_EQ(tt_buffer_read_bytes(a, readA.data(), size), TT_OK);
    ASSERT_EQ(tt_buffer_read_bytes(b, readB.data(), size), TT_OK);
    EXPECT_EQ(readA, bytesA) << name << " page size " << pageSize;
    EXPECT_EQ(readB, bytesB) << name << " page size " << pageSize;
    tt_buffer_destroy(a);
    tt_buffer_destroy(b);
  }
}

TEST(RuntimeBufferBytes, PrefixesAndBounds) {
  Device device;
  tt_buffer *buffer = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 3 * 2048, 2048, &buffer), TT_OK);
  std::vector<uint8_t> all = pattern(3 * 2048, 3);
  ASSERT_EQ(tt_buffer_write_bytes(buffer, all.data(), all.size()), TT_OK);
  // A shorter write changes only its prefix, a shorter read reads one.
  std::vector<uint8_t> head = pattern(2500, 4);
  ASSERT_EQ(tt_buffer_write_bytes(buffer, head.data(), head.size()), TT_OK);
  std::vector<uint8_t> expected = head;
  expected.insert(expected.end(), all.begin() + 2500, all.end());
  std::vector<uint8_t> read(3 * 2048);
  ASSERT_EQ(tt_buffer_read_bytes(buffer, read.data(), read.size()), TT_OK);
  EXPECT_EQ(read, expected);
  std::vector<uint8_t> prefix(10);
  ASSERT_EQ(tt_buffer_read_bytes(buffer, prefix.data(), prefix.size()), TT_OK);
  EXPECT_EQ(prefix, std::vector<uint8_t>(head.begin(), head.begin() + 10));

  // Zero bytes, even from NULL, are fine; more than the buffer is not.
  EXPECT_EQ(tt_buffer_write_bytes(buffer, nullptr, 0), TT_OK);
  EXPECT_EQ(tt_buffer_read_bytes(buffer, nullptr, 0), TT_OK);
  std::vector<uint8_t> big(3 * 2048 + 1);
  EXPECT_EQ(tt_buffer_write_bytes(buffer, big.data(), big.size()), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_bytes: 6145 bytes do not fit in the buffer's 6144");
  EXPECT_EQ(tt_buffer_read_bytes(buffer, big.data(), UINT64_MAX), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_write_bytes(buffer, nullptr, 1), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_bytes: data is null");
  EXPECT_EQ(tt_buffer_read_bytes(buffer, nullptr, 1), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_read_bytes(nullptr, read.data(), 1), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_read_bytes: buffer is null");
  tt_buffer_destroy(buffer);
  EXPECT_EQ(tt_buffer_write_bytes(buffer, all.data(), 1), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "not a live buffer")) << lastError();
}

//===----------------------------------------------------------------------===//
// Buffer contents: tiles
//===----------------------------------------------------------------------===//

namespace {

const tt_data_format kFormats[] = {TT_FLOAT32, TT_FLOAT16, TT_FLOAT16_B};

const char *formatText(tt_data_format format) {
  return format == TT_FLOAT32 ? "Float32" : format == TT_FLOAT16 ? "Float16" : "Float16_b";
}

uint32_t elementBytes(tt_data_format format) { return format == TT_FLOAT32 ? 4 : 2; }

/// Where element (r, c) of a 32x32 tile is stored: four 16x16 faces
/// (top-left, top-right, bottom-left, bottom-right), each row-major.
uint32_t faceIndex(uint32_t r, uint32_t c) {
  uint32_t face = (r < 16 ? 0 : 2) + (c < 16 ? 0 : 1);
  return face * 256 + (r % 16) * 16 + c % 16;
}

uint32_t bitsOf(float v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  return u;
}
float floatOf(uint32_t u) {
  float v;
  std::memcpy(&v, &u, 4);
  return v;
}

/// The bytes of `v` in `format`; `v` must be zero or a normal number that
/// the format holds exactly.
std::vector<uint8_t> encodeExact(float v, tt_data_format format) {
  uint32_t bits = bitsOf(v);
  if (format == TT_FLOAT16_B)
    bits >>= 16;
  if (format == TT_FLOAT16 && v != 0) {
    int exponent = 0;
    double mantissa = std::frexp(std::fabs(double(v)), &exponent); // [0.5, 1)
    uint32_t fraction = uint32_t((mantissa * 2 - 1) * 1024);
    bits = (v < 0 ? 0x8000u : 0u) | uint32_t(exponent - 1 + 15) << 10 | fraction;
  } else if (format == TT_FLOAT16) {
    bits = 0;
  }
  std::vector<uint8_t> bytes(elementBytes(format));
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = uint8_t(bits >> (8 * i));
  return bytes;
}

/// Element (r, c) of the test matrices: a multiple of 1/4 in [-63.75, 63.75]
/// (at most 8 significant bits), which every format holds exactly.
float exactValue(uint32_t r, uint32_t c) {
  int k = int((r * 131 + c * 37) % 511) - 255;
  return float(k) / 4;
}

/// `v` rounded to bfloat16, to nearest with ties to even, by comparing the
/// two candidates (for finite values).
float bf16Reference(float v) {
  uint32_t down = bitsOf(v) & 0xffff0000u, up = down + 0x10000u;
  double below = std::fabs(double(v) - double(floatOf(down)));
  double above = std::fabs(double(floatOf(up)) - double(v));
  if (below < above || (below == above && (down & 0x10000u) == 0))
    return floatOf(down);
  return floatOf(up);
}

/// A buffer of `tiles` tiles of `format` on `device`.
tt_buffer *tileBuffer(tt_device *device, uint32_t tiles, tt_data_format format) {
  uint32_t tile = 1024 * elementBytes(format);
  tt_buffer *buffer = nullptr;
  EXPECT_EQ(tt_buffer_create(device, uint64_t(tiles) * tile, tile, &buffer), TT_OK)
      << tt_last_error();
  return buffer;
}

} // namespace

TEST(RuntimeTiles, RoundTripEveryFormatPairWithPadding) {
  // 45 x 70: 2 x 3 tiles, the last row and column of tiles partly padding.
  constexpr uint32_t rows = 45, cols = 70, tilesAcross = 3, tiles = 6;
  Device device;
  for (tt_data_format hostFormat : kFormats)
    for (tt_data_format deviceFormat : kFormats) {
      SCOPED_TRACE(std::string(formatText(hostFormat)) + " on the host, " +
                   formatText(deviceFormat) + " on the device");
      std::vector<uint8_t> host;
      for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
          std::vector<uint8_t> e = encodeExact(exactValue(r, c), hostFormat);
          host.insert(host.end(), e.begin(), e.end());
        }
      tt_buffer *buffer = tileBuffer(device, tiles, deviceFormat);
      // Garbage first: writing the tiles also writes their padding.
      std::vector<uint8_t> garbage = pattern(tiles * 1024 * elementBytes(deviceFormat), 5);
      ASSERT_EQ(tt_buffer_write_bytes(buffer, garbage.data(), garbage.size()), TT_OK);
      ASSERT_EQ(tt_buffer_write_tiles(buffer, host.data(), hostFormat, rows, cols, deviceFormat),
                TT_OK)
          << tt_last_error();

      // The raw tiles: element (r, c) of the matrix is element
      // faceIndex(r % 32, c % 32) of page (r / 32) * 3 + c / 32; the rest is 0.
      std::vector<uint8_t> raw(garbage.size());
      ASSERT_EQ(tt_buffer_read_bytes(buffer, raw.data(), raw.size()), TT_OK);
      uint32_t bytes = elementBytes(deviceFormat);
      unsigned wrong = 0;
      for (uint32_t r = 0; r < 64; ++r)
        for (uint32_t c = 0; c < 96; ++c) {
          uint32_t page = r / 32 * tilesAcross + c / 32;
          const uint8_t *element = &raw[(page * 1024 + faceIndex(r % 32, c % 32)) * bytes];
          std::vector<uint8_t> expected = r < rows && c < cols
                                              ? encodeExact(exactValue(r, c), deviceFormat)
                                              : std::vector<uint8_t>(bytes, 0);
          if (!std::equal(expected.begin(), expected.end(), element) && ++wrong <= 5)
            ADD_FAILURE() << "element (" << r << ", " << c << ")";
        }
      EXPECT_EQ(wrong, 0u);

      // Back to the host: the same bytes, padding dropped.
      std::vector<uint8_t> back(host.size(), 0xcd);
      ASSERT_EQ(tt_buffer_read_tiles(buffer, back.data(), hostFormat, rows, cols, deviceFormat),
                TT_OK)
          << tt_last_error();
      EXPECT_EQ(back, host);
      tt_buffer_destroy(buffer);
    }
}

TEST(RuntimeTiles, FaceLayoutOfOneTile) {
  Device device;
  tt_buffer *buffer = tileBuffer(device, 1, TT_FLOAT32);
  std::vector<float> matrix(32 * 32);
  for (uint32_t i = 0; i < matrix.size(); ++i)
    matrix[i] = float(i); // element (r, c) is 32 r + c
  ASSERT_EQ(tt_buffer_write_tiles(buffer, matrix.data(), TT_FLOAT32, 32, 32, TT_FLOAT32), TT_OK);
  std::vector<float> raw(1024);
  ASSERT_EQ(tt_buffer_read_bytes(buffer, raw.data(), 4096), TT_OK);
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c = 0; c < 32; ++c)
      ASSERT_EQ(raw[faceIndex(r, c)], float(32 * r + c)) << "(" << r << ", " << c << ")";
  // The faces in order: top-left, top-right, bottom-left, bottom-right.
  EXPECT_EQ(raw[0], 0.0f);
  EXPECT_EQ(raw[15], 15.0f);
  EXPECT_EQ(raw[16], 32.0f);     // (1, 0)
  EXPECT_EQ(raw[255], 495.0f);   // (15, 15)
  EXPECT_EQ(raw[256], 16.0f);    // (0, 16)
  EXPECT_EQ(raw[512], 512.0f);   // (16, 0)
  EXPECT_EQ(raw[768], 528.0f);   // (16, 16)
  EXPECT_EQ(raw[1023], 1023.0f); // (31, 31)
  tt_buffer_destroy(buffer);
}

TEST(RuntimeTiles, OneDimensionalAndTallMatrices) {
  Device device;
  // 1 x 40: one row of two tiles; 40 x 1: one column of two tiles.
  for (auto [rows, cols] : {std::pair{1u, 40u}, std::pair{40u, 1u}}) {
    tt_buffer *buffer = tileBuffer(device, 2, TT_FLOAT16_B);
    std::vector<float> matrix(40);
    for (uint32_t i = 0; i < 40; ++i)
      matrix[i] = float(i + 1);
    ASSERT_EQ(tt_buffer_write_tiles(buffer, matrix.data(), TT_FLOAT32, rows, cols, TT_FLOAT16_B),
              TT_OK);
    std::vector<uint16_t> raw(2048);
    ASSERT_EQ(tt_buffer_read_bytes(buffer, raw.data(), 4096), TT_OK);
    for (uint32_t i = 0; i < 40; ++i) {
      uint32_t r = rows == 1 ? 0 : i, c = rows == 1 ? i : 0;
      uint32_t index = (r / 32 + c / 32) * 1024 + faceIndex(r % 32, c % 32);
      EXPECT_EQ(raw[index], bitsOf(float(i + 1)) >> 16) << rows << " x " << cols << ", " << i;
    }
    std::vector<float> back(40);
    ASSERT_EQ(tt_buffer_read_tiles(buffer, back.data(), TT_FLOAT32, rows, cols, TT_FLOAT16_B),
              TT_OK);
    EXPECT_EQ(back, matrix);
    tt_buffer_destroy(buffer);
  }
}

TEST(RuntimeTiles, Float32ThroughBFloat16RoundsToNearestEven) {
  Device device;
  tt_buffer *buffer = tileBuffer(device, 1, TT_FLOAT16_B);
  std::vector<float> matrix(32 * 32);
  // Exact halfway cases first, then values all over the range.
  const float ties[] = {
      1.0f + 0x1p-8f,            // halfway between 1 and 1 + 2^-7: to 1 (even)
      1.0f + 0x3p-8f,            // between 1 + 2^-7 and 1 + 2^-6: to 1 + 2^-6 (even)
      1.0f + 0x1p-8f + 0x1p-20f, // just above halfway: up
      -(1.0f + 0x1p-8f),         // the sign does not matter
  };
  const float rounded[] = {1.0f, 1.0f + 0x1p-6f, 1.0f + 0x1p-7f, -1.0f};
  for (uint32_t i = 0; i < matrix.size(); ++i)
    matrix[i] = i < 4 ? ties[i] : std::sin(float(i)) * std::pow(10.0f, float(int(i % 13) - 6));
  ASSERT_EQ(tt_buffer_write_tiles(buffer, matrix.data(), TT_FLOAT32, 32, 32, TT_FLOAT16_B), TT_OK);
  std::vector<float> back(matrix.size());
  ASSERT_EQ(tt_buffer_read_tiles(buffer, back.data(), TT_FLOAT32, 32, 32, TT_FLOAT16_B), TT_OK);
  for (uint32_t i = 0; i < 4; ++i)
    EXPECT_EQ(back[i], rounded[i]) << i;
  for (uint32_t i = 0; i < matrix.size(); ++i)
    ASSERT_EQ(bitsOf(back[i]), bitsOf(bf16Reference(matrix[i])))
        << i << ": " << matrix[i] << " -> " << back[i];
  tt_buffer_destroy(buffer);
}

TEST(RuntimeTiles, ConversionsRoundToNearestEven) {
  struct Case {
    tt_data_format from;
    uint32_t value; // bits in `from`
    tt_data_format to;
    uint32_t expected; // bits in `to`
  };
  const Case cases[] = {
      // float32 -> float16: ties to even, overflow, subnormals, underflow.
      {TT_FLOAT32, bitsOf(1.0f + 0x1p-11f), TT_FLOAT16, 0x3c00},
      {TT_FLOAT32, bitsOf(1.0f + 0x3p-11f), TT_FLOAT16, 0x3c02},
      {TT_FLOAT32, bitsOf(65504.0f), TT_FLOAT16, 0x7bff},
      {TT_FLOAT32, bitsOf(65520.0f), TT_FLOAT16, 0x7c00},
      {TT_FLOAT32, bitsOf(-1e10f), TT_FLOAT16, 0xfc00},
      {TT_FLOAT32, bitsOf(0x1p-24f), TT_FLOAT16, 0x0001},
      {TT_FLOAT32, bitsOf(0x3p-25f), TT_FLOAT16, 0x0002},
      {TT_FLOAT32, bitsOf(0x1p-25f), TT_FLOAT16, 0x0000},
      // float16 -> bfloat16.
      {TT_FLOAT16, 0x3c01, TT_FLOAT16_B, 0x3f80},
      {TT_FLOAT16, 0x3c04, TT_FLOAT16_B, 0x3f80}, // 1 + 2^-8: halfway, to even
      {TT_FLOAT16, 0x3c0c, TT_FLOAT16_B, 0x3f82}, // 1 + 1.5 * 2^-7: halfway, to even
      {TT_FLOAT16, 0x3c05, TT_FLOAT16_B, 0x3f81},
      // bfloat16 -> float16: exact, too large, too small.
      {TT_FLOAT16_B, 0x3f81, TT_FLOAT16, 0x3c08},
      {TT_FLOAT16_B, 0x4780, TT_FLOAT16, 0x7c00}, // 65536
      {TT_FLOAT16_B, 0x3380, TT_FLOAT16, 0x0001}, // 2^-24
      // Exact widenings.
      {TT_FLOAT16_B, 0xc0a0, TT_FLOAT32, bitsOf(-5.0f)},
      {TT_FLOAT16, 0x0001, TT_FLOAT32, bitsOf(0x1p-24f)},
  };
  Device device;
  for (const Case &c : cases) {
    SCOPED_TRACE(std::string(formatText(c.from)) + " 0x" + std::to_string(c.value) + " to " +
                 formatText(c.to));
    uint8_t host[4] = {uint8_t(c.value), uint8_t(c.value >> 8), uint8_t(c.value >> 16),
                       uint8_t(c.value >> 24)};
    // Host to device: tt_buffer_write_tiles converts.
    tt_buffer *buffer = tileBuffer(device, 1, c.to);
    ASSERT_EQ(tt_buffer_write_tiles(buffer, host, c.from, 1, 1, c.to), TT_OK) << tt_last_error();
    uint8_t raw[4] = {};
    ASSERT_EQ(tt_buffer_read_bytes(buffer, raw, elementBytes(c.to)), TT_OK);
    uint32_t got = raw[0] | raw[1] << 8 | uint32_t(raw[2]) << 16 | uint32_t(raw[3]) << 24;
    EXPECT_EQ(got, c.expected);
    tt_buffer_destroy(buffer);
    // Device to host: tt_buffer_read_tiles converts the same way.
    buffer = tileBuffer(device, 1, c.from);
    ASSERT_EQ(tt_buffer_write_bytes(buffer, host, elementBytes(c.from)), TT_OK);
    uint8_t out[4] = {};
    ASSERT_EQ(tt_buffer_read_tiles(buffer, out, c.to, 1, 1, c.from), TT_OK) << tt_last_error();
    got = out[0] | out[1] << 8 | uint32_t(out[2]) << 16 | uint32_t(out[3]) << 24;
    EXPECT_EQ(got, c.expected);
    tt_buffer_destroy(buffer);
  }
}

TEST(RuntimeTiles, OnlyTheMatrixTilesAreWritten) {
  Device device;
  tt_buffer *buffer = tileBuffer(device, 3, TT_FLOAT16_B);
  std::vector<uint8_t> before = pattern(3 * 2048, 6);
  ASSERT_EQ(tt_buffer_write_bytes(buffer, before.data(), before.size()), TT_OK);
  std::vector<float> matrix(32 * 40, 1.0f); // two tiles
  ASSERT_EQ(tt_buffer_write_tiles(buffer, matrix.data(), TT_FLOAT32, 32, 40, TT_FLOAT16_B), TT_OK);
  std::vector<uint8_t> after(3 * 2048);
  ASSERT_EQ(tt_buffer_read_bytes(buffer, after.data(), after.size()), TT_OK);
  EXPECT_TRUE(std::equal(after.begin() + 4096, after.end(), before.begin() + 4096));
  tt_buffer_destroy(buffer);
}

TEST(RuntimeTiles, RejectsBadArguments) {
  Device device;
  std::vector<float> matrix(64 * 96);
  tt_buffer *bf16 = tileBuffer(device, 6, TT_FLOAT16_B);
  tt_buffer *fewer = tileBuffer(device, 5, TT_FLOAT16_B);
  tt_buffer *partial = nullptr; // 6 pages, the last one partial
  ASSERT_EQ(tt_buffer_create(device, 6 * 2048 - 1, 2048, &partial), TT_OK);
  void *host = matrix.data();

  // The page size must be the device format's tile size.
  EXPECT_EQ(tt_buffer_write_tiles(bf16, host, TT_FLOAT32, 45, 70, TT_FLOAT32),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: the buffer's pages of 2048 bytes are not "
                         "Float32 tiles (4096 bytes)");
  EXPECT_EQ(tt_buffer_read_tiles(bf16, host, TT_FLOAT32, 45, 70, TT_FLOAT32),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "tt_buffer_read_tiles: the buffer's pages")) << lastError();

  // Enough whole pages for every tile.
  EXPECT_EQ(tt_buffer_write_tiles(fewer, host, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: a 45 x 70 matrix is 6 tiles, the buffer of "
                         "10240 bytes holds 5");
  EXPECT_EQ(tt_buffer_read_tiles(partial, host, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_write_tiles(bf16, host, TT_FLOAT32, UINT32_MAX, UINT32_MAX, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_write_tiles(fewer, host, TT_FLOAT32, 64, 96, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_write_tiles(fewer, host, TT_FLOAT32, 32, 160, TT_FLOAT16_B), TT_OK);

  // Null pointers, empty matrices, unknown formats.
  EXPECT_EQ(tt_buffer_write_tiles(bf16, nullptr, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: host is null");
  EXPECT_EQ(tt_buffer_read_tiles(bf16, nullptr, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_read_tiles: host is null");
  EXPECT_EQ(tt_buffer_write_tiles(nullptr, host, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: buffer is null");
  EXPECT_EQ(tt_buffer_read_tiles(nullptr, host, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_buffer_write_tiles(bf16, host, TT_FLOAT32, 0, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: a 0 x 70 matrix: rows and cols must be positive");
  EXPECT_EQ(tt_buffer_read_tiles(bf16, host, TT_FLOAT32, 45, 0, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(ttllc_c_write_tiles(bf16, host, 2, 45, 70, TT_FLOAT16_B), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_write_tiles: unknown host data format 2");
  EXPECT_EQ(ttllc_c_read_tiles(bf16, host, TT_FLOAT32, 45, 70, 7), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_buffer_read_tiles: unknown device data format 7");

  tt_buffer_destroy(bf16);
  tt_buffer_destroy(fewer);
  tt_buffer_destroy(partial);
  EXPECT_EQ(tt_buffer_write_tiles(bf16, host, TT_FLOAT32, 45, 70, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "not a live buffer")) << lastError();
}

//===----------------------------------------------------------------------===//
// Circular buffers
//===----------------------------------------------------------------------===//

TEST(RuntimeCircularBuffer, RoundTrip) {
  Device device;
  Program program(device);
  ASSERT_EQ(tt_program_add_circular_buffer(program, 0, 2048, 2, TT_FLOAT16_B), TT_OK);
  ASSERT_EQ(tt_program_add_circular_buffer(program, 31, 4096, 4, TT_FLOAT32), TT_OK);
  uint32_t pageSize = 0, numPages = 0;
  tt_data_format format = TT_FLOAT16;
  ASSERT_EQ(tt_program_get_circular_buffer(program, 31, &pageSize, &numPages, &format), TT_OK);
  EXPECT_EQ(pageSize, 4096u);
  EXPECT_EQ(numPages, 4u);
  EXPECT_EQ(format, TT_FLOAT32);
  // The outputs are optional.
  EXPECT_EQ(tt_program_get_circular_buffer(program, 0, nullptr, &numPages, nullptr), TT_OK);
  EXPECT_EQ(numPages, 2u);
  EXPECT_EQ(tt_program_get_circular_buffer(program, 5, &pageSize, &numPages, &format),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 5 is not configured");
  EXPECT_EQ(tt_program_get_circular_buffer(program, 32, &pageSize, &numPages, &format),
            TT_ERROR_INVALID_ARGUMENT);
}

TEST(RuntimeCircularBuffer, Validation) {
  Device device;
  Program program(device);
  EXPECT_EQ(tt_program_add_circular_buffer(program, 32, 2048, 2, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 32: id out of range [0, 32)");
  EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 0, 2, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 1: page_size must be positive");
  EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 2048, 0, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 1: num_pages must be positive");
  EXPECT_EQ(ttllc_c_add_circular_buffer(program, 1, 2048, 2, 2), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 1: unknown data format 2");
  EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 2048, 2, TT_FLOAT16), TT_OK);
  EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 2048, 2, TT_FLOAT16),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: circular buffer 1 is already configured");
  EXPECT_EQ(tt_program_add_circular_buffer(nullptr, 1, 2048, 2, TT_FLOAT16),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "program is null"));
}

TEST(RuntimeCircularBuffer, MustFitInL1AboveTheCBBase) {
  struct Case {
    const char *device;
    uint32_t l1Size;
  };
  for (Case c : {Case{"sim:wormhole_b0", 1464 * 1024}, Case{"sim:blackhole", 1536 * 1024},
                 Case{"sim:grayskull", 1024 * 1024}}) {
    Device device(c.device);
    Program program(device);
    uint32_t room = c.l1Size - TT_L1_CB_BASE; // a multiple of 1024
    ASSERT_EQ(tt_program_add_circular_buffer(program, 0, 1024, room / 1024 - 1, TT_FLOAT16_B),
              TT_OK)
        << tt_last_error();
    EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 1025, 1, TT_FLOAT16_B),
              TT_ERROR_OUT_OF_MEMORY)
        << c.device;
    EXPECT_TRUE(mentions(lastError(), "bytes of L1")) << lastError();
    // Exactly full is fine.
    EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 1024, 1, TT_FLOAT16_B), TT_OK)
        << tt_last_error();
  }
  // A size that overflows 32 bits.
  Device device;
  Program program(device);
  EXPECT_EQ(tt_program_add_circular_buffer(program, 0, UINT32_MAX, UINT32_MAX, TT_FLOAT32),
            TT_ERROR_OUT_OF_MEMORY);
}

//===----------------------------------------------------------------------===//
// Kernel images
//===----------------------------------------------------------------------===//

TEST(RuntimeKernel, AcceptsAMinimalImagePerRisc) {
  Device device;
  Program program(device);
  setAllKernels(program);
}

TEST(RuntimeKernel, RejectsBadImages) {
  Device device;
  Program program(device);
  struct Case {
    const char *what;
    std::function<void(std::vector<uint8_t> &)> mutate;
    const char *message;
  };
  const Case cases[] = {
      {"bad magic", [](auto &b) { b[1] = 'X'; }, "not an ELF file"},
      {"ELF64", [](auto &b) { b[4] = 2; }, "not a 32-bit ELF file"},
      {"big-endian", [](auto &b) { b[5] = 2; }, "not a little-endian ELF file"},
      {"ELF version", [](auto &b) { b[6] = 0; }, "unknown ELF version"},
      {"ET_DYN", [](auto &b) { write16le(&b[16], 3); }, "not an executable (e_type 3"},
      {"x86", [](auto &b) { write16le(&b[18], 62); }, "not a RISC-V file (e_machine 62"},
      {"RVC", [](auto &b) { write32le(&b[36], 0x1); }, "compressed instructions"},
      {"entry below", [](auto &b) { write32le(&b[24], TT_KERNEL_TEXT_ADDR(TT_NCRISC) - 4); },
       "entry point 0x7ffc is outside [0x8000, 0xc000)"},
      {"entry above", [](auto &b) { write32le(&b[24], TT_KERNEL_TEXT_ADDR(TT_TRISC0)); },
       "entry point 0xc000 is outside [0x8000, 0xc000)"},
      {"no program headers", [](auto &b) { write16le(&b[44], 0); }, "no program headers"},
      {"phentsize", [](auto &b) { write16le(&b[42], 40); }, "program header size 40"},
      {"phdrs past the end", [](auto &b) { write32le(&b[28], 80); },
       "extend past the end of the file"},
      {"many phdrs", [](auto &b) { write16le(&b[44], 0xffff); }, "extend past the end of the file"},
      {"segment past the end", [](auto &b) { write32le(&b[68], 9); },
       "segment 0 (offset 84, 9 bytes) extends past the end"},
      {"segment offset huge", [](auto &b) { write32le(&b[56], 0xfffffff0); },
       "extends past the end"},
      {"filesz > memsz", [](auto &b) { write32le(&b[72], 4); }, "more bytes in the file"},
      {"truncated", [](auto &b) { b.resize(51); }, "51 bytes is too small"},
  };
  for (const Case &c : cases) {
    std::vector<uint8_t> image = minimalImage(TT_NCRISC);
    c.mutate(image);
    EXPECT_EQ(tt_program_set_kernel(program, TT_NCRISC, image.data(), image.size()),
              TT_ERROR_BAD_IMAGE)
        << c.what;
    EXPECT_TRUE(mentions(lastError(), c.message)) << c.what << ": " << lastError();
    EXPECT_TRUE(mentions(lastError(), "gemm: bad kernel image for ncrisc (reader)")) << c.what;
  }
}

TEST(RuntimeKernel, RejectsGarbage) {
  Device device;
  Program program(device);
  std::vector<uint8_t> garbage(4096);
  uint32_t state = 12345;
  for (uint8_t &byte : garbage) {
    state = state * 1103515245 + 12345;
    byte = uint8_t(state >> 16);
  }
  for (size_t size : {size_t(0), size_t(3), size_t(52), garbage.size()})
    EXPECT_EQ(tt_program_set_kernel(program, TT_BRISC, garbage.data(), size), TT_ERROR_BAD_IMAGE)
        << size;
  // An ELF header followed by garbage.
  std::vector<uint8_t> image = minimalImage(TT_BRISC);
  image.resize(52);
  image.insert(image.end(), garbage.begin(), garbage.end());
  EXPECT_EQ(tt_program_set_kernel(program, TT_BRISC, image.data(), image.size()),
            TT_ERROR_BAD_IMAGE);
}

TEST(RuntimeKernel, RejectsBadArguments) {
  Device device;
  Program program(device);
  std::vector<uint8_t> image = minimalImage(TT_BRISC);
  EXPECT_EQ(tt_program_set_kernel(program, TT_BRISC, nullptr, 92), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: kernel image for brisc (writer) is null");
  EXPECT_EQ(ttllc_c_set_kernel(program, 5, image.data(), image.size()), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: unknown RISC 5 (expected 0..4)");
  EXPECT_EQ(ttllc_c_set_kernel(program, -1, image.data(), image.size()), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: unknown RISC -1 (expected 0..4)");
  EXPECT_EQ(tt_program_set_kernel(nullptr, TT_BRISC, image.data(), image.size()),
            TT_ERROR_INVALID_ARGUMENT);
  // An image for another RISC: its entry point is outside this RISC's text.
  EXPECT_EQ(tt_program_set_kernel(program, TT_TRISC2, image.data(), image.size()),
            TT_ERROR_BAD_IMAGE);
}

TEST(RuntimeKernel, CopiesTheImage) {
  Device device;
  Program program(device);
  setAllKernels(program);
  std::vector<uint8_t> image = minimalImage(TT_TRISC1);
  ASSERT_EQ(tt_program_set_kernel(program, TT_TRISC1, image.data(), image.size()), TT_OK);
  image.assign(image.size(), 0xff); // the program keeps its own copy
  setAllArgs(program, 0, 0);
  EXPECT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
}

//===----------------------------------------------------------------------===//
// Compute configuration and runtime arguments
//===----------------------------------------------------------------------===//

TEST(RuntimeProgram, ComputeConfig) {
  Device device;
  Program program(device);
  for (tt_math_fidelity f : {TT_LOFI, TT_HIFI2, TT_HIFI3, TT_HIFI4})
    EXPECT_EQ(tt_program_set_compute_config(program, 1, f), TT_OK);
  EXPECT_EQ(ttllc_c_set_compute_config(program, 0, 0), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: unknown math fidelity 0 (expected 1..4)");
  EXPECT_EQ(ttllc_c_set_compute_config(program, 0, 5), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_compute_config(nullptr, 0, TT_HIFI4), TT_ERROR_INVALID_ARGUMENT);
}

TEST(RuntimeProgram, CreateNeedsADeviceAndAName) {
  Device device;
  tt_program *program = reinterpret_cast<tt_program *>(0x1);
  EXPECT_EQ(tt_program_create(device, nullptr, &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(program, nullptr);
  EXPECT_EQ(tt_program_create(device, "", &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_create(nullptr, "p", &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_create(device, "p", nullptr), TT_ERROR_INVALID_ARGUMENT);
  tt_program_destroy(nullptr);
}

TEST(RuntimeProgram, RuntimeArgsRoundTrip) {
  Device device; // 8 x 8
  Program program(device);
  EXPECT_EQ(tt_program_num_cores(program), 0u);
  const uint32_t args[] = {0x10000, 0x20000, 0, 2, 8, 8, 0xffffffff};
  ASSERT_EQ(tt_program_set_runtime_args(program, 7, 7, TT_NCRISC, args, 7), TT_OK);
  uint32_t out[16] = {};
  uint32_t count = 0;
  ASSERT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, out, 16, &count), TT_OK);
  ASSERT_EQ(count, 7u);
  EXPECT_EQ(std::vector<uint32_t>(out, out + 7), std::vector<uint32_t>(args, args + 7));

  // A smaller capacity copies what fits and still reports the full count.
  uint32_t two[2] = {};
  ASSERT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, two, 2, &count), TT_OK);
  EXPECT_EQ(count, 7u);
  EXPECT_EQ(two[1], 0x20000u);
  ASSERT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, nullptr, 0, &count), TT_OK);
  EXPECT_EQ(count, 7u);

  // Setting again replaces; zero arguments are arguments too.
  ASSERT_EQ(tt_program_set_runtime_args(program, 7, 7, TT_NCRISC, args, 1), TT_OK);
  ASSERT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, out, 16, &count), TT_OK);
  EXPECT_EQ(count, 1u);
  ASSERT_EQ(tt_program_set_runtime_args(program, 7, 7, TT_BRISC, nullptr, 0), TT_OK);
  ASSERT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_BRISC, out, 16, &count), TT_OK);
  EXPECT_EQ(count, 0u);

  EXPECT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_TRISC0, out, 16, &count),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: core (7, 7) has no runtime arguments for trisc0 (unpack)");
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(tt_program_get_runtime_args(program, 0, 0, TT_NCRISC, out, 16, &count),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, out, 16, nullptr),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_get_runtime_args(program, 7, 7, TT_NCRISC, nullptr, 16, &count),
            TT_ERROR_INVALID_ARGUMENT);
}

TEST(RuntimeProgram, RuntimeArgsValidation) {
  Device device("sim:blackhole"); // 13 x 10
  Program program(device);
  std::vector<uint32_t> args(TT_RUNTIME_ARGS_MAX + 1, 1);
  EXPECT_EQ(tt_program_set_runtime_args(program, 12, 9, TT_BRISC, args.data(), TT_RUNTIME_ARGS_MAX),
            TT_OK);
  EXPECT_EQ(
      tt_program_set_runtime_args(program, 0, 0, TT_BRISC, args.data(), TT_RUNTIME_ARGS_MAX + 1),
      TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(),
            "gemm: 342 runtime arguments for brisc (writer) on core (0, 0), at most 341");
  EXPECT_EQ(tt_program_set_runtime_args(program, 13, 0, TT_BRISC, args.data(), 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: core (13, 0) is outside the blackhole grid (13 x 10)");
  EXPECT_EQ(tt_program_set_runtime_args(program, 0, 10, TT_BRISC, args.data(), 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(ttllc_c_set_runtime_args(program, 0, 0, 9, args.data(), 1), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_runtime_args(program, 0, 0, TT_BRISC, nullptr, 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_runtime_args(nullptr, 0, 0, TT_BRISC, args.data(), 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_num_cores(program), 1u);
}

// A C caller may pass any int for an enum (RuntimeC.c passes them as C99 does): each entry point
// rejects a value that is no enumerator, naming it, and takes the enumerators' raw values.
TEST(RuntimeProgram, EnumArgumentsFromCAreChecked) {
  Device device;
  Program program(device);
  tt_buffer *bf16 = nullptr;
  ASSERT_EQ(tt_buffer_create(device, 2048, 2048, &bf16), TT_OK) << tt_last_error();
  std::vector<float> host(32 * 32, 1.0f);
  std::vector<uint8_t> image = minimalImage(TT_NCRISC);
  const uint32_t args[] = {42};
  uint32_t out[1] = {}, count = 0;
  for (int v : {-1, 5, 8, 255, 256, INT_MIN, INT_MAX}) {
    std::string n = std::to_string(v);
    EXPECT_EQ(ttllc_c_set_kernel(program, v, image.data(), image.size()),
              TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "gemm: unknown RISC " + n + " (expected 0..4)");
    EXPECT_EQ(ttllc_c_set_runtime_args(program, 0, 0, v, args, 1), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "gemm: unknown RISC " + n + " (expected 0..4)");
    EXPECT_EQ(ttllc_c_get_runtime_args(program, 0, 0, v, out, 1, &count),
              TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "gemm: unknown RISC " + n + " (expected 0..4)");
    EXPECT_EQ(ttllc_c_set_compute_config(program, 1, v), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "gemm: unknown math fidelity " + n + " (expected 1..4)");
    if (v == 5) // TT_FLOAT16_B
      continue;
    EXPECT_EQ(ttllc_c_add_circular_buffer(program, 3, 2048, 2, v), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "gemm: circular buffer 3: unknown data format " + n);
    EXPECT_EQ(ttllc_c_write_tiles(bf16, host.data(), v, 32, 32, TT_FLOAT16_B),
              TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "tt_buffer_write_tiles: unknown host data format " + n);
    EXPECT_EQ(ttllc_c_read_tiles(bf16, host.data(), TT_FLOAT32, 32, 32, v),
              TT_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(lastError(), "tt_buffer_read_tiles: unknown device data format " + n);
  }
  // The enumerators as raw ints.
  EXPECT_EQ(ttllc_c_set_kernel(program, 1, image.data(), image.size()), TT_OK) << lastError();
  EXPECT_EQ(ttllc_c_set_runtime_args(program, 0, 0, 1, args, 1), TT_OK) << lastError();
  EXPECT_EQ(tt_program_get_runtime_args(program, 0, 0, TT_NCRISC, out, 1, &count), TT_OK);
  EXPECT_EQ(std::pair(count, out[0]), (std::pair<uint32_t, uint32_t>{1, 42}));
  EXPECT_EQ(ttllc_c_set_compute_config(program, 1, 3), TT_OK);
  EXPECT_EQ(ttllc_c_add_circular_buffer(program, 3, 2048, 2, 5), TT_OK) << lastError();
  EXPECT_EQ(ttllc_c_write_tiles(bf16, host.data(), 0, 32, 32, 5), TT_OK) << lastError();
  EXPECT_EQ(ttllc_c_read_tiles(bf16, host.data(), 0, 32, 32, 5), TT_OK) << lastError();
  // tt_fail hands back whatever status it is given.
  EXPECT_EQ(static_cast<int>(ttllc_c_fail(1000, "harness: no such file")), 1000);
  EXPECT_EQ(lastError(), "harness: no such file");
  tt_buffer_destroy(bf16);
}

TEST(RuntimeProgram, NumCoresCountsDistinctCores) {
  Device device;
  Program program(device);
  setAllArgs(program, 0, 0);
  setAllArgs(program, 1, 0);
  setAllArgs(program, 0, 1);
  uint32_t one = 1;
  ASSERT_EQ(tt_program_set_runtime_args(program, 1, 0, TT_BRISC, &one, 1), TT_OK);
  ASSERT_EQ(tt_program_set_runtime_args(program, 5, 5, TT_NCRISC, &one, 1), TT_OK);
  EXPECT_EQ(tt_program_num_cores(program), 4u);
  EXPECT_EQ(tt_program_num_cores(nullptr), 0u);
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

TEST(RuntimeRun, ChecksTheProgramIsComplete) {
  Device device;
  Program program(device);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: no kernel image for brisc (writer)");

  for (tt_risc risc : {TT_BRISC, TT_NCRISC, TT_TRISC0, TT_TRISC1}) {
    std::vector<uint8_t> image = minimalImage(risc);
    ASSERT_EQ(tt_program_set_kernel(program, risc, image.data(), image.size()), TT_OK);
  }
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: no kernel image for trisc2 (pack)");
  setAllKernels(program);

  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: no core has runtime arguments");

  setAllArgs(program, 0, 0);
  uint32_t one = 1;
  ASSERT_EQ(tt_program_set_runtime_args(program, 3, 2, TT_NCRISC, &one, 1), TT_OK);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: core (3, 2) has no runtime arguments for brisc (writer)");
  setAllArgs(program, 3, 2);

  // Complete: the kernels (exit at once) run.
  EXPECT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
}

TEST(RuntimeRun, NullAndDestroyedPrograms) {
  EXPECT_EQ(tt_program_run(nullptr), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_program_run: program is null");
  Device device;
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create(device, "gone", &program), TT_OK);
  tt_program_destroy(program);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "not a live program")) << lastError();
  EXPECT_EQ(tt_program_add_circular_buffer(program, 0, 2048, 2, TT_FLOAT16_B),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_num_cores(program), 0u);
  tt_program_destroy(program);
}

namespace {

/// An image for `risc` whose one instruction jumps to itself.
std::vector<uint8_t> loopImage(unsigned risc) {
  std::vector<uint8_t> image = minimalImage(risc);
  write32le(&image[84], 0x0000006f); // j .
  return image;
}

} // namespace

TEST(RuntimeRun, InstructionBudget) {
  Device device;
  EXPECT_EQ(tt_device_set_instruction_budget(device, 0), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_device_set_instruction_budget: the budget must be positive");
  EXPECT_EQ(tt_device_set_instruction_budget(nullptr, 1000), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_device_set_instruction_budget: device is null");
  ASSERT_EQ(tt_device_set_instruction_budget(device, 10000), TT_OK);

  // A kernel that never ends runs out of the budget; the report names the
  // program.
  Program program(device, "spin");
  setAllKernels(program);
  std::vector<uint8_t> image = loopImage(TT_NCRISC);
  ASSERT_EQ(tt_program_set_kernel(program, TT_NCRISC, image.data(), image.size()), TT_OK);
  setAllArgs(program, 0, 0);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_BUDGET);
  EXPECT_TRUE(mentions(lastError(), "spin: ")) << lastError();
  EXPECT_EQ(lastError().rfind("spin: ", 0), 0u) << lastError();
  tt_core_stats stats;
  EXPECT_EQ(tt_program_get_stats(program, 0, &stats), TT_ERROR_INVALID_ARGUMENT);

  tt_device *closed = nullptr;
  ASSERT_EQ(tt_device_open(nullptr, &closed), TT_OK);
  tt_device_close(closed);
  EXPECT_EQ(tt_device_set_instruction_budget(closed, 1000), TT_ERROR_INVALID_ARGUMENT);
}

TEST(RuntimeRun, StatisticsOfTheLastSuccessfulRun) {
  Device device;
  Program program(device);
  setAllKernels(program);
  setAllArgs(program, 5, 1);
  setAllArgs(program, 2, 3);
  setAllArgs(program, 7, 0);
  tt_core_stats stats;
  EXPECT_EQ(tt_program_get_stats(program, 0, &stats), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: no statistics: the program has not run successfully");

  ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
  // Cores in increasing (y, x) order.
  const std::pair<uint32_t, uint32_t> order[] = {{7, 0}, {5, 1}, {2, 3}};
  for (uint32_t i = 0; i < 3; ++i) {
    std::memset(&stats, 0xff, sizeof stats);
    ASSERT_EQ(tt_program_get_stats(program, i, &stats), TT_OK) << tt_last_error();
    EXPECT_EQ(std::pair(stats.x, stats.y), order[i]) << i;
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
      EXPECT_GT(stats.instructions[r], 0u) << i << ", risc " << r;
    EXPECT_EQ(stats.noc_read_bytes, 0u);
    EXPECT_EQ(stats.noc_write_bytes, 0u);
    EXPECT_EQ(stats.matmul_tiles, 0u);
  }
  EXPECT_EQ(tt_program_get_stats(program, 3, &stats), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: core index 3 out of range [0, 3)");
  EXPECT_EQ(tt_program_get_stats(program, 0, nullptr), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_get_stats(nullptr, 0, &stats), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "tt_program_get_stats: program is null");

  // A failing run keeps the statistics of the last successful one.
  ASSERT_EQ(tt_device_set_instruction_budget(device, 1000), TT_OK);
  std::vector<uint8_t> image = loopImage(TT_BRISC);
  ASSERT_EQ(tt_program_set_kernel(program, TT_BRISC, image.data(), image.size()), TT_OK);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_BUDGET);
  EXPECT_EQ(tt_program_get_stats(program, 2, &stats), TT_OK);
  EXPECT_EQ(std::pair(stats.x, stats.y), (std::pair<uint32_t, uint32_t>{2, 3}));
}

//===----------------------------------------------------------------------===//
// Programs from a kernel description (tt_program_create_from_kernel)
//===----------------------------------------------------------------------===//

namespace {

/// The description of a small gemm-like kernel for wormhole_b0 on cores
/// (0, 0) and (3, 2): buffers A and B of 16 pages and C of 4, two circular
/// buffers, the reader's first two arguments the addresses of A and B, the
/// writer's second the address of C. Not copyable: `desc` points into it.
struct GemmKernel {
  std::array<std::vector<uint8_t>, 5> images;
  tt_kernel_buffer buffers[3] = {{"A", 2048, 16}, {"B", 2048, 16}, {"C", 2048, 4}};
  tt_kernel_circular_buffer cbs[2] = {{0, 2048, 2, TT_FLOAT16_B}, {16, 4096, 2, TT_FLOAT32}};
  tt_kernel_core cores[2] = {{0, 0}, {3, 2}};
  uint32_t reader[2][3] = {{0, 0, 5}, {0, 0, 6}};
  tt_kernel_address_arg readerAddresses[2] = {{0, 0}, {1, 1}};
  uint32_t compute[2][2] = {{5, 1}, {6, 1}};
  uint32_t writer[2][2] = {{7, 0}, {8, 0}};
  tt_kernel_address_arg writerAddresses[1] = {{1, 2}};
  tt_kernel_image_set imageSets[2] = {};
  tt_kernel_desc desc = {};

  GemmKernel() {
    desc.version = TT_KERNEL_DESC_VERSION;
    desc.kernel = "gemm";
    desc.device = "wormhole_b0";
    desc.num_buffers = 3;
    desc.buffers = buffers;
    desc.num_circular_buffers = 2;
    desc.circular_buffers = cbs;
    desc.fp32_dest_acc = 1;
    desc.math_fidelity = TT_HIFI2;
    imageSets[0].abi = TT_ABI_SIM;
    imageSets[1].abi = TT_ABI_HW;
    for (unsigned r = 0; r < 5; ++r) {
      images[r] = minimalImage(r);
      imageSets[0].images[r] = imageSets[1].images[r] = {images[r].data(), images[r].size()};
    }
    desc.num_image_sets = 1; // sim only; tests add the hw set
    desc.image_sets = imageSets;
    desc.num_cores = 2;
    desc.cores = cores;
    desc.reader = {3, reader[0], 2, readerAddresses};
    desc.compute = {2, compute[0], 0, nullptr};
    desc.writer = {2, writer[0], 1, writerAddresses};
  }
  GemmKernel(const GemmKernel &) = delete;
};

/// A device with the buffers of GemmKernel: C of `cPages` pages of
/// `cPageSize` bytes.
struct GemmBuffers {
  Device device;
  tt_buffer *list[3] = {};

  explicit GemmBuffers(const char *name = "sim:wormhole_b0", uint32_t cPageSize = 2048,
                       uint64_t cPages = 4)
      : device(name) {
    EXPECT_EQ(tt_buffer_create(device, 16 * 2048, 2048, &list[0]), TT_OK) << tt_last_error();
    EXPECT_EQ(tt_buffer_create(device, 16 * 2048, 2048, &list[1]), TT_OK) << tt_last_error();
    EXPECT_EQ(tt_buffer_create(device, cPages * cPageSize, cPageSize, &list[2]), TT_OK)
        << tt_last_error();
  }
  ~GemmBuffers() {
    for (tt_buffer *b : list)
      tt_buffer_destroy(b);
  }
  uint32_t address(size_t i) const { return tt_buffer_address(list[i]); }
};

/// The status and message of tt_program_create_from_kernel; checks that
/// *program is NULL after a failure.
std::pair<tt_status, std::string> create(tt_device *device, const tt_kernel_desc *desc,
                                         tt_buffer *const *buffers, uint32_t numBuffers) {
  tt_program *program = reinterpret_cast<tt_program *>(&numBuffers); // not NULL
  tt_status s = tt_program_create_from_kernel(device, desc, buffers, numBuffers, &program);
  std::string message = s == TT_OK ? "" : lastError();
  if (s == TT_OK)
    tt_program_destroy(program);
  else
    EXPECT_EQ(program, nullptr) << message;
  return {s, message};
}

std::pair<tt_status, std::string> invalid(const std::string &message) {
  return {TT_ERROR_INVALID_ARGUMENT, message};
}

} // namespace

TEST(RuntimeKernelDesc, CreatesTheProgramItDescribes) {
  GemmKernel k;
  GemmBuffers b;
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create_from_kernel(b.device, &k.desc, b.list, 3, &program), TT_OK)
      << tt_last_error();
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(tt_program_num_cores(program), 2u);

  uint32_t pageSize = 0, numPages = 0;
  tt_data_format format = TT_FLOAT16;
  ASSERT_EQ(tt_program_get_circular_buffer(program, 16, &pageSize, &numPages, &format), TT_OK);
  EXPECT_EQ(std::tuple(pageSize, numPages, format), std::tuple(4096u, 2u, TT_FLOAT32));
  ASSERT_EQ(tt_program_get_circular_buffer(program, 0, &pageSize, &numPages, &format), TT_OK);
  EXPECT_EQ(std::tuple(pageSize, numPages, format), std::tuple(2048u, 2u, TT_FLOAT16_B));
  EXPECT_EQ(tt_program_get_circular_buffer(program, 1, &pageSize, &numPages, &format),
            TT_ERROR_INVALID_ARGUMENT);

  // The reader's arguments on NCRISC, the compute arguments on the three
  // TRISCs, the writer's on BRISC; the addresses filled in.
  uint32_t A = b.address(0), B = b.address(1), C = b.address(2);
  EXPECT_EQ(runtimeArgs(program, 0, 0, TT_NCRISC), (std::vector<uint32_t>{A, B, 5}));
  EXPECT_EQ(runtimeArgs(program, 3, 2, TT_NCRISC), (std::vector<uint32_t>{A, B, 6}));
  for (tt_risc risc : {TT_TRISC0, TT_TRISC1, TT_TRISC2}) {
    EXPECT_EQ(runtimeArgs(program, 0, 0, risc), (std::vector<uint32_t>{5, 1}));
    EXPECT_EQ(runtimeArgs(program, 3, 2, risc), (std::vector<uint32_t>{6, 1}));
  }
  EXPECT_EQ(runtimeArgs(program, 0, 0, TT_BRISC), (std::vector<uint32_t>{7, C}));
  EXPECT_EQ(runtimeArgs(program, 3, 2, TT_BRISC), (std::vector<uint32_t>{8, C}));

  // The images are the described ones: each is `li a7, 0; ecall`, two
  // instructions on every RISC of both cores.
  ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
  for (uint32_t i = 0; i < 2; ++i) {
    tt_core_stats stats;
    ASSERT_EQ(tt_program_get_stats(program, i, &stats), TT_OK) << tt_last_error();
    for (uint64_t n : stats.instructions)
      EXPECT_EQ(n, 2u);
  }
  tt_program_destroy(program);

  // The description is only read: the same one builds a program for other
  // buffers, with their addresses.
  GemmBuffers other;
  ASSERT_EQ(tt_program_create_from_kernel(other.device, &k.desc, other.list, 3, &program), TT_OK)
      << tt_last_error();
  EXPECT_EQ(runtimeArgs(program, 3, 2, TT_BRISC), (std::vector<uint32_t>{8, other.address(2)}));
  tt_program_destroy(program);
}

TEST(RuntimeKernelDesc, KernelsWithoutArgumentsOrBuffers) {
  GemmKernel k;
  k.desc.num_buffers = 0;
  k.desc.buffers = nullptr;
  for (tt_kernel_args *args : {&k.desc.reader, &k.desc.compute, &k.desc.writer})
    *args = {0, nullptr, 0, nullptr};
  Device device;
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create_from_kernel(device, &k.desc, nullptr, 0, &program), TT_OK)
      << tt_last_error();
  for (tt_risc risc : kRiscs)
    EXPECT_EQ(runtimeArgs(program, 3, 2, risc), std::vector<uint32_t>{});
  EXPECT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
  tt_program_destroy(program);
}

TEST(RuntimeKernelDesc, ChecksTheDeviceAndTheBuffers) {
  GemmKernel k;
  GemmBuffers b;
  EXPECT_EQ(create(b.device, nullptr, b.list, 3),
            invalid("tt_program_create_from_kernel: the kernel description is null"));
  EXPECT_EQ(tt_program_create_from_kernel(b.device, &k.desc, b.list, 3, nullptr),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: program (the result) is null");
  EXPECT_EQ(create(nullptr, &k.desc, b.list, 3), invalid("gemm: device is null"));

  tt_device *closed = nullptr;
  ASSERT_EQ(tt_device_open(nullptr, &closed), TT_OK);
  tt_device_close(closed);
  EXPECT_EQ(create(closed, &k.desc, b.list, 3), invalid("gemm: device is not an open device"));
  {
    GemmBuffers blackhole("sim:blackhole");
    EXPECT_EQ(create(blackhole.device, &k.desc, blackhole.list, 3),
              invalid("gemm: compiled for device wormhole_b0, not blackhole"));
  }
  EXPECT_EQ(create(b.device, &k.desc, b.list, 2), invalid("gemm: takes 3 buffers, got 2"));
  EXPECT_EQ(create(b.device, &k.desc, nullptr, 3), invalid("gemm: buffers is null"));
  tt_buffer *withNull[3] = {b.list[0], nullptr, b.list[2]};
  EXPECT_EQ(create(b.device, &k.desc, withNull, 3), invalid("gemm: buffer B is null"));

  tt_buffer *destroyed = nullptr;
  ASSERT_EQ(tt_buffer_create(b.device, 16 * 2048, 2048, &destroyed), TT_OK);
  tt_buffer_destroy(destroyed);
  tt_buffer *withDestroyed[3] = {b.list[0], destroyed, b.list[2]};
  EXPECT_EQ(create(b.device, &k.desc, withDestroyed, 3),
            invalid("gemm: buffer B is not a live buffer (destroyed?)"));
  {
    GemmBuffers elsewhere;
    tt_buffer *mixed[3] = {b.list[0], elsewhere.list[1], b.list[2]};
    EXPECT_EQ(create(b.device, &k.desc, mixed, 3),
              invalid("gemm: buffer B is not a buffer of this device"));
  }
  {
    GemmBuffers wide("sim:wormhole_b0", 4096, 4);
    EXPECT_EQ(create(wide.device, &k.desc, wide.list, 3),
              invalid("gemm: buffer C has pages of 4096 bytes, the kernel needs pages of 2048 "
                      "bytes"));
  }
  {
    GemmBuffers small("sim:wormhole_b0", 2048, 3);
    EXPECT_EQ(create(small.device, &k.desc, small.list, 3),
              invalid("gemm: buffer C holds 6144 bytes, the kernel needs 4 pages of 2048 bytes"));
  }
  // More room than needed is fine.
  GemmBuffers big("sim:wormhole_b0", 2048, 5);
  EXPECT_EQ(create(big.device, &k.desc, big.list, 3).first, TT_OK) << lastError();
}

TEST(RuntimeKernelDesc, RejectsCorruptDescriptions) {
  GemmBuffers b;
  auto corrupt = [&](const std::function<void(GemmKernel &)> &change) {
    GemmKernel k;
    change(k);
    return create(b.device, &k.desc, b.list, 3);
  };
  auto is = [](const std::string &problem) {
    return invalid("gemm: corrupt kernel description: " + problem);
  };
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.version = 1; }),
            invalid("tt_program_create_from_kernel: a kernel description of version 1, this "
                    "runtime reads version 2 (compile the kernel again with the tt-llc of this "
                    "runtime)"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.kernel = ""; }),
            invalid("tt_program_create_from_kernel: the kernel description has no kernel name"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.device = nullptr; }), is("no device name"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.buffers = nullptr; }), is("3 buffers at NULL"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.buffers[1].name = nullptr; }),
            is("buffers[1] has no name"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.buffers[1].page_size = 0; }),
            is("buffer B has pages of 0 bytes"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.circular_buffers = nullptr; }),
            is("2 circular buffers at NULL"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.num_image_sets = 0; }), is("no images"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.image_sets = nullptr; }), is("no images"));
  EXPECT_EQ(corrupt([](GemmKernel &k) {
              k.desc.num_image_sets = 2;
              k.imageSets[1].abi = TT_ABI_SIM;
            }),
            is("two image sets for the sim ABI"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.imageSets[0].abi = tt_device_abi(7); }),
            is("image_sets[0] is for device ABI 7, which this runtime does not know"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.num_cores = 0; }), is("no cores"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.cores = nullptr; }), is("no cores"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.cores[1] = {0, 0}; }), is("core (0, 0) is listed twice"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.reader.count = TT_RUNTIME_ARGS_MAX + 1; }),
            is("342 reader arguments per core, at most 341"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.compute.values = nullptr; }),
            is("2 compute arguments per core at NULL"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.desc.reader.addresses = nullptr; }),
            is("2 reader buffer addresses at NULL"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.readerAddresses[1].arg = 3; }),
            is("reader argument 3 is a buffer address, but the reader has 3 arguments"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.writerAddresses[0].buffer = 3; }),
            is("writer argument 1 is the address of buffer 3, the kernel has 3 buffers"));
  EXPECT_EQ(corrupt([](GemmKernel &k) { k.readerAddresses[1].arg = 0; }),
            is("reader argument 0 is listed twice as a buffer address"));
}

TEST(RuntimeKernelDesc, PicksTheImagesOfTheDevicesABI) {
  GemmBuffers b;
  ASSERT_EQ(tt_device_get_abi(b.device), TT_ABI_SIM);
  // Both sets: the sim device takes the sim images, wherever they are.
  {
    GemmKernel k;
    k.desc.num_image_sets = 2;
    std::swap(k.imageSets[0], k.imageSets[1]);
    k.imageSets[0].images[TT_BRISC].data = nullptr; // the hw set: not looked at
    tt_program *program = nullptr;
    ASSERT_EQ(tt_program_create_from_kernel(b.device, &k.desc, b.list, 3, &program), TT_OK)
        << tt_last_error();
    tt_program_destroy(program);
  }
  // Only hw images: a clear error, no program.
  GemmKernel k;
  k.imageSets[0].abi = TT_ABI_HW;
  EXPECT_EQ(create(b.device, &k.desc, b.list, 3),
            invalid("'gemm' was compiled without images for the sim ABI (sim:* devices): it has "
                    "images for the hw ABI; compile it for the sim ABI too (tt-llc compiles "
                    "every ABI the device has a device library for, unless --abi says "
                    "otherwise)"));
}

TEST(RuntimeKernelDesc, WhatTheProgramCallsRejectDestroysTheProgram) {
  GemmBuffers b;
  auto failing = [&](const std::function<void(GemmKernel &)> &change) {
    GemmKernel k;
    change(k);
    return create(b.device, &k.desc, b.list, 3);
  };
  EXPECT_EQ(failing([](GemmKernel &k) {
              k.cores[1] = {8, 0};
            }),
            invalid("gemm: core (8, 0) is outside the wormhole_b0 grid (8 x 8)"));
  EXPECT_EQ(failing([](GemmKernel &k) { k.cbs[1].id = 32; }),
            invalid("gemm: circular buffer 32: id out of range [0, 32)"));
  EXPECT_EQ(failing([](GemmKernel &k) { k.cbs[1].id = 0; }),
            invalid("gemm: circular buffer 0 is already configured"));
  EXPECT_EQ(failing([](GemmKernel &k) { k.imageSets[0].images[TT_BRISC].data = nullptr; }),
            invalid("gemm: kernel image for brisc (writer) is null"));
  EXPECT_EQ(failing([](GemmKernel &k) {
              k.imageSets[0].images[TT_NCRISC] = k.imageSets[0].images[TT_BRISC];
            }).first,
            TT_ERROR_BAD_IMAGE);
  EXPECT_EQ(failing([](GemmKernel &k) { ttllc_c_set_desc_fidelity(&k.desc, 9); }),
            invalid("gemm: unknown math fidelity 9 (expected 1..4)"));
  EXPECT_EQ(failing([](GemmKernel &k) { ttllc_c_set_cb_format(&k.cbs[1], -7); }),
            invalid("gemm: circular buffer 16: unknown data format -7"));
}

//===----------------------------------------------------------------------===//
// A plan's kernel as a description (runtime/PlanProgram.h)
//===----------------------------------------------------------------------===//

namespace {

/// A plan of the kernel of GemmKernel.
ttplan::Plan gemmPlan() {
  ttplan::Plan p;
  p.kernel = "gemm";
  p.device.name = "wormhole_b0";
  for (auto [name, pages] : {std::pair<const char *, int64_t>{"A", 16}, {"B", 16}, {"C", 4}}) {
    ttplan::Buffer b;
    b.name = name;
    b.dtype = "bfloat16";
    b.pageSize = 2048;
    b.numPages = pages;
    p.buffers.push_back(b);
  }
  p.circularBuffers = {{0, "A_shared", ttplan::CBRole::Input, "Float16_b", 2048, 2, 1, 2, 4096},
                       {16, "C_local", ttplan::CBRole::Output, "Float32", 4096, 2, 1, 2, 8192}};
  p.compute = ttplan::Compute{true, "HiFi2", 4};
  using ttplan::Arg;
  for (auto [x, y, v] : {std::tuple<int64_t, int64_t, uint32_t>{0, 0, 5}, {3, 2, 6}}) {
    ttplan::Core c;
    c.x = x;
    c.y = y;
    c.args.reader = {Arg::makeBuffer("A"), Arg::makeBuffer("B"), Arg::makeValue(v)};
    c.args.compute = {Arg::makeValue(v), Arg::makeValue(1)};
    c.args.writer = {Arg::makeValue(v + 2), Arg::makeBuffer("C")};
    p.cores.push_back(c);
  }
  return p;
}

ttrt::KernelImageSets kernelImages() {
  ttrt::KernelImageSet set{TT_ABI_SIM, {}};
  for (unsigned r = 0; r < 5; ++r)
    set.images[r] = minimalImage(r);
  return {set};
}

std::string conversionError(const ttplan::Plan &plan) {
  auto kernel = ttrt::PlanKernel::create(plan, kernelImages());
  return kernel ? std::string("no error") : llvm::toString(kernel.takeError());
}

} // namespace

TEST(RuntimePlanKernel, DescribesThePlan) {
  auto kernel = ttrt::PlanKernel::create(gemmPlan(), kernelImages());
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  const tt_kernel_desc &d = (*kernel)->desc();
  // What GemmKernel describes by hand.
  GemmKernel want;
  EXPECT_EQ(d.version, TT_KERNEL_DESC_VERSION);
  EXPECT_STREQ(d.kernel, "gemm");
  EXPECT_STREQ(d.device, "wormhole_b0");
  ASSERT_EQ(d.num_buffers, 3u);
  for (unsigned i = 0; i < 3; ++i) {
    EXPECT_STREQ(d.buffers[i].name, want.buffers[i].name);
    EXPECT_EQ(d.buffers[i].page_size, want.buffers[i].page_size);
    EXPECT_EQ(d.buffers[i].num_pages, want.buffers[i].num_pages);
  }
  ASSERT_EQ(d.num_circular_buffers, 2u);
  EXPECT_EQ(std::memcmp(d.circular_buffers, want.cbs, sizeof want.cbs), 0);
  EXPECT_EQ(d.fp32_dest_acc, 1);
  EXPECT_EQ(d.math_fidelity, TT_HIFI2);
  ASSERT_EQ(d.num_image_sets, 1u);
  EXPECT_EQ(d.image_sets[0].abi, TT_ABI_SIM);
  for (unsigned r = 0; r < 5; ++r) {
    const tt_kernel_image &image = d.image_sets[0].images[r];
    EXPECT_EQ(std::vector<uint8_t>(static_cast<const uint8_t *>(image.data),
                                   static_cast<const uint8_t *>(image.data) + image.size),
              want.images[r]);
  }
  ASSERT_EQ(d.num_cores, 2u);
  EXPECT_EQ(std::tuple(d.cores[1].x, d.cores[1].y), std::tuple(3u, 2u));
  ASSERT_EQ(d.reader.count, 3u);
  EXPECT_EQ(std::vector<uint32_t>(d.reader.values, d.reader.values + 6),
            (std::vector<uint32_t>{0, 0, 5, 0, 0, 6}));
  ASSERT_EQ(d.reader.num_addresses, 2u);
  EXPECT_EQ(std::tuple(d.reader.addresses[1].arg, d.reader.addresses[1].buffer),
            std::tuple(1u, 1u));
  EXPECT_EQ(d.compute.num_addresses, 0u);
  ASSERT_EQ(d.writer.num_addresses, 1u);
  EXPECT_EQ(std::tuple(d.writer.addresses[0].arg, d.writer.addresses[0].buffer),
            std::tuple(1u, 2u));

  // createProgram goes through tt_program_create_from_kernel.
  GemmBuffers b;
  auto program =
      ttrt::createProgram(b.device, gemmPlan(), kernelImages(), {b.list[0], b.list[1], b.list[2]});
  ASSERT_TRUE(bool(program)) << llvm::toString(program.takeError());
  EXPECT_EQ(runtimeArgs(*program, 3, 2, TT_NCRISC),
            (std::vector<uint32_t>{b.address(0), b.address(1), 6}));
  EXPECT_EQ(runtimeArgs(*program, 3, 2, TT_BRISC), (std::vector<uint32_t>{8, b.address(2)}));
  tt_program_destroy(*program);
  program = ttrt::createProgram(b.device, gemmPlan(), kernelImages(), {b.list[0], b.list[1]});
  ASSERT_FALSE(bool(program));
  EXPECT_EQ(llvm::toString(program.takeError()), "gemm: takes 3 buffers, got 2");
}

TEST(RuntimePlanKernel, RejectsWhatTheDescriptionCannotHold) {
  ttplan::Plan plan = gemmPlan();
  plan.circularBuffers[1].dataFormat = "Bfp8_b";
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': circular_buffers[1]: the runtime has no data format 'Bfp8_b'");
  plan = gemmPlan();
  plan.compute.reset(); // the images were compiled for one: running without it is wrong code
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': the plan has no compute section (fp32_dest_acc, math_fidelity), "
            "which the images of a lowered kernel were compiled for");
  plan = gemmPlan();
  plan.compute->mathFidelity = "HiFi9";
  EXPECT_EQ(conversionError(plan), "kernel 'gemm': compute: the runtime has no math fidelity "
                                   "'HiFi9'");
  plan = gemmPlan();
  plan.cores[1].args.reader[0] = ttplan::Arg::makeValue(3);
  EXPECT_EQ(conversionError(plan), "kernel 'gemm': cores[1].args.reader[0]: expected the address "
                                   "of buffer 'A', as on cores[0]");
  plan = gemmPlan();
  plan.cores[1].args.compute[1] = ttplan::Arg::makeBuffer("C");
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': cores[1].args.compute[1]: expected a value, as on cores[0]");
  plan = gemmPlan();
  plan.cores[1].args.writer.pop_back();
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': cores[1].args.writer: 1 arguments, cores[0] has 2");
  plan = gemmPlan();
  for (ttplan::Core &c : plan.cores)
    c.args.writer[1] = ttplan::Arg::makeBuffer("Z");
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': cores[0].args.writer[1]: no buffer is named 'Z'");
  plan = gemmPlan();
  plan.cores[0].y = -1;
  EXPECT_EQ(conversionError(plan), "kernel 'gemm': cores[0].y: -1 is outside [0, 2^32)");
  plan = gemmPlan();
  plan.buffers[2].pageSize = int64_t(1) << 32;
  EXPECT_EQ(conversionError(plan),
            "kernel 'gemm': buffers[2].page_size: 4294967296 is outside [0, 2^32)");
}

namespace {

// RV32I encodings for the hand-made kernels below.
uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) {
  return uint32_t(imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13;
}
uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm) {
  return uint32_t(imm & 0xfff) << 20 | rs1 << 15 | 2u << 12 | rd << 7 | 0x03;
}
uint32_t lui(uint32_t rd, uint32_t imm20) { return imm20 << 12 | rd << 7 | 0x37; }
constexpr uint32_t kEcall = 0x73, kT0 = 5, kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA7 = 17;

/// BRISC: reads 32 bytes of DRAM bank 0 at argument 1 into L1 at argument
/// 0, then writes them to bank 0 at argument 2.
std::vector<uint8_t> copyThroughL1Image() {
  uint32_t args = TT_RUNTIME_ARGS_ADDR(TT_BRISC), hi = (args + 0x800) >> 12;
  std::vector<uint32_t> code = {lui(kT0, hi), addi(kT0, kT0, int32_t(args - (hi << 12))),
                                // tt.noc.read_dram(0, arg 1, arg 0, 32)
                                addi(kA0, 0, 0), lw(kA1, kT0, 4), lw(kA2, kT0, 0), addi(kA3, 0, 32),
                                addi(kA7, 0, TT_SVC_NOC_READ_DRAM), kEcall,
                                // tt.noc.write_dram(arg 0, 0, arg 2, 32)
                                lw(kA0, kT0, 0), addi(kA1, 0, 0), lw(kA2, kT0, 8), addi(kA3, 0, 32),
                                addi(kA7, 0, TT_SVC_NOC_WRITE_DRAM), kEcall,
                                // tt.exit
                                addi(kA7, 0, TT_SVC_EXIT), kEcall};
  return testImage({{TT_KERNEL_TEXT_ADDR(TT_BRISC), code, 4 * uint32_t(code.size()), 5}});
}

} // namespace

TEST(RuntimeRun, ThreadsKeepTheOrderOfDramAccesses) {
  // Four cores copy 32-byte slots of DRAM bank 0 (page 12 * i of a buffer of
  // 32-byte pages is slot i of bank 0). In a chain, core i copies slot i to
  // slot i + 1: core i + 1 reads what core i wrote, which only the cores one
  // after the other see, so a run on several threads must come out the same
  // (it reruns on one). From one source, core i copies slot 0 to slot i + 1:
  // no core reads another's writes. Both give slot 0's bytes in slots 1 to 4
  // on 1, 2 and 4 threads.
  for (bool chain : {true, false})
    for (uint32_t threads : {1u, 2u, 4u}) {
      Device device;
      ASSERT_EQ(tt_device_set_threads(device, threads), TT_OK);
      tt_buffer *buffer = nullptr;
      constexpr uint32_t kSlots = 6, kPages = 12 * kSlots;
      ASSERT_EQ(tt_buffer_create(device, kPages * 32, 32, &buffer), TT_OK) << tt_last_error();
      std::vector<uint8_t> bytes(kPages * 32, 0);
      for (uint32_t b = 0; b < 32; ++b)
        bytes[b] = uint8_t(b + 1); // slot 0
      ASSERT_EQ(tt_buffer_write_bytes(buffer, bytes.data(), bytes.size()), TT_OK);
      {
        Program program(device, "copy");
        setAllKernels(program);
        std::vector<uint8_t> image = copyThroughL1Image();
        ASSERT_EQ(tt_program_set_kernel(program, TT_BRISC, image.data(), image.size()), TT_OK)
            << tt_last_error();
        ASSERT_EQ(tt_program_add_circular_buffer(program, 0, 32, 1, TT_FLOAT16_B), TT_OK);
        uint32_t base = tt_buffer_address(buffer);
        for (uint32_t i = 0; i < 4; ++i) {
          setAllArgs(program, i, 0);
          uint32_t args[3] = {TT_L1_CB_BASE, base + (chain ? i : 0) * 32, base + (i + 1) * 32};
          ASSERT_EQ(tt_program_set_runtime_args(program, i, 0, TT_BRISC, args, 3), TT_OK);
        }
        ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
        for (uint32_t i = 0; i < 4; ++i) {
          tt_core_stats stats;
          ASSERT_EQ(tt_program_get_stats(program, i, &stats), TT_OK);
          EXPECT_EQ(stats.noc_read_bytes, 32u);
          EXPECT_EQ(stats.noc_write_bytes, 32u);
        }
      }
      ASSERT_EQ(tt_buffer_read_bytes(buffer, bytes.data(), bytes.size()), TT_OK);
      for (uint32_t slot = 1; slot < kSlots; ++slot)
        for (uint32_t b = 0; b < 32; ++b)
          ASSERT_EQ(bytes[slot * 12 * 32 + b], slot <= 4 ? b + 1 : 0)
              << (chain ? "chain" : "one source") << ", " << threads << " threads, slot " << slot;
      tt_buffer_destroy(buffer);
    }
}
