//===- tests/unit/PlanWriterTest.cpp - writing tt.plan.json ---------------===//
//
// plan/PlanWriter.cpp and backend/Plan.cpp: the plans the real pipeline builds
// (the examples on every device, padding, an overridden core grid, lowered
// kernels with their compute section, a local_shard kernel) are written,
// read back by the runtime's reader to an equal Plan, and written again to
// the same text; a small hand-built plan is written to its exact text (the
// layout rules of docs/plan-schema.md); metadata missing or malformed gives
// one located error and no plan.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "backend/Artifacts.h"
#include "backend/Plan.h"
#include "frontend/Frontend.h"
#include "ir/Target.h"
#include "ir/Verifier.h"
#include "passes/PassManager.h"
#include "passes/Pipeline.h"
#include "plan/Plan.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

std::string exampleSource(const std::string &name) {
  std::string path = std::string(TTLLC_EXAMPLES_DIR) + "/" + name;
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  return (*buf)->getBuffer().str();
}

/// A local_shard kernel: A is L1-sharded over a 2x4 shard grid, each core
/// copies the 2x2 blocks of its shard.
const char *kShardCopy = R"(import tilelang.language as T


@T.prim_func
def shard_copy(A: T.Tensor((256, 128), "bfloat16"), B: T.Tensor((256, 128), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded",
                                         "nd_shard": {"shard_grid": [2, 4], "shard_shape": [64, 64]}}})
    with T.Kernel(4, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
)";

enum class Stop { AfterMetadata, Lowered };

/// A kernel after the metadata pipeline (what --emit=plan sees) or the
/// default pipeline, and the function whose plan tt-llc writes.
struct Compiled {
  test::Captured c;
  TargetInfo target = *lookupTarget("wormhole_b0");
  std::optional<Module> module;
  PrimFuncPtr kernel;

  std::optional<ttplan::Plan> plan() { return buildPlan(*kernel, target, c.diag()); }
  /// The first line of the diagnostics without its location.
  std::string error() {
    std::string first = c.text().substr(0, c.text().find('\n'));
    size_t at = first.find("error: ");
    return at == std::string::npos ? first : first.substr(at + 7);
  }
};

std::unique_ptr<Compiled> compile(const std::string &source, const std::string &device, Stop stop,
                                  std::vector<std::string> defines = {}, int64_t gridX = 0,
                                  int64_t gridY = 0) {
  auto r = std::make_unique<Compiled>();
  r->target = *lookupTarget(device);
  if (gridX) {
    r->target.gridX = gridX;
    r->target.gridY = gridY;
  }
  unsigned id = r->c.add(source, "k.py");
  FrontendOptions opts;
  opts.defines = std::move(defines);
  r->module = parseTileLang(r->c.sm(), id, opts, r->c.diag());
  if (!r->module || !verifyModule(*r->module, r->c.diag())) {
    ADD_FAILURE() << r->c.text();
    return r;
  }
  PassContext ctx{r->c.diag(), r->target};
  PassManager pm(ctx, {}, llvm::errs());
  bool lowered = stop == Stop::Lowered;
  if (!pm.run(*r->module, lowered ? defaultPipeline() : metadataPipeline())) {
    ADD_FAILURE() << r->c.text();
    return r;
  }
  if (lowered) {
    std::optional<LoweredKernel> k = findLoweredKernel(*r->module, r->c.diag());
    EXPECT_TRUE(k) << r->c.text();
    r->kernel = k ? k->host : nullptr;
  } else {
    r->kernel = r->module->funcs.at(0);
  }
  return r;
}

std::string text(const ttplan::Plan &p) {
  std::string s;
  llvm::raw_string_ostream os(s);
  ttplan::writePlan(os, p);
  return s;
}

//===----------------------------------------------------------------------===//
// What the pipeline builds is what the runtime reads
//===----------------------------------------------------------------------===//

