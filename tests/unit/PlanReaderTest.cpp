//===- tests/unit/PlanReaderTest.cpp - reading and validating tt.plan.json -===//
//
// runtime/Plan against docs/plan-schema.md: three consistent plans (a 64-core
// gemm, 100 work units on 64 cores, a local_shard kernel) read to the exact
// values; each rule of the schema is enforced with its exact message; corrupt
// input (every truncation, byte mutations, every value replaced by a value of
// another type, every key removed) fails with an error and never crashes.
//
//===----------------------------------------------------------------------===//

#include "plan/Plan.h"
#include "tt/device_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>

using namespace ttplan;
using llvm::StringRef;
namespace json = llvm::json;

namespace {

//===----------------------------------------------------------------------===//
// Sample plans
//===----------------------------------------------------------------------===//

/// The example of docs/plan-schema.md completed to a consistent plan of a
/// lowered kernel: the buffers B and C, their circular buffers and the
/// compute section added; `cores` is generated.
const char *kGemmPlan = R"({
  "schema_version": 2,
  "generator": "tt-llc 0.1.0",
  "kernel": "gemm",
  "device": {
    "name": "wormhole_b0",
    "core_grid": [8, 8],
    "l1_size": 1499136,
    "l1_alignment": 16,
    "dram_banks": 12,
    "dram_alignment": 32,
    "dst_tiles": 8
  },
  "kernel_grid": [8, 8],
  "schedule": {
    "policy": "contiguous",
    "order": "row_major",
    "partition_mode": "global",
    "num_tiles": 64,
    "num_cores": 64,
    "active_cores": 64,
    "core_ranges": [[0, 0, 7, 7]]
  },
  "runtime_args": {
    "reader": ["A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"],
    "compute": ["start_id", "count", "grid_x", "grid_y", "Kt"],
    "writer": ["C_addr", "start_id", "count", "grid_x", "grid_y"]
  },
  "cores": [],
  "buffers": [
    {
      "name": "A", "param_index": 0, "role": "input", "dtype": "bfloat16",
      "shape": [256, 256], "padded_shape": [256, 256], "needs_padding": false,
      "tiles": [8, 8],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 64, "aligned_page_size": 2048,
      "num_banks": 12, "alignment": 32
    },
    {
      "name": "B", "param_index": 1, "role": "input", "dtype": "bfloat16",
      "shape": [256, 256], "padded_shape": [256, 256], "needs_padding": false,
      "tiles": [8, 8],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 64, "aligned_page_size": 2048,
      "num_banks": 12, "alignment": 32
    },
    {
      "name": "C", "param_index": 2, "role": "output", "dtype": "bfloat16",
      "shape": [256, 256], "padded_shape": [256, 256], "needs_padding": false,
      "tiles": [8, 8],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 64, "aligned_page_size": 2048,
      "num_banks": 12, "alignment": 32
    }
  ],
  "circular_buffers": [
    {
      "id": 0, "name": "A_shared", "role": "input", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 4096
    },
    {
      "id": 1, "name": "B_shared", "role": "input", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 4096
    },
    {
      "id": 16, "name": "C_local", "role": "output", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 4096
    }
  ],
  "compute": {"fp32_dest_acc": true, "math_fidelity": "HiFi4", "dst_capacity": 4},
  "images": {
    "sim": {"brisc": "writer.elf", "ncrisc": "reader.elf", "trisc0": "compute.trisc0.elf",
            "trisc1": "compute.trisc1.elf", "trisc2": "compute.trisc2.elf"},
    "hw": {"brisc": "writer.hw.elf", "ncrisc": "reader.hw.elf", "trisc0": "compute.trisc0.hw.elf",
           "trisc1": "compute.trisc1.hw.elf", "trisc2": "compute.trisc2.hw.elf"}
  }
})";

/// An elementwise kernel over 100 work units on 64 cores: cores 0..35 get two
/// units, 36..63 one. A and C need padding, B is float32, `scale` is an
/// unused 3-d L1 buffer, `bias` an unused 1-d one.
const char *kUnevenPlan = R"({
  "schema_version": 2,
  "generator": "tt-llc 0.1.0",
  "kernel": "add",
  "device": {
    "name": "wormhole_b0",
    "core_grid": [8, 8],
    "l1_size": 1499136,
    "l1_alignment": 16,
    "dram_banks": 12,
    "dram_alignment": 32,
    "dst_tiles": 8
  },
  "kernel_grid": [10, 10],
  "schedule": {
    "policy": "contiguous",
    "order": "row_major",
    "partition_mode": "global",
    "num_tiles": 100,
    "num_cores": 64,
    "active_cores": 64,
    "core_ranges": [[0, 0, 7, 3], [0, 4, 7, 7]]
  },
  "runtime_args": {
    "reader": ["A_addr", "B_addr", "start_id", "count"],
    "compute": ["count"],
    "writer": ["C_addr", "start_id", "count"]
  },
  "cores": [],
  "buffers": [
    {
      "name": "A", "param_index": 0, "role": "input", "dtype": "bfloat16",
      "shape": [300, 310], "padded_shape": [320, 320], "needs_padding": true,
      "tiles": [10, 10],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 100, "aligned_page_size": 2048,
      "num_banks": 12, "alignment": 32
    },
    {
      "name": "B", "param_index": 1, "role": "input", "dtype": "float32",
      "shape": [320, 320], "padded_shape": [320, 320], "needs_padding": false,
      "tiles": [10, 10],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 4096, "num_pages": 100, "aligned_page_size": 4096,
      "num_banks": 12, "alignment": 32
    },
    {
      "name": "C", "param_index": 2, "role": "output", "dtype": "bfloat16",
      "shape": [300, 310], "padded_shape": [320, 320], "needs_padding": true,
      "tiles": [10, 10],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 100, "aligned_page_size": 2048,
      "num_banks": 12, "alignment": 32
    },
    {
      "name": "scale", "param_index": 3, "role": "unused", "dtype": "bfloat16",
      "shape": [3, 40, 50], "padded_shape": [3, 64, 64], "needs_padding": true,
      "tiles": [2, 2],
      "memory": "L1", "layout": "interleaved",
      "page_size": 2048, "num_pages": 12, "aligned_page_size": 2048,
      "num_banks": 64, "alignment": 16
    },
    {
      "name": "bias", "param_index": 4, "role": "unused", "dtype": "float32",
      "shape": [300], "padded_shape": [320], "needs_padding": true,
      "tiles": [1, 10],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 4096, "num_pages": 10, "aligned_page_size": 4096,
      "num_banks": 12, "alignment": 32
    }
  ],
  "circular_buffers": [
    {
      "id": 0, "name": "A_in", "role": "input", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 4096
    },
    {
      "id": 1, "name": "B_in", "role": "input", "data_format": "Float32",
      "page_size": 4096, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 8192
    },
    {
      "id": 16, "name": "C_out", "role": "output", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 2, "tiles_per_block": 1, "depth": 2, "total_size": 4096
    },
    {
      "id": 31, "name": "sum", "role": "intermediate", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 1, "tiles_per_block": 1, "depth": 1, "total_size": 2048
    }
  ]
})";

/// A local_shard kernel on an 8x8 grid of blackhole cores (`--grid=8x8`): the
/// 8x8 work units are split into a 4x2 grid of shards of 4x2 units, each on
/// the core at the shard's coordinates. A lives sharded in L1.
const char *kShardPlan = R"({
  "schema_version": 2,
  "generator": "tt-llc 0.1.0",
  "kernel": "scale_shard",
  "device": {
    "name": "blackhole",
    "core_grid": [8, 8],
    "l1_size": 1572864,
    "l1_alignment": 16,
    "dram_banks": 8,
    "dram_alignment": 64,
    "dst_tiles": 8
  },
  "kernel_grid": [8, 8],
  "schedule": {
    "policy": "contiguous",
    "order": "row_major",
    "partition_mode": "local_shard",
    "num_tiles": 64,
    "num_cores": 64,
    "active_cores": 8,
    "core_ranges": [[0, 0, 3, 1]],
    "shard_grid": [4, 2],
    "local_shape_tiles": [4, 2]
  },
  "runtime_args": {
    "reader": ["A_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w",
               "grid_x", "grid_y"],
    "compute": ["tiles_h", "tiles_w"],
    "writer": ["C_addr", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]
  },
  "cores": [],
  "buffers": [
    {
      "name": "A", "param_index": 0, "role": "input", "dtype": "bfloat16",
      "shape": [256, 256], "padded_shape": [256, 256], "needs_padding": false,
      "tiles": [8, 8],
      "memory": "L1", "layout": "sharded",
      "page_size": 2048, "num_pages": 64, "aligned_page_size": 2048,
      "num_banks": 8, "alignment": 16,
      "shard": {"shard_grid": [4, 2], "shard_shape": [128, 64]}
    },
    {
      "name": "C", "param_index": 1, "role": "output", "dtype": "bfloat16",
      "shape": [256, 256], "padded_shape": [256, 256], "needs_padding": false,
      "tiles": [8, 8],
      "memory": "DRAM", "layout": "interleaved",
      "page_size": 2048, "num_pages": 64, "aligned_page_size": 2048,
      "num_banks": 8, "alignment": 64
    }
  ],
  "circular_buffers": [
    {
      "id": 0, "name": "A_shard", "role": "input", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 8, "tiles_per_block": 8, "depth": 1, "total_size": 16384
    },
    {
      "id": 16, "name": "C_out", "role": "output", "data_format": "Float16_b",
      "page_size": 2048, "num_pages": 16, "tiles_per_block": 8, "depth": 2, "total_size": 32768
    }
  ]
})";

json::Value parseJSON(StringRef text) {
  llvm::Expected<json::Value> v = json::parse(text);
  if (!v) {
    ADD_FAILURE() << llvm::toString(v.takeError());
    return nullptr;
  }
  return std::move(*v);
}

json::Value bufferArg(StringRef name) { return json::Object{{"buffer", name}}; }

json::Value withCores(StringRef base, json::Array cores) {
  json::Value plan = parseJSON(base);
  (*plan.getAsObject())["cores"] = std::move(cores);
  return plan;
}

