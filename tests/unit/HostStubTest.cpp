//===- tests/unit/HostStubTest.cpp - generated host stubs -----------------===//
//
// Generates host stubs (backend/HostStub.cpp) from plans shaped like the ones
// tt-llc writes for examples/gemm.py, checks their text (declarations,
// checks, circular buffers, argument tables and the patching of buffer
// addresses, compute configuration, images), compiles them in-process
// (backend/HostCompile.cpp) and inspects the x86-64 objects; then loads an
// object with ORC and runs the stub against the runtime (runtime/Runtime.cpp)
// to see that it builds the program the plan describes.
//
//===----------------------------------------------------------------------===//

#include "backend/HostStub.h"
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
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ttllc;
using llvm::StringRef;
namespace json = llvm::json;

namespace {

/// The plan of examples/gemm.py (M = 64, N = 64, K = 256: a 2 x 2 kernel
/// grid, Kt = 8) scheduled on 3 cores, in the compiler's format.
const char *const kGemmPlan = R"({
  "buffers": [
    {"aligned_page_size": 2048, "alignment": 32, "dtype": "bfloat16", "layout": "interleaved",
     "memory": "DRAM", "name": "A", "needs_padding": false, "num_banks": 12, "num_pages": 16,
     "padded_shape": [64, 256], "page_size": 2048, "param_index": 0, "role": "input",
     "shape": [64, 256], "tiles": [2, 8]},
    {"aligned_page_size": 2048, "alignment": 32, "dtype": "bfloat16", "layout": "interleaved",
     "memory": "DRAM", "name": "B", "needs_padding": false, "num_banks": 12, "num_pages": 16,
     "padded_shape": [256, 64], "page_size": 2048, "param_index": 1, "role": "input",
     "shape": [256, 64], "tiles": [8, 2]},
    {"aligned_page_size": 2048, "alignment": 32, "dtype": "bfloat16", "layout": "interleaved",
     "memory": "DRAM", "name": "C", "needs_padding": false, "num_banks": 12, "num_pages": 4,
     "padded_shape": [64, 64], "page_size": 2048, "param_index": 2, "role": "output",
     "shape": [64, 64], "tiles": [2, 2]}
  ],
  "circular_buffers": [
    {"data_format": "Float16_b", "depth": 2, "id": 0, "name": "A_shared", "num_pages": 2,
     "page_size": 2048, "role": "input", "tiles_per_block": 1, "total_size": 4096},
    {"data_format": "Float16_b", "depth": 2, "id": 1, "name": "B_shared", "num_pages": 2,
     "page_size": 2048, "role": "input", "tiles_per_block": 1, "total_size": 4096},
    {"data_format": "Float32", "depth": 2, "id": 16, "name": "C_local", "num_pages": 2,
     "page_size": 4096, "role": "output", "tiles_per_block": 1, "total_size": 8192}
  ],
  "compute": {"dst_capacity": 4, "fp32_dest_acc": true, "math_fidelity": "HiFi4"},
  "cores": [
    {"args": {"compute": [0, 2, 2, 2, 8],
              "reader": [{"buffer": "A"}, {"buffer": "B"}, 0, 2, 2, 2, 8],
              "writer": [{"buffer": "C"}, 0, 2, 2, 2]},
     "count": 2, "id": 0, "start": 0, "x": 0, "y": 0},
    {"args": {"compute": [2, 1, 2, 2, 8],
              "reader": [{"buffer": "A"}, {"buffer": "B"}, 2, 1, 2, 2, 8],
              "writer": [{"buffer": "C"}, 2, 1, 2, 2]},
     "count": 1, "id": 1, "start": 2, "x": 1, "y": 0},
    {"args": {"compute": [3, 1, 2, 2, 8],
              "reader": [{"buffer": "A"}, {"buffer": "B"}, 3, 1, 2, 2, 8],
              "writer": [{"buffer": "C"}, 3, 1, 2, 2]},
     "count": 1, "id": 10, "start": 3, "x": 2, "y": 1}
  ],
  "device": {"core_grid": [8, 8], "dram_alignment": 32, "dram_banks": 12, "dst_tiles": 8,
             "l1_alignment": 16, "l1_size": 1499136, "name": "wormhole_b0"},
  "generator": "tt-llc 0.1.0",
  "kernel": "gemm",
  "kernel_grid": [2, 2],
  "runtime_args": {
    "compute": ["start_id", "count", "grid_x", "grid_y", "Kt"],
    "reader": ["A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"],
    "writer": ["C_addr", "start_id", "count", "grid_x", "grid_y"]
  },
  "schedule": {"active_cores": 3, "core_ranges": [[0, 0, 2, 0]], "num_cores": 64,
               "num_tiles": 4, "order": "row_major", "partition_mode": "global",
               "policy": "contiguous"},
  "schema_version": 1
})";

