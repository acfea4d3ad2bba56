//===- tests/unit/MetadataTest.cpp - typed attribute keys (ir/Metadata.h) -===//

#include "ir/Metadata.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

TEST(Metadata, KeysKeepTheSeedNames) {
  EXPECT_STREQ(md::kSchedulePolicy.name(), "tt_schedule_policy");
  EXPECT_STREQ(md::kNumTiles.name(), "tt_num_tiles");
  EXPECT_STREQ(md::kTilesPerCore.name(), "tt_tiles_per_core");
  EXPECT_STREQ(md::kLayout.name(), "tt_layout");
  EXPECT_STREQ(md::kPaddedShape.name(), "tt_padded_shape");
  EXPECT_STREQ(md::kLayoutDesc.name(), "tt.layout_desc");
  EXPECT_STREQ(md::kCBDescriptors.name(), "tt.cb_descriptors");
  EXPECT_STREQ(md::kPartitionMode.name(), "tt.partition_mode");
  EXPECT_STREQ(md::kCoreRanges.name(), "tt.core_ranges");
  EXPECT_STREQ(md::kWorkPartition.name(), "tt.work_partition");
}

TEST(Metadata, ScalarsAndListsAreStoredAsPlainAttributes) {
  PrimFunc f;
  md::kNumTiles.set(f, 100);
  md::kTilesPerCore.set(f, {{0, 2}, {2, 1}});
  md::kGemmSubBlock.set(f, {1, 4});
  EXPECT_EQ(f.attrs.getInt("tt_num_tiles"), 100);
  EXPECT_EQ(*f.attrs.get("tt_tiles_per_core"),
            AttrValue(AttrValue::List{AttrValue::ints({0, 2}), AttrValue::ints({2, 1})}));
  EXPECT_EQ(f.attrs.get("tt.gemm_subblock")->getInts(), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(md::kNumTiles.get(f), 100);
  EXPECT_EQ(md::kTilesPerCore.get(f), (std::vector<md::TileRange>{{0, 2}, {2, 1}}));
  EXPECT_EQ(md::kGemmSubBlock.get(f), (md::Int2{1, 4}));
}

TEST(Metadata, WorkPartitionHasFourOrEightInts) {
  PrimFunc f;
  std::vector<md::CoreWork> work = {{0, 0, 0, 4, md::CoreWork::ShardBlocks{0, 0, 2, 2}},
                                    {1, 0, 2, 4, md::CoreWork::ShardBlocks{0, 2, 2, 2}}};
  md::kWorkPartition.set(f, work);
  EXPECT_EQ(f.attrs.get("tt.work_partition")->getList()[1].getInts(),
            (std::vector<int64_t>{1, 0, 2, 4, 0, 2, 2, 2}));
  EXPECT_EQ(md::kWorkPartition.get(f), work);
  std::vector<md::CoreWork> global = {{3, 1, 11, 1, std::nullopt}};
  md::kWorkPartition.set(f, global);
  EXPECT_EQ(f.attrs.get("tt.work_partition")->getList()[0].getInts(),
            (std::vector<int64_t>{3, 1, 11, 1}));
  EXPECT_EQ(md::kWorkPartition.get(f), global);
}

TEST(Metadata, CBDescriptorsAreKeyedByCBAndReadInIdOrder) {
  PrimFunc f;
  md::CBDescriptor out{16, "C_local", "output", "Float16_b", 2048, 1, 2, 2, 4096};
  md::CBDescriptor in{2, "A_shared", "input", "Float16_b", 2048, 4, 2, 8, 16384};
  md::kCBDescriptors.set(f, {out, in});
  const AttrDict &d = f.attrs.get("tt.cb_descriptors")->getDict();
  ASSERT_TRUE(d.has("cb_16"));
  EXPECT_EQ(d.get("cb_2")->getDict().getInt("total_size"), 16384);
  EXPECT_EQ(d.get("cb_16")->getDict().getString("data_format"), "Float16_b");
  // "cb_16" sorts before "cb_2" in the dict; the typed list is by id.
  EXPECT_EQ(md::kCBDescriptors.get(f), (std::vector<md::CBDescriptor>{in, out}));
  EXPECT_EQ(md::parseCBKey("cb_16"), 16);
  EXPECT_EQ(md::parseCBKey("cb_"), std::nullopt);
  EXPECT_EQ(md::parseCBKey("cb_1x"), std::nullopt);
  EXPECT_EQ(md::parseCBKey("16"), std::nullopt);
}

TEST(Metadata, BufferDictsRoundTrip) {
  BufferNode b;
  md::TensorAccessor acc = md::TensorAccessor::interleaved(2048, 16, 12, 64);
  EXPECT_EQ(acc.alignedPageSize, 2048);
  EXPECT_EQ(acc.pagesPerBank, 2);
  md::kTensorAccessor.set(b, acc);
  EXPECT_EQ(b.attrs.get("tt_tensor_accessor")->getDict().getInt("num_banks"), 12);
  EXPECT_EQ(md::kTensorAccessor.get(b), acc);
  EXPECT_EQ(md::TensorAccessor::interleaved(2000, 5, 2, 64).alignedPageSize, 2048);

  md::LayoutDesc desc{"L1", "sharded", {32, 32}, "bfloat16", md::NdShard{{1, 8}, {32, 256}}};
  md::kLayoutDesc.set(b, desc);
  const AttrDict &d = b.attrs.get("tt.layout_desc")->getDict();
  EXPECT_EQ(d.get("nd_shard")->getDict().get("shard_shape")->getInts(),
            (std::vector<int64_t>{32, 256}));
  EXPECT_EQ(md::kLayoutDesc.get(b), desc);
  EXPECT_TRUE(md::kLayoutDesc.get(b)->isL1());
}

TEST(Metadata, ValuesOfAnotherTypeReadAsAbsent) {
  PrimFunc f;
  f.attrs.set("tt_num_tiles", "64");
  f.attrs.set("tt.gemm_subblock", AttrValue::ints({1, 2, 3}));
  f.attrs.set("tt_tiles_per_core", AttrValue(AttrValue::List{AttrValue::ints({0, 1, 2})}));
  AttrDict args;
  args.set("reader", AttrValue(AttrValue::List{AttrValue("A_addr"), AttrValue(3)}));
  f.attrs.set("tt.runtime_args", args);
  AttrDict cbs;
  cbs.set("cbx", AttrDict());
  f.attrs.set("tt.cb_descriptors", cbs);
  EXPECT_TRUE(md::kNumTiles.has(f));
  EXPECT_EQ(md::kNumTiles.get(f), std::nullopt);
  EXPECT_EQ(md::kGemmSubBlock.get(f), std::nullopt);
  EXPECT_EQ(md::kTilesPerCore.get(f), std::nullopt);
  EXPECT_EQ(md::kRuntimeArgs.get(f), std::nullopt);
  EXPECT_EQ(md::kCBDescriptors.get(f), std::nullopt);
  EXPECT_FALSE(md::kKtTiles.has(f));
  EXPECT_EQ(md::kKtTiles.get(f), std::nullopt);
}

TEST(Metadata, RuntimeArgsWithoutAProgramListHaveNone) {
  PrimFunc f;
  AttrDict args;
  args.set("reader", AttrValue(AttrValue::List{AttrValue("A_addr"), AttrValue("count")}));
  f.attrs.set("tt.runtime_args", args);
  auto r = md::kRuntimeArgs.get(f);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reader, (std::vector<std::string>{"A_addr", "count"}));
  EXPECT_TRUE(r->compute.empty());
  EXPECT_TRUE(r->writer.empty());
}

