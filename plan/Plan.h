//===- plan/Plan.h - the typed plan of a kernel (tt.plan.json) --*- C++ -*-===//
//
// Plain structs mirroring the plan file `tt.plan.json` (docs/plan-schema.md,
// schema_version 2): the one definition of the plan and of its schema version.
// The compiler fills a Plan and writes it (PlanWriter.cpp); the runtime reads
// and validates one (PlanReader.cpp). This library depends on LLVM Support
// only, nothing of the compiler or of the runtime. A plan that reads without
// error satisfies every constraint of the schema, so users of these structs
// need not check them again; writing it gives back the same text.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/programs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ttplan {

/// The schema_version of the plans this library writes and reads.
inline constexpr int64_t kPlanSchemaVersion = 2;

/// The spelling of each enumerator of E in the plan file, in enumerator
/// order: EnumNames<E>::names. Specialised after each enumeration.
template <typename E> struct EnumNames;

/// The name of `e` in the plan file.
template <typename E> llvm::StringRef nameOf(E e) { return EnumNames<E>::names[size_t(e)]; }

/// The enumerator that the plan file spells `name`, if any.
template <typename E> std::optional<E> enumFrom(llvm::StringRef name) {
  const auto &names = EnumNames<E>::names;
  auto it = llvm::find(names, name);
  if (it == std::end(names))
    return std::nullopt;
  return E(it - std::begin(names));
}

struct Device {
  std::string name; // a device of the device table, tt/devices.h
  int64_t coreGridX = 0, coreGridY = 0;
  int64_t l1Size = 0;
  int64_t l1Alignment = 0;
  int64_t dramBanks = 0;
  int64_t dramAlignment = 0;
  int64_t dstTiles = 0;
  bool operator==(const Device &) const = default;
};

enum class PartitionMode { Global, LocalShard };
template <> struct EnumNames<PartitionMode> {
  static constexpr llvm::StringLiteral names[] = {"global", "local_shard"};
};

struct Schedule {
  std::string policy; // "contiguous"
  std::string order;  // "row_major"
  PartitionMode partitionMode = PartitionMode::Global;
  int64_t numTiles = 0;
  int64_t numCores = 0;
  int64_t activeCores = 0;
  std::vector<std::array<int64_t, 4>> coreRanges;        // inclusive [x0, y0, x1, y1]
  std::optional<std::array<int64_t, 2>> shardGrid;       // local_shard only: [x, y]
  std::optional<std::array<int64_t, 2>> localShapeTiles; // local_shard only: [h, w]
  bool operator==(const Schedule &) const = default;
};

/// One value per program of a kernel: the reader and writer data movers and
/// the compute kernel.
template <typename T> struct PerProgram {
  T reader, compute, writer;
  /// The member of kernel `k` (TT_KERNEL_* of tt/programs.h: reader 0,
  /// compute 1, writer 2).
  T &operator[](size_t k) { return k == 0 ? reader : k == 1 ? compute : writer; }
  const T &operator[](size_t k) const { return k == 0 ? reader : k == 1 ? compute : writer; }
  bool operator==(const PerProgram &) const = default;
};

/// A runtime argument of a core: an integer in [0, 2^32) or the address of a
/// buffer of Plan::buffers, named by `buffer`.
struct Arg {
  enum class Kind { Value, Buffer };
  Kind kind = Kind::Value;
  uint32_t value = 0; // Kind::Value
  std::string buffer; // Kind::Buffer

  static Arg makeValue(uint32_t v) { return Arg{Kind::Value, v, {}}; }
  static Arg makeBuffer(std::string name) { return Arg{Kind::Buffer, 0, std::move(name)}; }
  bool isBuffer() const { return kind == Kind::Buffer; }
  bool operator==(const Arg &) const = default;
};

struct Core {
  int64_t id = 0, x = 0, y = 0;
  int64_t start = 0, count = 0;
  std::optional<std::array<int64_t, 2>> tileOrigin; // local_shard only: [y, x]
  std::optional<std::array<int64_t, 2>> tileExtent; // local_shard only: [h, w]
  PerProgram<std::vector<Arg>> args;
  bool operator==(const Core &) const = default;
};

enum class BufferRole { Input, Output, InOut, Unused };
template <> struct EnumNames<BufferRole> {
  static constexpr llvm::StringLiteral names[] = {"input", "output", "inout", "unused"};
};
enum class Memory { DRAM, L1 };
template <> struct EnumNames<Memory> {
  static constexpr llvm::StringLiteral names[] = {"DRAM", "L1"};
};
enum class Layout { Interleaved, Sharded };
template <> struct EnumNames<Layout> {
  static constexpr llvm::StringLiteral names[] = {"interleaved", "sharded"};
};

struct Shard {
  std::array<int64_t, 2> shardGrid{};  // [x, y]
  std::array<int64_t, 2> shardShape{}; // [h, w] in elements
  bool operator==(const Shard &) const = default;
};

