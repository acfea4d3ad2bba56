//===- tests/unit/PipelineTest.cpp - the pass list and the pass manager ---===//

#include "TestUtil.h"

#include "passes/Passes.h"
#include "passes/Pipeline.h"

#include "llvm/ADT/StringExtras.h"

#include <gtest/gtest.h>

using namespace ttllc;

namespace {

std::vector<std::string> names(const Pipeline &p) {
  std::vector<std::string> out;
  for (const PassInfo &pass : p)
    out.emplace_back(pass.name);
  return out;
}

const std::vector<std::string> kMetadataOrder = {
    "apply-tt-defaults", "infer-tt-schedule",   "infer-tt-shard",
    "infer-tt-layout",   "propagate-tt-layout", "layout-aware-work-partition"};
const std::vector<std::string> kLoweringOrder = {
    "tile-pad",           "grid-to-persistent", "tensorize-gemm", "dst-management",
    "memory-space-lower", "split-kernels",      "verify-tt-ir"};

/// The entries of the list outside the stage Extra (scripts/new-pass adds
/// Extra passes: these tests hold with or without them).
std::vector<std::string> pipelineNames() {
  std::vector<std::string> list;
  for (const PassInfo &p : allPasses())
    if (p.stage != PassStage::Extra)
      list.emplace_back(p.name);
  return list;
}

TEST(PassList, EveryEntryHasANameASummaryAndAFunction) {
  ASSERT_EQ(pipelineNames().size(), 14u);
  for (const PassInfo &p : allPasses()) {
    EXPECT_FALSE(p.name.empty());
    // Names are what users type: lower case words joined by '-'.
    EXPECT_TRUE(llvm::all_of(p.name, [](char c) { return llvm::isLower(c) || c == '-'; }))
        << p.name;
    EXPECT_FALSE(p.summary.empty()) << p.name;
    EXPECT_EQ(p.summary.find('\n'), std::string_view::npos) << p.name; // one line
    EXPECT_NE(p.run, nullptr) << p.name;
  }
}

TEST(PassList, EntriesRunTheirPass) {
  EXPECT_EQ(llvm::cantFail(findPass("tile-pad")).run, &runTilePad);
  EXPECT_EQ(llvm::cantFail(findPass("verify")).run, &runVerify);
  EXPECT_EQ(llvm::cantFail(findPass("split-kernels")).stage, PassStage::Lowering);
  EXPECT_EQ(llvm::cantFail(findPass("infer-tt-shard")).stage, PassStage::Metadata);
}

TEST(PassList, DefaultPipelineIsTheWholeListInTheDocumentedOrder) {
  // docs/cli.md, docs/metadata.md and docs/lowering.md: the metadata passes,
  // the lowering passes, verify last.
  std::vector<std::string> expected = kMetadataOrder;
  llvm::append_range(expected, kLoweringOrder);
  expected.push_back("verify");
  EXPECT_EQ(names(defaultPipeline()), expected);
  EXPECT_EQ(pipelineNames(), expected);
}

TEST(PassList, ExtraPassesComeLastAndRunOnlyByName) {
  bool extra = false;
  for (const PassInfo &p : allPasses()) {
    if (p.stage == PassStage::Extra)
      extra = true;
    else
      EXPECT_FALSE(extra) << p.name << " follows an Extra pass";
  }
  for (const PassInfo &p : defaultPipeline())
    EXPECT_NE(p.stage, PassStage::Extra) << p.name;
}

TEST(PassList, MetadataPipelineIsTheMetadataStage) {
  EXPECT_EQ(names(metadataPipeline()), kMetadataOrder);
  for (const PassInfo &p : metadataPipeline())
    EXPECT_EQ(p.stage, PassStage::Metadata);
}

TEST(PassList, DuplicateNamesAreImpossible) {
  EXPECT_TRUE(namesAreUnique(allPasses()));
  // The check the list passes at compile time (passes/Pipeline.cpp).
  static constexpr PassInfo twice[] = {
      {"verify", PassStage::Check, runVerify, "Check"},
      {"tile-pad", PassStage::Lowering, runTilePad, "Pad"},
      {"verify", PassStage::Check, runVerify, "Check again"},
  };
  static_assert(!namesAreUnique(twice));
  EXPECT_FALSE(namesAreUnique(twice));
  EXPECT_TRUE(namesAreUnique(std::span(twice).first(2)));
}

TEST(ParsePipeline, PassesAndPipelinesInTheOrderGiven) {
  auto p = parsePipeline({"verify", "metadata", "", "tile-pad"});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  std::vector<std::string> expected = {"verify"};
  llvm::append_range(expected, kMetadataOrder);
  expected.push_back("tile-pad");
  EXPECT_EQ(names(*p), expected);

  auto all = parsePipeline({"default"});
  ASSERT_TRUE(bool(all));
  EXPECT_EQ(names(*all), names(defaultPipeline()));

  auto none = parsePipeline({""}); // --passes=
  ASSERT_TRUE(bool(none));
  EXPECT_TRUE(none->empty());
}

const char *const kKnown =
    "known passes: apply-tt-defaults, infer-tt-schedule, infer-tt-shard, infer-tt-layout, "
    "propagate-tt-layout, layout-aware-work-partition, tile-pad, grid-to-persistent, "
    "tensorize-gemm, dst-management, memory-space-lower, split-kernels, verify-tt-ir, verify";

TEST(ParsePipeline, UnknownNameIsAnErrorNamingItAndTheValidNames) {
  auto p = parsePipeline({"verify", "bogus", "tile-pad"});
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()),
            std::string("unknown pass 'bogus' (") + kKnown + "; pipelines: metadata, default)");
}