/// Writes `p`, reads it back with the runtime's reader and expects the same
/// Plan and, written again, the same text: the structs hold every field the
/// writer writes.
void expectRoundTrip(const ttplan::Plan &p) {
  std::string written = text(p);
  llvm::Expected<ttplan::Plan> back = ttplan::parsePlan(written);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError()) << "\n" << written;
  EXPECT_TRUE(*back == p) << written;
  EXPECT_EQ(text(*back), written);
}

TEST(PlanWriter, LoweredExamplesOnEveryDeviceReadBackEqual) {
  struct Case {
    const char *example, *device;
    int64_t activeCores, numTiles;
    const char *fidelity;
  } cases[] = {{"gemm.py", "wormhole_b0", 64, 64, "HiFi4"},
               {"gemm.py", "blackhole", 64, 64, "HiFi4"},
               {"gemm_blocked.py", "grayskull", 28, 28, "HiFi4"},
               {"gemm_transpose_b.py", "wormhole_b0", 64, 64, "HiFi4"}};
  for (const Case &c : cases) {
    SCOPED_TRACE(std::string(c.example) + " on " + c.device);
    auto r = compile(exampleSource(c.example), c.device, Stop::Lowered);
    ASSERT_TRUE(r->kernel);
    std::optional<ttplan::Plan> p = r->plan();
    ASSERT_TRUE(p) << r->c.text();
    EXPECT_EQ(p->device.name, c.device);
    EXPECT_EQ(p->schedule.activeCores, c.activeCores);
    EXPECT_EQ(p->schedule.numTiles, c.numTiles);
    ASSERT_TRUE(p->compute);
    EXPECT_EQ(p->compute->mathFidelity, c.fidelity);
    EXPECT_GT(p->compute->dstCapacity, 0);
    expectRoundTrip(*p);
  }
}

TEST(PlanWriter, MetadataPlansReadBackEqual) {
  struct Case {
    std::vector<std::string> defines;
    const char *device;
    int64_t gridX, gridY;
    bool needsPadding;
  } cases[] = {{{}, "wormhole_b0", 0, 0, false},
               {{"M=100", "N=100", "K=100"}, "wormhole_b0", 0, 0, true},
               {{"M=320", "N=320", "K=64"}, "blackhole", 0, 0, false},
               {{}, "wormhole_b0", 5, 3, false}};
  for (const Case &c : cases) {
    auto r = compile(exampleSource("gemm.py"), c.device, Stop::AfterMetadata, c.defines, c.gridX,
                     c.gridY);
    ASSERT_TRUE(r->kernel);
    std::optional<ttplan::Plan> p = r->plan();
    ASSERT_TRUE(p) << r->c.text();
    EXPECT_FALSE(p->compute); // chosen by dst-management, which --emit=plan does not run
    EXPECT_EQ(p->buffers.at(0).needsPadding, c.needsPadding);
    if (c.gridX) {
      EXPECT_EQ(p->schedule.numCores, c.gridX * c.gridY);
    }
    expectRoundTrip(*p);
  }
}

TEST(PlanWriter, LocalShardPlanReadsBackEqual) {
  auto r = compile(kShardCopy, "wormhole_b0", Stop::AfterMetadata);
  ASSERT_TRUE(r->kernel);
  std::optional<ttplan::Plan> p = r->plan();
  ASSERT_TRUE(p) << r->c.text();
  EXPECT_EQ(p->schedule.partitionMode, ttplan::PartitionMode::LocalShard);
  EXPECT_EQ(p->schedule.shardGrid, (std::array<int64_t, 2>{2, 4}));
  EXPECT_EQ(p->schedule.localShapeTiles, (std::array<int64_t, 2>{2, 2}));
  ASSERT_EQ(p->cores.size(), 8u);
  EXPECT_EQ(p->cores[1].tileOrigin, (std::array<int64_t, 2>{0, 2}));
  EXPECT_EQ(p->cores[1].tileExtent, (std::array<int64_t, 2>{2, 2}));
  ASSERT_TRUE(p->buffers[0].shard);
  EXPECT_EQ(p->buffers[0].shard->shardShape, (std::array<int64_t, 2>{64, 64}));
  EXPECT_FALSE(p->buffers[1].shard);
  expectRoundTrip(*p);
}

