//===- tests/ttsim/TtsimTest.cpp - kernels on Tenstorrent's ttsim ---------===//
//
// Copy kernels compiled by tt-llc (the hw images of its output folder) run on
// ttsim:wormhole_b0 and ttsim:blackhole through the runtime's C API, with
// outputs byte-equal to inputs; deliberately broken hw kernels give a clear
// status and message and the test process survives; a missing library, a
// library of the other architecture and images of the wrong ABI are
// rejected (docs/ttsim.md).
//
// The broken kernels are hand-written C (kernels/*.c), which tt-llc cannot
// produce: tests/ttsim/CMakeLists.txt compiles them and the hw device library
// for each architecture, and linkHwImage links them here.
//
//===----------------------------------------------------------------------===//

#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "sim/Image.h"
#include "tests/ttsim/TtsimTestSupport.h"
#include "tt/device_abi.h"
#include "tt/devices.h"
#include "tt/programs.h"
#include "tt/runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using ttsimtest::tempDir;

std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

/// The linker script of an hw image for `risc` (backend/Link.cpp's layout):
/// _start first at the RISC's text address, no .data or .bss.
std::string linkerScript(unsigned risc, unsigned localBytes) {
  std::ostringstream os;
  os << std::hex << "ENTRY(_start)\nMEMORY\n{\n  L1_TEXT (rx) : ORIGIN = 0x"
     << TT_KERNEL_TEXT_ADDR(risc) << ", LENGTH = 0x" << TT_KERNEL_TEXT_SIZE
     << "\n  LOCAL (rw) : ORIGIN = 0x" << TT_LOCAL_MEM_BASE << ", LENGTH = 0x" << localBytes
     << "\n}\nSECTIONS\n{\n  .text : { KEEP(*(.text.start)) *(.text .text.*) } > L1_TEXT\n"
     << "  .rodata : { *(.rodata .rodata.* .srodata .srodata.*) } > L1_TEXT\n"
     << "  .data : { *(.data .data.* .sdata .sdata.*) } > LOCAL\n"
     << "  .bss : { *(.sbss .sbss.* .bss .bss.* COMMON) } > LOCAL\n"
     << "  ASSERT(SIZEOF(.data) + SIZEOF(.bss) == 0, \"hw images have no .data or .bss\")\n"
     << "  __stack_top = ORIGIN(LOCAL) + LENGTH(LOCAL);\n"
     << "  __tt_runtime_args = 0x" << TT_RUNTIME_ARGS_ADDR(risc) << ";\n"
     << "  /DISCARD/ : { *(.comment) *(.eh_frame .eh_frame_hdr) }\n}\n";
  return os.str();
}

/// Links the hand-written kernel object `object` with the hw library of
/// `arch` for `risc`.
std::vector<uint8_t> linkHwImage(const std::string &object, const std::string &arch, unsigned risc,
                                 const std::string &work) {
  const tt_device_info *device =
      tt_device_lookup(arch == "blackhole" ? "blackhole" : "wormhole_b0");
  std::string script = work + "/hw-" + std::to_string(risc) + ".ld";
  std::ofstream(script) << linkerScript(risc, device->local_bytes[risc]);
  std::string image = work + "/hw-" + std::to_string(risc) + ".elf";
  std::string command = std::string(TTLLC_LLD) +
                        " -m elf32lriscv -static -nostdlib --nmagic --gc-sections "
                        "--build-id=none -T " +
                        script + " " + object + " " + TTLLC_HW_DIR + "/ttdevice_hw-" + arch +
                        ".o -o " + image;
  if (std::system(command.c_str()) != 0)
    return {};
  return readFile(image);
}

/// Compiles `source` with tt-llc into `work`/out for `device`.
bool compile(const std::string &source, const std::string &device, const std::string &work) {
  std::ofstream(work + "/kernel.py") << source;
  std::string command = std::string(TTLLC_TT_LLC) + " " + work + "/kernel.py --device=" + device +
                        " -o " + work + "/out";
  return std::system(command.c_str()) == 0;
}

