//===- tests/unit/HostStubTest.cpp - generated host stubs -----------------===//
//
// Generates host stubs (backend/HostStub.cpp) from plans (plan/Plan.h) shaped
// like the ones tt-llc writes for examples/gemm.py, checks their text (the
// header's declarations, the description's tables: buffers, circular
// buffers, cores, runtime arguments and the buffer addresses among them,
// compute configuration, images; the entry points), compiles them in-process
// (backend/HostCompile.cpp) and inspects the x86-64 objects; then loads an
// object with ORC and runs the stub against the runtime to see that
// tt_program_create_from_kernel builds the program the plan describes.
//
//===----------------------------------------------------------------------===//

#include "backend/HostStub.h"

#include "TestImage.h"
#include "plan/Plan.h"
#include "tt/device_abi.h"
#include "tt/runtime.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace ttllc;
using namespace ttllc::test;
using llvm::StringRef;
using ttplan::Arg;

namespace {

/// The plan of examples/gemm.py (M = 64, N = 64, K = 256: a 2 x 2 kernel
/// grid, Kt = 8) scheduled on 3 cores, as the compiler fills it.
ttplan::Plan gemmPlan() {
  ttplan::Plan p;
  p.schemaVersion = 1;
  p.generator = "tt-llc 0.1.0";
  p.kernel = "gemm";
  p.device = {"wormhole_b0", 8, 8, 1499136, 16, 12, 32, 8};
  p.kernelGrid = {2, 2};
  p.schedule.policy = "contiguous";
  p.schedule.order = "row_major";
  p.schedule.numTiles = 4;
  p.schedule.numCores = 64;
  p.schedule.activeCores = 3;
  p.schedule.coreRanges = {{0, 0, 2, 0}, {2, 1, 2, 1}};
  p.runtimeArgNames = {{"A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"},
                       {"start_id", "count", "grid_x", "grid_y", "Kt"},
                       {"C_addr", "start_id", "count", "grid_x", "grid_y"}};
  auto core = [](int64_t id, int64_t x, int64_t y, uint32_t start, uint32_t count) {
    ttplan::Core c;
    c.id = id;
    c.x = x;
    c.y = y;
    c.start = start;
    c.count = count;
    auto v = Arg::makeValue;
    c.args.reader = {
        Arg::makeBuffer("A"), Arg::makeBuffer("B"), v(start), v(count), v(2), v(2), v(8)};
    c.args.compute = {v(start), v(count), v(2), v(2), v(8)};
    c.args.writer = {Arg::makeBuffer("C"), v(start), v(count), v(2), v(2)};
    return c;
  };
  p.cores = {core(0, 0, 0, 0, 2), core(1, 1, 0, 2, 1), core(10, 2, 1, 3, 1)};
  auto buffer = [](const char *name, int64_t index, ttplan::BufferRole role,
                   std::vector<int64_t> shape, int64_t pages) {
    ttplan::Buffer b;
    b.name = name;
    b.paramIndex = index;
    b.role = role;
    b.dtype = "bfloat16";
    b.shape = b.paddedShape = shape;
    b.tiles = {shape[0] / 32, shape[1] / 32};
    b.pageSize = b.alignedPageSize = 2048;
    b.numPages = pages;
    b.numBanks = 12;
    b.alignment = 32;
    return b;
  };
  p.buffers = {buffer("A", 0, ttplan::BufferRole::Input, {64, 256}, 16),
               buffer("B", 1, ttplan::BufferRole::Input, {256, 64}, 16),
               buffer("C", 2, ttplan::BufferRole::Output, {64, 64}, 4)};
  p.circularBuffers = {{0, "A_shared", ttplan::CBRole::Input, "Float16_b", 2048, 2, 1, 2, 4096},
                       {1, "B_shared", ttplan::CBRole::Input, "Float16_b", 2048, 2, 1, 2, 4096},
                       {16, "C_local", ttplan::CBRole::Output, "Float32", 4096, 2, 1, 2, 8192}};
  p.compute = ttplan::Compute{true, "HiFi4", 4};
  return p;
}

/// A gemm plan on `cores` cores of `device` (a `gridX` wide grid), one work
/// unit per core.
ttplan::Plan bigPlan(StringRef device, int64_t gridX, int64_t cores) {
  ttplan::Plan plan = gemmPlan();
  plan.device.name = device.str();
  plan.cores.clear();
  auto v = Arg::makeValue;
  for (int64_t id = 0; id < cores; ++id) {
    ttplan::Core c;
    c.id = id;
    c.x = id % gridX;
    c.y = id / gridX;
    c.start = id;
    c.count = 1;
    uint32_t u = uint32_t(id);
    c.args.reader = {Arg::makeBuffer("A"), Arg::makeBuffer("B"), v(u), v(1), v(13), v(10), v(8)};
    c.args.compute = {v(u), v(1), v(13), v(10), v(8)};
    c.args.writer = {Arg::makeBuffer("C"), v(u), v(1), v(13), v(10)};
    plan.cores.push_back(std::move(c));
  }
  return plan;
}

/// Valid images for the five RISCs, in artifact order; each one padded with
/// `extra` bytes (0, 1, 2, ...) after its instructions.
std::vector<KernelImage> images(size_t extra = 0) {
  struct Role {
    unsigned risc;
    const char *artifact;
  };
  const Role roles[] = {{TT_RISC_NCRISC, "reader"},
                        {TT_RISC_TRISC0, "compute.trisc0"},
                        {TT_RISC_TRISC1, "compute.trisc1"},
                        {TT_RISC_TRISC2, "compute.trisc2"},
                        {TT_RISC_BRISC, "writer"}};
  std::vector<KernelImage> list;
  for (const Role &r : roles) {
    std::vector<uint8_t> bytes = minimalImage(r.risc);
    for (size_t i = 0; i < extra; ++i)
      bytes.push_back(uint8_t(i));
    list.push_back({r.risc, "sim", r.artifact, bytes});
  }
  return list;
}

bool contains(StringRef text, StringRef piece) { return text.contains(piece); }

#define EXPECT_CONTAINS(text, piece)                                                               \
  EXPECT_TRUE(contains(text, piece)) << "missing: " << (piece) << "\n--- in:\n" << (text)

size_t lineCount(StringRef text) { return text.count('\n'); }

} // namespace

