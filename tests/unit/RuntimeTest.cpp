//===- tests/unit/RuntimeTest.cpp - the host runtime's C API --------------===//
//
// Exercises tt/runtime.h as a harness would (runtime/Runtime.cpp): devices,
// DRAM buffers and their addresses, circular-buffer and kernel-image
// validation (handmade ELF headers and garbage), runtime arguments, and
// tt_program_run's checks; and that bad arguments give error codes with
// messages instead of crashes.
//
//===----------------------------------------------------------------------===//

#include "tt/runtime.h"
#include "tt/device_abi.h"

#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using llvm::support::endian::write16le;
using llvm::support::endian::write32le;

/// A minimal kernel image for `risc`: an ELF32 RISC-V executable whose one
/// segment holds two instructions at the RISC's kernel text address.
std::vector<uint8_t> minimalImage(unsigned risc) {
  std::vector<uint8_t> b(52 + 32 + 8, 0);
  uint32_t entry = TT_KERNEL_TEXT_ADDR(risc);
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 1 /*ELFCLASS32*/, 1 /*LSB*/, 1 /*version*/};
  std::copy(std::begin(ident), std::end(ident), b.begin());
  write16le(&b[16], 2);   // e_type: ET_EXEC
  write16le(&b[18], 243); // e_machine: EM_RISCV
  write32le(&b[20], 1);   // e_version
  write32le(&b[24], entry);
  write32le(&b[28], 52); // e_phoff
  write32le(&b[36], 0);  // e_flags: soft float, no RVC
  write16le(&b[40], 52); // e_ehsize
  write16le(&b[42], 32); // e_phentsize
  write16le(&b[44], 1);  // e_phnum
  // The program header: PT_LOAD of 8 bytes at file offset 84.
  write32le(&b[52], 1);
  write32le(&b[56], 84);
  write32le(&b[60], entry);
  write32le(&b[64], entry);
  write32le(&b[68], 8);
  write32le(&b[72], 8);
  write32le(&b[76], 5); // R + X
  write32le(&b[80], 4);
  write32le(&b[84], 0x00000893); // li a7, 0 (TT_SVC_EXIT)
  write32le(&b[88], 0x00000073); // ecall
  return b;
}

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
  tt_buffer_destroy(buffer);
  tt_program_destroy(program);
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
  EXPECT_EQ(tt_program_add_circular_buffer(program, 1, 2048, 2, static_cast<tt_data_format>(2)),
            TT_ERROR_INVALID_ARGUMENT);
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
  EXPECT_EQ(tt_program_set_kernel(program, static_cast<tt_risc>(5), image.data(), image.size()),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: unknown RISC 5 (expected 0..4)");
  EXPECT_EQ(tt_program_set_kernel(program, static_cast<tt_risc>(-1), image.data(), image.size()),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_kernel(nullptr, TT_BRISC, image.data(), image.size()),
            TT_ERROR_INVALID_ARGUMENT);
  // An image for another RISC: its entry point is outside this RISC's text.
  EXPECT_EQ(tt_program_set_kernel(program, TT_TRISC2, image.data(), image.size()),
            TT_ERROR_BAD_IMAGE);
}

TEST(RuntimeKernel, CopiesTheImage) {
  Device device;
  Program program(device);
  std::vector<uint8_t> image = minimalImage(TT_TRISC1);
  ASSERT_EQ(tt_program_set_kernel(program, TT_TRISC1, image.data(), image.size()), TT_OK);
  image.assign(image.size(), 0xff); // the program keeps its own copy
  setAllKernels(program);
  setAllArgs(program, 0, 0);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_UNSUPPORTED);
}

//===----------------------------------------------------------------------===//
// Compute configuration and runtime arguments
//===----------------------------------------------------------------------===//

TEST(RuntimeProgram, ComputeConfig) {
  Device device;
  Program program(device);
  for (tt_math_fidelity f : {TT_LOFI, TT_HIFI2, TT_HIFI3, TT_HIFI4})
    EXPECT_EQ(tt_program_set_compute_config(program, 1, f), TT_OK);
  EXPECT_EQ(tt_program_set_compute_config(program, 0, static_cast<tt_math_fidelity>(0)),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "gemm: unknown math fidelity 0 (expected 1..4)");
  EXPECT_EQ(tt_program_set_compute_config(program, 0, static_cast<tt_math_fidelity>(5)),
            TT_ERROR_INVALID_ARGUMENT);
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
  EXPECT_EQ(tt_program_set_runtime_args(program, 0, 0, static_cast<tt_risc>(9), args.data(), 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_runtime_args(program, 0, 0, TT_BRISC, nullptr, 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_set_runtime_args(nullptr, 0, 0, TT_BRISC, args.data(), 1),
            TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tt_program_num_cores(program), 1u);
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

  EXPECT_EQ(tt_program_run(program), TT_ERROR_UNSUPPORTED);
  EXPECT_EQ(lastError(),
            "gemm: this runtime cannot execute kernels yet (the simulator is not built)");
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