json::Value gemmPlan() {
  json::Array cores;
  for (int64_t id = 0; id < 64; ++id)
    cores.push_back(json::Object{
        {"id", id},
        {"x", id % 8},
        {"y", id / 8},
        {"start", id},
        {"count", 1},
        {"args", json::Object{
                     {"reader", json::Array{bufferArg("A"), bufferArg("B"), id, 1, 8, 8, 8}},
                     {"compute", json::Array{id, 1, 8, 8, 8}},
                     {"writer", json::Array{bufferArg("C"), id, 1, 8, 8}},
                 }}});
  return withCores(kGemmPlan, std::move(cores));
}

/// Work units of core `id` in the uneven plan: [start, start + count).
int64_t unevenStart(int64_t id) { return id < 36 ? 2 * id : 36 + id; }
int64_t unevenCount(int64_t id) { return id < 36 ? 2 : 1; }

json::Value unevenPlan() {
  json::Array cores;
  for (int64_t id = 0; id < 64; ++id) {
    int64_t start = unevenStart(id), count = unevenCount(id);
    cores.push_back(json::Object{
        {"id", id},
        {"x", id % 8},
        {"y", id / 8},
        {"start", start},
        {"count", count},
        {"args", json::Object{
                     {"reader", json::Array{bufferArg("A"), bufferArg("B"), start, count}},
                     {"compute", json::Array{count}},
                     {"writer", json::Array{bufferArg("C"), start, count}},
                 }}});
  }
  return withCores(kUnevenPlan, std::move(cores));
}

