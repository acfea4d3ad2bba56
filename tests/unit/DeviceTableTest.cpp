//===- tests/unit/DeviceTableTest.cpp - one device table, one name table --===//
//
// The compiler (ir/Target, backend/Programs, the linker script, the device
// libraries) and the runtime (sim:<device>, messages) agree with the device
// table tt/devices.h and the name table tt/programs.h for every device and
// RISC; the tables read the same from C99 (DeviceTableC.c); names round-trip;
// and the runtime's one ELF reader (runtime/sim/Image.h) reports truncated
// and corrupt images.
//
//===----------------------------------------------------------------------===//

#include "TestImage.h"
#include "backend/DeviceLibrary.h"
#include "backend/Link.h"
#include "backend/Programs.h"
#include "ir/Intrinsics.h"
#include "ir/Target.h"
#include "sim/Image.h"
#include "tt/devices.h"
#include "tt/programs.h"
#include "tt/runtime.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

extern "C" {
unsigned ttllc_c_num_devices(void);
int ttllc_c_device_facts(const char *name, unsigned facts[4]);
unsigned ttllc_c_tile_bytes(int data_format);
int ttllc_c_risc_of_program(const char *program);
const char *ttllc_c_image_in_order(unsigned i);
}

using namespace ttllc;
using ttrt::checkKernelImage;
using ttrt::Image;
using ttrt::placeSegment;
using ttrt::readImage;

namespace {

using llvm::support::endian::write16le;
using llvm::support::endian::write32le;

bool mentions(const std::string &text, const std::string &piece) {
  return text.find(piece) != std::string::npos;
}

std::string lastError() { return tt_last_error(); }

/// The ISA extensions of an LLVM feature string "+m,+zba" -> {m, zba}.
std::set<std::string> featureSet(llvm::StringRef features) {
  std::set<std::string> set;
  llvm::SmallVector<llvm::StringRef> parts;
  features.split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) {
    EXPECT_TRUE(p.consume_front("+")) << features.str();
    set.insert(p.str());
  }
  return set;
}

/// The extensions of a -march beyond rv32i: "rv32im_zba" -> {m, zba}.
std::set<std::string> marchSet(llvm::StringRef march) {
  std::set<std::string> set;
  EXPECT_TRUE(march.consume_front("rv32i")) << march.str();
  llvm::SmallVector<llvm::StringRef> parts;
  march.split(parts, '_', -1, false);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i == 0 && !parts[0].starts_with("z")) { // single letters: "m"
      for (char c : parts[0])
        set.insert(std::string(1, c));
      continue;
    }
    set.insert(parts[i].str());
  }
  return set;
}

/// The extensions the functions of a device library's bitcode were built
/// for: the "+ext" entries of `_start`'s target-features, without those
/// every RV32 target has ("32bit") or that m implies ("zmmul").
std::set<std::string> bitcodeExtensions(llvm::ArrayRef<uint8_t> bitcode) {
  std::set<std::string> set;
  llvm::LLVMContext context;
  auto module = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(
          llvm::StringRef(reinterpret_cast<const char *>(bitcode.data()), bitcode.size()), "lib"),
      context);
  if (!module) {
    ADD_FAILURE() << llvm::toString(module.takeError());
    return set;
  }
  const llvm::Function *start = (*module)->getFunction("_start");
  if (!start) {
    ADD_FAILURE() << "no _start in the library";
    return set;
  }
  llvm::SmallVector<llvm::StringRef> parts;
  start->getFnAttribute("target-features").getValueAsString().split(parts, ',');
  for (llvm::StringRef p : parts)
    if (p.consume_front("+") && p != "32bit" && p != "zmmul")
      set.insert(p.str());
  return set;
}

//===----------------------------------------------------------------------===//
// The device table
//===----------------------------------------------------------------------===//