std::string copySource(const std::string &dtype, int rows, int cols, int gridX, int gridY) {
  std::ostringstream os;
  os << "import tilelang.language as T\n\n@T.prim_func\ndef copy(A: T.Tensor((" << rows << ", "
     << cols << "), \"" << dtype << "\"), B: T.Tensor((" << rows << ", " << cols << "), \"" << dtype
     << "\")):\n    with T.Kernel(" << gridX << ", " << gridY
     << ") as (bx, by):\n        A_s = T.alloc_shared((32, 32), \"" << dtype
     << "\")\n        T.copy(A[by * 32, bx * 32], A_s)\n        T.copy(A_s, B[by * 32, bx * 32])\n";
  return os.str();
}

/// Opens `name`, closing it at scope exit.
struct Device {
  tt_device *device = nullptr;
  std::vector<tt_buffer *> buffers;
  tt_program *program = nullptr;
  ~Device() {
    tt_program_destroy(program);
    for (tt_buffer *b : buffers)
      tt_buffer_destroy(b);
    tt_device_close(device);
  }
};

/// Compiles the TileLang `source` for `device` ("wormhole_b0"), fills its
/// input buffers with seeded values and runs its hw images on ttsim; `d`
/// holds the device, buffers (in plan order) and program. Returns the run's
/// status (message in `message`).
void runKernel(const std::string &device, const std::string &source, Device &d, tt_status &status,
               std::string &message, const std::string &work) {
  ASSERT_FALSE(work.empty());
  ASSERT_TRUE(compile(source, device, work));
  std::string out = work + "/out";
  auto plan = ttplan::readPlanFile(out + "/tt.plan.json", ttplan::PlanKind::Lowered);
  ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
  // Every image set the plan lists (the runtime takes the hw one for ttsim).
  auto images = ttrt::readImages(out, *plan);
  ASSERT_TRUE(bool(images)) << llvm::toString(images.takeError());
  ASSERT_TRUE(std::any_of(images->begin(), images->end(),
                          [](const ttrt::KernelImageSet &set) { return set.abi == TT_ABI_HW; }));

  auto opened = std::chrono::steady_clock::now();
  ASSERT_EQ(tt_device_open(("ttsim:" + device).c_str(), &d.device), TT_OK) << tt_last_error();
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(tt_device_get_abi(d.device), TT_ABI_HW);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
  for (const ttplan::Buffer &b : plan->buffers) {
    auto format = ttrt::dataFormat(b.dtype);
    ASSERT_TRUE(bool(format));
    tt_buffer *buffer = nullptr;
    ASSERT_EQ(tt_buffer_create(d.device, uint64_t(b.numPages) * b.pageSize, uint32_t(b.pageSize),
                               &buffer),
              TT_OK)
        << tt_last_error();
    d.buffers.push_back(buffer);
    uint32_t rows = b.shape.size() == 1 ? 1 : uint32_t(b.shape[0]);
    uint32_t cols = uint32_t(b.shape.back());
    std::vector<float> host(size_t(rows) * cols, 0.0f);
    if (b.role == ttplan::BufferRole::Input)
      for (float &v : host)
        v = uniform(rng);
    ASSERT_EQ(tt_buffer_write_tiles(buffer, host.data(), TT_FLOAT32, rows, cols, *format), TT_OK)
        << tt_last_error();
  }
  auto program = ttrt::createProgram(d.device, *plan, *images, d.buffers);
  ASSERT_TRUE(bool(program)) << llvm::toString(program.takeError());
  d.program = *program;
  status = tt_program_run(d.program);
  message = tt_last_error();
  auto ran = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;
  std::printf("[ ttsim    ] %s: %zu cores, open %lld ms, run %lld ms\n", device.c_str(),
              plan->cores.size(),
              (long long)std::chrono::duration_cast<ms>(started - opened).count(),
              (long long)std::chrono::duration_cast<ms>(ran - started).count());
}