json::Value shardPlan() {
  json::Array cores;
  for (int64_t sy = 0; sy < 2; ++sy)
    for (int64_t sx = 0; sx < 4; ++sx) {
      int64_t y0 = 4 * sy, x0 = 2 * sx;
      cores.push_back(json::Object{
          {"id", sy * 8 + sx},
          {"x", sx},
          {"y", sy},
          {"start", y0 * 8 + x0},
          {"count", 8},
          {"tile_origin", json::Array{y0, x0}},
          {"tile_extent", json::Array{4, 2}},
          {"args", json::Object{
                       {"reader", json::Array{bufferArg("A"), sx, sy, y0, x0, 4, 2, 8, 8}},
                       {"compute", json::Array{4, 2}},
                       {"writer", json::Array{bufferArg("C"), y0, x0, 4, 2, 8, 8}},
                   }}});
    }
  return withCores(kShardPlan, std::move(cores));
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Compact JSON text, a third of the indented size: the corruption tests
/// parse it thousands of times.
std::string text(const json::Value &v) { return llvm::formatv("{0}", v).str(); }

std::string errorOfText(StringRef json) {
  llvm::Expected<Plan> plan = parsePlan(json);
  if (plan)
    return "<no error>";
  return llvm::toString(plan.takeError());
}

std::string errorOf(const json::Value &v) { return errorOfText(text(v)); }

/// The value at a path such as "cores[3].args.reader[0]", or null.
json::Value *lookup(json::Value &root, StringRef path) {
  json::Value *v = &root;
  while (v && !path.empty()) {
    if (path.consume_front("[")) {
      size_t i;
      json::Array *a = v->getAsArray();
      if (path.consumeInteger(10, i) || !path.consume_front("]") || !a || i >= a->size())
        return nullptr;
      v = &(*a)[i];
      continue;
    }
    path.consume_front(".");
    StringRef key = path.take_until([](char c) { return c == '.' || c == '['; });
    path = path.drop_front(key.size());
    json::Object *o = v->getAsObject();
    v = o ? o->get(key) : nullptr;
  }
  return v;
}

json::Value &at(json::Value &root, StringRef path) {
  json::Value *v = lookup(root, path);
  if (!v) {
    ADD_FAILURE() << "no value at " << path.str();
    static json::Value dummy = nullptr;
    return dummy;
  }
  return *v;
}

/// The object holding the last key of `path`, and that key.
std::pair<json::Object *, std::string> parentOf(json::Value &root, StringRef path) {
  size_t dot = path.rfind('.');
  json::Value &parent = dot == StringRef::npos ? root : at(root, path.take_front(dot));
  json::Object *o = parent.getAsObject();
  if (!o)
    ADD_FAILURE() << "no object holds " << path.str();
  return {o, path.drop_front(dot == StringRef::npos ? 0 : dot + 1).str()};
}

/// `plan` with the value at `path` set (an element or a new or old key).
json::Value with(json::Value plan, StringRef path, json::Value value) {
  if (path.ends_with("]")) {
    at(plan, path) = std::move(value);
    return plan;
  }
  auto [o, key] = parentOf(plan, path);
  if (o)
    (*o)[key] = std::move(value);
  return plan;
}

json::Value without(json::Value plan, StringRef path) {
  auto [o, key] = parentOf(plan, path);
  if (o && !o->erase(key))
    ADD_FAILURE() << "no key " << path.str();
  return plan;
}

/// `text` with the only occurrence of `from` replaced by `to`.
std::string replaced(std::string text, StringRef from, StringRef to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from.str();
  EXPECT_EQ(text.find(from, pos + 1), std::string::npos) << from.str();
  if (pos != std::string::npos)
    text.replace(pos, from.size(), to.str());
  return text;
}

/// Paths of every value under `v`, depth first, parents before children.
void collectPaths(const json::Value &v, const std::string &path, std::vector<std::string> &out) {
  out.push_back(path);
  if (const json::Object *o = v.getAsObject()) {
    for (const auto &kv : *o)
      collectPaths(kv.second, path.empty() ? kv.first.str() : path + "." + kv.first.str(), out);
  } else if (const json::Array *a = v.getAsArray()) {
    for (size_t i = 0; i < a->size(); ++i)
      collectPaths((*a)[i], path + "[" + std::to_string(i) + "]", out);
  }
}

Plan mustParse(const json::Value &v) {
  llvm::Expected<Plan> plan = parsePlan(text(v));
  if (!plan) {
    ADD_FAILURE() << llvm::toString(plan.takeError());
    return Plan();
  }
  return std::move(*plan);
}

using Ints = std::vector<int64_t>;
using Strings = std::vector<std::string>;
using Args = std::vector<Arg>;

Arg val(uint32_t v) { return Arg::makeValue(v); }
Arg buf(StringRef name) { return Arg::makeBuffer(name.str()); }

//===----------------------------------------------------------------------===//
// Valid plans
//===----------------------------------------------------------------------===//

TEST(PlanReader, ReadsTheGemmPlan) {
  Plan p = mustParse(gemmPlan());
  EXPECT_EQ(p.schemaVersion, 2);
  EXPECT_EQ(p.generator, "tt-llc 0.1.0");
  EXPECT_EQ(p.kernel, "gemm");

  EXPECT_EQ(p.device.name, "wormhole_b0");
  EXPECT_EQ(p.device.coreGridX, 8);
  EXPECT_EQ(p.device.coreGridY, 8);
  EXPECT_EQ(p.device.l1Size, 1499136);
  EXPECT_EQ(p.device.l1Alignment, 16);
  EXPECT_EQ(p.device.dramBanks, 12);
  EXPECT_EQ(p.device.dramAlignment, 32);
  EXPECT_EQ(p.device.dstTiles, 8);
  EXPECT_EQ(p.kernelGrid, (Ints{8, 8}));

  const Schedule &s = p.schedule;
  EXPECT_EQ(s.policy, "contiguous");
  EXPECT_EQ(s.order, "row_major");
  EXPECT_EQ(s.partitionMode, PartitionMode::Global);
  EXPECT_EQ(s.numTiles, 64);
  EXPECT_EQ(s.numCores, 64);
  EXPECT_EQ(s.activeCores, 64);
  ASSERT_EQ(s.coreRanges.size(), 1u);
  EXPECT_EQ(s.coreRanges[0], (std::array<int64_t, 4>{0, 0, 7, 7}));
  EXPECT_FALSE(s.shardGrid);
  EXPECT_FALSE(s.localShapeTiles);

  EXPECT_EQ(p.runtimeArgNames.reader,
            (Strings{"A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"}));
  EXPECT_EQ(p.runtimeArgNames.compute, (Strings{"start_id", "count", "grid_x", "grid_y", "Kt"}));
  EXPECT_EQ(p.runtimeArgNames.writer, (Strings{"C_addr", "start_id", "count", "grid_x", "grid_y"}));

  ASSERT_EQ(p.cores.size(), 64u);
  for (int64_t id = 0; id < 64; ++id) {
    const Core &c = p.cores[id];
    uint32_t u = uint32_t(id);
    EXPECT_EQ(c.id, id);
    EXPECT_EQ(c.x, id % 8);
    EXPECT_EQ(c.y, id / 8);
    EXPECT_EQ(c.start, id);
    EXPECT_EQ(c.count, 1);
    EXPECT_FALSE(c.tileOrigin);
    EXPECT_FALSE(c.tileExtent);
    EXPECT_EQ(c.args.reader, (Args{buf("A"), buf("B"), val(u), val(1), val(8), val(8), val(8)}));
    EXPECT_EQ(c.args.compute, (Args{val(u), val(1), val(8), val(8), val(8)}));
    EXPECT_EQ(c.args.writer, (Args{buf("C"), val(u), val(1), val(8), val(8)}));
  }

  ASSERT_EQ(p.buffers.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    const Buffer &b = p.buffers[i];
    EXPECT_EQ(b.name, std::string(1, char('A' + i)));
    EXPECT_EQ(b.paramIndex, i);
    EXPECT_EQ(b.role, i < 2 ? BufferRole::Input : BufferRole::Output);
    EXPECT_EQ(b.dtype, "bfloat16");
    EXPECT_EQ(b.shape, (Ints{256, 256}));
    EXPECT_EQ(b.paddedShape, (Ints{256, 256}));
    EXPECT_FALSE(b.needsPadding);
    EXPECT_EQ(b.tiles, (std::array<int64_t, 2>{8, 8}));
    EXPECT_EQ(b.memory, Memory::DRAM);
    EXPECT_EQ(b.layout, Layout::Interleaved);
    EXPECT_EQ(b.pageSize, 2048);
    EXPECT_EQ(b.numPages, 64);
    EXPECT_EQ(b.alignedPageSize, 2048);
    EXPECT_EQ(b.numBanks, 12);
    EXPECT_EQ(b.alignment, 32);
    EXPECT_FALSE(b.shard);
  }

  ASSERT_EQ(p.circularBuffers.size(), 3u);
  const CircularBuffer &cb = p.circularBuffers[0];
  EXPECT_EQ(cb.id, 0);
  EXPECT_EQ(cb.name, "A_shared");
  EXPECT_EQ(cb.role, CBRole::Input);
  EXPECT_EQ(cb.dataFormat, "Float16_b");
  EXPECT_EQ(cb.pageSize, 2048);
  EXPECT_EQ(cb.numPages, 2);
  EXPECT_EQ(cb.tilesPerBlock, 1);
  EXPECT_EQ(cb.depth, 2);
  EXPECT_EQ(cb.totalSize, 4096);
  EXPECT_EQ(p.circularBuffers[1].id, 1);
  EXPECT_EQ(p.circularBuffers[1].name, "B_shared");
  EXPECT_EQ(p.circularBuffers[2].id, 16);
  EXPECT_EQ(p.circularBuffers[2].role, CBRole::Output);
}

TEST(PlanReader, ReadsUnevenWorkRanges) {
  Plan p = mustParse(unevenPlan());
  EXPECT_EQ(p.kernel, "add");
  EXPECT_EQ(p.kernelGrid, (Ints{10, 10}));
  EXPECT_EQ(p.schedule.numTiles, 100);
  ASSERT_EQ(p.schedule.coreRanges.size(), 2u);
  EXPECT_EQ(p.schedule.coreRanges[1], (std::array<int64_t, 4>{0, 4, 7, 7}));
  ASSERT_EQ(p.cores.size(), 64u);
  for (int64_t id = 0; id < 64; ++id) {
    EXPECT_EQ(p.cores[id].start, unevenStart(id));
    EXPECT_EQ(p.cores[id].count, unevenCount(id));
  }
  EXPECT_EQ(p.cores[35].start, 70);
  EXPECT_EQ(p.cores[35].count, 2);
  EXPECT_EQ(p.cores[36].start, 72);
  EXPECT_EQ(p.cores[36].count, 1);
  EXPECT_EQ(p.cores[63].start, 99);
  EXPECT_EQ(p.cores[35].args.reader, (Args{buf("A"), buf("B"), val(70), val(2)}));
  EXPECT_EQ(p.cores[63].args.compute, (Args{val(1)}));
  EXPECT_EQ(p.cores[63].args.writer, (Args{buf("C"), val(99), val(1)}));

  ASSERT_EQ(p.buffers.size(), 5u);
  EXPECT_EQ(p.buffers[0].shape, (Ints{300, 310}));
  EXPECT_EQ(p.buffers[0].paddedShape, (Ints{320, 320}));
  EXPECT_TRUE(p.buffers[0].needsPadding);
  EXPECT_EQ(p.buffers[0].tiles, (std::array<int64_t, 2>{10, 10}));
  EXPECT_EQ(p.buffers[1].dtype, "float32");
  EXPECT_EQ(p.buffers[1].pageSize, 4096);
  EXPECT_EQ(p.buffers[1].alignedPageSize, 4096);
  const Buffer &scale = p.buffers[3];
  EXPECT_EQ(scale.name, "scale");
  EXPECT_EQ(scale.role, BufferRole::Unused);
  EXPECT_EQ(scale.shape, (Ints{3, 40, 50}));
  EXPECT_EQ(scale.paddedShape, (Ints{3, 64, 64}));
  EXPECT_EQ(scale.tiles, (std::array<int64_t, 2>{2, 2}));
  EXPECT_EQ(scale.numPages, 12);
  EXPECT_EQ(scale.memory, Memory::L1);
  EXPECT_EQ(scale.numBanks, 64);
  const Buffer &bias = p.buffers[4];
  EXPECT_EQ(bias.shape, (Ints{300}));
  EXPECT_EQ(bias.paddedShape, (Ints{320}));
  EXPECT_TRUE(bias.needsPadding);
  EXPECT_EQ(bias.tiles, (std::array<int64_t, 2>{1, 10}));
  EXPECT_EQ(bias.numPages, 10);

  ASSERT_EQ(p.circularBuffers.size(), 4u);
  EXPECT_EQ(p.circularBuffers[1].dataFormat, "Float32");
  EXPECT_EQ(p.circularBuffers[1].totalSize, 8192);
  EXPECT_EQ(p.circularBuffers[3].id, 31);
  EXPECT_EQ(p.circularBuffers[3].role, CBRole::Intermediate);
  EXPECT_EQ(p.circularBuffers[3].depth, 1);
}

TEST(PlanReader, ReadsALocalShardPlan) {
  Plan p = mustParse(shardPlan());
  EXPECT_EQ(p.device.name, "blackhole");
  EXPECT_EQ(p.device.l1Size, 1572864);
  EXPECT_EQ(p.device.dramAlignment, 64);
  const Schedule &s = p.schedule;
  EXPECT_EQ(s.partitionMode, PartitionMode::LocalShard);
  EXPECT_EQ(s.activeCores, 8);
  EXPECT_EQ(s.shardGrid, (std::array<int64_t, 2>{4, 2}));
  EXPECT_EQ(s.localShapeTiles, (std::array<int64_t, 2>{4, 2}));
  EXPECT_EQ(p.runtimeArgNames.compute, (Strings{"tiles_h", "tiles_w"}));

  ASSERT_EQ(p.cores.size(), 8u);
  std::vector<int64_t> ids;
  for (const Core &c : p.cores)
    ids.push_back(c.id);
  EXPECT_EQ(ids, (Ints{0, 1, 2, 3, 8, 9, 10, 11}));
  const Core &c = p.cores[6]; // shard (2, 1)
  EXPECT_EQ(c.x, 2);
  EXPECT_EQ(c.y, 1);
  EXPECT_EQ(c.start, 36);
  EXPECT_EQ(c.count, 8);
  EXPECT_EQ(c.tileOrigin, (std::array<int64_t, 2>{4, 4}));
  EXPECT_EQ(c.tileExtent, (std::array<int64_t, 2>{4, 2}));
  EXPECT_EQ(c.args.reader,
            (Args{buf("A"), val(2), val(1), val(4), val(4), val(4), val(2), val(8), val(8)}));
  EXPECT_EQ(c.args.writer, (Args{buf("C"), val(4), val(4), val(4), val(2), val(8), val(8)}));

  const Buffer &a = p.buffers[0];
  EXPECT_EQ(a.memory, Memory::L1);
  EXPECT_EQ(a.layout, Layout::Sharded);
  ASSERT_TRUE(a.shard);
  EXPECT_EQ(a.shard->shardGrid, (std::array<int64_t, 2>{4, 2}));
  EXPECT_EQ(a.shard->shardShape, (std::array<int64_t, 2>{128, 64}));
  EXPECT_FALSE(p.buffers[1].shard);
  EXPECT_EQ(p.circularBuffers[1].totalSize, 32768);
}

TEST(PlanReader, AllowsUnknownKeys) {
  json::Value plan = gemmPlan();
  for (StringRef path :
       {"comment", "device.comment", "schedule.comment", "runtime_args.comment", "cores[5].comment",
        "cores[5].args.comment", "buffers[1].comment", "circular_buffers[2].comment"})
    plan = with(std::move(plan), path, json::Object{{"any", json::Array{1, "x"}}});
  plan = with(std::move(plan), "cores[5].args.reader[0]",
              json::Object{{"buffer", "A"}, {"offset", 3}});
  Plan p = mustParse(plan);
  EXPECT_EQ(p.cores[5].args.reader[0], buf("A"));
}

TEST(PlanReader, AcceptsTheExtremes) {
  // The largest runtime argument (of a name the reader does not know), an L1
  // exactly full of circular buffers (1499136 bytes: 4 + 728 tiles), a 1-d
  // and a 3-d kernel grid.
  json::Value plan = with(gemmPlan(), "runtime_args.reader[6]", "future");
  plan = with(std::move(plan), "cores[9].args.reader[6]", 4294967295);
  plan = with(std::move(plan), "circular_buffers[2].depth", 728);
  plan = with(std::move(plan), "circular_buffers[2].num_pages", 728);
  plan = with(std::move(plan), "circular_buffers[2].total_size", 728 * 2048);
  Plan p = mustParse(plan);
  EXPECT_EQ(p.cores[9].args.reader[6], val(4294967295u));
  EXPECT_EQ(p.circularBuffers[2].totalSize, 1490944);

  plan = with(gemmPlan(), "kernel_grid", json::Array{64});
  for (int64_t i = 0; i < 64; ++i) {
    std::string c = "cores[" + std::to_string(i) + "].args.";
    plan = with(std::move(plan), c + "reader[4]", 64);
    plan = with(std::move(plan), c + "reader[5]", 1);
    plan = with(std::move(plan), c + "compute[2]", 64);
    plan = with(std::move(plan), c + "compute[3]", 1);
    plan = with(std::move(plan), c + "writer[3]", 64);
    plan = with(std::move(plan), c + "writer[4]", 1);
  }
  EXPECT_EQ(mustParse(plan).kernelGrid, (Ints{64}));
  EXPECT_EQ(errorOf(with(plan, "cores[1].args.writer[4]", 8)),
            "tt.plan.json: cores[1].args.writer[4] (grid_y): expected 1 (kernel_grid has no second "
            "entry), got 8");

  EXPECT_EQ(mustParse(with(gemmPlan(), "kernel_grid", json::Array{8, 8, 1})).kernelGrid,
            (Ints{8, 8, 1}));
}

TEST(PlanReader, BracketsInStringsDoNotCountAsNesting) {
  std::string name(200, '[');
  EXPECT_EQ(mustParse(with(gemmPlan(), "kernel", name + "\\\"" + name)).kernel,
            name + "\\\"" + name);
}

//===----------------------------------------------------------------------===//
// Not a plan at all
//===----------------------------------------------------------------------===//

TEST(PlanReaderErrors, NotJSON) {
  // llvm::json reports some errors just past the offending character.
  EXPECT_EQ(errorOfText("plan"), "tt.plan.json:1:2: invalid JSON: Invalid JSON value");
  EXPECT_EQ(errorOfText("tt-llc"), "tt.plan.json:1:3: invalid JSON: Invalid JSON value (true?)");
  EXPECT_EQ(errorOfText(""), "tt.plan.json:1:1: invalid JSON: Unexpected EOF");
  EXPECT_EQ(errorOfText("{\n  \"schema_version\": 2,\n  \"kernel\": gemm\n}"),
            "tt.plan.json:3:14: invalid JSON: Invalid JSON value");
  EXPECT_EQ(errorOfText("{\"a\": 1} x"),
            "tt.plan.json:1:10: invalid JSON: Text after end of document");
  EXPECT_EQ(errorOfText("{\"a\": \"\xff\"}"),
            "tt.plan.json:1:8: invalid JSON: Invalid UTF-8 sequence");
}

TEST(PlanReaderErrors, ErrorsAreStringErrors) {
  llvm::Expected<Plan> plan = parsePlan("{}");
  ASSERT_FALSE(plan);
  llvm::Error error = plan.takeError();
  EXPECT_TRUE(error.isA<llvm::StringError>());
  EXPECT_EQ(llvm::toString(std::move(error)), "tt.plan.json: missing key 'schema_version'");
  plan = readPlanFile("/nonexistent/tt.plan.json");
  ASSERT_FALSE(plan);
  EXPECT_EQ(llvm::errorToErrorCode(plan.takeError()),
            std::make_error_code(std::errc::no_such_file_or_directory));
}

TEST(PlanReaderErrors, TooDeeplyNested) {
  EXPECT_EQ(errorOfText(std::string(100000, '[')),
            "tt.plan.json: invalid JSON: nested deeper than 64 levels");
  EXPECT_EQ(errorOfText(std::string(65, '{')),
            "tt.plan.json: invalid JSON: nested deeper than 64 levels");
}

TEST(PlanReaderErrors, WrongTopLevelType) {
  EXPECT_EQ(errorOfText("[]"), "tt.plan.json: expected an object at the top level, got array");
  EXPECT_EQ(errorOfText("42"), "tt.plan.json: expected an object at the top level, got 42");
  EXPECT_EQ(errorOfText("null"), "tt.plan.json: expected an object at the top level, got null");
  EXPECT_EQ(errorOfText("\"plan\""),
            "tt.plan.json: expected an object at the top level, got string");
  EXPECT_EQ(errorOfText("{}"), "tt.plan.json: missing key 'schema_version'");
}

//===----------------------------------------------------------------------===//
// One test per rule
//===----------------------------------------------------------------------===//

TEST(PlanReaderErrors, SchemaVersion) {
  EXPECT_EQ(errorOf(without(gemmPlan(), "schema_version")),
            "tt.plan.json: missing key 'schema_version'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schema_version", 1)),
            "tt.plan.json: unsupported schema_version 1 (this runtime reads 2)");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schema_version", 0)),
            "tt.plan.json: unsupported schema_version 0 (this runtime reads 2)");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schema_version", "1")),
            "tt.plan.json: schema_version: expected an integer, got string");
  // The version is checked before anything else a newer schema may change.
  EXPECT_EQ(errorOf(with(without(gemmPlan(), "device"), "schema_version", 1)),
            "tt.plan.json: unsupported schema_version 1 (this runtime reads 2)");
}