json::Value parse(StringRef text) {
  llvm::Expected<json::Value> v = json::parse(text);
  if (!v) {
    ADD_FAILURE() << llvm::toString(v.takeError());
    return json::Object();
  }
  return std::move(*v);
}

json::Value gemmPlan() { return parse(kGemmPlan); }

/// A gemm plan on `cores` cores of `device` (a `gridX` wide grid), one work
/// unit per core.
json::Value bigPlan(StringRef device, int64_t gridX, int64_t cores) {
  json::Value plan = gemmPlan();
  json::Object &o = *plan.getAsObject();
  (*o.getObject("device"))["name"] = device;
  json::Array list;
  for (int64_t id = 0; id < cores; ++id)
    list.push_back(json::Object{
        {"id", id},
        {"x", id % gridX},
        {"y", id / gridX},
        {"start", id},
        {"count", 1},
        {"args",
         json::Object{{"reader", json::Array{json::Object{{"buffer", "A"}},
                                             json::Object{{"buffer", "B"}}, id, 1, 13, 10, 8}},
                      {"compute", json::Array{id, 1, 13, 10, 8}},
                      {"writer", json::Array{json::Object{{"buffer", "C"}}, id, 1, 13, 10}}}}});
  o["cores"] = std::move(list);
  return plan;
}

/// A minimal kernel image for `risc`: an RV32 executable with one segment of
/// two instructions at the RISC's kernel text address.
std::vector<uint8_t> minimalImage(unsigned risc) {
  using llvm::support::endian::write16le;
  using llvm::support::endian::write32le;
  std::vector<uint8_t> b(52 + 32 + 8, 0);
  uint32_t entry = TT_KERNEL_TEXT_ADDR(risc);
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
  std::copy(std::begin(ident), std::end(ident), b.begin());
  write16le(&b[16], 2);   // ET_EXEC
  write16le(&b[18], 243); // EM_RISCV
  write32le(&b[20], 1);
  write32le(&b[24], entry);
  write32le(&b[28], 52); // e_phoff
  write16le(&b[40], 52);
  write16le(&b[42], 32);
  write16le(&b[44], 1);
  write32le(&b[52], 1); // PT_LOAD
  write32le(&b[56], 84);
  write32le(&b[60], entry);
  write32le(&b[64], entry);
  write32le(&b[68], 8);
  write32le(&b[72], 8);
  write32le(&b[76], 5);
  write32le(&b[80], 4);
  write32le(&b[84], 0x00000893); // li a7, 0 (TT_SVC_EXIT)
  write32le(&b[88], 0x00000073); // ecall
  return b;
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
    list.push_back({r.risc, r.artifact, bytes});
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

TEST(HostStub, SourceChecksTheDeviceAndTheBuffers) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "#include \"gemm_host.h\"\n");
  EXPECT_CONTAINS(s, "  if (!sameString(name, \"wormhole_b0\"))\n"
                     "    return fail(Message() << \"gemm: compiled for device wormhole_b0, not \" "
                     "<< name);\n");
  EXPECT_CONTAINS(s, "  TT_TRY(checkBuffer(buffers.A, \"gemm: buffer A\", 2048, 16));\n");
  EXPECT_CONTAINS(s, "  TT_TRY(checkBuffer(buffers.B, \"gemm: buffer B\", 2048, 16));\n");
  EXPECT_CONTAINS(s, "  TT_TRY(checkBuffer(buffers.C, \"gemm: buffer C\", 2048, 4));\n");
  EXPECT_CONTAINS(s, "tt_fail(TT_ERROR_INVALID_ARGUMENT, \"gemm: device is null\")");
  EXPECT_CONTAINS(s, "  TT_TRY(tt_program_create(device, \"gemm\", &built));\n");
  // The program is destroyed when building it fails.
  EXPECT_CONTAINS(s, "  tt_status status = buildProgram(built, buffers);\n"
                     "  if (status != TT_OK) {\n"
                     "    tt_program_destroy(built);\n"
                     "    return status;\n"
                     "  }\n");
  // No C library: the stub is compiled freestanding.
  EXPECT_FALSE(contains(s, "#include <"));
}