TEST(PlanWriter, EqualityComparesNestedFields) {
  auto r = compile(kShardCopy, "wormhole_b0", Stop::AfterMetadata);
  ASSERT_TRUE(r->kernel);
  std::optional<ttplan::Plan> p = r->plan();
  ASSERT_TRUE(p) << r->c.text();
  ttplan::Plan q = *p;
  EXPECT_TRUE(q == *p);
  q.cores[7].args.writer[0] = ttplan::Arg::makeBuffer("A");
  EXPECT_FALSE(q == *p);
  q = *p;
  q.buffers[0].shard->shardGrid[1] = 2;
  EXPECT_FALSE(q == *p);
  q = *p;
  q.compute = ttplan::Compute{};
  EXPECT_FALSE(q == *p);
}

//===----------------------------------------------------------------------===//
// The layout of the text
//===----------------------------------------------------------------------===//

/// A plan of two work units on one core with every kind of value: an L1
/// sharded and a DRAM buffer, a program without runtime arguments, a
/// circular buffer and the compute section.
ttplan::Plan smallPlan() {
  using namespace ttplan;
  Plan p;
  p.generator = "tt-llc 0.1.0";
  p.kernel = "copy";
  p.device = {"wormhole_b0", 8, 8, 1499136, 16, 12, 32, 8};
  p.kernelGrid = {2, 1};
  p.schedule.policy = "contiguous";
  p.schedule.order = "row_major";
  p.schedule.numTiles = 2;
  p.schedule.numCores = 64;
  p.schedule.activeCores = 1;
  p.schedule.coreRanges = {{0, 0, 0, 0}};
  p.runtimeArgNames = {{"A_addr", "start_id", "count"}, {}, {"B_addr", "start_id", "count"}};
  Core &c = p.cores.emplace_back();
  c.count = 2;
  c.args = {{Arg::makeBuffer("A"), Arg::makeValue(0), Arg::makeValue(2)},
            {},
            {Arg::makeBuffer("B"), Arg::makeValue(0), Arg::makeValue(2)}};
  ttplan::Buffer a;
  a.name = "A";
  a.dtype = "bfloat16";
  a.shape = a.paddedShape = {32, 64};
  a.tiles = {1, 2};
  a.memory = Memory::L1;
  a.layout = Layout::Sharded;
  a.pageSize = a.alignedPageSize = 2048;
  a.numPages = 2;
  a.numBanks = 1;
  a.alignment = 16;
  a.shard = Shard{{1, 1}, {32, 64}};
  ttplan::Buffer b = a;
  b.name = "B";
  b.paramIndex = 1;
  b.role = BufferRole::Output;
  b.memory = Memory::DRAM;
  b.layout = Layout::Interleaved;
  b.numBanks = 12;
  b.alignment = 32;
  b.shard.reset();
  p.buffers = {a, b};
  p.circularBuffers = {{0, "A_shared", CBRole::Input, "Float16_b", 2048, 2, 1, 2, 4096}};
  p.compute = Compute{true, "HiFi4", 4};
  return p;
}