TEST(DeviceTable, ThreeDevicesWormholeFirst) {
  ASSERT_EQ(TT_NUM_DEVICES, 3u);
  EXPECT_STREQ(tt_devices[0].name, "wormhole_b0");
  EXPECT_STREQ(tt_devices[1].name, "blackhole");
  EXPECT_STREQ(tt_devices[2].name, "grayskull");
  EXPECT_EQ(tt_device_lookup("blackhole"), &tt_devices[1]);
  EXPECT_EQ(tt_device_lookup("sim:blackhole"), nullptr);
  EXPECT_EQ(tt_device_lookup(nullptr), nullptr);
  // The values of TARGET_FACTS.md that the outputs depend on.
  const tt_device_info &wh = tt_devices[0], &bh = tt_devices[1];
  EXPECT_EQ(wh.grid_x * wh.grid_y, 64u);
  EXPECT_EQ(wh.l1_bytes, 1464u * 1024);
  EXPECT_EQ(wh.local_bytes[TT_RISC_NCRISC], 4096u);
  EXPECT_EQ(wh.local_bytes[TT_RISC_TRISC1], 2048u);
  EXPECT_EQ(wh.dram_banks, 12u);
  EXPECT_EQ(wh.dram_alignment, 32u);
  EXPECT_EQ(bh.grid_x * bh.grid_y, 130u);
  EXPECT_EQ(bh.local_bytes[TT_RISC_BRISC], 8192u);
  EXPECT_EQ(bh.dram_alignment, 64u);
  EXPECT_STREQ(bh.llvm_features, "+m,+zba,+zbb,+zaamo");
  // Bank 1 of Wormhole is the second GiB of the channel whose worker
  // endpoint is NoC 0 (0, 1); Blackhole's bank 4 is at (9, 11).
  EXPECT_EQ(wh.dram_bank_noc[1].noc_x, 0);
  EXPECT_EQ(wh.dram_bank_noc[1].noc_y, 1);
  EXPECT_EQ(wh.dram_bank_noc[1].offset, 1ull << 30);
  EXPECT_EQ(bh.dram_bank_noc[4].noc_x, 9);
  EXPECT_EQ(bh.dram_bank_noc[4].noc_y, 11);
}

TEST(DeviceTable, ReadsTheSameFromC) {
  EXPECT_EQ(ttllc_c_num_devices(), TT_NUM_DEVICES);
  for (const tt_device_info &d : tt_devices) {
    unsigned facts[4] = {};
    ASSERT_TRUE(ttllc_c_device_facts(d.name, facts)) << d.name;
    EXPECT_EQ(facts[0], d.grid_x) << d.name;
    EXPECT_EQ(facts[1], d.grid_y) << d.name;
    EXPECT_EQ(facts[2], d.l1_bytes) << d.name;
    EXPECT_EQ(facts[3], d.dram_banks) << d.name;
  }
  unsigned facts[4] = {};
  EXPECT_FALSE(ttllc_c_device_facts("quasar", facts));
  EXPECT_EQ(ttllc_c_tile_bytes(TT_DATA_FORMAT_FLOAT16_B), 2048u);
  EXPECT_EQ(ttllc_c_tile_bytes(TT_DATA_FORMAT_FLOAT32), 4096u);
  EXPECT_EQ(ttllc_c_tile_bytes(6), 0u); // Bfp8_b: not a format tt-llc knows
}

TEST(DeviceTable, EveryDeviceIsSane) {
  for (const tt_device_info &d : tt_devices) {
    SCOPED_TRACE(d.name);
    EXPECT_GT(d.l1_bytes, TT_L1_CB_BASE);
    EXPECT_EQ(d.l1_bytes % 4096, 0u); // the simulator maps L1 in 4 KiB pages
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
      EXPECT_GT(d.local_bytes[r], 512u) << r; // the linker keeps 512 bytes of stack
    EXPECT_LE(d.num_cbs, TT_NUM_CBS);
    EXPECT_LE(d.dst_tiles_fp32, d.dst_tiles_16);
    EXPECT_TRUE(llvm::isPowerOf2_32(d.dram_alignment));
    EXPECT_TRUE(llvm::isPowerOf2_32(d.l1_alignment));
    // Every bank has its own DRAM tile and offset, on the NoC grid; rows
    // past dram_banks are unused.
    ASSERT_LE(d.dram_banks, unsigned(TT_MAX_DRAM_BANKS));
    std::set<std::tuple<unsigned, unsigned, unsigned long long>> banks;
    for (unsigned b = 0; b < TT_MAX_DRAM_BANKS; ++b) {
      const tt_dram_bank &bank = d.dram_bank_noc[b];
      if (b >= d.dram_banks) {
        EXPECT_EQ(bank.noc_x + bank.noc_y + bank.offset, 0u) << b;
        continue;
      }
      EXPECT_LT(bank.noc_x, d.noc_x) << b;
      EXPECT_LT(bank.noc_y, d.noc_y) << b;
      EXPECT_EQ(bank.offset % d.dram_bank_bytes, 0u) << b;
      EXPECT_TRUE(banks.insert({bank.noc_x, bank.noc_y, bank.offset}).second) << b;
    }
    // The -march of the device library and the LLVM features of the kernels
    // name the same extensions.
    EXPECT_EQ(featureSet(d.llvm_features), marchSet(d.march));
  }
}

