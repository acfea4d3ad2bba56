//===- tests/unit/PassesTest.cpp - metadata passes on IR built in C++ -----===//

#include "TestUtil.h"

#include "backend/Plan.h"
#include "ir/IROperators.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "passes/Pipeline.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

/// C[M, N] = A[M, K] @ B[K, N] with block x block x block blocks, built in
/// C++ the way the frontend builds examples/gemm.py.
Module gemmModule(int64_t M, int64_t N, int64_t K, int64_t block = 32,
                  DType out = DType::BFloat16) {
  llvm::SMLoc no;
  Buffer A = makeBuffer("A", {M, K}, DType::BFloat16, Scope::Global);
  Buffer B = makeBuffer("B", {K, N}, DType::BFloat16, Scope::Global);
  Buffer C = makeBuffer("C", {M, N}, out, Scope::Global);
  Buffer As = makeBuffer("A_shared", {block, block}, DType::BFloat16, Scope::Shared);
  Buffer Bs = makeBuffer("B_shared", {block, block}, DType::BFloat16, Scope::Shared);
  Buffer Cl = makeBuffer("C_local", {block, block}, DType::Float32, Scope::Fragment);
  Var bx = makeVar("bx"), by = makeVar("by"), k = makeVar("k");
  auto region = [&](Buffer b, Expr r, Expr c) {
    Region reg;
    reg.buffer = b;
    reg.starts = {r, c};
    reg.extents = {block, block};
    return reg;
  };
  Expr blk = intImm(block);
  Stmt loopBody = seq({
      std::make_shared<const CopyNode>(region(A, mul(by, blk), mul(k, blk)), Region::full(As), no),
      std::make_shared<const CopyNode>(region(B, mul(k, blk), mul(bx, blk)), Region::full(Bs), no),
      std::make_shared<const GemmNode>(Region::full(As), Region::full(Bs), Region::full(Cl), false,
                                       false, false, no),
  });
  Stmt body = seq({
      std::make_shared<const AllocNode>(As, no),
      std::make_shared<const AllocNode>(Bs, no),
      std::make_shared<const AllocNode>(Cl, no),
      std::make_shared<const FillNode>(Region::full(Cl), intImm(0), no),
      std::make_shared<const ForNode>(k, intImm(0), intImm(ceilDivInt(K, block)),
                                      ForKind::Pipelined, 2, loopBody, no),
      std::make_shared<const CopyNode>(Region::full(Cl), region(C, mul(by, blk), mul(bx, blk)), no),
  });
  auto f = std::make_shared<PrimFunc>();
  f->name = "gemm";
  f->params = {A, B, C};
  f->body = std::make_shared<const KernelNode>(
      std::vector<Expr>{intImm(ceilDivInt(N, block)), intImm(ceilDivInt(M, block))},
      std::vector<Var>{bx, by}, body, no);
  Module m;
  m.funcs.push_back(f);
  return m;
}

struct Compiled {
  Module module;
  std::string diags;
  bool ok;
  const PrimFunc &func() const { return *module.funcs[0]; }
  const BufferNode &buffer(size_t i) const { return *func().bufferParams()[i]; }
};

Compiled runPipeline(Module m, const std::string &device = "wormhole_b0", int64_t gridX = 0,
                     int64_t gridY = 0) {
  test::Captured c;
  TargetInfo t = *lookupTarget(device);
  if (gridX) {
    t.gridX = gridX;
    t.gridY = gridY;
  }
  PassContext ctx{c.diag(), t};
  PassManager pm(ctx, {}, llvm::errs());
  bool ok = pm.run(m, metadataPipeline());
  return {std::move(m), c.text(), ok};
}

std::vector<std::vector<int64_t>> perCore(const PrimFunc &f) {
  std::vector<std::vector<int64_t>> out;
  for (const AttrValue &v : f.attrs.get("tt_tiles_per_core")->getList())
    out.push_back(*v.getInts());
  return out;
}

/// tt-metal's split_work_to_cores, written independently of the pass.
std::vector<std::vector<int64_t>> expectedSplit(int64_t tiles, int64_t cores) {
  std::vector<std::vector<int64_t>> out;
  int64_t start = 0;
  for (int64_t c = 0; c < cores; ++c) {
    int64_t n = tiles / cores + (c < tiles % cores);
    out.push_back({start, n});
    start += n;
  }
  return out;
}