//===----------------------------------------------------------------------===//
// The text of the stub
//===----------------------------------------------------------------------===//

TEST(HostStub, NamesItsFilesAfterTheKernel) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_EQ(stub.headerName, "gemm_host.h");
  EXPECT_EQ(stub.sourceName, "gemm_host.cpp");
  stub = generateHostStub(gemmPlan(), images(), "gemm_512");
  EXPECT_EQ(stub.headerName, "gemm_512_host.h");
  EXPECT_CONTAINS(stub.source, "extern \"C\" tt_status gemm_512_create_program(");
  // The program keeps the kernel's name.
  EXPECT_CONTAINS(stub.source, "    .kernel = \"gemm\",\n");
}

TEST(HostStub, HeaderDeclaresTheCFunctions) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &h = stub.header;
  EXPECT_TRUE(StringRef(h).starts_with(
      "// Generated by tt-llc from kernel 'gemm' for device wormhole_b0. Do not edit.\n"));
  EXPECT_CONTAINS(h, "and runs it on 3 cores.");
  EXPECT_CONTAINS(h, "//   A  input   bfloat16  [64, 256]  16 pages x 2048 bytes  DRAM\n");
  EXPECT_CONTAINS(h, "//   B  input   bfloat16  [256, 64]  16 pages x 2048 bytes  DRAM\n");
  EXPECT_CONTAINS(h, "//   C  output  bfloat16  [64, 64]   4 pages x 2048 bytes   DRAM\n");
  EXPECT_CONTAINS(h, "#ifndef TTLLC_GEMM_HOST_H\n#define TTLLC_GEMM_HOST_H\n");
  EXPECT_CONTAINS(h, "#include \"tt/runtime.h\"\n");
  EXPECT_CONTAINS(h, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n");
  EXPECT_CONTAINS(h, "tt_status gemm_create_program(tt_device *device, tt_buffer *A, tt_buffer "
                     "*B, tt_buffer *C,\n"
                     "                              tt_program **program);\n");
  EXPECT_CONTAINS(h, "tt_status gemm_launch(tt_device *device, tt_buffer *A, tt_buffer *B, "
                     "tt_buffer *C);\n");
  EXPECT_TRUE(StringRef(h).ends_with("#endif // TTLLC_GEMM_HOST_H\n"));
}

TEST(HostStub, DescribesTheKernelAndItsBuffers) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "#include \"gemm_host.h\"\n");
  EXPECT_CONTAINS(s, "// The kernel's buffers, in parameter order: name, page size, pages.\n"
                     "const tt_kernel_buffer kBuffers[] = {\n"
                     "    {\"A\", 2048, 16},\n"
                     "    {\"B\", 2048, 16},\n"
                     "    {\"C\", 2048,  4},\n"
                     "};\n");
  EXPECT_CONTAINS(s, "const tt_kernel_desc kKernel = {\n"
                     "    .version = TT_KERNEL_DESC_VERSION,\n"
                     "    .kernel = \"gemm\",\n"
                     "    .device = \"wormhole_b0\",\n"
                     "    .num_buffers = 3,\n"
                     "    .buffers = kBuffers,\n"
                     "    .num_circular_buffers = 3,\n"
                     "    .circular_buffers = kCircularBuffers,\n");
  // No code but the entry points, no C library: the stub is compiled
  // freestanding.
  EXPECT_FALSE(contains(s, "#include <"));
  EXPECT_FALSE(contains(s, "for ("));
  EXPECT_FALSE(contains(s, "#error"));
}