TEST(HostStub, AddsTheCircularBuffers) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_CONTAINS(stub.source,
                  "  TT_TRY(tt_program_add_circular_buffer(program, 0, 2048, 2, TT_FLOAT16_B)); "
                  "// A_shared\n"
                  "  TT_TRY(tt_program_add_circular_buffer(program, 1, 2048, 2, TT_FLOAT16_B)); "
                  "// B_shared\n"
                  "  TT_TRY(tt_program_add_circular_buffer(program, 16, 4096, 2, TT_FLOAT32));  "
                  "// C_local\n");
}

TEST(HostStub, SetsTheComputeConfiguration) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  EXPECT_CONTAINS(stub.source, "  // Compute: fp32_dest_acc true, math_fidelity HiFi4 "
                               "(dst_capacity 4 tiles).\n"
                               "  TT_TRY(tt_program_set_compute_config(program, 1, TT_HIFI4));\n");

  json::Value plan = gemmPlan();
  *plan.getAsObject()->getObject("compute") =
      json::Object{{"dst_capacity", 8}, {"fp32_dest_acc", false}, {"math_fidelity", "LoFi"}};
  EXPECT_CONTAINS(generateHostStub(plan, images()).source,
                  "  TT_TRY(tt_program_set_compute_config(program, 0, TT_LOFI));\n");

  plan.getAsObject()->erase("compute");
  EXPECT_CONTAINS(generateHostStub(plan, images()).source,
                  "  // Compute: the plan has no compute section; the defaults.\n"
                  "  TT_TRY(tt_program_set_compute_config(program, 0, TT_HIFI4));\n");
}

TEST(HostStub, RuntimeArgumentTables) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "// Runtime arguments of the reader kernel, one row per core:\n"
                     "//   x, y, A_addr, B_addr, start_id, count, grid_x, grid_y, Kt\n"
                     "// A_addr, B_addr are 0 here: buildProgram sets the buffers' addresses.\n"
                     "static const uint32_t kReaderArgs[3][2 + 7] = {\n"
                     "    {0, 0, 0, 0, 0, 2, 2, 2, 8},\n"
                     "    {1, 0, 0, 0, 2, 1, 2, 2, 8},\n"
                     "    {2, 1, 0, 0, 3, 1, 2, 2, 8},\n"
                     "};\n");
  EXPECT_CONTAINS(s, "static const uint32_t kComputeArgs[3][2 + 5] = {\n"
                     "    {0, 0, 0, 2, 2, 2, 8},\n");
  EXPECT_CONTAINS(s, "// C_addr is 0 here: buildProgram sets the buffers' addresses.\n"
                     "static const uint32_t kWriterArgs[3][2 + 5] = {\n"
                     "    {0, 0, 0, 0, 2, 2, 2},\n");
}