TEST(PlanReaderErrors, GeneratorAndKernelAreStrings) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "generator", 3)),
            "tt.plan.json: generator: expected a string, got 3");
  EXPECT_EQ(errorOf(without(gemmPlan(), "kernel")), "tt.plan.json: missing key 'kernel'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "kernel", nullptr)),
            "tt.plan.json: kernel: expected a string, got null");
}

TEST(PlanReaderErrors, DeviceName) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.name", "wormhole")),
            "tt.plan.json: device.name: expected one of 'wormhole_b0', 'blackhole', 'grayskull', "
            "got 'wormhole'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device", json::Array{})),
            "tt.plan.json: device: expected an object, got array");
  EXPECT_EQ(errorOf(without(gemmPlan(), "device.name")),
            "tt.plan.json: device: missing key 'name'");
}

// The facts of the device are those of its row of the device table,
// tt/devices.h, which the images were compiled for.
TEST(PlanReaderErrors, DeviceFactsAreTheTable) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.l1_size", (int64_t(1) << 53) + 1)),
            "tt.plan.json: device.l1_size: expected 1499136 (the l1_bytes of wormhole_b0 in the "
            "device table, tt/devices.h), got 9007199254740993");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.l1_size", 1499137)),
            "tt.plan.json: device.l1_size: expected 1499136 (the l1_bytes of wormhole_b0 in the "
            "device table, tt/devices.h), got 1499137");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.l1_alignment", 24)),
            "tt.plan.json: device.l1_alignment: expected 16 (the l1_alignment of wormhole_b0 in "
            "the device table, tt/devices.h), got 24");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.dram_banks", 8)),
            "tt.plan.json: device.dram_banks: expected 12 (the dram_banks of wormhole_b0 in the "
            "device table, tt/devices.h), got 8");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.dram_alignment", 64)),
            "tt.plan.json: device.dram_alignment: expected 32 (the dram_alignment of wormhole_b0 "
            "in the device table, tt/devices.h), got 64");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.dst_tiles", int64_t(1) << 32)),
            "tt.plan.json: device.dst_tiles: expected 8 (the dst_tiles_16 of wormhole_b0 in the "
            "device table, tt/devices.h), got 4294967296");
  // Blackhole's row: the shard plan's device section with wormhole_b0's L1.
  EXPECT_EQ(errorOf(with(shardPlan(), "device.l1_size", 1499136)),
            "tt.plan.json: device.l1_size: expected 1572864 (the l1_bytes of blackhole in the "
            "device table, tt/devices.h), got 1499136");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.name", "blackhole")),
            "tt.plan.json: device.l1_size: expected 1572864 (the l1_bytes of blackhole in the "
            "device table, tt/devices.h), got 1499136");
  // The core grid is the compile's (--grid), not the table's.
  json::Value plan = with(shardPlan(), "device.core_grid", json::Array{8, 9});
  plan = with(std::move(plan), "schedule.num_cores", 72);
  EXPECT_EQ(mustParse(plan).device.coreGridY, 9);
}

TEST(PlanReaderErrors, CoreGridIsTwoPositiveIntegers) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.core_grid", json::Array{8, 8, 1})),
            "tt.plan.json: device.core_grid: expected 2 entries, got 3");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.core_grid[1]", 0)),
            "tt.plan.json: device.core_grid[1]: expected a positive integer, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.core_grid", 64)),
            "tt.plan.json: device.core_grid: expected an array, got 64");
}

TEST(PlanReaderErrors, DeviceSizesArePositive) {
  for (StringRef key : {"l1_size", "l1_alignment", "dram_banks", "dram_alignment", "dst_tiles"}) {
    std::string path = "device." + key.str();
    EXPECT_EQ(errorOf(with(gemmPlan(), path, 0)),
              "tt.plan.json: " + path + ": expected a positive integer, got 0");
    EXPECT_EQ(errorOf(with(gemmPlan(), path, -16)),
              "tt.plan.json: " + path + ": expected a positive integer, got -16");
    EXPECT_EQ(errorOf(without(gemmPlan(), path)),
              "tt.plan.json: device: missing key '" + key.str() + "'");
  }
}

TEST(PlanReaderErrors, IntegersAreWrittenAsIntegers) {
  std::string plan = text(gemmPlan());
  auto l1 = [&](StringRef value) {
    return errorOfText(replaced(plan, "\"l1_size\":1499136", ("\"l1_size\":" + value).str()));
  };
  EXPECT_EQ(l1("1499136.0"), "tt.plan.json: device.l1_size: expected an integer, got 1499136");
  EXPECT_EQ(l1("1.5e6"), "tt.plan.json: device.l1_size: expected an integer, got 1500000");
  EXPECT_EQ(l1("0.5"), "tt.plan.json: device.l1_size: expected an integer, got 0.5");
  EXPECT_EQ(l1("-0.5"), "tt.plan.json: device.l1_size: expected a positive integer, got -0.5");
  EXPECT_EQ(l1("9.2233720368547758e18"),
            "tt.plan.json: device.l1_size: expected an integer, got 9.2233720368547758e+18");
  EXPECT_EQ(l1("1e400"), "tt.plan.json: device.l1_size: expected an integer, got inf");
  EXPECT_EQ(l1("9223372036854775808"),
            "tt.plan.json: device.l1_size: expected an integer below 2^63, got "
            "9223372036854775808");
  EXPECT_EQ(l1("18446744073709551616"),
            "tt.plan.json: device.l1_size: expected an integer, got 1.8446744073709552e+19");
  EXPECT_EQ(l1("true"), "tt.plan.json: device.l1_size: expected an integer, got boolean");
  EXPECT_EQ(l1("\"1499136\""), "tt.plan.json: device.l1_size: expected an integer, got string");
  EXPECT_EQ(l1("{}"), "tt.plan.json: device.l1_size: expected an integer, got object");
}

TEST(PlanReaderErrors, KernelGridHasOneToThreePositiveEntries) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "kernel_grid", json::Array{})),
            "tt.plan.json: kernel_grid: expected 1 to 3 entries, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "kernel_grid", json::Array{2, 2, 2, 8})),
            "tt.plan.json: kernel_grid: expected 1 to 3 entries, got 4");
  EXPECT_EQ(errorOf(with(gemmPlan(), "kernel_grid[1]", 0)),
            "tt.plan.json: kernel_grid[1]: expected a positive integer, got 0");
}

TEST(PlanReaderErrors, PolicyOrderAndPartitionMode) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.policy", "strided")),
            "tt.plan.json: schedule.policy: expected 'contiguous', got 'strided'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.order", "column_major")),
            "tt.plan.json: schedule.order: expected 'row_major', got 'column_major'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.partition_mode", "sharded")),
            "tt.plan.json: schedule.partition_mode: expected one of 'global', 'local_shard', got "
            "'sharded'");
  EXPECT_EQ(errorOf(without(gemmPlan(), "schedule.partition_mode")),
            "tt.plan.json: schedule: missing key 'partition_mode'");
}

TEST(PlanReaderErrors, NumTilesIsTheProductOfTheKernelGrid) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.num_tiles", 63)),
            "tt.plan.json: schedule.num_tiles: expected 64 (product of kernel_grid), got 63");
  EXPECT_EQ(errorOf(with(gemmPlan(), "kernel_grid", json::Array{int64_t(1) << 62, 8})),
            "tt.plan.json: schedule.num_tiles: expected product of kernel_grid, which overflows 64 "
            "bits, got 64");
}