struct Buffer {
  std::string name;
  int64_t paramIndex = 0;
  BufferRole role = BufferRole::Input;
  std::string dtype;
  std::vector<int64_t> shape, paddedShape;
  bool needsPadding = false;
  std::array<int64_t, 2> tiles{}; // [height, width]
  Memory memory = Memory::DRAM;
  Layout layout = Layout::Interleaved;
  int64_t pageSize = 0;
  int64_t numPages = 0;
  int64_t alignedPageSize = 0;
  int64_t numBanks = 0;
  int64_t alignment = 0;
  std::optional<Shard> shard;
  bool operator==(const Buffer &) const = default;
};

enum class CBRole { Input, Output, Intermediate };
template <> struct EnumNames<CBRole> {
  static constexpr llvm::StringLiteral names[] = {"input", "output", "intermediate"};
};

struct CircularBuffer {
  int64_t id = 0;
  std::string name;
  CBRole role = CBRole::Input;
  std::string dataFormat; // a tile format of tt/devices.h: "Float16_b"
  int64_t pageSize = 0;
  int64_t numPages = 0;
  int64_t tilesPerBlock = 0;
  int64_t depth = 0;
  int64_t totalSize = 0;
  bool operator==(const CircularBuffer &) const = default;
};

/// The math fidelities of the matrix engine, by their plan names, in the order
/// of tt/runtime.h's tt_math_fidelity (TT_LOFI = 1, ..., TT_HIFI4 = 4).
inline constexpr llvm::StringLiteral kMathFidelities[] = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};

/// The tt_math_fidelity value of `name` (1..4), or 0 for an unknown name.
inline int mathFidelityValue(llvm::StringRef name) {
  for (size_t i = 0; i < std::size(kMathFidelities); ++i)
    if (name == kMathFidelities[i])
      return int(i) + 1;
  return 0;
}

/// The device ABIs, by their plan names, in the order of tt/runtime.h's
/// tt_device_abi (TT_ABI_SIM = 0, TT_ABI_HW = 1): tt/programs.h's
/// tt_device_abi_names.
inline const std::array<llvm::StringRef, TT_NUM_DEVICE_ABIS> kDeviceABIs = [] {
  std::array<llvm::StringRef, TT_NUM_DEVICE_ABIS> names;
  for (size_t i = 0; i < names.size(); ++i)
    names[i] = tt_device_abi_names[i];
  return names;
}();

/// The image files of the kernel for one device ABI (present once the
/// kernel is compiled to images).
struct ImageSet {
  std::string abi;                  // one of kDeviceABIs
  std::array<std::string, 5> files; // by tt_risc: "writer.elf", "reader.elf", ...
  bool operator==(const ImageSet &) const = default;
};

/// The matrix engine's configuration (present once the kernel is lowered).
struct Compute {
  bool fp32DestAcc = false;
  std::string mathFidelity; // one of kMathFidelities
  int64_t dstCapacity = 0;  // tiles of DST one acquire may use
  bool operator==(const Compute &) const = default;
};

struct Plan {
  int64_t schemaVersion = kPlanSchemaVersion;
  std::string generator;
  std::string kernel;
  Device device;
  std::vector<int64_t> kernelGrid;
  Schedule schedule;
  PerProgram<std::vector<std::string>> runtimeArgNames;
  std::vector<Core> cores;
  std::vector<Buffer> buffers;
  std::vector<CircularBuffer> circularBuffers;
  std::optional<Compute> compute;
  std::vector<ImageSet> images; // in kDeviceABIs order; empty when absent
  bool operator==(const Plan &) const = default;
};

/// The plan as a JSON document: every field of the structs under its key of
/// docs/plan-schema.md, optional sections only when present.
llvm::json::Value toJSON(const Plan &p);

/// Writes the text of tt.plan.json deterministically: object keys sorted,
/// two-space indentation, arrays of scalars (and of arrays of scalars, and of
/// objects of at most two scalars) and objects of at most two scalars on one
/// line, a newline at the end.
void writePlan(llvm::raw_ostream &os, const Plan &p);

/// The plans a reader accepts: any plan of the schema (`--emit=plan` writes
/// one without the compute and images sections, before the kernel is
/// lowered), or only the plan of a lowered kernel, an output folder with
/// images, which were compiled for its compute section: there both sections
/// are required.
enum class PlanKind { Any, Lowered };

/// Parses and validates the text of a plan. Errors are llvm::StringErrors of
/// one line that start with `name`, e.g.
/// "tt.plan.json: cores[3].x: expected 3 (id % core_grid[0]), got 4".
llvm::Expected<Plan> parsePlan(llvm::StringRef json, llvm::StringRef name = "tt.plan.json",
                               PlanKind kind = PlanKind::Any);

/// Reads the plan file at `path`; errors name the file by its path.
llvm::Expected<Plan> readPlanFile(llvm::StringRef path, PlanKind kind = PlanKind::Any);

} // namespace ttplan