TEST(DeviceTable, TileFormatsMatchTheRuntimeEnum) {
  struct Case {
    tt_data_format format;
    const char *name;
    unsigned bytes;
  };
  for (Case c : {Case{TT_FLOAT32, "Float32", 4096}, Case{TT_FLOAT16, "Float16", 2048},
                 Case{TT_FLOAT16_B, "Float16_b", 2048}}) {
    const tt_tile_format *f = tt_tile_format_lookup(c.format);
    ASSERT_NE(f, nullptr) << c.name;
    EXPECT_STREQ(f->name, c.name);
    EXPECT_EQ(tt_tile_bytes(f), c.bytes);
    EXPECT_TRUE(f->simulated) << c.name;
  }
  unsigned simulated = 0;
  for (const tt_tile_format &f : tt_tile_formats)
    simulated += f.simulated;
  EXPECT_EQ(simulated, 3u); // exactly the tt_data_format values
}

//===----------------------------------------------------------------------===//
// The compiler reads it
//===----------------------------------------------------------------------===//

TEST(DeviceTable, TargetInfoIsTheTableRow) {
  std::string names;
  for (const tt_device_info &d : tt_devices) {
    SCOPED_TRACE(d.name);
    names += (names.empty() ? "" : ", ") + std::string(d.name);
    const TargetInfo *t = lookupTarget(d.name);
    ASSERT_NE(t, nullptr);
    EXPECT_STREQ(t->device->name, d.name); // each translation unit has its own copy
    EXPECT_EQ(t->name, d.name);
    EXPECT_EQ(t->arch, d.arch);
    EXPECT_EQ(t->gridX, int64_t(d.grid_x));
    EXPECT_EQ(t->gridY, int64_t(d.grid_y));
    EXPECT_EQ(t->l1Bytes, int64_t(d.l1_bytes));
    EXPECT_EQ(t->l1Alignment, int64_t(d.l1_alignment));
    EXPECT_EQ(t->dramBanks, int64_t(d.dram_banks));
    EXPECT_EQ(t->dramAlignment, int64_t(d.dram_alignment));
    EXPECT_EQ(t->maxNocPacket, int64_t(d.max_noc_packet));
    EXPECT_EQ(t->numCBs, int64_t(d.num_cbs));
    EXPECT_EQ(t->dstTiles16, int64_t(d.dst_tiles_16));
    EXPECT_EQ(t->dstTilesFp32, int64_t(d.dst_tiles_fp32));
    EXPECT_EQ(t->clockGHz, d.clock_ghz);
    EXPECT_EQ(t->riscvFeatures, d.llvm_features);
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
      EXPECT_EQ(t->localBytes(r), int64_t(d.local_bytes[r])) << r;
      // The linker script gives the RISC that much local memory.
      char length[32];
      std::snprintf(length, sizeof length, "LENGTH = 0x%08X\n", d.local_bytes[r]);
      EXPECT_TRUE(mentions(linkerScript(*t, r), length)) << r;
    }
  }
  EXPECT_EQ(targetNames(), names);
  EXPECT_EQ(lookupTarget("quasar"), nullptr);
  EXPECT_EQ(tileBytes(DType::BFloat16), 2048);
  EXPECT_EQ(tileBytes(DType::Float32), 4096);
  EXPECT_EQ(dataFormatName(DType::BFloat16), "Float16_b");
  EXPECT_EQ(dataFormatName(DType::UInt32), "UInt32");
  EXPECT_EQ(kTileHeight, int64_t(TT_TILE_ROWS));
}