TEST(PlanReaderErrors, NumCoresIsTheProductOfTheCoreGrid) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.num_cores", 63)),
            "tt.plan.json: schedule.num_cores: expected 64 (core_grid[0] * core_grid[1]), got 63");
  EXPECT_EQ(errorOf(with(gemmPlan(), "device.core_grid", json::Array{8, 9})),
            "tt.plan.json: schedule.num_cores: expected 72 (core_grid[0] * core_grid[1]), got 64");
  EXPECT_EQ(
      errorOf(
          with(gemmPlan(), "device.core_grid", json::Array{int64_t(1) << 32, int64_t(1) << 32})),
      "tt.plan.json: schedule.num_cores: expected core_grid[0] * core_grid[1], which overflows 64 "
      "bits, got 64");
}

TEST(PlanReaderErrors, ActiveCoresIsTheNumberOfCores) {
  EXPECT_EQ(
      errorOf(with(gemmPlan(), "schedule.active_cores", 63)),
      "tt.plan.json: schedule.active_cores: expected 64 (number of entries of cores), got 63");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.active_cores", 0)),
            "tt.plan.json: schedule.active_cores: expected a positive integer, got 0");
}

TEST(PlanReaderErrors, CoreRangesAreRectanglesInTheGrid) {
  // [[0, 0, 7]]: the inner array as a json::Value, since json::Array{json::Array{...}} is a copy
  // of the inner array for clang (CWG 1467) and a one-element array for GCC.
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges",
                         json::Array{json::Value(json::Array{0, 0, 7})})),
            "tt.plan.json: schedule.core_ranges[0]: expected 4 entries, got 3");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges[0]", json::Array{3, 0, 2, 7})),
            "tt.plan.json: schedule.core_ranges[0]: expected x0 <= x1 and y0 <= y1, got [3, 0, 2, "
            "7]");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges[0]", json::Array{0, 7, 7, 6})),
            "tt.plan.json: schedule.core_ranges[0]: expected x0 <= x1 and y0 <= y1, got [0, 7, 7, "
            "6]");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges[0]", json::Array{0, 0, 8, 7})),
            "tt.plan.json: schedule.core_ranges[0]: [0, 0, 8, 7] is outside the 8x8 core grid");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges[0][1]", -1)),
            "tt.plan.json: schedule.core_ranges[0][1]: expected a non-negative integer, got -1");
}

TEST(PlanReaderErrors, CoreRangesCoverExactlyTheActiveCores) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges[0]", json::Array{0, 0, 7, 6})),
            "tt.plan.json: schedule.core_ranges: active core (0, 7) (id 56) is in no range");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.core_ranges", json::Array{})),
            "tt.plan.json: schedule.core_ranges: active core (0, 0) (id 0) is in no range");
  EXPECT_EQ(errorOf(with(unevenPlan(), "schedule.core_ranges[1]", json::Array{2, 3, 4, 7})),
            "tt.plan.json: schedule.core_ranges[1]: core (2, 3) (id 26) is already in an earlier "
            "range");
  EXPECT_EQ(errorOf(with(shardPlan(), "schedule.core_ranges[0]", json::Array{0, 0, 4, 1})),
            "tt.plan.json: schedule.core_ranges[0]: core (4, 0) (id 4) is not an active core");
  // On a 2^30 x 2^30 grid a rectangle of 2^60 cores is rejected at its
  // first inactive cell, without visiting the others.
  const int64_t side = int64_t(1) << 30;
  json::Value huge = with(shardPlan(), "device.core_grid", json::Array{side, side});
  huge = with(std::move(huge), "schedule.num_cores", side * side);
  for (size_t i = 0; i < 8; ++i) {
    std::string core = "cores[" + std::to_string(i) + "]";
    huge = with(std::move(huge), core + ".id", (i / 4) * side + i % 4);
  }
  EXPECT_EQ(mustParse(huge).cores[4].id, side);
  EXPECT_EQ(errorOf(with(huge, "schedule.core_ranges[0]", json::Array{0, 0, side - 1, side - 1})),
            "tt.plan.json: schedule.core_ranges[0]: core (4, 0) (id 4) is not an active core");
}

TEST(PlanReaderErrors, ShardFieldsOnlyInLocalShardMode) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.shard_grid", json::Array{2, 2})),
            "tt.plan.json: schedule.shard_grid: only allowed when partition_mode is 'local_shard'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "schedule.local_shape_tiles", json::Array{2, 2})),
            "tt.plan.json: schedule.local_shape_tiles: only allowed when partition_mode is "
            "'local_shard'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[0].tile_origin", json::Array{0, 0})),
            "tt.plan.json: cores[0].tile_origin: only allowed when partition_mode is "
            "'local_shard'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[0].tile_extent", json::Array{1, 1})),
            "tt.plan.json: cores[0].tile_extent: only allowed when partition_mode is "
            "'local_shard'");
}

TEST(PlanReaderErrors, LocalShardNeedsItsFields) {
  EXPECT_EQ(errorOf(without(shardPlan(), "schedule.shard_grid")),
            "tt.plan.json: schedule: missing key 'shard_grid' (required when partition_mode is "
            "'local_shard')");
  EXPECT_EQ(errorOf(without(shardPlan(), "schedule.local_shape_tiles")),
            "tt.plan.json: schedule: missing key 'local_shape_tiles' (required when partition_mode "
            "is 'local_shard')");
  EXPECT_EQ(errorOf(without(shardPlan(), "cores[2].tile_origin")),
            "tt.plan.json: cores[2]: missing key 'tile_origin' (required when partition_mode is "
            "'local_shard')");
  EXPECT_EQ(errorOf(without(shardPlan(), "cores[2].tile_extent")),
            "tt.plan.json: cores[2]: missing key 'tile_extent' (required when partition_mode is "
            "'local_shard')");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[2].tile_extent[0]", 0)),
            "tt.plan.json: cores[2].tile_extent[0]: expected a positive integer, got 0");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[2].tile_origin", json::Array{0, 4, 0})),
            "tt.plan.json: cores[2].tile_origin: expected 2 entries, got 3");
  EXPECT_EQ(errorOf(with(shardPlan(), "schedule.local_shape_tiles[1]", 0)),
            "tt.plan.json: schedule.local_shape_tiles[1]: expected a positive integer, got 0");
}

TEST(PlanReaderErrors, ShardGridIsAtMostTheCoreGrid) {
  EXPECT_EQ(errorOf(with(shardPlan(), "schedule.shard_grid", json::Array{9, 2})),
            "tt.plan.json: schedule.shard_grid: expected at most the core grid [8, 8], got [9, 2]");
  EXPECT_EQ(errorOf(with(shardPlan(), "schedule.shard_grid", json::Array{4, 9})),
            "tt.plan.json: schedule.shard_grid: expected at most the core grid [8, 8], got [4, 9]");
  EXPECT_EQ(
      mustParse(with(shardPlan(), "schedule.shard_grid", json::Array{8, 8})).schedule.shardGrid,
      (std::array<int64_t, 2>{8, 8}));
}

TEST(PlanReaderErrors, RuntimeArgNamesAreStrings) {
  EXPECT_EQ(errorOf(without(gemmPlan(), "runtime_args.compute")),
            "tt.plan.json: runtime_args: missing key 'compute'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "runtime_args.reader[2]", 5)),
            "tt.plan.json: runtime_args.reader[2]: expected a string, got 5");
  EXPECT_EQ(errorOf(with(gemmPlan(), "runtime_args.writer", "C_addr")),
            "tt.plan.json: runtime_args.writer: expected an array, got string");
}

TEST(PlanReaderErrors, CoresAreObjects) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores", json::Object{})),
            "tt.plan.json: cores: expected an array, got object");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[4]", 4)),
            "tt.plan.json: cores[4]: expected an object, got 4");
  EXPECT_EQ(errorOf(without(gemmPlan(), "cores[4].start")),
            "tt.plan.json: cores[4]: missing key 'start'");
}

TEST(PlanReaderErrors, CoreIdsAreInRangeAndIncreasing) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[63].id", 64)),
            "tt.plan.json: cores[63].id: expected an id in [0, 64) (schedule.num_cores), got 64");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[3].id", 2)),
            "tt.plan.json: cores[3].id: expected an id greater than 2 (cores[2].id), got 2");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[3].id", 1)),
            "tt.plan.json: cores[3].id: expected an id greater than 2 (cores[2].id), got 1");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[0].id", -1)),
            "tt.plan.json: cores[0].id: expected a non-negative integer, got -1");
}

TEST(PlanReaderErrors, CoreCoordinatesFollowFromTheId) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[3].x", 4)),
            "tt.plan.json: cores[3].x: expected 3 (id % core_grid[0]), got 4");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[10].y", 2)),
            "tt.plan.json: cores[10].y: expected 1 (id / core_grid[0]), got 2");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[4].y", 0)),
            "tt.plan.json: cores[4].y: expected 1 (id / core_grid[0]), got 0");
}

TEST(PlanReaderErrors, GlobalRangesAreContiguousFromZero) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[0].start", 1)),
            "tt.plan.json: cores[0].start: expected 0 (the first work unit), got 1");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[5].start", 6)),
            "tt.plan.json: cores[5].start: expected 5 (cores[4].start + cores[4].count), got 6");
  EXPECT_EQ(errorOf(with(unevenPlan(), "cores[36].start", 70)),
            "tt.plan.json: cores[36].start: expected 72 (cores[35].start + cores[35].count), got "
            "70");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[5].count", 0)),
            "tt.plan.json: cores[5].count: expected a positive integer, got 0");
}

TEST(PlanReaderErrors, GlobalRangesCoverExactlyTheWorkUnits) {
  EXPECT_EQ(
      errorOf(with(unevenPlan(), "cores[63].count", 2)),
      "tt.plan.json: cores[63].count: expected at most 1 (schedule.num_tiles - start), got 2");
  json::Value plan = unevenPlan();
  at(plan, "cores").getAsArray()->pop_back();
  EXPECT_EQ(errorOf(plan), "tt.plan.json: cores: the work ranges cover [0, 99), expected [0, 100) "
                           "(schedule.num_tiles)");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores", json::Array{})),
            "tt.plan.json: cores: the work ranges cover [0, 0), expected [0, 64) "
            "(schedule.num_tiles)");
}