TEST(PlanWriter, WritesTheExactLayout) {
  // Keys sorted at every level, two spaces per level; arrays of scalars, of
  // arrays of scalars and of one-key objects on one line; an empty array as
  // []; other objects one key per line; a newline at the end.
  EXPECT_EQ(text(smallPlan()), R"({
  "buffers": [
    {
      "aligned_page_size": 2048,
      "alignment": 16,
      "dtype": "bfloat16",
      "layout": "sharded",
      "memory": "L1",
      "name": "A",
      "needs_padding": false,
      "num_banks": 1,
      "num_pages": 2,
      "padded_shape": [32, 64],
      "page_size": 2048,
      "param_index": 0,
      "role": "input",
      "shape": [32, 64],
      "shard": {
        "shard_grid": [1, 1],
        "shard_shape": [32, 64]
      },
      "tiles": [1, 2]
    },
    {
      "aligned_page_size": 2048,
      "alignment": 32,
      "dtype": "bfloat16",
      "layout": "interleaved",
      "memory": "DRAM",
      "name": "B",
      "needs_padding": false,
      "num_banks": 12,
      "num_pages": 2,
      "padded_shape": [32, 64],
      "page_size": 2048,
      "param_index": 1,
      "role": "output",
      "shape": [32, 64],
      "tiles": [1, 2]
    }
  ],
  "circular_buffers": [
    {
      "data_format": "Float16_b",
      "depth": 2,
      "id": 0,
      "name": "A_shared",
      "num_pages": 2,
      "page_size": 2048,
      "role": "input",
      "tiles_per_block": 1,
      "total_size": 4096
    }
  ],
  "compute": {
    "dst_capacity": 4,
    "fp32_dest_acc": true,
    "math_fidelity": "HiFi4"
  },
  "cores": [
    {
      "args": {
        "compute": [],
        "reader": [{"buffer": "A"}, 0, 2],
        "writer": [{"buffer": "B"}, 0, 2]
      },
      "count": 2,
      "id": 0,
      "start": 0,
      "x": 0,
      "y": 0
    }
  ],
  "device": {
    "core_grid": [8, 8],
    "dram_alignment": 32,
    "dram_banks": 12,
    "dst_tiles": 8,
    "l1_alignment": 16,
    "l1_size": 1499136,
    "name": "wormhole_b0"
  },
  "generator": "tt-llc 0.1.0",
  "kernel": "copy",
  "kernel_grid": [2, 1],
  "runtime_args": {
    "compute": [],
    "reader": ["A_addr", "start_id", "count"],
    "writer": ["B_addr", "start_id", "count"]
  },
  "schedule": {
    "active_cores": 1,
    "core_ranges": [[0, 0, 0, 0]],
    "num_cores": 64,
    "num_tiles": 2,
    "order": "row_major",
    "partition_mode": "global",
    "policy": "contiguous"
  },
  "schema_version": 2
}
)");
  expectRoundTrip(smallPlan());
}

TEST(PlanWriter, WritesLocalShardFieldsOnlyWhenPresent) {
  ttplan::Plan p = smallPlan();
  p.compute.reset();
  p.schedule.partitionMode = ttplan::PartitionMode::LocalShard;
  p.schedule.shardGrid = {1, 1};
  p.schedule.localShapeTiles = {1, 2};
  p.schedule.coreRanges = {{0, 0, 0, 0}, {1, 0, 3, 1}};
  p.cores[0].tileOrigin = {0, 0};
  p.cores[0].tileExtent = {1, 2};
  std::string s = text(p);
  EXPECT_EQ(s.find("\"compute\": {"), std::string::npos);
  EXPECT_NE(s.find("\n    \"core_ranges\": [[0, 0, 0, 0], [1, 0, 3, 1]],\n"), std::string::npos)
      << s;
  EXPECT_NE(s.find("\n    \"local_shape_tiles\": [1, 2],\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\n    \"partition_mode\": \"local_shard\",\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\n    \"shard_grid\": [1, 1]\n  },\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\n      \"start\": 0,\n      \"tile_extent\": [1, 2],\n      \"tile_origin\": "
                   "[0, 0],\n      \"x\": 0,\n"),
            std::string::npos)
      << s;
  llvm::json::Value v = ttplan::toJSON(smallPlan());
  const llvm::json::Object &top = *v.getAsObject();
  EXPECT_FALSE(top.getObject("schedule")->get("shard_grid"));
  EXPECT_FALSE(top.getObject("schedule")->get("local_shape_tiles"));
  EXPECT_FALSE((*top.getArray("cores"))[0].getAsObject()->get("tile_origin"));
  EXPECT_FALSE((*top.getArray("buffers"))[1].getAsObject()->get("shard"));
  EXPECT_EQ(top.getInteger("schema_version"), ttplan::kPlanSchemaVersion);
}