TEST(DeviceTable, EachABIHasItsOwnArtifactFiles) {
  const ProgramRole &reader = programRoles()[0];
  EXPECT_EQ(artifactFile(reader, "sim", ".o"), "reader.o");
  EXPECT_EQ(artifactFile(reader, "sim", ".elf"), "reader.elf");
  EXPECT_EQ(artifactFile(reader, "hw", ".o"), "reader.hw.o");
  EXPECT_EQ(artifactFile(programRoles()[2], "hw", ".elf"), "compute.trisc1.hw.elf");
}

TEST(DeviceTable, DeviceLibraryOfEveryDeviceHasItsMarch) {
  for (const tt_device_info &d : tt_devices) {
    SCOPED_TRACE(d.name);
    std::vector<DeviceLibrary> libraries = deviceLibrariesFor(*lookupTarget(d.name));
    ASSERT_FALSE(libraries.empty());
    EXPECT_EQ(libraries[0].abi, "sim");
    // Built with the -march that DeviceLibrary.cmake read from the table.
    for (const DeviceLibrary &library : libraries)
      EXPECT_EQ(bitcodeExtensions(library.bitcode), marchSet(d.march)) << library.abi.str();
  }
}

//===----------------------------------------------------------------------===//
// The runtime reads it
//===----------------------------------------------------------------------===//