TEST(PlanReaderErrors, LocalShardBlocksFitTheShapeOfAShard) {
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[2].tile_extent", json::Array{4, 3})),
            "tt.plan.json: cores[2].tile_extent: expected at most [4, 2] "
            "(schedule.local_shape_tiles), got [4, 3]");
  // An edge shard may be smaller, and then its count follows.
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[2].tile_extent", json::Array{4, 1})),
            "tt.plan.json: cores[2].count: expected 4 (tile_extent[0] * tile_extent[1]), got 8");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[7].tile_origin", json::Array{5, 6})),
            "tt.plan.json: cores[7].tile_origin: the 4x2 blocks at [5, 6] reach outside the kernel "
            "grid of 8 rows and 8 columns");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[7].tile_origin", json::Array{4, 7})),
            "tt.plan.json: cores[7].tile_origin: the 4x2 blocks at [4, 7] reach outside the kernel "
            "grid of 8 rows and 8 columns");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[7].tile_origin[0]", INT64_MAX)),
            "tt.plan.json: cores[7].tile_origin: the 4x2 blocks at [9223372036854775807, 6] reach "
            "outside the kernel grid of 8 rows and 8 columns");
}

TEST(PlanReaderErrors, LocalShardStartAndCountFollowTheBlocks) {
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[0].start", 1)),
            "tt.plan.json: cores[0].start: expected 0 (tile_origin[0] * kernel_grid[0] + "
            "tile_origin[1]), got 1");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[7].tile_origin", json::Array{0, 6})),
            "tt.plan.json: cores[7].start: expected 6 (tile_origin[0] * kernel_grid[0] + "
            "tile_origin[1]), got 38");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[7].count", 7)),
            "tt.plan.json: cores[7].count: expected 8 (tile_extent[0] * tile_extent[1]), got 7");
}

TEST(PlanReaderErrors, EachProgramHasOneArgPerName) {
  EXPECT_EQ(errorOf(without(gemmPlan(), "cores[2].args.writer")),
            "tt.plan.json: cores[2].args: missing key 'writer'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader",
                         json::Array{bufferArg("A"), bufferArg("B"), 2, 1, 8, 8})),
            "tt.plan.json: cores[2].args.reader: expected 7 entries (one per name in "
            "runtime_args.reader), got 6");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.compute", json::Array{})),
            "tt.plan.json: cores[2].args.compute: expected 5 entries (one per name in "
            "runtime_args.compute), got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args", json::Array{})),
            "tt.plan.json: cores[2].args: expected an object, got array");
}

TEST(PlanReaderErrors, IntegerArgsAreBelow2To32) {
  const char *expected = "tt.plan.json: cores[2].args.reader[6]: expected an integer in [0, 2^32) "
                         "or {\"buffer\": NAME}, got ";
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[6]", int64_t(1) << 32)),
            expected + std::string("4294967296"));
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[6]", -1)), expected + std::string("-1"));
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[6]", "8")),
            expected + std::string("string"));
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[6]", json::Array{8})),
            expected + std::string("array"));
}

TEST(PlanReaderErrors, BufferArgsNameABuffer) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[0]", json::Object{{"buf", "A"}})),
            "tt.plan.json: cores[2].args.reader[0]: missing key 'buffer'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[0]", json::Object{{"buffer", 0}})),
            "tt.plan.json: cores[2].args.reader[0].buffer: expected a string, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[0]", bufferArg("Z"))),
            "tt.plan.json: cores[2].args.reader[0] (A_addr): unknown buffer 'Z'");
}

TEST(PlanReaderErrors, AddrArgsAreTheirBuffers) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[0]", bufferArg("B"))),
            "tt.plan.json: cores[2].args.reader[0] (A_addr): expected {\"buffer\": \"A\"}, got "
            "{\"buffer\": \"B\"}");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.writer[0]", 4096)),
            "tt.plan.json: cores[2].args.writer[0] (C_addr): expected {\"buffer\": \"C\"}, got "
            "4096");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[6]", bufferArg("A"))),
            "tt.plan.json: cores[2].args.reader[6] (Kt): the address of buffer 'A' must be named "
            "'A_addr'");
}

TEST(PlanReaderErrors, GlobalArgValues) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.reader[2]", 3)),
            "tt.plan.json: cores[2].args.reader[2] (start_id): expected 2 (cores[2].start), got 3");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.compute[1]", 2)),
            "tt.plan.json: cores[2].args.compute[1] (count): expected 1 (cores[2].count), got 2");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.writer[3]", 7)),
            "tt.plan.json: cores[2].args.writer[3] (grid_x): expected 8 (kernel_grid[0]), got 7");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.writer[4]", 7)),
            "tt.plan.json: cores[2].args.writer[4] (grid_y): expected 8 (kernel_grid[1]), got 7");
  EXPECT_EQ(errorOf(with(unevenPlan(), "cores[40].args.compute[0]", 2)),
            "tt.plan.json: cores[40].args.compute[0] (count): expected 1 (cores[40].count), got 2");
  // Kt has no value in the plan to check it against, but is positive and at
  // most the tiles of a buffer dimension (K is one).
  EXPECT_EQ(mustParse(with(gemmPlan(), "cores[2].args.reader[6]", 3)).cores[2].args.reader[6],
            val(3));
  EXPECT_EQ(
      errorOf(with(gemmPlan(), "cores[2].args.compute[4]", 0)),
      "tt.plan.json: cores[2].args.compute[4] (Kt): expected a positive number of tiles along "
      "the reduction dimension, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[2].args.compute[4]", 4294967295)),
            "tt.plan.json: cores[2].args.compute[4] (Kt): expected at most 8 tiles along the "
            "reduction dimension (the largest tiles entry of buffers), got 4294967295");
  EXPECT_EQ(errorOf(with(gemmPlan(), "cores[0].args.reader[6]", 9)),
            "tt.plan.json: cores[0].args.reader[6] (Kt): expected at most 8 tiles along the "
            "reduction dimension (the largest tiles entry of buffers), got 9");
}

TEST(PlanReaderErrors, ComputeSection) {
  Plan p = mustParse(gemmPlan());
  ASSERT_TRUE(p.compute);
  EXPECT_EQ(*p.compute, (Compute{true, "HiFi4", 4}));
  EXPECT_EQ(errorOf(with(gemmPlan(), "compute.math_fidelity", "HiFi5")),
            "tt.plan.json: compute.math_fidelity: expected one of 'LoFi', 'HiFi2', 'HiFi3', "
            "'HiFi4', got 'HiFi5'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "compute.fp32_dest_acc", 1)),
            "tt.plan.json: compute.fp32_dest_acc: expected a boolean, got 1");
  EXPECT_EQ(errorOf(without(gemmPlan(), "compute.dst_capacity")),
            "tt.plan.json: compute: missing key 'dst_capacity'");
  // DST holds device.dst_tiles 16-bit tiles, half as many float32 ones.
  EXPECT_EQ(errorOf(with(gemmPlan(), "compute.dst_capacity", 8)),
            "tt.plan.json: compute.dst_capacity: expected at most 4 (the DST tiles of wormhole_b0 "
            "with fp32_dest_acc, tt/devices.h), got 8");
  json::Value sixteen = with(gemmPlan(), "compute.fp32_dest_acc", false);
  EXPECT_EQ(mustParse(with(sixteen, "compute.dst_capacity", 8)).compute->dstCapacity, 8);
  EXPECT_EQ(errorOf(with(sixteen, "compute.dst_capacity", 9)),
            "tt.plan.json: compute.dst_capacity: expected at most 8 (device.dst_tiles), got 9");
}

// The images of a lowered kernel were compiled for its compute section (DST
// accumulation, fidelity): the plan of a compiled folder must have it.
TEST(PlanReaderErrors, LoweredPlansHaveTheComputeSection) {
  json::Value plan = without(gemmPlan(), "compute");
  EXPECT_FALSE(mustParse(plan).compute); // --emit=plan writes such plans
  llvm::Expected<Plan> lowered = parsePlan(text(plan), "tt.plan.json", PlanKind::Lowered);
  ASSERT_FALSE(lowered);
  EXPECT_EQ(llvm::toString(lowered.takeError()),
            "tt.plan.json: missing key 'compute' (required in the plan of a lowered kernel: its "
            "images were compiled for that configuration of the matrix engine)");
  lowered = parsePlan(text(gemmPlan()), "tt.plan.json", PlanKind::Lowered);
  ASSERT_TRUE(bool(lowered)) << llvm::toString(lowered.takeError());
  EXPECT_EQ(lowered->compute->mathFidelity, "HiFi4");
}

TEST(PlanReaderErrors, LoweredPlansListTheImagesOfEachABI) {
  Plan p = mustParse(gemmPlan());
  // In tt_device_abi order, by tt_risc.
  ASSERT_EQ(p.images.size(), 2u);
  EXPECT_EQ(p.images[0].abi, "sim");
  EXPECT_EQ(p.images[0].files[TT_RISC_BRISC], "writer.elf");
  EXPECT_EQ(p.images[0].files[TT_RISC_TRISC1], "compute.trisc1.elf");
  EXPECT_EQ(p.images[1].abi, "hw");
  EXPECT_EQ(p.images[1].files[TT_RISC_NCRISC], "reader.hw.elf");

  json::Value plan = without(gemmPlan(), "images");
  EXPECT_TRUE(mustParse(plan).images.empty()); // --emit=plan writes such plans
  llvm::Expected<Plan> lowered = parsePlan(text(plan), "tt.plan.json", PlanKind::Lowered);
  ASSERT_FALSE(lowered);
  EXPECT_EQ(llvm::toString(lowered.takeError()),
            "tt.plan.json: missing key 'images' (required in the plan of a lowered kernel: the "
            "image files of each device ABI)");

  EXPECT_EQ(errorOf(with(gemmPlan(), "images", json::Object{})),
            "tt.plan.json: images: expected the images of at least one device ABI");
  EXPECT_EQ(errorOf(with(gemmPlan(), "images.quasar", json::Object{})),
            "tt.plan.json: images.quasar: unknown device ABI 'quasar' (expected one of 'sim', "
            "'hw')");
  EXPECT_EQ(errorOf(without(gemmPlan(), "images.sim.trisc2")),
            "tt.plan.json: images.sim: missing key 'trisc2'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "images.sim.trisc9", "x.elf")),
            "tt.plan.json: images.sim: expected the 5 keys of the RISCs, got 6");
  EXPECT_EQ(errorOf(with(gemmPlan(), "images.hw.brisc", "../writer.elf")),
            "tt.plan.json: images.hw.brisc: expected the name of an image file in the folder "
            "(\"<name>.elf\"), got '../writer.elf'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "images.hw.brisc", "writer.o")),
            "tt.plan.json: images.hw.brisc: expected the name of an image file in the folder "
            "(\"<name>.elf\"), got 'writer.o'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "images.hw.ncrisc", "writer.hw.elf")),
            "tt.plan.json: images.hw.ncrisc: 'writer.hw.elf' is listed twice");
}