/// Compiles a copy of a rows x cols `dtype` matrix on a gridX x gridY grid
/// for `device`, runs it on ttsim and checks B == A byte for byte.
void runCopy(const std::string &device, const std::string &dtype, int rows, int cols, int gridX,
             int gridY) {
  std::string work = tempDir();
  Device d;
  tt_status status = TT_OK;
  std::string message;
  runKernel(device, copySource(dtype, rows, cols, gridX, gridY), d, status, message, work);
  ASSERT_EQ(status, TT_OK) << message;
  ASSERT_EQ(d.buffers.size(), 2u);

  uint64_t size = tt_buffer_size(d.buffers[0]);
  std::vector<uint8_t> a(size), b(size, 0xEE);
  ASSERT_EQ(tt_buffer_read_bytes(d.buffers[0], a.data(), size), TT_OK);
  ASSERT_EQ(tt_buffer_read_bytes(d.buffers[1], b.data(), size), TT_OK);
  size_t nonzero = 0;
  for (uint8_t byte : a)
    nonzero += byte != 0;
  EXPECT_GT(nonzero, size / 4) << "the input should be mostly non-zero";
  EXPECT_TRUE(a == b) << "B differs from A";
  std::system(("rm -rf " + work).c_str());
}

// Every tile format on 1 core, 4 cores and the full grid of each device
// (Wormhole 8 x 8, Blackhole 13 x 10), one 32 x 32 block per core.
struct CopyCase {
  const char *device, *arch, *dtype;
  int gridX, gridY;
};

class TtsimCopyGrid : public ::testing::TestWithParam<CopyCase> {};

TEST_P(TtsimCopyGrid, OutputEqualsInputByteForByte) {
  const CopyCase &c = GetParam();
  REQUIRE_TTSIM(c.arch);
  runCopy(c.device, c.dtype, 32 * c.gridY, 32 * c.gridX, c.gridX, c.gridY);
}

std::vector<CopyCase> copyCases() {
  std::vector<CopyCase> cases;
  for (const char *dtype : {"bfloat16", "float16", "float32"}) {
    for (auto [x, y] : {std::pair{1, 1}, std::pair{2, 2}, std::pair{8, 8}})
      cases.push_back({"wormhole_b0", "wormhole", dtype, x, y});
    for (auto [x, y] : {std::pair{1, 1}, std::pair{13, 10}})
      cases.push_back({"blackhole", "blackhole", dtype, x, y});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ttsim, TtsimCopyGrid, ::testing::ValuesIn(copyCases()),
                         [](const ::testing::TestParamInfo<CopyCase> &info) {
                           std::string name = std::string(info.param.device) + "_" +
                                              info.param.dtype + "_" +
                                              std::to_string(info.param.gridX) + "x" +
                                              std::to_string(info.param.gridY);
                           for (char &ch : name)
                             if (!isalnum(static_cast<unsigned char>(ch)))
                               ch = '_';
                           return name;
                         });

// Tensors that are not whole tiles: 100 x 100 is padded to 4 x 4 tiles, and
// the copy still gives back exactly the input (the padding is dropped).
TEST(TtsimCopy, Padded100x100) {
  REQUIRE_TTSIM("wormhole");
  runCopy("wormhole_b0", "bfloat16", 100, 100, 4, 4);
}

TEST(TtsimCopy, BlackholePadded100x100) {
  REQUIRE_TTSIM("blackhole");
  runCopy("blackhole", "float16", 100, 100, 4, 4);
}

//--- Broken kernels and wrong set-ups --------------------------------------//

/// Runs the hw kernel objects `kernels/<brisc>` on BRISC and `empty` on the
/// others, on one core of ttsim `device`; returns the status, message in
/// `message`.
tt_status runBroken(const std::string &device, const std::string &brisc, std::string &message,
                    uint64_t budget = 0) {
  std::string arch = device == "blackhole" ? "blackhole" : "wormhole";
  std::string work = tempDir();
  Device d;
  if (tt_device_open(("ttsim:" + device).c_str(), &d.device) != TT_OK) {
    message = tt_last_error();
    return TT_ERROR_INVALID_ARGUMENT;
  }
  if (budget) {
    EXPECT_EQ(tt_device_set_instruction_budget(d.device, budget), TT_OK);
  }
  EXPECT_EQ(tt_program_create(d.device, brisc.c_str(), &d.program), TT_OK);
  for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
    std::string kernel = r == TT_RISC_BRISC ? brisc : "empty";
    std::vector<uint8_t> image = linkHwImage(
        std::string(TTLLC_HW_DIR) + "/kernels/" + kernel + "-" + arch + ".o", arch, r, work);
    EXPECT_FALSE(image.empty());
    EXPECT_EQ(tt_program_set_kernel(d.program, tt_risc(r), image.data(), image.size()), TT_OK)
        << tt_last_error();
    EXPECT_EQ(tt_program_set_runtime_args(d.program, 0, 0, tt_risc(r), nullptr, 0), TT_OK);
  }
  tt_status status = tt_program_run(d.program);
  message = tt_last_error();
  if (std::getenv("TTLLC_SHOW"))
    std::printf("%s\n", message.c_str());
  std::system(("rm -rf " + work).c_str());
  return status;
}