TEST(HostStub, PatchesBufferAddressesPerArgumentPosition) {
  HostStub stub = generateHostStub(gemmPlan(), images());
  const std::string &s = stub.source;
  EXPECT_CONTAINS(s, "  for (const auto &row : kReaderArgs) {\n"
                     "    uint32_t args[7];\n"
                     "    for (unsigned i = 0; i < 7; ++i)\n"
                     "      args[i] = row[2 + i];\n"
                     "    args[0] = tt_buffer_address(buffers.A); // A_addr\n"
                     "    args[1] = tt_buffer_address(buffers.B); // B_addr\n"
                     "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], TT_NCRISC, "
                     "args, 7));\n"
                     "  }\n");
  // The compute arguments hold no address: the rows are passed as they are,
  // the same to the three TRISCs.
  EXPECT_CONTAINS(s, "  for (const auto &row : kComputeArgs) {\n"
                     "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], TT_TRISC0, "
                     "row + 2, 5));\n"
                     "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], TT_TRISC1, "
                     "row + 2, 5));\n"
                     "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], TT_TRISC2, "
                     "row + 2, 5));\n"
                     "  }\n");
  EXPECT_CONTAINS(s, "    args[0] = tt_buffer_address(buffers.C); // C_addr\n"
                     "    TT_TRY(tt_program_set_runtime_args(program, row[0], row[1], TT_BRISC, "
                     "args, 5));\n");
}

TEST(HostStub, LaunchCreatesRunsAndDestroys) {
  HostStub stub = generateHostStub(gemmPlan(), images());
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
                     "static const unsigned char kReaderImage[] = {\n"
                     "    0x7f, 0x45, 0x4c, 0x46, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, "
                     "0x00, 0x00, 0x00, 0x00,\n"
                     "    0x02, 0x00, 0xf3, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, "
                     "0x34, 0x00, 0x00, 0x00,\n");
  // 101 bytes: six full lines and one of five, without a trailing comma.
  EXPECT_CONTAINS(s, "    0x04, 0x05, 0x06, 0x07, 0x08\n};\n");
  for (const char *name :
       {"kComputeTrisc0Image", "kComputeTrisc1Image", "kComputeTrisc2Image", "kWriterImage"})
    EXPECT_CONTAINS(s, "static const unsigned char " + std::string(name) + "[] = {\n");
  EXPECT_CONTAINS(s, "  TT_TRY(tt_program_set_kernel(program, TT_NCRISC, kReaderImage, sizeof "
                     "kReaderImage));\n");
  EXPECT_CONTAINS(s, "  TT_TRY(tt_program_set_kernel(program, TT_TRISC1, kComputeTrisc1Image,\n"
                     "                               sizeof kComputeTrisc1Image));\n");
  EXPECT_CONTAINS(s, "  TT_TRY(tt_program_set_kernel(program, TT_BRISC, kWriterImage, sizeof "
                     "kWriterImage));\n");
  // After the code, behind a comment.
  size_t images = s.find("//===--- Kernel images");
  ASSERT_NE(images, std::string::npos);
  EXPECT_GT(images, s.find("gemm_launch("));
  EXPECT_GT(s.find("static const unsigned char kReaderImage"), images);
}