TEST(PlanReaderErrors, LocalShardArgValues) {
  EXPECT_EQ(
      errorOf(with(shardPlan(), "cores[5].args.reader[3]", 0)),
      "tt.plan.json: cores[5].args.reader[3] (tile_y0): expected 4 (cores[5].tile_origin[0]), "
      "got 0");
  EXPECT_EQ(
      errorOf(with(shardPlan(), "cores[5].args.writer[2]", 0)),
      "tt.plan.json: cores[5].args.writer[2] (tile_x0): expected 2 (cores[5].tile_origin[1]), "
      "got 0");
  EXPECT_EQ(
      errorOf(with(shardPlan(), "cores[5].args.compute[0]", 2)),
      "tt.plan.json: cores[5].args.compute[0] (tiles_h): expected 4 (cores[5].tile_extent[0]), "
      "got 2");
  EXPECT_EQ(
      errorOf(with(shardPlan(), "cores[5].args.compute[1]", 4)),
      "tt.plan.json: cores[5].args.compute[1] (tiles_w): expected 2 (cores[5].tile_extent[1]), "
      "got 4");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[5].args.reader[7]", 4)),
            "tt.plan.json: cores[5].args.reader[7] (grid_x): expected 8 (kernel_grid[0]), got 4");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[5].args.reader[1]", 0)),
            "tt.plan.json: cores[5].args.reader[1] (shard_x): expected 1 (cores[5].x), got 0");
  EXPECT_EQ(errorOf(with(shardPlan(), "cores[5].args.reader[2]", 0)),
            "tt.plan.json: cores[5].args.reader[2] (shard_y): expected 1 (cores[5].y), got 0");
}

TEST(PlanReaderErrors, BufferNamesAreUnique) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[1].name", "A")),
            "tt.plan.json: buffers[1].name: duplicate buffer name 'A' (also buffers[0].name)");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers", json::Object{})),
            "tt.plan.json: buffers: expected an array, got object");
}

TEST(PlanReaderErrors, ParamIndexIsThePosition) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[1].param_index", 0)),
            "tt.plan.json: buffers[1].param_index: expected 1 (the position in buffers), got 0");
}

TEST(PlanReaderErrors, BufferEnumerations) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].role", "in")),
            "tt.plan.json: buffers[0].role: expected one of 'input', 'output', 'inout', 'unused', "
            "got 'in'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].memory", "dram")),
            "tt.plan.json: buffers[0].memory: expected one of 'DRAM', 'L1', got 'dram'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].layout", "tiled")),
            "tt.plan.json: buffers[0].layout: expected one of 'interleaved', 'sharded', got "
            "'tiled'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].dtype", 16)),
            "tt.plan.json: buffers[0].dtype: expected a string, got 16");
  EXPECT_EQ(mustParse(with(gemmPlan(), "buffers[2].role", "inout")).buffers[2].role,
            BufferRole::InOut);
}

TEST(PlanReaderErrors, ShapesHaveTheSameRank) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].shape", json::Array{})),
            "tt.plan.json: buffers[0].shape: expected at least 1 entry, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].shape", json::Array{256})),
            "tt.plan.json: buffers[0].padded_shape: expected 1 entry, got 2");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].shape[1]", 0)),
            "tt.plan.json: buffers[0].shape[1]: expected a positive integer, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].padded_shape", json::Array{1, 256, 256})),
            "tt.plan.json: buffers[0].padded_shape: expected 2 entries, got 3");
}

TEST(PlanReaderErrors, PaddedShapeRoundsTheLastTwoDimensionsUp) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].padded_shape[1]", 288)),
            "tt.plan.json: buffers[0].padded_shape: expected [256, 256] (shape with the last two "
            "dimensions rounded up to multiples of 32), got [256, 288]");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[3].padded_shape[0]", 32)),
            "tt.plan.json: buffers[3].padded_shape: expected [3, 64, 64] (shape with the last two "
            "dimensions rounded up to multiples of 32), got [32, 64, 64]");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[4].padded_shape[0]", 300)),
            "tt.plan.json: buffers[4].padded_shape: expected [320] (shape with the last two "
            "dimensions rounded up to multiples of 32), got [300]");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].shape[1]", INT64_MAX)),
            "tt.plan.json: buffers[0].shape[1]: 9223372036854775807 is too large to round up to "
            "whole tiles");
}

TEST(PlanReaderErrors, NeedsPaddingSaysWhetherShapesDiffer) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].needs_padding", true)),
            "tt.plan.json: buffers[0].needs_padding: expected false (padded_shape equals shape), "
            "got true");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[0].needs_padding", false)),
            "tt.plan.json: buffers[0].needs_padding: expected true (padded_shape differs from "
            "shape), got false");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].needs_padding", 0)),
            "tt.plan.json: buffers[0].needs_padding: expected a boolean, got 0");
}

TEST(PlanReaderErrors, TilesAreThePaddedShapeInTiles) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].tiles", json::Array{8, 7})),
            "tt.plan.json: buffers[0].tiles: expected [8, 8] (the last two dimensions of "
            "padded_shape / 32), got [8, 7]");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].tiles", json::Array{64})),
            "tt.plan.json: buffers[0].tiles: expected 2 entries, got 1");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[4].tiles", json::Array{10, 1})),
            "tt.plan.json: buffers[4].tiles: expected [1, 10] (the last two dimensions of "
            "padded_shape / 32), got [10, 1]");
}

TEST(PlanReaderErrors, NumPagesCountsTheTilesOfAllDimensions) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].num_pages", 63)),
            "tt.plan.json: buffers[0].num_pages: expected 64 (product of the leading dimensions * "
            "tiles[0] * tiles[1]), got 63");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[3].num_pages", 4)),
            "tt.plan.json: buffers[3].num_pages: expected 12 (product of the leading dimensions * "
            "tiles[0] * tiles[1]), got 4");
  json::Value plan =
      with(gemmPlan(), "buffers[0].shape", json::Array{int64_t(1) << 40, int64_t(1) << 40, 32, 32});
  plan = with(std::move(plan), "buffers[0].padded_shape",
              json::Array{int64_t(1) << 40, int64_t(1) << 40, 32, 32});
  plan = with(std::move(plan), "buffers[0].tiles", json::Array{1, 1});
  EXPECT_EQ(errorOf(plan), "tt.plan.json: buffers[0].num_pages: expected product of the leading "
                           "dimensions * tiles[0] * tiles[1], which overflows 64 bits, got 64");
}

TEST(PlanReaderErrors, AlignedPageSizeIsThePageSizeAlignedUp) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].page_size", 2000)),
            "tt.plan.json: buffers[0].aligned_page_size: expected 2016 (page_size rounded up to a "
            "multiple of alignment), got 2048");
  EXPECT_EQ(errorOf(with(unevenPlan(), "buffers[3].alignment", 3000)),
            "tt.plan.json: buffers[3].aligned_page_size: expected 3000 (page_size rounded up to a "
            "multiple of alignment), got 2048");
  Plan p = mustParse(with(unevenPlan(), "buffers[3].page_size", 2040));
  EXPECT_EQ(p.buffers[3].pageSize, 2040);
  EXPECT_EQ(p.buffers[3].alignedPageSize, 2048);
  json::Value plan = with(gemmPlan(), "buffers[0].page_size", INT64_MAX);
  EXPECT_EQ(errorOf(plan), "tt.plan.json: buffers[0].aligned_page_size: expected page_size rounded "
                           "up to a multiple of alignment, which overflows 64 bits, got 2048");
}

TEST(PlanReaderErrors, DRAMBuffersUseTheDeviceBanks) {
  EXPECT_EQ(
      errorOf(with(gemmPlan(), "buffers[0].num_banks", 8)),
      "tt.plan.json: buffers[0].num_banks: expected 12 (device.dram_banks for a DRAM buffer), "
      "got 8");
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[2].alignment", 64)),
            "tt.plan.json: buffers[2].alignment: expected 32 (device.dram_alignment for a DRAM "
            "buffer), got 64");
  // L1 buffers have their own banks and alignment.
  EXPECT_EQ(mustParse(unevenPlan()).buffers[3].numBanks, 64);
  json::Value plan = with(unevenPlan(), "buffers[3].alignment", 32);
  EXPECT_EQ(errorOf(plan), "tt.plan.json: buffers[3].alignment: expected 16 (device.l1_alignment "
                           "for an L1 buffer), got 32");
}

TEST(PlanReaderErrors, BufferSizesArePositive) {
  for (StringRef key : {"page_size", "num_pages", "aligned_page_size", "num_banks", "alignment"})
    EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[2]." + key.str(), 0)),
              "tt.plan.json: buffers[2]." + key.str() + ": expected a positive integer, got 0");
}

TEST(PlanReaderErrors, ShardOnlyOnShardedBuffers) {
  json::Value shard =
      json::Object{{"shard_grid", json::Array{8, 8}}, {"shard_shape", json::Array{32, 32}}};
  EXPECT_EQ(errorOf(with(gemmPlan(), "buffers[0].shard", shard)),
            "tt.plan.json: buffers[0].shard: only allowed when layout is 'sharded'");
  EXPECT_EQ(errorOf(with(shardPlan(), "buffers[0].shard", json::Array{})),
            "tt.plan.json: buffers[0].shard: expected an object, got array");
  EXPECT_EQ(errorOf(with(shardPlan(), "buffers[0].shard.shard_grid", json::Array{4})),
            "tt.plan.json: buffers[0].shard.shard_grid: expected 2 entries, got 1");
  EXPECT_EQ(errorOf(without(shardPlan(), "buffers[0].shard.shard_shape")),
            "tt.plan.json: buffers[0].shard: missing key 'shard_shape'");
  EXPECT_EQ(errorOf(with(shardPlan(), "buffers[0].shard.shard_shape[0]", 0)),
            "tt.plan.json: buffers[0].shard.shard_shape[0]: expected a positive integer, got 0");
  EXPECT_EQ(errorOf(without(shardPlan(), "buffers[0].shard")),
            "tt.plan.json: buffers[0]: missing key 'shard' (required when layout is 'sharded')");
}