TEST(DeviceTable, SimulatedDevicesAreTheTableRows) {
  for (const tt_device_info &d : tt_devices) {
    SCOPED_TRACE(d.name);
    std::string open = std::string("sim:") + d.name;
    tt_device *device = nullptr;
    ASSERT_EQ(tt_device_open(open.c_str(), &device), TT_OK) << lastError();
    EXPECT_STREQ(tt_device_name(device), d.name);

    // The grid: the last core is on it, one more column or row is not.
    tt_program *program = nullptr;
    ASSERT_EQ(tt_program_create(device, "k", &program), TT_OK);
    uint32_t arg = 7;
    EXPECT_EQ(tt_program_set_runtime_args(program, d.grid_x - 1, d.grid_y - 1, TT_BRISC, &arg, 1),
              TT_OK)
        << lastError();
    EXPECT_EQ(tt_program_set_runtime_args(program, d.grid_x, 0, TT_BRISC, &arg, 1),
              TT_ERROR_INVALID_ARGUMENT);
    EXPECT_TRUE(mentions(lastError(), "grid (" + std::to_string(d.grid_x) + " x " +
                                          std::to_string(d.grid_y) + ")"))
        << lastError();
    EXPECT_EQ(tt_program_set_runtime_args(program, 0, d.grid_y, TT_BRISC, &arg, 1),
              TT_ERROR_INVALID_ARGUMENT);

    // L1: the circular buffers get everything above TT_L1_CB_BASE.
    uint32_t room = d.l1_bytes - TT_L1_CB_BASE;
    EXPECT_EQ(tt_program_add_circular_buffer(program, 0, room + 1, 1, TT_FLOAT16_B),
              TT_ERROR_OUT_OF_MEMORY);
    EXPECT_EQ(tt_program_add_circular_buffer(program, 0, room, 1, TT_FLOAT16_B), TT_OK)
        << lastError();
    tt_program_destroy(program);

    // DRAM: a buffer of one 1-byte page per bank takes one aligned page of
    // each bank; one page more takes two.
    tt_buffer *a = nullptr, *b = nullptr, *c = nullptr;
    ASSERT_EQ(tt_buffer_create(device, d.dram_banks, 1, &a), TT_OK);
    ASSERT_EQ(tt_buffer_create(device, d.dram_banks + 1, 1, &b), TT_OK);
    ASSERT_EQ(tt_buffer_create(device, 1, 1, &c), TT_OK);
    EXPECT_EQ(tt_buffer_address(b) - tt_buffer_address(a), d.dram_alignment);
    EXPECT_EQ(tt_buffer_address(c) - tt_buffer_address(b), 2 * d.dram_alignment);
    // A bank holds dram_bank_bytes.
    tt_buffer *huge = nullptr;
    EXPECT_EQ(tt_buffer_create(device, d.dram_bank_bytes * d.dram_banks, 1, &huge),
              TT_ERROR_OUT_OF_MEMORY);
    tt_buffer_destroy(a);
    tt_buffer_destroy(b);
    tt_buffer_destroy(c);
    tt_device_close(device);
  }
  tt_device *device = nullptr;
  EXPECT_EQ(tt_device_open("sim:quasar", &device), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(mentions(lastError(), "known: sim:wormhole_b0, sim:blackhole, sim:grayskull"))
      << lastError();
}

//===----------------------------------------------------------------------===//
// RISC, program and artifact names
//===----------------------------------------------------------------------===//

TEST(ProgramNames, RoundTrip) {
  std::set<unsigned> seen;
  for (unsigned i = 0; i < TT_NUM_RISCS; ++i) {
    unsigned risc = tt_program_order[i];
    const tt_risc_info &info = tt_riscs[risc];
    SCOPED_TRACE(info.name);
    EXPECT_TRUE(seen.insert(risc).second); // a permutation
    EXPECT_EQ(tt_risc_of_program(info.program), int(risc));
    EXPECT_EQ(ttllc_c_risc_of_program(info.program), int(risc));
    EXPECT_STREQ(ttllc_c_image_in_order(i), info.image);
    EXPECT_EQ(std::string(info.object), std::string(info.artifact) + ".o");
    EXPECT_EQ(std::string(info.image), std::string(info.artifact) + ".elf");
    EXPECT_EQ(std::string(info.enum_name), "TT_" + std::string(info.upper));
    EXPECT_EQ(llvm::StringRef(info.upper).lower(), info.name);
    // The backend's view: same order, same names.
    const ProgramRole &role = programRoles()[i];
    EXPECT_EQ(role.risc, risc);
    EXPECT_EQ(role.program, info.program);
    EXPECT_EQ(role.object, info.object);
    EXPECT_EQ(role.image, info.image);
    EXPECT_EQ(role.riscName, info.name);
    ASSERT_TRUE(lookupProgramRole(info.program));
    EXPECT_EQ(lookupProgramRole(info.program)->risc, risc);
    // The linker script names the RISC.
    EXPECT_TRUE(mentions(linkerScript(*lookupTarget("wormhole_b0"), risc),
                         std::string(info.upper) + " (RISC " + std::to_string(risc) + ")"));
  }
  EXPECT_EQ(tt_risc_of_program("compute"), -1);
  EXPECT_EQ(tt_risc_of_program(nullptr), -1);
  EXPECT_FALSE(lookupProgramRole("host"));
}

TEST(ProgramNames, MatchTheRuntimeEnumAndTheKnownLayout) {
  static_assert(TT_BRISC == TT_RISC_BRISC && TT_NCRISC == TT_RISC_NCRISC &&
                TT_TRISC0 == TT_RISC_TRISC0 && TT_TRISC1 == TT_RISC_TRISC1 &&
                TT_TRISC2 == TT_RISC_TRISC2);
  const char *const expected[][4] = {
      {"brisc", "writer", "writer", "writer.elf"},
      {"ncrisc", "reader", "reader", "reader.elf"},
      {"trisc0", "unpack", "compute", "compute.trisc0.elf"},
      {"trisc1", "math", "compute", "compute.trisc1.elf"},
      {"trisc2", "pack", "compute", "compute.trisc2.elf"},
  };
  for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
    EXPECT_STREQ(tt_riscs[r].name, expected[r][0]);
    EXPECT_STREQ(tt_riscs[r].program, expected[r][1]);
    EXPECT_STREQ(tt_riscs[r].kernel, expected[r][2]);
    EXPECT_STREQ(tt_riscs[r].image, expected[r][3]);
  }
  // The runtime's messages use the same names: "ncrisc (reader)".
  tt_device *device = nullptr;
  ASSERT_EQ(tt_device_open(nullptr, &device), TT_OK);
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create(device, "k", &program), TT_OK);
  EXPECT_EQ(tt_program_run(program), TT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(lastError(), "k: no kernel image for brisc (writer)");
  EXPECT_EQ(tt_program_set_kernel(program, TT_TRISC1, "", 0), TT_ERROR_BAD_IMAGE);
  EXPECT_TRUE(mentions(lastError(), "bad kernel image for trisc1 (math)")) << lastError();
  tt_program_destroy(program);
  tt_device_close(device);
}