TEST(PlanWriter, WritesStringsEscaped) {
  ttplan::Plan p = smallPlan();
  p.generator = "tt-llc \"dev\"\n";
  std::string s = text(p);
  EXPECT_NE(s.find("\n  \"generator\": \"tt-llc \\\"dev\\\"\\n\",\n"), std::string::npos) << s;
  llvm::Expected<ttplan::Plan> back = ttplan::parsePlan(s);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->generator, p.generator);
}

//===----------------------------------------------------------------------===//
// Metadata the plan cannot be built from
//===----------------------------------------------------------------------===//

/// The error of building the plan of the local_shard kernel after `edit`
/// changed its function's metadata.
std::string errorAfter(void (*edit)(AttrDict &)) {
  auto r = compile(kShardCopy, "wormhole_b0", Stop::AfterMetadata);
  if (!r->kernel)
    return "no kernel";
  edit(r->kernel->attrs);
  if (r->plan())
    return "built a plan";
  EXPECT_NE(r->c.text().find("k.py:5:1: error: "), std::string::npos) << r->c.text();
  return r->error();
}

/// The error of building the plan of the local_shard kernel after `edit`
/// changed the metadata of its buffer A.
std::string errorAfterBufferEdit(void (*edit)(AttrDict &)) {
  auto r = compile(kShardCopy, "wormhole_b0", Stop::AfterMetadata);
  if (!r->kernel)
    return "no kernel";
  edit(r->kernel->bufferParams().at(0)->attrs);
  if (r->plan())
    return "built a plan";
  EXPECT_NE(r->c.text().find("k.py:5:1: error: "), std::string::npos) << r->c.text();
  return r->error();
}

/// Sets `field` of the dictionary attribute `key` of `a` to `value`, or
/// erases it when `value` is null.
void setField(AttrDict &a, const char *key, const char *field, const AttrValue *value) {
  AttrDict d = a.get(key)->getDict();
  if (value)
    d.set(field, *value);
  else
    d.erase(field);
  a.set(key, d);
}

TEST(BuildPlan, MissingOrMalformedMetadataIsOneLocatedError) {
  const std::string prefix = "cannot write the plan of 'shard_copy': ";
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.erase("tt.cb_descriptors"); }),
            prefix + "the function has no 'tt.cb_descriptors' (the metadata passes of the default "
                     "pipeline add it)");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.erase("tt.shard_grid"); }),
            prefix + "the function has no 'tt.shard_grid' (the metadata passes of the default "
                     "pipeline add it)");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.set("tt.core_ranges", "all"); }),
            prefix + "'tt.core_ranges' of the function is not a list of [x0, y0, x1, y1] lists");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.set("tt.partition_mode", "diagonal"); }),
            prefix + "'tt.partition_mode' of the function is not one of 'global', 'local_shard'");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.set("tt.local_shape_tiles", AttrValue::ints({2})); }),
            prefix + "'tt.local_shape_tiles' of the function is not a list of 2 integers");
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              a.set("tt.work_partition", AttrValue::List{AttrValue::ints({0, 0, 0})});
            }),
            prefix + "'tt.work_partition' of the function is not a list of lists of 4 or 8 "
                     "integers");
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrDict names = a.get("tt.runtime_args")->getDict();
              names.erase("compute");
              a.set("tt.runtime_args", names);
            }),
            prefix + "the function's tt.runtime_args has no 'compute' (the metadata passes of the "
                     "default pipeline add it)");
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrDict names = a.get("tt.runtime_args")->getDict();
              names.set("compute", AttrValue::List{AttrValue(int64_t(1))});
              a.set("tt.runtime_args", names);
            }),
            prefix + "'tt.runtime_args' of the function is not a dictionary of reader, compute "
                     "and writer name lists");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.set("tt_grid_x", int64_t(1) << 32); }),
            prefix + "runtime argument 'grid_x' of core (0, 0) is 4294967296, outside [0, 2^32)");
}