TEST(Schedule, AlignedGrid256) {
  Compiled r = runPipeline(gemmModule(256, 256, 256));
  ASSERT_TRUE(r.ok) << r.diags;
  const AttrDict &a = r.func().attrs;
  EXPECT_EQ(a.getInt("tt_grid_x"), 8);
  EXPECT_EQ(a.getInt("tt_grid_y"), 8);
  EXPECT_EQ(a.getInt("tt_num_tiles"), 64);
  EXPECT_EQ(a.get("tt.core_grid")->getInts(), (std::vector<int64_t>{8, 8}));
  auto pc = perCore(r.func());
  ASSERT_EQ(pc.size(), 64u);
  for (int64_t c = 0; c < 64; ++c)
    EXPECT_EQ(pc[size_t(c)], (std::vector<int64_t>{c, 1}));
}

TEST(Schedule, FourPerCoreAt512) {
  Compiled r = runPipeline(gemmModule(512, 512, 512));
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.func().attrs.getInt("tt_num_tiles"), 256);
  auto pc = perCore(r.func());
  ASSERT_EQ(pc.size(), 64u);
  for (const auto &x : pc)
    EXPECT_EQ(x[1], 4);
}

TEST(Schedule, SingleTileRunsOnCoreZero) {
  Compiled r = runPipeline(gemmModule(32, 32, 32));
  ASSERT_TRUE(r.ok) << r.diags;
  auto pc = perCore(r.func());
  EXPECT_EQ(pc[0], (std::vector<int64_t>{0, 1}));
  for (size_t c = 1; c < pc.size(); ++c)
    EXPECT_EQ(pc[c][1], 0) << "core " << c;
}

TEST(Schedule, UnevenSplitsMatchSplitWorkToCores) {
  struct Case {
    int64_t m, n, gx, gy;
  } cases[] = {{320, 320, 8, 8}, {96, 1024, 8, 8}, {2048, 64, 13, 10}, {160, 160, 3, 7}};
  for (const Case &c : cases) {
    Compiled r = runPipeline(gemmModule(c.m, c.n, 64), "wormhole_b0", c.gx, c.gy);
    ASSERT_TRUE(r.ok) << r.diags;
    int64_t tiles = ceilDivInt(c.m, 32) * ceilDivInt(c.n, 32);
    EXPECT_EQ(r.func().attrs.getInt("tt_num_tiles"), tiles);
    EXPECT_EQ(perCore(r.func()), expectedSplit(tiles, c.gx * c.gy)) << c.m << "x" << c.n;
  }
  // The seeds' case: 100 tiles on 64 cores, 36 cores with two and 28 with one.
  auto pc = perCore(runPipeline(gemmModule(320, 320, 64)).func());
  EXPECT_EQ(std::count_if(pc.begin(), pc.end(), [](auto &x) { return x[1] == 2; }), 36);
  EXPECT_EQ(std::count_if(pc.begin(), pc.end(), [](auto &x) { return x[1] == 1; }), 28);
}

TEST(Schedule, BlackholeGrid) {
  Compiled r = runPipeline(gemmModule(256, 256, 256), "blackhole");
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.func().attrs.get("tt.core_grid")->getInts(), (std::vector<int64_t>{13, 10}));
  EXPECT_EQ(perCore(r.func()), expectedSplit(64, 130));
  EXPECT_EQ(r.func().attrs.get("tt.core_ranges")->getList().size(), 2u);
}

TEST(Shard, PaddingOf100) {
  Compiled r = runPipeline(gemmModule(100, 100, 100));
  ASSERT_TRUE(r.ok) << r.diags;
  const BufferNode &A = r.buffer(0);
  EXPECT_EQ(A.attrs.getString("tt_layout"), "dram_interleaved");
  EXPECT_EQ(A.attrs.get("tt_tile_shape")->getInts(), (std::vector<int64_t>{32, 32}));
  EXPECT_EQ(A.attrs.getBool("tt_needs_padding"), true);
  EXPECT_EQ(A.attrs.get("tt_padded_shape")->getInts(), (std::vector<int64_t>{128, 128}));
  EXPECT_EQ(A.attrs.getInt("tt_num_tiles_height"), 4);
  EXPECT_EQ(A.attrs.getInt("tt_num_tiles_width"), 4);
  const AttrDict &acc = A.attrs.get("tt_tensor_accessor")->getDict();
  EXPECT_EQ(acc.getInt("num_pages"), 16);
  EXPECT_EQ(acc.getInt("page_size"), 2048);
  EXPECT_EQ(acc.getInt("num_banks"), 12);
  EXPECT_EQ(acc.getInt("pages_per_bank"), 2);
}