TEST(HostStub, RenamesBuffersThatCollideWithCNames) {
  json::Value plan = gemmPlan();
  json::Object &o = *plan.getAsObject();
  const char *names[] = {"int", "device", "status"};
  for (size_t i = 0; i < 3; ++i)
    (*(*o.getArray("buffers"))[i].getAsObject())["name"] = names[i];
  for (json::Value &core : *o.getArray("cores")) {
    json::Object &args = *core.getAsObject()->getObject("args");
    (*args.getArray("reader"))[0] = json::Object{{"buffer", "int"}};
    (*args.getArray("reader"))[1] = json::Object{{"buffer", "device"}};
    (*args.getArray("writer"))[0] = json::Object{{"buffer", "status"}};
  }
  HostStub stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.header, "tt_status gemm_launch(tt_device *device, tt_buffer *int_buf, "
                               "tt_buffer *device_buf,\n"
                               "                      tt_buffer *status_buf);\n");
  EXPECT_CONTAINS(stub.header, "//   int (parameter int_buf)");
  EXPECT_CONTAINS(stub.source, "args[1] = tt_buffer_address(buffers.device_buf);");
  // The messages keep the plan's names.
  EXPECT_CONTAINS(stub.source, "checkBuffer(buffers.int_buf, \"gemm: buffer int\", 2048, 16)");
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
    // One row per core and program, plus the code around them.
    size_t imageLines = 5 * ((92 + 15) / 16 + 3);
    EXPECT_LE(lineCount(stub.source), size_t(3 * cores + imageLines + 200)) << device;
    EXPECT_CONTAINS(stub.source, "static const uint32_t kReaderArgs[" + std::to_string(cores) +
                                     "][2 + 7] = {\n");
    for (StringRef line : llvm::split(stub.source, '\n'))
      EXPECT_LE(line.size(), 100u) << line.str();
    for (StringRef line : llvm::split(stub.header, '\n'))
      EXPECT_LE(line.size(), 100u) << line.str();
    EXPECT_FALSE(contains(stub.source, "#error"));
  }
  // Columns are aligned.
  HostStub stub = generateHostStub(bigPlan("blackhole", 13, 130), images());
  EXPECT_CONTAINS(stub.source, "    { 0, 0, 0, 0,   0, 1, 13, 10, 8},\n");
  EXPECT_CONTAINS(stub.source, "    {12, 9, 0, 0, 129, 1, 13, 10, 8},\n");
}