TEST(Metadata, CompleteLayoutDescFillsDefaultsAndNamesTheFirstProblem) {
  std::string error;
  AttrDict user;
  user.set("memory", "L1");
  AttrValue a(user);
  auto desc = md::completeLayoutDesc({nullptr, &a}, DType::Float32, error);
  ASSERT_TRUE(desc) << error;
  EXPECT_EQ(*desc, (md::LayoutDesc{"L1", "interleaved", {32, 32}, "float32", std::nullopt}));

  AttrDict sharded;
  sharded.set("layout", "sharded");
  AttrValue s(sharded);
  EXPECT_FALSE(md::completeLayoutDesc({&a, &s}, DType::BFloat16, error));
  EXPECT_EQ(error, "an L1-sharded buffer needs an nd_shard spec "
                   "{\"shard_grid\": [x, y], \"shard_shape\": [h, w]}");
  AttrDict nd;
  nd.set("shard_grid", AttrValue::ints({1, 0}));
  nd.set("shard_shape", AttrValue::ints({32, 32}));
  sharded.set("nd_shard", nd);
  AttrValue s2(sharded);
  EXPECT_FALSE(md::completeLayoutDesc({&a, &s2}, DType::BFloat16, error));
  EXPECT_EQ(error, "nd_shard.shard_grid must be two positive integers (cores [x, y])");
  // The later annotation wins per key.
  AttrDict dram;
  dram.set("memory", "DRAM");
  AttrValue dr(dram);
  desc = md::completeLayoutDesc({&a, &dr}, DType::BFloat16, error);
  ASSERT_TRUE(desc) << error;
  EXPECT_EQ(desc->memory, "DRAM");
}

} // namespace