TEST(HostStub, CircularBuffers) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_CONTAINS(stub.source, "// Circular buffers: id, page size, pages, data format.\n"
                               "const tt_kernel_circular_buffer kCircularBuffers[] = {\n"
                               "    { 0, 2048, 2, TT_FLOAT16_B}, // A_shared\n"
                               "    { 1, 2048, 2, TT_FLOAT16_B}, // B_shared\n"
                               "    {16, 4096, 2, TT_FLOAT32},   // C_local\n"
                               "};\n");
}

TEST(HostStub, ComputeConfiguration) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_CONTAINS(stub.source, "    // The matrix engine (dst_capacity 4 tiles).\n"
                               "    .fp32_dest_acc = 1,\n"
                               "    .math_fidelity = TT_HIFI4,\n");

  ttplan::Plan plan = gemmPlan();
  plan.compute = ttplan::Compute{false, "LoFi", 8};
  EXPECT_CONTAINS(generateHostStub(plan, images()).source,
                  "    // The matrix engine (dst_capacity 8 tiles).\n"
                  "    .fp32_dest_acc = 0,\n"
                  "    .math_fidelity = TT_LOFI,\n");

  plan.compute.reset();
  EXPECT_CONTAINS(generateHostStub(plan, images()).source,
                  "    // The plan has no compute section: the defaults.\n"
                  "    .fp32_dest_acc = 0,\n"
                  "    .math_fidelity = TT_HIFI4,\n");
}

TEST(HostStub, RuntimeArgumentTables) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "const tt_kernel_core kCores[] = {\n"
                     "    {0, 0}, {1, 0},\n"
                     "    {2, 1},\n"
                     "};\n");
  EXPECT_CONTAINS(s, "// Runtime arguments of the reader kernel (NCRISC), one row per core:\n"
                     "//   A_addr, B_addr, start_id, count, grid_x, grid_y, Kt\n"
                     "// A_addr, B_addr are 0 here: the runtime puts in the buffers' addresses "
                     "(kReaderAddresses).\n"
                     "const uint32_t kReaderArgs[3][7] = {\n"
                     "    {0, 0, 0, 2, 2, 2, 8}, // (0, 0)\n"
                     "    {0, 0, 2, 1, 2, 2, 8}, // (1, 0)\n"
                     "    {0, 0, 3, 1, 2, 2, 8}, // (2, 1)\n"
                     "};\n");
  EXPECT_CONTAINS(s, "const tt_kernel_address_arg kReaderAddresses[] = {\n"
                     "    {0, 0}, // A_addr: buffer A\n"
                     "    {1, 1}, // B_addr: buffer B\n"
                     "};\n");
  EXPECT_CONTAINS(s, "// Runtime arguments of the compute kernel (TRISC0, TRISC1, TRISC2), one "
                     "row per core:\n"
                     "//   start_id, count, grid_x, grid_y, Kt\n"
                     "const uint32_t kComputeArgs[3][5] = {\n"
                     "    {0, 2, 2, 2, 8}, // (0, 0)\n");
  EXPECT_FALSE(contains(s, "kComputeAddresses"));
  EXPECT_CONTAINS(s, "// C_addr is 0 here: the runtime puts in the buffer's address "
                     "(kWriterAddresses).\n"
                     "const uint32_t kWriterArgs[3][5] = {\n"
                     "    {0, 0, 2, 2, 2}, // (0, 0)\n");
  EXPECT_CONTAINS(s, "    {0, 2}, // C_addr: buffer C\n");
  EXPECT_CONTAINS(s, "    .num_cores = 3,\n"
                     "    .cores = kCores,\n"
                     "    // Runtime arguments: per core, values, buffer addresses.\n"
                     "    .reader = {7, kReaderArgs[0], 2, kReaderAddresses},\n"
                     "    .compute = {5, kComputeArgs[0], 0, nullptr},\n"
                     "    .writer = {5, kWriterArgs[0], 1, kWriterAddresses},\n"
                     "};\n");
}

TEST(HostStub, ProgramsWithoutArgumentsOrBuffers) {
  ttplan::Plan plan = gemmPlan();
  plan.buffers.clear();
  plan.runtimeArgNames = {};
  for (ttplan::Core &c : plan.cores)
    c.args = {};
  HostStub stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.source, "// The reader kernel has no runtime arguments.\n");
  EXPECT_CONTAINS(stub.source, "    .num_buffers = 0,\n    .buffers = nullptr,\n");
  EXPECT_CONTAINS(stub.source, "    .compute = {0, nullptr, 0, nullptr},\n");
  EXPECT_CONTAINS(
      stub.source,
      "  return tt_program_create_from_kernel(device, &kKernel, nullptr, 0, program);\n");
  EXPECT_CONTAINS(stub.header, "tt_status gemm_launch(tt_device *device);\n");
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  EXPECT_FALSE(e) << llvm::toString(std::move(e));
}