TEST(HostStub, BadPlansGiveErrorDirectives) {
  json::Value plan = gemmPlan();
  (*(*plan.getAsObject()->getArray("circular_buffers"))[0].getAsObject())["data_format"] = "Bfp8_b";
  HostStub stub = generateHostStub(plan, images());
  EXPECT_CONTAINS(stub.source, "#error \"tt-llc: cannot generate the host stub of 'gemm': "
                               "circular_buffers[0]: unknown data_format 'Bfp8_b'\"\n");
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  ASSERT_TRUE(bool(e));
  EXPECT_CONTAINS(llvm::toString(std::move(e)), "unknown data_format 'Bfp8_b'");

  // A buffer address on some cores only, an unknown buffer, missing pieces:
  // errors, no crash.
  json::Value mixed = gemmPlan();
  json::Array &cores = *mixed.getAsObject()->getArray("cores");
  (*cores[1].getAsObject()->getObject("args")->getArray("reader"))[0] = 5;
  (*cores[2].getAsObject()->getObject("args")->getArray("writer"))[0] =
      json::Object{{"buffer", "Z"}};
  stub = generateHostStub(mixed, images());
  EXPECT_CONTAINS(stub.source, "cores[1].args.reader[0] must be the address of buffer 'A'");
  EXPECT_CONTAINS(stub.source, "cores[2].args.writer[0] must be the address of buffer 'C'");

  for (StringRef text : {"{}", "[]", "{\"kernel\": 3, \"cores\": [1, {\"x\": -1}]}",
                         "{\"buffers\": [{}], \"cores\": [{\"x\": 0, \"y\": 0, \"args\": {}}]}"}) {
    HostStub bad = generateHostStub(parse(text), images());
    EXPECT_CONTAINS(bad.source, "#error") << text.str();
  }
  // Duplicate or unknown RISCs.
  std::vector<KernelImage> list = images();
  list[1].risc = TT_RISC_NCRISC;
  list.push_back({7, "mystery", {1, 2, 3}});
  stub = generateHostStub(gemmPlan(), list);
  EXPECT_CONTAINS(stub.source, "two kernel images for TT_NCRISC");
  EXPECT_CONTAINS(stub.source, "kernel image 'mystery' is for RISC 7");
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
  for (const char *f : {"tt_program_create", "tt_program_destroy", "tt_program_run", "tt_fail",
                        "tt_device_name", "tt_buffer_address", "tt_buffer_page_size",
                        "tt_buffer_size", "tt_program_add_circular_buffer", "tt_program_set_kernel",
                        "tt_program_set_compute_config", "tt_program_set_runtime_args"})
    EXPECT_TRUE(undefined.count(f)) << f;
  // Nothing but the runtime: no C library, no C++ runtime.
  for (const std::string &name : undefined)
    EXPECT_TRUE(StringRef(name).starts_with("tt_")) << name;
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
  size_t at = stub.source.find("  return TT_OK;\n}");
  ASSERT_NE(at, std::string::npos);
  stub.source.replace(at, 17, "  return TT_OK\n}");
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
  HostStub stub = generateHostStub(bigPlan("blackhole", 13, 130), images(2000));
  llvm::SmallString<0> object;
  llvm::Error e = compileHostStub(stub, object);
  EXPECT_FALSE(e) << llvm::toString(std::move(e));
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
  explicit LoadedStub(const json::Value &plan) {
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
    bind("tt_fail", &tt_fail);
    bind("tt_device_name", &tt_device_name);
    bind("tt_buffer_address", &tt_buffer_address);
    bind("tt_buffer_size", &tt_buffer_size);
    bind("tt_buffer_page_size", &tt_buffer_page_size);
    bind("tt_program_create", &tt_program_create);
    bind("tt_program_destroy", &tt_program_destroy);
    bind("tt_program_add_circular_buffer", &tt_program_add_circular_buffer);
    bind("tt_program_set_kernel", &tt_program_set_kernel);
    bind("tt_program_set_compute_config", &tt_program_set_compute_config);
    bind("tt_program_set_runtime_args", &tt_program_set_runtime_args);
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

/// A device with the three gemm buffers of kGemmPlan.
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

std::vector<uint32_t> argsOf(const tt_program *program, uint32_t x, uint32_t y, tt_risc risc) {
  std::vector<uint32_t> args(TT_RUNTIME_ARGS_MAX);
  uint32_t count = 0;
  EXPECT_EQ(tt_program_get_runtime_args(program, x, y, risc, args.data(), args.size(), &count),
            TT_OK)
      << tt_last_error();
  args.resize(count);
  return args;
}

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
  EXPECT_EQ(argsOf(program, 0, 0, TT_NCRISC), (std::vector<uint32_t>{a, b, 0, 2, 2, 2, 8}));
  EXPECT_EQ(argsOf(program, 2, 1, TT_NCRISC), (std::vector<uint32_t>{a, b, 3, 1, 2, 2, 8}));
  for (tt_risc risc : {TT_TRISC0, TT_TRISC1, TT_TRISC2})
    EXPECT_EQ(argsOf(program, 1, 0, risc), (std::vector<uint32_t>{2, 1, 2, 2, 8}));
  EXPECT_EQ(argsOf(program, 1, 0, TT_BRISC), (std::vector<uint32_t>{c, 2, 1, 2, 2}));
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
  // after the program was created; the stub returns the runtime's error.
  json::Value plan = gemmPlan();
  (*(*plan.getAsObject()->getArray("cores"))[2].getAsObject())["x"] = 9;
  LoadedStub stub(plan);
  ASSERT_NE(stub.create(), nullptr);
  GemmSetup s;
  tt_program *program = reinterpret_cast<tt_program *>(&s);
  EXPECT_EQ(stub.create()(s.device, s.a, s.b, s.c, &program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(program, nullptr);
  EXPECT_STREQ(tt_last_error(), "gemm: core (9, 1) is outside the wormhole_b0 grid (8 x 8)");
}