TEST(TtsimBroken, NocAddressOutsideAnyTile) {
  REQUIRE_TTSIM("wormhole");
  std::string message;
  EXPECT_EQ(runBroken("wormhole_b0", "bad_noc", message), TT_ERROR_FAULT);
  EXPECT_NE(message.find("bad_noc: ttsim stopped the run on core (0, 0)"), std::string::npos)
      << message;
  EXPECT_NE(message.find("invalid coordinate"), std::string::npos) << message;
  // The process survives and the next device works.
  EXPECT_EQ(runBroken("wormhole_b0", "empty", message), TT_OK) << message;
}

TEST(TtsimBroken, UndefinedBehavior) {
  REQUIRE_TTSIM("wormhole");
  std::string message;
  EXPECT_EQ(runBroken("wormhole_b0", "bad_align", message), TT_ERROR_FAULT);
  EXPECT_NE(message.find("UndefinedBehavior"), std::string::npos) << message;
  EXPECT_NE(message.find("alignment"), std::string::npos) << message;
  EXPECT_EQ(runBroken("wormhole_b0", "empty", message), TT_OK) << message;
}

TEST(TtsimBroken, BlackholeUndefinedBehavior) {
  REQUIRE_TTSIM("blackhole");
  std::string message;
  EXPECT_EQ(runBroken("blackhole", "bad_align", message), TT_ERROR_FAULT);
  EXPECT_NE(message.find("UndefinedBehavior"), std::string::npos) << message;
  EXPECT_EQ(runBroken("blackhole", "bad_noc", message), TT_ERROR_FAULT);
  EXPECT_NE(message.find("bad_noc: ttsim stopped the run on core (0, 0)"), std::string::npos)
      << message;
  EXPECT_EQ(runBroken("blackhole", "empty", message), TT_OK) << message;
}