TEST(HostStub, EntryPointsCallTheRuntime) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_CONTAINS(stub.source,
                  "extern \"C\" tt_status gemm_create_program(tt_device *device, tt_buffer *A, "
                  "tt_buffer *B,\n"
                  "                                         tt_buffer *C, tt_program **program) "
                  "{\n"
                  "  tt_buffer *const buffers[] = {A, B, C};\n"
                  "  return tt_program_create_from_kernel(device, &kKernel, buffers, 3, "
                  "program);\n"
                  "}\n");
  EXPECT_CONTAINS(stub.source,
                  "extern \"C\" tt_status gemm_launch(tt_device *device, tt_buffer *A, "
                  "tt_buffer *B, tt_buffer *C) {\n"
                  "  tt_program *program = nullptr;\n"
                  "  tt_status status = gemm_create_program(device, A, B, C, &program);\n"
                  "  if (status != TT_OK)\n"
                  "    return status;\n"
                  "  status = tt_program_run(program);\n"
                  "  tt_program_destroy(program);\n"
                  "  return status;\n"
                  "}\n");
}

TEST(HostStub, EmbedsTheImagesAtTheEnd) {
  std::vector<KernelImage> list = images(/*extra=*/9); // 92 + 9 = 101 bytes each
  HostStub stub = generateHostStub(gemmPlan(), list);
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "// reader.elf for NCRISC, 101 bytes.\n"
                     "const char kReaderImage[] =\n"
                     "    \"\\x7f\\x45\\x4c\\x46\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00"
                     "\\x00\\x00\\x00\"\n"
                     "    \"\\x02\\x00\\xf3\\x00\\x01\\x00\\x00\\x00\\x00\\x80\\x00\\x00\\x34"
                     "\\x00\\x00\\x00\"\n");
  // 101 bytes: six full lines and one of five.
  EXPECT_CONTAINS(s, "    \"\\x04\\x05\\x06\\x07\\x08\";\n");
  for (const char *name :
       {"kComputeTrisc0Image", "kComputeTrisc1Image", "kComputeTrisc2Image", "kWriterImage"}) {
    EXPECT_CONTAINS(s, "extern const char " + std::string(name) + "[];\n");
    EXPECT_CONTAINS(s, "const char " + std::string(name) + "[] =\n");
  }
  // By device ABI, then by tt_risc, with their sizes.
  EXPECT_CONTAINS(
      s, "// The kernel images of each device ABI, by tt_risc.\n"
         "const tt_kernel_image_set kImageSets[] = {\n"
         "    {TT_ABI_SIM, {{kWriterImage, 101},          // TT_BRISC, writer.elf\n"
         "                  {kReaderImage, 101},          // TT_NCRISC, reader.elf\n"
         "                  {kComputeTrisc0Image, 101},   // TT_TRISC0, compute.trisc0.elf\n"
         "                  {kComputeTrisc1Image, 101},   // TT_TRISC1, compute.trisc1.elf\n"
         "                  {kComputeTrisc2Image, 101}}}, // TT_TRISC2, compute.trisc2.elf\n"
         "};\n");
  EXPECT_CONTAINS(s, "    // The kernel images of each device ABI.\n"
                     "    .num_image_sets = 1,\n"
                     "    .image_sets = kImageSets,\n");
  // After the code, behind a comment.
  size_t at = s.find("//===--- Kernel images");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(at, s.find("gemm_launch("));
  EXPECT_GT(s.find("const char kReaderImage[] ="), at);
}

TEST(HostStub, EmbedsTheImagesOfEveryABI) {
  std::vector<KernelImage> list = images();
  for (KernelImage image : images()) {
    image.abi = "hw";
    list.push_back(image);
  }
  HostStub stub = generateHostStub(gemmPlan(), list);
  const std::string &s = stub.source;
  EXPECT_EQ(s.find("#error"), std::string::npos) << s;
  EXPECT_CONTAINS(s, "extern const char kReaderHwImage[];\n");
  EXPECT_CONTAINS(s, "// reader.hw.elf for NCRISC, 92 bytes.\nconst char kReaderHwImage[] =\n");
  EXPECT_CONTAINS(s, "    {TT_ABI_SIM, {{kWriterImage, 92},");
  EXPECT_CONTAINS(s, "    {TT_ABI_HW, {{kWriterHwImage, 92},");
  EXPECT_CONTAINS(s, "// TT_TRISC2, compute.trisc2.hw.elf\n");
  EXPECT_CONTAINS(s, "    .num_image_sets = 2,\n");
  // sim first (tt_device_abi order), whatever the order of the list.
  EXPECT_LT(s.find("{TT_ABI_SIM"), s.find("{TT_ABI_HW"));
  std::reverse(list.begin(), list.end());
  EXPECT_EQ(generateHostStub(gemmPlan(), list).source, s);

  // A set without every RISC, an unknown ABI.
  list.pop_back();
  KernelImage odd = list.front();
  odd.abi = "quasar";
  list.push_back(odd);
  std::string broken = generateHostStub(gemmPlan(), list).source;
  EXPECT_CONTAINS(broken, "is for an unknown device ABI 'quasar'");
  EXPECT_CONTAINS(broken, "no kernel image for TT_NCRISC (sim ABI)");
}