TEST(BuildPlan, MalformedDictionaryNamesItsField) {
  const std::string prefix = "cannot write the plan of 'shard_copy': ";
  const std::string addIt = " (the metadata passes of the default pipeline add it)";
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) {
              AttrValue text("large");
              setField(a, "tt_tensor_accessor", "page_size", &text);
            }),
            prefix + "'page_size' of buffer 'A''s tt_tensor_accessor is not an integer");
  EXPECT_EQ(errorAfterBufferEdit(
                [](AttrDict &a) { setField(a, "tt_tensor_accessor", "num_banks", nullptr); }),
            prefix + "buffer 'A''s tt_tensor_accessor has no 'num_banks'" + addIt);
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) { a.set("tt_tensor_accessor", int64_t(1)); }),
            prefix + "'tt_tensor_accessor' of buffer 'A' is not a dictionary");
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) {
              AttrValue hbm("HBM");
              setField(a, "tt.layout_desc", "memory", &hbm);
            }),
            prefix + "'memory' of buffer 'A''s tt.layout_desc is not one of 'DRAM', 'L1'");
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) {
              AttrDict nd = a.get("tt.layout_desc")->getDict().get("nd_shard")->getDict();
              nd.erase("shard_grid");
              AttrValue v(nd);
              setField(a, "tt.layout_desc", "nd_shard", &v);
            }),
            prefix + "buffer 'A''s tt.layout_desc's nd_shard has no 'shard_grid'" + addIt);
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) { a.set("tt_role", "sideways"); }),
            prefix + "'tt_role' of buffer 'A' is not one of 'input', 'output', 'inout', 'unused'");
  EXPECT_EQ(errorAfterBufferEdit([](AttrDict &a) { a.erase("tt_num_tiles_width"); }),
            prefix + "buffer 'A' has no 'tt_num_tiles_width'" + addIt);

  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrDict cbs = a.get("tt.cb_descriptors")->getDict();
              AttrDict cb0 = cbs.get("cb_0")->getDict();
              cb0.erase("page_size");
              cbs.set("cb_0", cb0);
              a.set("tt.cb_descriptors", cbs);
            }),
            prefix + "cb_0 has no 'page_size'" + addIt);
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrValue both("both");
              AttrDict cbs = a.get("tt.cb_descriptors")->getDict();
              AttrDict cb0 = cbs.get("cb_0")->getDict();
              cb0.set("role", both);
              cbs.set("cb_0", cb0);
              a.set("tt.cb_descriptors", cbs);
            }),
            prefix + "'role' of cb_0 is not one of 'input', 'output', 'intermediate'");
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrDict cbs = a.get("tt.cb_descriptors")->getDict();
              AttrValue cb0 = *cbs.get("cb_0");
              cbs.erase("cb_0");
              cbs.set("cb_5", cb0);
              a.set("tt.cb_descriptors", cbs);
            }),
            prefix + "'cb_5' of the function's tt.cb_descriptors is not the key of its cb_id 0 "
                     "('cb_0')");
  EXPECT_EQ(errorAfter([](AttrDict &a) {
              AttrDict names = a.get("tt.runtime_args")->getDict();
              names.set("dispatch", AttrValue::List{});
              a.set("tt.runtime_args", names);
            }),
            prefix + "'tt.runtime_args' of the function is not a dictionary of reader, compute "
                     "and writer name lists");
  EXPECT_EQ(errorAfter([](AttrDict &a) { a.set("tt.work_partition", int64_t(3)); }),
            prefix + "'tt.work_partition' of the function is not a list of lists of 4 or 8 "
                     "integers");
}

} // namespace