TEST(PlanReaderErrors, CircularBufferIdsAreUniqueAndBelow32) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[2].id", 32)),
            "tt.plan.json: circular_buffers[2].id: expected an id in [0, 32), got 32");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1].id", 0)),
            "tt.plan.json: circular_buffers[1].id: duplicate id 0 (also circular_buffers[0].id)");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers", nullptr)),
            "tt.plan.json: circular_buffers: expected an array, got null");
}

TEST(PlanReaderErrors, CircularBufferIdsMatchTheirRole) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[0].id", 17)),
            "tt.plan.json: circular_buffers[0].id: expected an id in [0, 16) for an input circular "
            "buffer, got 17");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[2].id", 3)),
            "tt.plan.json: circular_buffers[2].id: expected an id in [16, 32) for an output "
            "circular buffer, got 3");
  EXPECT_EQ(errorOf(with(unevenPlan(), "circular_buffers[3].id", 15)),
            "tt.plan.json: circular_buffers[3].id: expected an id in [16, 32) for an intermediate "
            "circular buffer, got 15");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[0].role", "scratch")),
            "tt.plan.json: circular_buffers[0].role: expected one of 'input', 'output', "
            "'intermediate', got 'scratch'");
}

TEST(PlanReaderErrors, CircularBufferSizes) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[0].num_pages", 3)),
            "tt.plan.json: circular_buffers[0].num_pages: expected 2 (depth * tiles_per_block), "
            "got 3");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[0].total_size", 4097)),
            "tt.plan.json: circular_buffers[0].total_size: expected 4096 (page_size * num_pages), "
            "got 4097");
  for (StringRef key : {"page_size", "num_pages", "tiles_per_block", "depth", "total_size"})
    EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1]." + key.str(), 0)),
              "tt.plan.json: circular_buffers[1]." + key.str() +
                  ": expected a positive integer, got 0");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1].name", 1)),
            "tt.plan.json: circular_buffers[1].name: expected a string, got 1");
}

TEST(PlanReaderErrors, CircularBuffersFitInL1) {
  // One tile more than AcceptsTheExtremes.
  json::Value plan = with(gemmPlan(), "circular_buffers[2].depth", 729);
  plan = with(std::move(plan), "circular_buffers[2].num_pages", 729);
  plan = with(std::move(plan), "circular_buffers[2].total_size", 729 * 2048);
  EXPECT_EQ(errorOf(plan), "tt.plan.json: circular_buffers: the total_size of "
                           "circular_buffers[0..2] is 1501184, more than device.l1_size 1499136");
  // Sizes up to 2^63 are summed without overflow: the sum stops at l1_size.
  for (int i = 0; i < 3; ++i) {
    std::string cb = "circular_buffers[" + std::to_string(i) + "].";
    plan = with(std::move(plan), cb + "depth", int64_t(1) << 51);
    plan = with(std::move(plan), cb + "num_pages", int64_t(1) << 51);
    plan = with(std::move(plan), cb + "total_size", int64_t(1) << 62);
  }
  EXPECT_EQ(errorOf(plan), "tt.plan.json: circular_buffers: the total_size of "
                           "circular_buffers[0..0] is 4611686018427387904, more than "
                           "device.l1_size 1499136");
}

// Each circular buffer holds tiles of a tile format of the device table
// (tt/devices.h), one tile per page.
TEST(PlanReaderErrors, CircularBufferFormatsAreTheTable) {
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1].data_format", "Bfp8_b")),
            "tt.plan.json: circular_buffers[1].data_format: expected one of 'Float32', "
            "'Float16', 'Float16_b', 'Int32', 'UInt32', got 'Bfp8_b'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1].data_format", "float16_b")),
            "tt.plan.json: circular_buffers[1].data_format: expected one of 'Float32', "
            "'Float16', 'Float16_b', 'Int32', 'UInt32', got 'float16_b'");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[1].data_format", 5)),
            "tt.plan.json: circular_buffers[1].data_format: expected a string, got 5");
  EXPECT_EQ(errorOf(with(gemmPlan(), "circular_buffers[0].data_format", "Float32")),
            "tt.plan.json: circular_buffers[0].page_size: expected 4096 (one Float32 tile), got "
            "2048");
  json::Value plan = with(gemmPlan(), "circular_buffers[0].page_size", 1088);
  plan = with(std::move(plan), "circular_buffers[0].total_size", 2176);
  EXPECT_EQ(errorOf(plan), "tt.plan.json: circular_buffers[0].page_size: expected 2048 (one "
                           "Float16_b tile), got 1088");
  EXPECT_EQ(mustParse(unevenPlan()).circularBuffers[1].pageSize, 4096);
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

TEST(PlanReaderFiles, MissingFile) {
  llvm::Expected<Plan> plan = readPlanFile("/nonexistent/tt-llc/tt.plan.json");
  ASSERT_FALSE(plan);
  EXPECT_EQ(llvm::toString(plan.takeError()),
            "cannot read '/nonexistent/tt-llc/tt.plan.json': No such file or directory");
}

TEST(PlanReaderFiles, ReadsAFileAndNamesItInErrors) {
  llvm::SmallString<128> path;
  int fd;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("PlanReaderTest", "json", fd, path));
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text(unevenPlan());
  }
  llvm::Expected<Plan> plan = readPlanFile(path);
  ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
  EXPECT_EQ(plan->cores[35].start, 70);
  plan = readPlanFile(path, PlanKind::Lowered);
  ASSERT_FALSE(plan);
  EXPECT_EQ(llvm::toString(plan.takeError()),
            path.str().str() + ": missing key 'compute' (required in the plan of a lowered kernel: "
                               "its images were compiled for that configuration of the matrix "
                               "engine)");

  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << "{\"schema_version\": 3}";
  }
  plan = readPlanFile(path);
  ASSERT_FALSE(plan);
  EXPECT_EQ(llvm::toString(plan.takeError()),
            path.str().str() + ": unsupported schema_version 3 (this runtime reads 2)");

  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
  }
  plan = readPlanFile(path);
  ASSERT_FALSE(plan);
  EXPECT_EQ(llvm::toString(plan.takeError()),
            path.str().str() + ":1:1: invalid JSON: Unexpected EOF");
  llvm::sys::fs::remove(path);
}

//===----------------------------------------------------------------------===//
// Corrupt input
//===----------------------------------------------------------------------===//

/// Every proper prefix of `text` whose length is a multiple of `step` is
/// invalid JSON and must say so.
void checkTruncations(const std::string &text, size_t step) {
  for (size_t n = 0; n < text.size(); n += step) {
    std::string error = errorOfText(StringRef(text).take_front(n));
    ASSERT_TRUE(StringRef(error).starts_with("tt.plan.json:") &&
                StringRef(error).contains(": invalid JSON: "))
        << n << ": " << error;
  }
}

TEST(PlanReaderCorrupt, EveryTruncationFails) {
  checkTruncations(text(shardPlan()), 1);
  checkTruncations(text(gemmPlan()), 7);
}

TEST(PlanReaderCorrupt, RandomByteMutationsNeverCrash) {
  const std::string original = text(unevenPlan());
  std::mt19937 rng(20240611);
  const std::string digits = "0123456789";
  size_t accepted = 0, invalidJSON = 0, rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = original;
    for (unsigned edits = 1 + rng() % 3; edits; --edits) {
      size_t pos = rng() % mutated.size();
      // Half of the edits change a digit into another, which keeps the JSON
      // valid and exercises the checks; the others write any byte.
      if (rng() % 2 && std::isdigit(static_cast<unsigned char>(mutated[pos])))
        mutated[pos] = digits[rng() % 10];
      else
        mutated[pos] = char(rng() % 256);
    }
    llvm::Expected<Plan> plan = parsePlan(mutated);
    if (plan) {
      ++accepted;
      continue;
    }
    std::string error = llvm::toString(plan.takeError());
    ASSERT_TRUE(StringRef(error).starts_with("tt.plan.json:")) << error;
    ++(StringRef(error).contains(": invalid JSON: ") ? invalidJSON : rejected);
  }
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(invalidJSON, 0u);
  EXPECT_GT(rejected, 0u);
}

/// Replaces every value of `plan` (at paths `keep` accepts) by values of
/// every other type and checks the result reads or fails cleanly.
void replaceEveryValue(const json::Value &plan, llvm::function_ref<bool(StringRef)> keep) {
  const json::Value replacements[] = {
      nullptr, true, -1, 0, int64_t(1) << 32, 1.5, "x", json::Array{}, json::Object{}};
  std::vector<std::string> paths;
  collectPaths(plan, "", paths);
  for (const std::string &path : paths) {
    if (path.empty() || !keep(path))
      continue;
    for (const json::Value &r : replacements) {
      llvm::Expected<Plan> p = parsePlan(text(with(plan, path, r)));
      if (!p) {
        std::string error = llvm::toString(p.takeError());
        ASSERT_TRUE(StringRef(error).starts_with("tt.plan.json: ")) << path << ": " << error;
      }
    }
  }
}

TEST(PlanReaderCorrupt, EveryValueReplacedByAnyType) {
  replaceEveryValue(shardPlan(), [](StringRef) { return true; });
  // The parts of the global plan whose rules the shard plan does not reach.
  replaceEveryValue(unevenPlan(), [](StringRef path) {
    return llvm::any_of(std::initializer_list<StringRef>{"kernel_grid", "schedule", "cores[0]",
                                                         "cores[1]", "buffers[3]"},
                        [&](StringRef prefix) { return path.starts_with(prefix); });
  });
}

TEST(PlanReaderCorrupt, EveryKeyIsRequired) {
  json::Value plan = shardPlan();
  std::vector<std::string> paths;
  collectPaths(plan, "", paths);
  for (const std::string &path : paths) {
    if (path.empty() || path.back() == ']')
      continue;
    std::string error = errorOf(without(plan, path));
    std::string key = StringRef(path).rsplit('.').second.str();
    if (key.empty())
      key = path;
    EXPECT_TRUE(StringRef(error).contains("missing key '" + key + "'")) << path << ": " << error;
  }
}

} // namespace