TEST(HostStub, RenamesBuffersThatCollideWithCNames) {
  ttplan::Plan plan = gemmPlan();
  const char *names[] = {"int", "kKernel", "buffers"};
  for (size_t i = 0; i < 3; ++i)
    plan.buffers[i].name = names[i];
  for (ttplan::Core &core : plan.cores) {
    core.args.reader[0] = Arg::makeBuffer("int");
    core.args.reader[1] = Arg::makeBuffer("kKernel");
    core.args.writer[0] = Arg::makeBuffer("buffers");
  }
  HostStub stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.header, "tt_status gemm_launch(tt_device *device, tt_buffer *int_buf, "
                               "tt_buffer *kKernel_buf,\n"
                               "                      tt_buffer *buffers_buf);\n");
  EXPECT_CONTAINS(stub.header, "//   int (parameter int_buf)");
  EXPECT_CONTAINS(stub.source, "  tt_buffer *const buffers[] = {int_buf, kKernel_buf, "
                               "buffers_buf};\n");
  // The description keeps the plan's names, for the runtime's messages.
  EXPECT_CONTAINS(stub.source, "    {\"int\",     2048, 16},\n"
                               "    {\"kKernel\", 2048, 16},\n");
  EXPECT_CONTAINS(stub.source, "    {1, 1}, // B_addr: buffer kKernel\n");
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  EXPECT_FALSE(e) << llvm::toString(std::move(e));
}

TEST(HostStub, IsDeterministic) {
  HostStub a = generateHostStub(gemmPlan(), images(3));
  HostStub b = generateHostStub(gemmPlan(), images(3));
  EXPECT_EQ(a.header, b.header);
  EXPECT_EQ(a.source, b.source);
}

TEST(HostStub, ManyCoresGiveCompactCode) {
  for (auto [device, gridX, cores] :
       {std::tuple<const char *, int64_t, int64_t>{"wormhole_b0", 8, 64}, {"blackhole", 13, 130}}) {
    HostStub stub = generateHostStub(bigPlan(device, gridX, cores), images());
    // One row per core and program, the cores a line per grid row, plus
    // the rest.
    size_t imageLines = 5 * ((92 + 15) / 16 + 3);
    EXPECT_LE(lineCount(stub.source), size_t(3 * cores + cores / 8 + imageLines + 150)) << device;
    EXPECT_CONTAINS(stub.source,
                    "const uint32_t kReaderArgs[" + std::to_string(cores) + "][7] = {\n");
    for (StringRef line : llvm::split(stub.source, '\n'))
      EXPECT_LE(line.size(), 100u) << line.str();
    for (StringRef line : llvm::split(stub.header, '\n'))
      EXPECT_LE(line.size(), 100u) << line.str();
    EXPECT_FALSE(contains(stub.source, "#error"));
  }
  // Columns are aligned; a grid row of 13 cores takes two lines.
  HostStub stub = generateHostStub(bigPlan("blackhole", 13, 130), images());
  EXPECT_CONTAINS(stub.source, "    {0, 0,   0, 1, 13, 10, 8}, // (0, 0)\n");
  EXPECT_CONTAINS(stub.source, "    {0, 0, 129, 1, 13, 10, 8}, // (12, 9)\n");
  EXPECT_CONTAINS(stub.source,
                  "    { 0, 9}, { 1, 9}, { 2, 9}, { 3, 9}, { 4, 9}, { 5, 9}, { 6, 9}, { 7, 9}, "
                  "{ 8, 9}, { 9, 9},\n"
                  "    {10, 9}, {11, 9}, {12, 9},\n"
                  "};\n");
}