TEST(Shard, RectangularTileCounts) {
  Compiled r = runPipeline(gemmModule(512, 256, 128));
  ASSERT_TRUE(r.ok) << r.diags;
  auto tiles = [&](size_t i) {
    return std::vector<int64_t>{*r.buffer(i).attrs.getInt("tt_num_tiles_height"),
                                *r.buffer(i).attrs.getInt("tt_num_tiles_width")};
  };
  EXPECT_EQ(tiles(0), (std::vector<int64_t>{16, 4}));
  EXPECT_EQ(tiles(1), (std::vector<int64_t>{4, 8}));
  EXPECT_EQ(tiles(2), (std::vector<int64_t>{16, 8}));
  EXPECT_EQ(r.buffer(0).attrs.getBool("tt_needs_padding"), false);
  EXPECT_EQ(r.func().attrs.getInt("tt_kt_tiles"), 4);
}

TEST(Shard, RolesComeFromDataflow) {
  Compiled r = runPipeline(gemmModule(64, 64, 64));
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.buffer(0).attrs.getString("tt_role"), "input");
  EXPECT_EQ(r.buffer(1).attrs.getString("tt_role"), "input");
  EXPECT_EQ(r.buffer(2).attrs.getString("tt_role"), "output");
  const AttrDict &args = r.func().attrs.get("tt.runtime_args")->getDict();
  auto names = [&](const char *p) {
    std::vector<std::string> out;
    for (const AttrValue &v : args.get(p)->getList())
      out.push_back(v.getString());
    return out;
  };
  EXPECT_EQ(names("reader"), (std::vector<std::string>{"A_addr", "B_addr", "start_id", "count",
                                                       "grid_x", "grid_y", "Kt"}));
  EXPECT_EQ(names("compute"),
            (std::vector<std::string>{"start_id", "count", "grid_x", "grid_y", "Kt"}));
  EXPECT_EQ(names("writer"),
            (std::vector<std::string>{"C_addr", "start_id", "count", "grid_x", "grid_y"}));
}

TEST(Layout, CircularBuffersOfTheGemm) {
  Compiled r = runPipeline(gemmModule(256, 256, 256, 64, DType::Float32));
  ASSERT_TRUE(r.ok) << r.diags;
  const AttrDict &cbs = r.func().attrs.get("tt.cb_descriptors")->getDict();
  std::vector<std::string> keys;
  for (const auto &[k, v] : cbs)
    keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"cb_0", "cb_1", "cb_16"}));
  const AttrDict &in0 = cbs.get("cb_0")->getDict();
  EXPECT_EQ(in0.getString("buffer"), "A_shared");
  EXPECT_EQ(in0.getString("data_format"), "Float16_b");
  EXPECT_EQ(in0.getInt("tiles_per_block"), 4); // 64x64 block = 2x2 tiles
  EXPECT_EQ(in0.getInt("num_pages"), 8);
  EXPECT_EQ(in0.getInt("total_size"), 8 * 2048);
  const AttrDict &out = cbs.get("cb_16")->getDict();
  EXPECT_EQ(out.getString("buffer"), "C_local");
  EXPECT_EQ(out.getString("role"), "output");
  EXPECT_EQ(out.getString("data_format"), "Float32"); // C's format, not the accumulator's
  EXPECT_EQ(out.getInt("page_size"), 4096);
}

TEST(Layout, L1BufferThatDoesNotFit) {
  Module m = gemmModule(4096, 4096, 4096);
  Buffer A = m.funcs[0]->bufferParams()[0];
  AttrDict desc;
  desc.set("memory", "L1");
  A->attrs.set("tt.layout_desc", desc);
  Compiled r = runPipeline(std::move(m), "wormhole_b0", 1, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags, "error: buffer 'A': needs 33554432 bytes (32768 KiB) of L1 per core, more "
                     "than the 1499136 bytes (1464 KiB) of wormhole_b0\n");
}