TEST(ParsePipeline, UnknownNameSuggestsACloseMatch) {
  auto typo = [](const std::string &name) {
    auto p = parsePipeline({name});
    return p ? std::string("no error") : llvm::toString(p.takeError());
  };
  EXPECT_EQ(typo("infer-tt-shrad"),
            std::string("unknown pass 'infer-tt-shrad', did you mean 'infer-tt-shard'? (") +
                kKnown + "; pipelines: metadata, default)");
  EXPECT_NE(typo("tilepad").find("did you mean 'tile-pad'?"), std::string::npos);
  EXPECT_NE(typo("verfy").find("did you mean 'verify'?"), std::string::npos);
  EXPECT_NE(typo("metadat").find("did you mean 'metadata'?"), std::string::npos);
  EXPECT_NE(typo("Verify-TT-IR").find("did you mean 'verify-tt-ir'?"), std::string::npos);
  // Another word is not a typo.
  EXPECT_EQ(typo("optimize").find("did you mean"), std::string::npos);
  EXPECT_EQ(typo("x").find("did you mean"), std::string::npos);
}

TEST(FindPass, KnowsPassesButNotPipelines) {
  EXPECT_EQ(llvm::cantFail(findPass("dst-management")).name, "dst-management");
  auto p = findPass("metadata");
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()), std::string("unknown pass 'metadata' (") + kKnown + ")");
}

// The pass manager, on passes of its own.
std::vector<std::string> ran;
bool first(Module &, PassContext &) {
  ran.push_back("first");
  return true;
}
bool failing(Module &, PassContext &ctx) {
  ran.push_back("failing");
  ctx.diag.error(llvm::SMLoc(), "failing failed");
  return false;
}
constexpr PassInfo kFirst{"first", PassStage::Check, first, "Succeeds"};
constexpr PassInfo kFailing{"failing", PassStage::Check, failing, "Fails"};

TEST(PassManager, RunsInOrderAndStopsAtTheFirstFailure) {
  ran.clear();
  test::Captured c;
  PassContext ctx{c.diag(), *lookupTarget("wormhole_b0")};
  std::string dumps;
  llvm::raw_string_ostream os(dumps);
  PassManagerOptions opts;
  opts.printAfter = {"first"};
  PassManager pm(ctx, opts, os);
  Module m;
  EXPECT_TRUE(pm.run(m, {kFirst, kFirst}));
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "first"}));
  EXPECT_EQ(llvm::StringRef(dumps).count("# *** IR Dump After first ***\n"), 2u);

  ran.clear();
  EXPECT_FALSE(pm.run(m, {kFirst, kFailing, kFirst}));
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "failing"}));
  EXPECT_EQ(c.text(), "error: failing failed\n");
  EXPECT_EQ(llvm::StringRef(dumps).count("IR Dump After failing"), 0u);
}

/// One entry point for two passes, told apart by PassContext::pass (how
/// python/PyPass.cpp runs Python passes).
bool byName(Module &, PassContext &ctx) {
  ran.push_back(std::string(ctx.pass->name));
  return true;
}
constexpr PassInfo kOne{"one", PassStage::Extra, byName, "Records its name"};
constexpr PassInfo kTwo{"two", PassStage::Extra, byName, "Records its name"};

TEST(PassManager, TellsThePassWhichEntryRuns) {
  ran.clear();
  test::Captured c;
  PassContext ctx{c.diag(), *lookupTarget("wormhole_b0")};
  PassManager pm(ctx, {}, llvm::nulls());
  Module m;
  EXPECT_TRUE(pm.run(m, {kTwo, kOne, kTwo}));
  EXPECT_EQ(ran, (std::vector<std::string>{"two", "one", "two"}));
  EXPECT_EQ(ctx.pass, &kTwo);
}

} // namespace