TEST(HostStub, BadPlansGiveErrorDirectives) {
  ttplan::Plan plan = gemmPlan();
  plan.circularBuffers[0].dataFormat = "Bfp8_b";
  HostStub stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.source, "#error \"tt-llc: cannot generate the host stub of 'gemm': "
                               "circular_buffers[0]: unknown data_format 'Bfp8_b'\"\n");
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  ASSERT_TRUE(bool(e));
  EXPECT_CONTAINS(llvm::toString(std::move(e)), "unknown data_format 'Bfp8_b'");

  // A buffer address on some cores only, an unknown buffer, a count that
  // differs: errors, no crash.
  plan = gemmPlan();
  plan.cores[1].args.reader[0] = Arg::makeValue(5);
  plan.cores[2].args.writer[0] = Arg::makeBuffer("Z");
  plan.cores[2].args.compute.pop_back();
  plan.cores[1].args.compute[0] = Arg::makeBuffer("A");
  stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.source, "cores[1].args.reader[0] must be the address of buffer 'A', as on "
                               "the first core");
  EXPECT_CONTAINS(stub.source, "cores[2].args.writer[0] must be the address of buffer 'C', as on "
                               "the first core");
  EXPECT_CONTAINS(stub.source, "cores[1].args.compute[0] must be a value, as on the first core");
  EXPECT_CONTAINS(stub.source, "cores[2].args.compute has 4 values, the first core 5");
  plan = gemmPlan();
  for (ttplan::Core &core : plan.cores)
    core.args.writer[0] = Arg::makeBuffer("Z");
  EXPECT_CONTAINS(generateHostStub(plan, images()).source,
                  "cores[0].args.writer[0] names no buffer of the plan");

  plan = gemmPlan();
  plan.compute->mathFidelity = "HiFi9";
  plan.cores[0].x = -1;
  plan.buffers[1].pageSize = 0;
  plan.circularBuffers[2].id = 32;
  stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.source, "compute: unknown math_fidelity 'HiFi9'");
  EXPECT_CONTAINS(stub.source, "cores[0].x -1 is outside [0, 2^32)");
  EXPECT_CONTAINS(stub.source, "buffers[1]: page_size 0 is outside [1, 2^32)");
  EXPECT_CONTAINS(stub.source, "circular_buffers[2]: id 32 is outside [0, 32)");

  // An empty plan: errors, no crash.
  stub = generateHostStub(ttplan::Plan(), images());
  EXPECT_CONTAINS(stub.source, "the plan has no kernel name");
  EXPECT_CONTAINS(stub.source, "the plan has no cores");
  e = compileHostStub(stub, object);
  EXPECT_TRUE(bool(e));
  llvm::consumeError(std::move(e));

  // Duplicate, unknown or missing RISCs.
  std::vector<KernelImage> list = images();
  list[1].risc = TT_RISC_NCRISC;
  list.push_back({7, "sim", "mystery", {1, 2, 3}});
  stub = generateHostStub(gemmPlan(), list);
  EXPECT_CONTAINS(stub.source, "two kernel images for TT_NCRISC");
  EXPECT_CONTAINS(stub.source, "kernel image 'mystery' is for RISC 7");
  EXPECT_CONTAINS(stub.source, "no kernel image for TT_TRISC0");
}

//===----------------------------------------------------------------------===//
// Compiling the stub
//===----------------------------------------------------------------------===//

TEST(HostStubCompile, GivesAnX86_64ObjectDefiningTheCFunctions) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  ASSERT_FALSE(e) << llvm::toString(std::move(e));

  auto file = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(StringRef(object.data(), object.size()), "gemm_host.o"));
  ASSERT_TRUE(bool(file)) << llvm::toString(file.takeError());
  auto *elf = llvm::dyn_cast<llvm::object::ELF64LEObjectFile>(file->get());
  ASSERT_NE(elf, nullptr) << "not ELF64 little-endian";
  EXPECT_EQ(elf->getArch(), llvm::Triple::x86_64);
  EXPECT_EQ(elf->getELFFile().getHeader().e_type, llvm::ELF::ET_REL);

  std::set<std::string> defined, undefined;
  for (const llvm::object::ELFSymbolRef &sym : elf->symbols()) {
    llvm::Expected<StringRef> name = sym.getName();
    llvm::Expected<uint32_t> flags = sym.getFlags();
    ASSERT_TRUE(name && flags);
    if (name->empty() || !(*flags & llvm::object::SymbolRef::SF_Global))
      continue;
    (*flags & llvm::object::SymbolRef::SF_Undefined ? undefined : defined).insert(name->str());
  }
  EXPECT_EQ(defined, (std::set<std::string>{"gemm_create_program", "gemm_launch"}));
  // Nothing but the runtime's three calls: no C library, no C++ runtime.
  EXPECT_EQ(undefined, (std::set<std::string>{"tt_program_create_from_kernel", "tt_program_run",
                                              "tt_program_destroy"}));
}

TEST(HostStubCompile, IsByteIdenticalBetweenRuns) {
  HostStub stub = generateHostStub(gemmPlan(), images(40));
  llvm::SmallString<0> first, second;
  llvm::Error e = compileHostStub(stub, first);
  ASSERT_FALSE(e) << llvm::toString(std::move(e));
  e = compileHostStub(stub, second);
  ASSERT_FALSE(e) << llvm::toString(std::move(e));
  EXPECT_EQ(StringRef(first.data(), first.size()), StringRef(second.data(), second.size()));
  // No path or time of the build in the object: only the file's plain name.
  StringRef bytes(first.data(), first.size());
  EXPECT_TRUE(bytes.contains("gemm_host.cpp"));
  EXPECT_FALSE(bytes.contains("/gemm_host"));
}