TEST(Pipeline, PreservesMetadataOfEarlierPassesAndUsers) {
  Module m = gemmModule(128, 128, 128);
  m.funcs[0]->attrs.set("user_note", "keep me");
  Compiled r = runPipeline(std::move(m));
  ASSERT_TRUE(r.ok) << r.diags;
  const AttrDict &a = r.func().attrs;
  EXPECT_EQ(a.getString("tt_schedule_policy"), "contiguous");
  EXPECT_EQ(a.getString("tt_schedule_order"), "row_major");
  EXPECT_EQ(a.getString("tt_layout_type"), "dram_interleaved");
  EXPECT_EQ(a.getInt("tt_num_tiles"), 16);
  EXPECT_TRUE(a.has("tt_tiles_per_core"));
  EXPECT_TRUE(a.has("tt.work_partition"));
  EXPECT_EQ(a.getString("user_note"), "keep me");
  for (const Buffer &b : r.func().bufferParams()) {
    EXPECT_EQ(b->attrs.getString("tt_layout"), "dram_interleaved") << b->name;
    EXPECT_TRUE(b->attrs.has("tt.layout_desc")) << b->name;
  }
}

TEST(Plan, CoresAndArgumentsOfTheUnevenSplit) {
  Compiled r = runPipeline(gemmModule(320, 320, 64));
  ASSERT_TRUE(r.ok) << r.diags;
  test::Captured c;
  auto plan = buildPlan(r.func(), *lookupTarget("wormhole_b0"), c.diag());
  ASSERT_TRUE(plan) << c.text();
  EXPECT_EQ(plan->schemaVersion, ttplan::kPlanSchemaVersion);
  const std::vector<ttplan::Core> &cores = plan->cores;
  ASSERT_EQ(cores.size(), 64u);
  const ttplan::Core &c35 = cores[35];
  EXPECT_EQ(c35.x, 3);
  EXPECT_EQ(c35.y, 4);
  EXPECT_EQ(c35.start, 70);
  EXPECT_EQ(c35.count, 2);
  // start_id, count, grid_x, grid_y, Kt
  std::vector<int64_t> vals;
  for (const ttplan::Arg &v : c35.args.compute)
    vals.push_back(v.value);
  EXPECT_EQ(vals, (std::vector<int64_t>{70, 2, 10, 10, 2}));
  const ttplan::Core &c36 = cores[36];
  EXPECT_EQ(c36.start, 72);
  EXPECT_EQ(c36.count, 1);
}

} // namespace

#include "plan/Plan.h"

namespace {

/// Every plan the compiler writes is one the runtime accepts, with the same
/// schedule.
TEST(Plan, TheRuntimeReadsWhatTheCompilerWrites) {
  struct Case {
    int64_t m, n, k, block;
    const char *device;
    int64_t gx, gy;
  } cases[] = {{256, 256, 256, 32, "wormhole_b0", 0, 0}, {32, 32, 32, 32, "wormhole_b0", 0, 0},
               {100, 100, 100, 32, "wormhole_b0", 0, 0}, {320, 320, 64, 32, "wormhole_b0", 0, 0},
               {512, 256, 128, 64, "blackhole", 0, 0},   {1024, 1024, 64, 128, "grayskull", 0, 0},
               {256, 256, 256, 32, "wormhole_b0", 5, 3}};
  for (const Case &c : cases) {
    Compiled r = runPipeline(gemmModule(c.m, c.n, c.k, c.block), c.device, c.gx, c.gy);
    ASSERT_TRUE(r.ok) << r.diags;
    TargetInfo t = *lookupTarget(c.device);
    if (c.gx) {
      t.gridX = c.gx;
      t.gridY = c.gy;
    }
    test::Captured diag;
    auto plan = buildPlan(r.func(), t, diag.diag());
    ASSERT_TRUE(plan) << diag.text();
    std::string text;
    llvm::raw_string_ostream os(text);
    ttplan::writePlan(os, *plan);
    llvm::Expected<ttplan::Plan> back = ttplan::parsePlan(text);
    ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError()) << "\n" << text;
    int64_t tiles = ceilDivInt(c.m, c.block) * ceilDivInt(c.n, c.block);
    EXPECT_EQ(back->schedule.numTiles, tiles);
    EXPECT_EQ(back->schedule.numCores, t.numCores());
    EXPECT_EQ(int64_t(back->cores.size()), std::min(tiles, t.numCores()));
    EXPECT_EQ(back->device.name, c.device);
  }
}

} // namespace