TEST(TtsimBroken, NeverEnds) {
  REQUIRE_TTSIM("wormhole");
  std::string message;
  EXPECT_EQ(runBroken("wormhole_b0", "forever", message, 200'000), TT_ERROR_BUDGET);
  EXPECT_NE(message.find("clock budget of 200000 cycles"), std::string::npos) << message;
  EXPECT_NE(message.find("core (0, 0) brisc (writer): running kernel code"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("ncrisc"), std::string::npos) << message; // it finished
  EXPECT_EQ(runBroken("wormhole_b0", "empty", message), TT_OK) << message;
}

// A compute intrinsic runs only on the TRISC that drives its part of the
// coprocessor: BRISC calling tt.math.matmul_tiles stops, saying which RISC.
TEST(TtsimBroken, ComputeIntrinsicOnTheWrongRisc) {
  REQUIRE_TTSIM("wormhole");
  std::string message;
  EXPECT_EQ(runBroken("wormhole_b0", "matmul", message), TT_ERROR_FAULT);
  EXPECT_NE(message.find("brisc (writer) called tt.math.matmul_tiles, which only trisc1 (math) "
                         "can execute"),
            std::string::npos)
      << message;
}

TEST(TtsimSetup, MissingLibrary) {
  ASSERT_EQ(tt_set_ttsim_library(nullptr), TT_OK);
  const char *saved = std::getenv("TT_LLC_TTSIM");
  std::string keep = saved ? saved : "";
  unsetenv("TT_LLC_TTSIM");
  tt_device *device = nullptr;
  EXPECT_EQ(tt_device_open("ttsim:wormhole_b0", &device), TT_ERROR_UNSUPPORTED);
  EXPECT_NE(std::string(tt_last_error()).find("set TT_LLC_TTSIM"), std::string::npos)
      << tt_last_error();
  EXPECT_NE(std::string(tt_last_error()).find("docs/ttsim.md"), std::string::npos);
  setenv("TT_LLC_TTSIM", "/nonexistent/libttsim.so", 1);
  EXPECT_EQ(tt_device_open("ttsim:wormhole_b0", &device), TT_ERROR_UNSUPPORTED);
  EXPECT_NE(std::string(tt_last_error()).find("'/nonexistent/libttsim.so' cannot be read"),
            std::string::npos)
      << tt_last_error();
  if (saved)
    setenv("TT_LLC_TTSIM", keep.c_str(), 1);
  else
    unsetenv("TT_LLC_TTSIM");
  EXPECT_EQ(device, nullptr);
}

TEST(TtsimSetup, LibraryOfTheOtherArchitecture) {
  REQUIRE_TTSIM("wormhole");
  tt_device *device = nullptr;
  EXPECT_EQ(tt_device_open("ttsim:blackhole", &device), TT_ERROR_UNSUPPORTED);
  EXPECT_NE(std::string(tt_last_error())
                .find("simulates Wormhole (PCI id 0x401e1e52), not "
                      "blackhole: use the blackhole build"),
            std::string::npos)
      << tt_last_error();
}

TEST(TtsimSetup, ImagesOfTheWrongAbi) {
  REQUIRE_TTSIM("wormhole");
  std::string work = tempDir();
  ASSERT_TRUE(compile(copySource("bfloat16", 32, 32, 1, 1), "wormhole_b0", work));
  std::vector<uint8_t> simImage = readFile(work + "/out/writer.elf");
  std::vector<uint8_t> hwImage = readFile(work + "/out/writer.hw.elf");
  ASSERT_FALSE(simImage.empty());
  ASSERT_FALSE(hwImage.empty());
  // The marker is found through the symbol table, which lies at the end of
  // the file: no truncated copy has it, and none is read out of bounds.
  EXPECT_TRUE(ttrt::hasSymbol(hwImage.data(), hwImage.size(), "__tt_abi_hw"));
  EXPECT_FALSE(ttrt::hasSymbol(simImage.data(), simImage.size(), "__tt_abi_hw"));
  for (size_t size = 0; size < hwImage.size(); size += 3)
    EXPECT_FALSE(ttrt::hasSymbol(
        std::vector<uint8_t>(hwImage.begin(), hwImage.begin() + size).data(), size, "__tt_abi_hw"))
        << size;
  {
    Device d;
    ASSERT_EQ(tt_device_open("ttsim:wormhole_b0", &d.device), TT_OK) << tt_last_error();
    ASSERT_EQ(tt_program_create(d.device, "copy", &d.program), TT_OK);
    EXPECT_EQ(tt_program_set_kernel(d.program, TT_BRISC, simImage.data(), simImage.size()),
              TT_ERROR_BAD_IMAGE);
    EXPECT_NE(std::string(tt_last_error()).find("a sim-ABI image (no __tt_abi_hw symbol)"),
              std::string::npos)
        << tt_last_error();
    EXPECT_EQ(tt_program_set_kernel(d.program, TT_BRISC, hwImage.data(), hwImage.size()), TT_OK)
        << tt_last_error();
  }
  {
    Device d;
    ASSERT_EQ(tt_device_open("sim:wormhole_b0", &d.device), TT_OK);
    ASSERT_EQ(tt_program_create(d.device, "copy", &d.program), TT_OK);
    EXPECT_EQ(tt_program_set_kernel(d.program, TT_BRISC, hwImage.data(), hwImage.size()),
              TT_ERROR_BAD_IMAGE);
    EXPECT_NE(std::string(tt_last_error()).find("an hw-ABI image"), std::string::npos)
        << tt_last_error();
  }
  std::system(("rm -rf " + work).c_str());
}

} // namespace