TEST(HostStubCompile, ReportsClangErrors) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  StringRef call = "buffers, 3, program);\n}";
  size_t at = stub.source.find(call.str());
  ASSERT_NE(at, std::string::npos);
  stub.source.replace(at, call.size(), "buffers, 3, program)\n}");
  llvm::SmallString<0> object;
  object.append({'x', 'y'});
  llvm::Error e = compileHostStub(stub, object);
  ASSERT_TRUE(bool(e));
  std::string message = llvm::toString(std::move(e));
  EXPECT_CONTAINS(message, "clang could not compile gemm_host.cpp");
  EXPECT_CONTAINS(message, "gemm_host.cpp:");
  EXPECT_CONTAINS(message, "error: expected ';' after return statement");
  EXPECT_CONTAINS(message, "1 error generated.");
  EXPECT_TRUE(object.empty());

  // An error in the header names the header.
  stub = generateHostStub(gemmPlan(), images());
  stub.header += "oops\n";
  e = compileHostStub(stub, object);
  ASSERT_TRUE(bool(e));
  EXPECT_CONTAINS(llvm::toString(std::move(e)), "gemm_host.h:");

  // The compiler is still usable afterwards.
  stub = generateHostStub(gemmPlan(), images());
  e = compileHostStub(stub, object);
  EXPECT_FALSE(e) << llvm::toString(std::move(e));
  EXPECT_FALSE(object.empty());
}

TEST(HostStubCompile, CompilesLargePlans) {
  HostStub stub = generateHostStub(bigPlan("blackhole", 13, 130), images(60000));
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  EXPECT_FALSE(e) << llvm::toString(std::move(e));
  // The images are in the object as they are.
  std::vector<KernelImage> list = images(60000);
  EXPECT_TRUE(StringRef(object.data(), object.size())
                  .contains(StringRef(reinterpret_cast<const char *>(list[0].bytes.data()),
                                      list[0].bytes.size())));
}

//===----------------------------------------------------------------------===//
// Running the stub against the runtime
//===----------------------------------------------------------------------===//

namespace {

using CreateFn = tt_status (*)(tt_device *, tt_buffer *, tt_buffer *, tt_buffer *, tt_program **);
using LaunchFn = tt_status (*)(tt_device *, tt_buffer *, tt_buffer *, tt_buffer *);

/// The stub of `plan` compiled and loaded into this process with ORC, its
/// runtime calls bound to this process's runtime.
class LoadedStub {
public:
  explicit LoadedStub(const ttplan::Plan &plan) {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    HostStub stub = generateHostStub(plan, images());
    llvm::SmallString<0> object;
    if (llvm::Error e = compileHostStub(stub, object)) {
      ADD_FAILURE() << llvm::toString(std::move(e));
      return;
    }
    auto jit = llvm::orc::LLJITBuilder().create();
    if (!jit) {
      ADD_FAILURE() << llvm::toString(jit.takeError());
      return;
    }
    jit_ = std::move(*jit);
    llvm::orc::SymbolMap runtime;
    auto bind = [&](const char *name, auto *function) {
      runtime[jit_->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                                              llvm::JITSymbolFlags::Exported};
    };
    bind("tt_program_create_from_kernel", &tt_program_create_from_kernel);
    bind("tt_program_destroy", &tt_program_destroy);
    bind("tt_program_run", &tt_program_run);
    if (llvm::Error e = jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(runtime))) {
      ADD_FAILURE() << llvm::toString(std::move(e));
      return;
    }
    if (llvm::Error e = jit_->addObjectFile(llvm::MemoryBuffer::getMemBufferCopy(
            StringRef(object.data(), object.size()), "gemm_host.o"))) {
      ADD_FAILURE() << llvm::toString(std::move(e));
      return;
    }
    auto create = jit_->lookup("gemm_create_program");
    auto launch = jit_->lookup("gemm_launch");
    if (!create || !launch) {
      ADD_FAILURE() << "lookup failed: "
                    << (create ? llvm::toString(launch.takeError())
                               : llvm::toString(create.takeError()));
      if (!launch)
        llvm::consumeError(launch.takeError());
      return;
    }
    create_ = create->toPtr<CreateFn>();
    launch_ = launch->toPtr<LaunchFn>();
  }

  CreateFn create() const { return create_; }
  LaunchFn launch() const { return launch_; }

private:
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  CreateFn create_ = nullptr;
  LaunchFn launch_ = nullptr;
};

/// A device with the three gemm buffers of gemmPlan().
struct GemmSetup {
  tt_device *device = nullptr;
  tt_buffer *a = nullptr, *b = nullptr, *c = nullptr;

  explicit GemmSetup(const char *name = "sim:wormhole_b0", uint32_t pageSize = 2048,
                     uint64_t cPages = 4) {
    EXPECT_EQ(tt_device_open(name, &device), TT_OK) << tt_last_error();
    EXPECT_EQ(tt_buffer_create(device, 16 * 2048, 2048, &a), TT_OK);
    EXPECT_EQ(tt_buffer_create(device, 16 * 2048, 2048, &b), TT_OK);
    EXPECT_EQ(tt_buffer_create(device, cPages * pageSize, pageSize, &c), TT_OK);
  }
  ~GemmSetup() {
    tt_buffer_destroy(a);
    tt_buffer_destroy(b);
    tt_buffer_destroy(c);
    tt_device_close(device);
  }
};

} // namespace