TEST(ProgramNames, KernelsAndIntrinsicProgramKinds) {
  // tt_kernels: reader, compute, writer, by TT_KERNEL_*; every RISC's kernel
  // is one of them, and each of them is some RISC's.
  EXPECT_STREQ(tt_kernels[TT_KERNEL_READER], "reader");
  EXPECT_STREQ(tt_kernels[TT_KERNEL_COMPUTE], "compute");
  EXPECT_STREQ(tt_kernels[TT_KERNEL_WRITER], "writer");
  std::set<std::string> kernels(std::begin(tt_kernels), std::end(tt_kernels));
  std::set<std::string> ofRiscs;
  for (const tt_risc_info &info : tt_riscs)
    ofRiscs.insert(info.kernel);
  EXPECT_EQ(kernels, ofRiscs);
  // The intrinsic table's program kinds are the programs in program order.
  const ProgramKind kinds[] = {ProgramKind::Reader, ProgramKind::Unpack, ProgramKind::Math,
                               ProgramKind::Pack, ProgramKind::Writer};
  const char *const names[] = {"reader", "unpack", "math", "pack", "writer"};
  for (unsigned i = 0; i < TT_NUM_RISCS; ++i) {
    EXPECT_EQ(programName(kinds[i]), names[i]);
    EXPECT_EQ(programName(kinds[i]), tt_riscs[tt_program_order[i]].program);
  }
  EXPECT_EQ(programName(ProgramKind::Any), "any");
}

//===----------------------------------------------------------------------===//
// The ELF reader of kernel images
//===----------------------------------------------------------------------===//

/// An image for `risc` with a text segment of two instructions in L1 and a
/// data segment of 8 bytes (4 in the file) in local memory.
std::vector<uint8_t> twoSegmentImage(unsigned risc) {
  return test::testImage({{TT_KERNEL_TEXT_ADDR(risc), test::kExitCode, 8, 5 /*R+X*/},
                          {TT_LOCAL_MEM_BASE, {0x12345678}, 8, 6 /*R+W*/}});
}

TEST(ImageReader, ReadsHeaderAndSegments) {
  std::vector<uint8_t> bytes = twoSegmentImage(TT_RISC_NCRISC);
  Image image;
  ASSERT_EQ(readImage(bytes.data(), bytes.size(), image), "");
  EXPECT_EQ(image.entry, TT_KERNEL_TEXT_ADDR(TT_RISC_NCRISC));
  EXPECT_EQ(image.machine, 243);
  ASSERT_EQ(image.segments.size(), 2u);
  EXPECT_EQ(image.segments[1].vaddr, TT_LOCAL_MEM_BASE);
  EXPECT_EQ(image.segments[1].fileSize, 4u);
  EXPECT_EQ(image.segments[1].memSize, 8u);
  EXPECT_EQ(checkKernelImage(image, TT_RISC_NCRISC, tt_devices[0]), "");
  bool inL1 = true;
  uint32_t offset = 1;
  ASSERT_TRUE(placeSegment(image.segments[1], TT_RISC_NCRISC, tt_devices[0], inL1, offset));
  EXPECT_FALSE(inL1);
  EXPECT_EQ(offset, 0u);
}