namespace {

TEST(Plan, TheRuntimeReadsLocalShardPlans) {
  Module m = gemmModule(256, 256, 256);
  AttrDict nd, desc;
  nd.set("shard_grid", AttrValue::ints({1, 3})); // three row shards: 3 + 3 + 2 block rows
  nd.set("shard_shape", AttrValue::ints({96, 256}));
  desc.set("memory", "L1");
  desc.set("layout", "sharded");
  desc.set("nd_shard", nd);
  m.funcs[0]->bufferParams()[0]->attrs.set("tt.layout_desc", desc);
  Compiled r = runPipeline(std::move(m));
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.func().attrs.getString("tt.partition_mode"), "local_shard");
  test::Captured diag;
  auto plan = buildPlan(r.func(), *lookupTarget("wormhole_b0"), diag.diag());
  ASSERT_TRUE(plan) << diag.text();
  std::string text;
  llvm::raw_string_ostream os(text);
  ttplan::writePlan(os, *plan);
  llvm::Expected<ttplan::Plan> back = ttplan::parsePlan(text);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError()) << "\n" << text;
  ASSERT_EQ(back->cores.size(), 3u);
  EXPECT_EQ(back->cores[0].count, 24); // 3 block rows x 8 columns
  EXPECT_EQ(back->cores[2].count, 16); // the edge shard: 2 block rows
  EXPECT_EQ(back->cores[2].start, 48);
}

} // namespace

namespace {

bool runOne(Module &m, const char *pass, test::Captured &c) {
  PassContext ctx{c.diag(), *lookupTarget("wormhole_b0")};
  PassManager pm(ctx, {}, llvm::errs());
  return pm.run(m, {llvm::cantFail(findPass(pass))});
}

TEST(Defaults, StampsMissingAttributesAndKeepsTheUsers) {
  Module m = gemmModule(64, 64, 64);
  m.funcs[0]->attrs.set("tt_schedule_order", "column_major"); // kept, rejected later
  test::Captured c;
  ASSERT_TRUE(runOne(m, "apply-tt-defaults", c)) << c.text();
  const AttrDict &a = m.funcs[0]->attrs;
  EXPECT_EQ(a.getString("tt_schedule_policy"), "contiguous");
  EXPECT_EQ(a.getString("tt_schedule_order"), "column_major");
  EXPECT_EQ(a.getString("tt_layout_type"), "dram_interleaved");
  EXPECT_EQ(a.getInt("tt_tile_height"), 32);
  EXPECT_EQ(a.getInt("tt_tile_width"), 32);
  EXPECT_FALSE(runOne(m, "infer-tt-schedule", c));
  EXPECT_EQ(c.text(), "error: unsupported tt_schedule_order 'column_major' (supported: "
                      "'row_major')\n");
}

TEST(Defaults, RejectsAttributesOfTheWrongType) {
  Module m = gemmModule(64, 64, 64);
  m.funcs[0]->attrs.set("tt_tile_width", "64");
  test::Captured c;
  EXPECT_FALSE(runOne(m, "apply-tt-defaults", c));
  EXPECT_EQ(c.text(), "error: tt_tile_width must be an integer, like 32\n");
}

TEST(Layout, FunctionAndBufferAnnotationsMerge) {
  Module m = gemmModule(256, 256, 256);
  Buffer B = m.funcs[0]->bufferParams()[1];
  AttrDict fromFunc, fromBuffer;
  fromFunc.set("memory", "L1");
  fromFunc.set("layout", "interleaved");
  fromBuffer.set("layout", "interleaved");
  m.funcs[0]->attrs.set("tt.buffer.B", fromFunc);
  B->attrs.set("tt.layout_desc", fromBuffer);
  Compiled r = runPipeline(std::move(m));
  ASSERT_TRUE(r.ok) << r.diags;
  const AttrDict &d = r.buffer(1).attrs.get("tt.layout_desc")->getDict();
  EXPECT_EQ(d.getString("memory"), "L1");
  EXPECT_EQ(d.getString("layout"), "interleaved");
  EXPECT_EQ(d.getString("dtype"), "bfloat16");
  // Its pages now live in the 64 cores' L1 banks.
  const AttrDict &acc = r.buffer(1).attrs.get("tt_tensor_accessor")->getDict();
  EXPECT_EQ(acc.getInt("num_banks"), 64);
  EXPECT_EQ(acc.getInt("alignment"), 16);
  EXPECT_EQ(acc.getInt("pages_per_bank"), 1);
  EXPECT_EQ(r.buffer(0).attrs.get("tt.layout_desc")->getDict().getString("memory"), "DRAM");
}

} // namespace