TEST(HostStubRun, BuildsTheProgramOfThePlan) {
  LoadedStub stub(gemmPlan());
  ASSERT_NE(stub.create(), nullptr);
  GemmSetup s;
  tt_program *program = nullptr;
  ASSERT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_OK) << tt_last_error();
  ASSERT_NE(program, nullptr);

  EXPECT_EQ(tt_program_num_cores(program), 3u);
  uint32_t pageSize = 0, numPages = 0;
  tt_data_format format = TT_FLOAT32;
  ASSERT_EQ(tt_program_get_circular_buffer(program, 1, &pageSize, &numPages, &format), TT_OK);
  EXPECT_EQ(pageSize, 2048u);
  EXPECT_EQ(numPages, 2u);
  EXPECT_EQ(format, TT_FLOAT16_B);
  ASSERT_EQ(tt_program_get_circular_buffer(program, 16, &pageSize, &numPages, &format), TT_OK);
  EXPECT_EQ(pageSize, 4096u);
  EXPECT_EQ(format, TT_FLOAT32);

  uint32_t a = tt_buffer_address(s.a), b = tt_buffer_address(s.b), c = tt_buffer_address(s.c);
  EXPECT_EQ(runtimeArgs(program, 0, 0, TT_NCRISC), (std::vector<uint32_t>{a, b, 0, 2, 2, 2, 8}));
  EXPECT_EQ(runtimeArgs(program, 2, 1, TT_NCRISC), (std::vector<uint32_t>{a, b, 3, 1, 2, 2, 8}));
  for (tt_risc risc : {TT_TRISC0, TT_TRISC1, TT_TRISC2})
    EXPECT_EQ(runtimeArgs(program, 1, 0, risc), (std::vector<uint32_t>{2, 1, 2, 2, 8}));
  EXPECT_EQ(runtimeArgs(program, 1, 0, TT_BRISC), (std::vector<uint32_t>{c, 2, 1, 2, 2}));
  tt_program_destroy(program);

  // gemm_launch runs the program on the simulator. Each test image is
  // `li a7, 0; ecall`: the exit service, so every RISC of every core retires
  // exactly two instructions.
  ASSERT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_OK) << tt_last_error();
  ASSERT_EQ(tt_program_run(program), TT_OK) << tt_last_error();
  for (uint32_t i = 0; i < tt_program_num_cores(program); ++i) {
    tt_core_stats stats;
    ASSERT_EQ(tt_program_get_stats(program, i, &stats), TT_OK) << tt_last_error();
    for (uint64_t n : stats.instructions)
      EXPECT_EQ(n, 2u);
  }
  tt_program_destroy(program);
  EXPECT_EQ(stub.launch()(s.device, s.a, s.b, s.c), TT_OK) << tt_last_error();
}

TEST(HostStubRun, RejectsWhatDoesNotMatchThePlan) {
  LoadedStub stub(gemmPlan());
  ASSERT_NE(stub.create(), nullptr);
  tt_program *program = nullptr;
  {
    GemmSetup s("sim:blackhole");
    EXPECT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(), "gemm: compiled for device wormhole_b0, not blackhole");
    EXPECT_EQ(program, nullptr);
    EXPECT_EQ(stub.create()(nullptr, s.a, s.b, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(), "gemm: device is null");
  }
  {
    GemmSetup s("sim:wormhole_b0", 4096);
    EXPECT_EQ(stub.launch()(s.device, s.a, s.b, s.c), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(),
                 "gemm: buffer C has pages of 4096 bytes, the kernel needs pages of 2048 bytes");
  }
  {
    GemmSetup s("sim:wormhole_b0", 2048, 3);
    EXPECT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(),
                 "gemm: buffer C holds 6144 bytes, the kernel needs 4 pages of 2048 bytes");
    EXPECT_EQ(stub.create()(s.device, s.a, nullptr, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(), "gemm: buffer B is null");
    EXPECT_EQ(stub.create()(s.device, s.a, s.b, s.c, nullptr), TT_ERROR_INVALID_ARGUMENT);
    EXPECT_STREQ(tt_last_error(), "gemm: program (the result) is null");
  }
}

TEST(HostStubRun, DestroysThePartialProgramOnFailure) {
  // A core outside the device's grid: the runtime refuses its arguments
  // after the program was created, destroys it and returns the error.
  ttplan::Plan plan = gemmPlan();
  plan.cores[2].x = 9;
  LoadedStub stub(plan);
  ASSERT_NE(stub.create(), nullptr);
  GemmSetup s;
  tt_program *program = reinterpret_cast<tt_program *>(&s);
  EXPECT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(program, nullptr);
  EXPECT_STREQ(tt_last_error(), "gemm: core (9, 1) is outside the wormhole_b0 grid (8 x 8)");
}