TEST(ImageReader, EveryTruncationIsAnError) {
  std::vector<uint8_t> bytes = twoSegmentImage(TT_RISC_BRISC);
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + size);
    Image image;
    std::string problem = readImage(cut.data(), cut.size(), image);
    EXPECT_NE(problem, "") << size;
    if (size < 52)
      EXPECT_EQ(problem,
                "image of " + std::to_string(size) + " bytes is too small for an ELF header");
    else if (size < 116)
      EXPECT_EQ(problem, "program headers (2 at offset 52) extend past the end of the file");
    else if (size < 124)
      EXPECT_EQ(problem, "segment 0 (offset 116, 8 bytes) extends past the end of the file");
    else
      EXPECT_EQ(problem, "segment 1 (offset 124, 4 bytes) extends past the end of the file");
  }
  Image image;
  EXPECT_EQ(readImage(nullptr, 100, image), "image of 100 bytes is too small for an ELF header");
}

TEST(ImageReader, CorruptHeadersAndSegments) {
  struct Case {
    const char *what;
    size_t at;
    uint32_t value;
    unsigned width;
    const char *message;
  };
  const Case cases[] = {
      {"magic", 1, 'X', 1, "not an ELF file (bad magic)"},
      {"class", 4, 2, 1, "not a 32-bit ELF file (EI_CLASS 2)"},
      {"phentsize", 42, 56, 2, "program header size 56, expected 32"},
      {"phoff huge", 28, 0xfffffff0, 4, "program headers (2 at offset 4294967280) extend past"},
      {"segment offset huge", 56, 0xfffffffc, 4, "segment 0 (offset 4294967292, 8 bytes) extends"},
      {"filesz > memsz", 84 + 20, 2, 4,
       "segment 1 has more bytes in the file (4) than in memory (2)"},
  };
  for (const Case &c : cases) {
    std::vector<uint8_t> bytes = twoSegmentImage(TT_RISC_BRISC);
    if (c.width == 1)
      bytes[c.at] = uint8_t(c.value);
    else if (c.width == 2)
      write16le(&bytes[c.at], uint16_t(c.value));
    else
      write32le(&bytes[c.at], c.value);
    Image image;
    std::string problem = readImage(bytes.data(), bytes.size(), image);
    EXPECT_TRUE(mentions(problem, c.message)) << c.what << ": " << problem;
  }
}

TEST(ImageReader, KernelChecksNameTheRiscAndTheDevice) {
  const tt_device_info &wh = tt_devices[0], &bh = tt_devices[1];
  std::vector<uint8_t> bytes = twoSegmentImage(TT_RISC_TRISC0);
  Image image;
  ASSERT_EQ(readImage(bytes.data(), bytes.size(), image), "");
  EXPECT_EQ(checkKernelImage(image, TT_RISC_TRISC1, wh),
            "entry point 0xc000 is outside [0x10000, 0x14000), the kernel text of trisc1");
  // 3 KiB of .bss: too much for a Wormhole TRISC (2 KiB), fine on Blackhole (4 KiB).
  image.segments[1].memSize = 3072;
  EXPECT_EQ(checkKernelImage(image, TT_RISC_TRISC0, wh),
            "segment 1 at 0xffb00000 (3072 bytes) is outside L1 (1499136 bytes) and the 2048 "
            "bytes of local memory of trisc0");
  EXPECT_EQ(checkKernelImage(image, TT_RISC_TRISC0, bh), "");
  // The runtime rejects such an image when it is set, not when it runs.
  tt_device *device = nullptr;
  ASSERT_EQ(tt_device_open("sim:wormhole_b0", &device), TT_OK);
  tt_program *program = nullptr;
  ASSERT_EQ(tt_program_create(device, "k", &program), TT_OK);
  write32le(&bytes[84 + 20], 3072);
  EXPECT_EQ(tt_program_set_kernel(program, TT_TRISC0, bytes.data(), bytes.size()),
            TT_ERROR_BAD_IMAGE);
  EXPECT_TRUE(mentions(lastError(), "k: bad kernel image for trisc0 (unpack): segment 1 at "
                                    "0xffb00000 (3072 bytes) is outside L1"))
      << lastError();
  tt_program_destroy(program);
  tt_device_close(device);
}

} // namespace
