//===- backend/Plan.cpp - the plan of a kernel from Tile IR ---------------===//
//
// See Plan.h. Reads the function's metadata (md::kGridX, md::kWorkPartition,
// md::kRuntimeArgs, md::kCBDescriptors, md::kCoreRanges, md::kPartitionMode,
// ...) and each buffer parameter's (md::kTensorAccessor, md::kLayoutDesc,
// md::kPaddedShape, ...) with the typed accessors of ir/Metadata.h into a
// ttplan::Plan. The first attribute that is missing or not of its expected
// form becomes the one error; for a dictionary, the first field that is, e.g.
//
//   cannot write the plan of 'gemm': the function has no 'tt.cb_descriptors'
//   (the metadata passes of the default pipeline add it)
//   cannot write the plan of 'gemm': 'page_size' of buffer 'A''s
//   tt_tensor_accessor is not an integer
//
//===----------------------------------------------------------------------===//

#include "backend/Plan.h"
#include "backend/Programs.h"

#include "ir/Metadata.h"
#include "support/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace ttllc;

namespace {

const char *const kInteger = "an integer";
const char *const kString = "a string";
const char *const kTwoIntegers = "a list of 2 integers";
const char *const kDictionary = "a dictionary";

/// "one of 'a', 'b'": the names of the enumerators of E.
template <typename E> std::string oneOf() {
  std::string names;
  for (llvm::StringRef n : ttplan::EnumNames<E>::names)
    names += (names.empty() ? "'" : ", '") + n.str() + "'";
  return "one of " + names;
}

/// A field of a dictionary-valued attribute: its name, its form and how a
/// message says that form.
struct Field {
  const char *name;
  bool (*ok)(const AttrValue &);
  std::string what;
};
bool isInt(const AttrValue &v) { return v.isInt(); }
bool isString(const AttrValue &v) { return v.isString(); }
bool isInt2(const AttrValue &v) {
  md::Int2 out;
  return md::fromAttr(v, out);
}

class PlanBuilder {
public:
  PlanBuilder(const PrimFunc &f, const TargetInfo &t, Diagnostics &d) : f_(f), t_(t), diag_(d) {}
  std::optional<ttplan::Plan> build();

private:
  const PrimFunc &f_;
  const TargetInfo &t_;
  Diagnostics &diag_;
  bool ok_ = true;

  /// Reports `msg` unless an error was reported already; returns false.
  bool fail(const std::string &msg) {
    if (ok_)
      diag_.error(f_.loc, "cannot write the plan of '" + f_.name + "': " + msg);
    ok_ = false;
    return false;
  }
  bool malformed(const std::string &key, const std::string &where, const std::string &what) {
    return fail("'" + key + "' of " + where + " is not " + what);
  }
  bool missing(const std::string &key, const std::string &where) {
    return fail(where + " has no '" + key +
                "' (the metadata passes of the default pipeline add it)");
  }

  /// The value of `key` on `n` (the function or a buffer, called `where`);
  /// an error when it is absent or not `what`.
  template <class T, class Node>
  std::optional<T> need(const md::Key<T, Node> &key, const Node &n, const std::string &where,
                        const std::string &what) {
    if (!key.has(n)) {
      missing(key.name(), where);
      return std::nullopt;
    }
    std::optional<T> v = key.get(n);
    if (!v)
      malformed(key.name(), where, what);
    return v;
  }
  /// The value of the dictionary-valued `key` on `n`; an error when it is
  /// absent, not a dictionary, or its first field of `fields` that is
  /// missing or not of its form (`fieldsWhere` names the dictionary).
  /// nullopt without an error when these are fine but the value is not a T:
  /// the caller says why.
  template <class T, class Node>
  std::optional<T> needDict(const md::Key<T, Node> &key, const Node &n, const std::string &where,
                            const std::string &fieldsWhere, std::initializer_list<Field> fields) {
    if (!key.has(n)) {
      missing(key.name(), where);
      return std::nullopt;
    }
    std::optional<T> v = key.get(n);
    if (!v)
      checkDict(*key.raw(n), key.name(), where, fieldsWhere, fields);
    return v;
  }
  /// Reports that `v` (the value of `key` at `where`) is not a dictionary or
  /// the first field of `fields` that is missing or not of its form; true
  /// when there is none of these errors.
  bool checkDict(const AttrValue &v, const std::string &key, const std::string &where,
                 const std::string &fieldsWhere, std::initializer_list<Field> fields) {
    if (!v.isDict())
      return malformed(key, where, kDictionary);
    for (const Field &field : fields) {
      const AttrValue *fv = v.getDict().get(field.name);
      if (!fv)
        return missing(field.name, fieldsWhere);
      if (!field.ok(*fv))
        return malformed(field.name, fieldsWhere, field.what);
    }
    return true;
  }
  /// The enumerator of E that `name` (the value of `key` at `where`) names.
  template <typename E>
  E enumOf(const std::string &name, const std::string &key, const std::string &where) {
    if (std::optional<E> e = ttplan::enumFrom<E>(name))
      return *e;
    malformed(key, where, oneOf<E>());
    return E();
  }

  std::optional<md::RuntimeArgs> runtimeArgs();
  std::optional<std::vector<md::CBDescriptor>> cbDescriptors();
  ttplan::Arg argValue(const std::string &name, const md::CoreWork &w,
                       const std::vector<int64_t> &grid);
  void cores(const std::vector<md::CoreWork> &work, const md::RuntimeArgs &argNames,
             const std::vector<int64_t> &grid, ttplan::Plan &p);
  void buffers(ttplan::Plan &p);
  void circularBuffers(const std::vector<md::CBDescriptor> &cbs, ttplan::Plan &p);
};

/// tt.runtime_args: a dictionary of exactly the reader, compute and writer
/// lists of names.
std::optional<md::RuntimeArgs> PlanBuilder::runtimeArgs() {
  using RA = md::RuntimeArgs;
  const std::string fn = "the function";
  const char *key = md::kRuntimeArgs.name();
  if (!md::kRuntimeArgs.has(f_)) {
    missing(key, fn);
    return std::nullopt;
  }
  const AttrValue &raw = *md::kRuntimeArgs.raw(f_);
  if (!raw.isDict()) {
    malformed(key, fn, kDictionary);
    return std::nullopt;
  }
  const char *programs[] = {RA::kReaderField, RA::kComputeField, RA::kWriterField};
  std::optional<RA> args = md::kRuntimeArgs.get(f_);
  bool known = std::all_of(raw.getDict().begin(), raw.getDict().end(), [&](const auto &e) {
    return std::find(std::begin(programs), std::end(programs), e.first) != std::end(programs);
  });
  if (!args || !known) {
    malformed(key, fn, "a dictionary of reader, compute and writer name lists");
    return std::nullopt;
  }
  // The typed value reads a missing list as no arguments; the plan wants all three.
  for (const char *program : programs)
    if (!raw.getDict().has(program))
      missing(program, "the function's " + std::string(key));
  return args;
}

/// tt.cb_descriptors, in CB id order.
std::optional<std::vector<md::CBDescriptor>> PlanBuilder::cbDescriptors() {
  using CB = md::CBDescriptor;
  const std::string fn = "the function";
  const char *key = md::kCBDescriptors.name();
  if (!md::kCBDescriptors.has(f_)) {
    missing(key, fn);
    return std::nullopt;
  }
  std::optional<std::vector<CB>> cbs = md::kCBDescriptors.get(f_);
  if (cbs)
    return cbs;
  // Why not: the first descriptor that is not one.
  const AttrValue &raw = *md::kCBDescriptors.raw(f_);
  if (!raw.isDict()) {
    malformed(key, fn, kDictionary);
    return std::nullopt;
  }
  const std::string cbRole = oneOf<ttplan::CBRole>();
  for (const auto &[cbKey, d] : raw.getDict()) {
    if (!checkDict(d, cbKey, "the function's " + std::string(key), cbKey,
                   {{CB::kCBIdField, isInt, kInteger},
                    {CB::kBufferField, isString, kString},
                    {CB::kRoleField, isString, cbRole},
                    {CB::kDataFormatField, isString, kString},
                    {CB::kPageSizeField, isInt, kInteger},
                    {CB::kNumPagesField, isInt, kInteger},
                    {CB::kTilesPerBlockField, isInt, kInteger},
                    {CB::kDepthField, isInt, kInteger},
                    {CB::kTotalSizeField, isInt, kInteger}}))
      return std::nullopt;
    int64_t id = d.getDict().getInt(CB::kCBIdField).value_or(-1);
    if (md::parseCBKey(cbKey) != id) {
      malformed(cbKey, "the function's " + std::string(key),
                "the key of its cb_id " + std::to_string(id) + " ('" + md::cbKey(id) + "')");
      return std::nullopt;
    }
  }
  malformed(key, fn, "a dictionary of circular buffer descriptors");
  return std::nullopt;
}

ttplan::Arg PlanBuilder::argValue(const std::string &name, const md::CoreWork &w,
                                  const std::vector<int64_t> &grid) {
  auto value = [&](int64_t v) {
    if (v < 0 || v >= (int64_t(1) << 32))
      fail("runtime argument '" + name + "' of core (" + std::to_string(w.x) + ", " +
           std::to_string(w.y) + ") is " + std::to_string(v) + ", outside [0, 2^32)");
    return ttplan::Arg::makeValue(uint32_t(v));
  };
  using Shard = md::CoreWork::ShardBlocks;
  static const std::pair<const char *, int64_t md::CoreWork::*> fromWork[] = {
      {"shard_x", &md::CoreWork::x},
      {"shard_y", &md::CoreWork::y},
      {"start_id", &md::CoreWork::start},
      {"count", &md::CoreWork::count}};
  static const std::pair<const char *, int64_t Shard::*> fromShard[] = {
      {"tile_y0", &Shard::tileY0},
      {"tile_x0", &Shard::tileX0},
      {"tiles_h", &Shard::tilesH},
      {"tiles_w", &Shard::tilesW}};
  for (auto [n, field] : fromWork)
    if (name == n)
      return value(w.*field);
  for (auto [n, field] : fromShard)
    if (name == n && w.shard)
      return value((*w.shard).*field);
  if (name == "grid_x")
    return value(grid[0]);
  if (name == "grid_y")
    return value(grid.size() > 1 ? grid[1] : 1);
  if (name == "Kt")
    return value(need(md::kKtTiles, f_, "the function", kInteger).value_or(0));
  if (name.size() > 5 && name.compare(name.size() - 5, 5, "_addr") == 0)
    return ttplan::Arg::makeBuffer(name.substr(0, name.size() - 5));
  fail("unknown runtime argument '" + name + "'");
  return {};
}

void PlanBuilder::cores(const std::vector<md::CoreWork> &work, const md::RuntimeArgs &argNames,
                        const std::vector<int64_t> &grid, ttplan::Plan &p) {
  for (const md::CoreWork &w : work) {
    ttplan::Core &core = p.cores.emplace_back();
    core.id = w.y * t_.gridX + w.x;
    core.x = w.x;
    core.y = w.y;
    core.start = w.start;
    core.count = w.count;
    if (w.shard) {
      core.tileOrigin = {w.shard->tileY0, w.shard->tileX0};
      core.tileExtent = {w.shard->tilesH, w.shard->tilesW};
    }
    // Compute, reader, writer: the order of the attribute's keys, so that
    // the first bad argument reported is the one it always was.
    for (auto [names, args] : {std::pair{&argNames.compute, &core.args.compute},
                               std::pair{&argNames.reader, &core.args.reader},
                               std::pair{&argNames.writer, &core.args.writer}})
      for (const std::string &n : *names)
        args->push_back(argValue(n, w, grid));
  }
}

void PlanBuilder::buffers(ttplan::Plan &p) {
  using TA = md::TensorAccessor;
  using LD = md::LayoutDesc;
  auto params = f_.bufferParams();
  for (size_t i = 0; i < params.size() && ok_; ++i) {
    const BufferNode &b = *params[i];
    std::string where = "buffer '" + b.name + "'";
    std::string accWhere = where + "'s " + md::kTensorAccessor.name();
    std::string descWhere = where + "'s " + md::kLayoutDesc.name();
    std::optional<TA> acc = needDict(md::kTensorAccessor, b, where, accWhere,
                                     {{TA::kPageSizeField, isInt, kInteger},
                                      {TA::kNumPagesField, isInt, kInteger},
                                      {TA::kAlignedPageSizeField, isInt, kInteger},
                                      {TA::kNumBanksField, isInt, kInteger},
                                      {TA::kAlignmentField, isInt, kInteger},
                                      {TA::kPagesPerBankField, isInt, kInteger}});
    if (!acc && ok_)
      malformed(md::kTensorAccessor.name(), where, "a tensor accessor");
    std::optional<LD> desc = needDict(md::kLayoutDesc, b, where, descWhere,
                                      {{LD::kMemoryField, isString, oneOf<ttplan::Memory>()},
                                       {LD::kLayoutField, isString, oneOf<ttplan::Layout>()},
                                       {LD::kTileShapeField, isInt2, kTwoIntegers},
                                       {LD::kDTypeField, isString, kString}});
    if (!ok_)
      return;
    if (!desc) {
      // The fields are fine: its nd_shard is not.
      std::string ndWhere = descWhere + "'s " + LD::kNdShardField;
      const AttrValue *nd = md::kLayoutDesc.raw(b)->getDict().get(LD::kNdShardField);
      if (!nd || checkDict(*nd, LD::kNdShardField, descWhere, ndWhere,
                           {{md::NdShard::kShardGridField, isInt2, kTwoIntegers},
                            {md::NdShard::kShardShapeField, isInt2, kTwoIntegers}}))
        malformed(md::kLayoutDesc.name(), where, "a layout description");
      return;
    }
    std::optional<std::vector<int64_t>> padded =
        need(md::kPaddedShape, b, where, "a list of integers");
    std::optional<int64_t> tilesH = need(md::kNumTilesHeight, b, where, kInteger);
    std::optional<int64_t> tilesW = need(md::kNumTilesWidth, b, where, kInteger);
    std::optional<std::string> role =
        md::kRole.has(b) ? need(md::kRole, b, where, oneOf<ttplan::BufferRole>()) : "unused";
    if (!ok_)
      return;
    ttplan::Buffer &o = p.buffers.emplace_back();
    o.name = b.name;
    o.paramIndex = int64_t(i);
    o.role = enumOf<ttplan::BufferRole>(*role, md::kRole.name(), where);
    o.dtype = std::string(dtypeName(b.dtype));
    o.shape = b.shape;
    o.paddedShape = *padded;
    o.needsPadding = md::kNeedsPadding.get(b).value_or(false);
    o.tiles = {*tilesH, *tilesW};
    o.memory = enumOf<ttplan::Memory>(desc->memory, LD::kMemoryField, descWhere);
    o.layout = enumOf<ttplan::Layout>(desc->layout, LD::kLayoutField, descWhere);
    o.pageSize = acc->pageSize;
    o.numPages = acc->numPages;
    o.alignedPageSize = acc->alignedPageSize;
    o.numBanks = acc->numBanks;
    o.alignment = acc->alignment;
    if (desc->ndShard)
      o.shard = ttplan::Shard{desc->ndShard->shardGrid, desc->ndShard->shardShape};
  }
}

void PlanBuilder::circularBuffers(const std::vector<md::CBDescriptor> &cbs, ttplan::Plan &p) {
  for (const md::CBDescriptor &c : cbs) {
    ttplan::CircularBuffer &o = p.circularBuffers.emplace_back();
    o.id = c.cbId;
    o.name = c.buffer;
    o.role = enumOf<ttplan::CBRole>(c.role, md::CBDescriptor::kRoleField, md::cbKey(c.cbId));
    o.dataFormat = c.dataFormat;
    o.pageSize = c.pageSize;
    o.numPages = c.numPages;
    o.tilesPerBlock = c.tilesPerBlock;
    o.depth = c.depth;
    o.totalSize = c.totalSize;
  }
}

std::optional<ttplan::Plan> PlanBuilder::build() {
  const std::string fn = "the function";
  std::vector<int64_t> grid = {need(md::kGridX, f_, fn, kInteger).value_or(0),
                               need(md::kGridY, f_, fn, kInteger).value_or(0)};
  if (auto z = md::kGridZ.get(f_))
    grid.push_back(*z);
  auto work = need(md::kWorkPartition, f_, fn, "a list of lists of 4 or 8 integers");
  auto argNames = runtimeArgs();
  auto cbs = cbDescriptors();
  auto ranges = need(md::kCoreRanges, f_, fn, "a list of [x0, y0, x1, y1] lists");
  auto mode = need(md::kPartitionMode, f_, fn, oneOf<ttplan::PartitionMode>());
  auto numTiles = need(md::kNumTiles, f_, fn, kInteger);
  if (!ok_)
    return std::nullopt;

  ttplan::Plan p;
  p.schemaVersion = ttplan::kPlanSchemaVersion;
  p.generator = "tt-llc 0.1.0";
  p.kernel = f_.name;
  p.device = {t_.name,        t_.gridX,     t_.gridY,         t_.l1Bytes,
              t_.l1Alignment, t_.dramBanks, t_.dramAlignment, t_.dstTiles16};
  p.kernelGrid = grid;

  ttplan::Schedule &s = p.schedule;
  s.policy = md::kSchedulePolicy.get(f_).value_or("");
  s.order = md::kScheduleOrder.get(f_).value_or("");
  s.partitionMode = enumOf<ttplan::PartitionMode>(*mode, md::kPartitionMode.name(), fn);
  s.numTiles = *numTiles;
  s.numCores = t_.numCores();
  s.activeCores = int64_t(work->size());
  for (const md::CoreRange &r : *ranges)
    s.coreRanges.push_back({r.x0, r.y0, r.x1, r.y1});
  if (s.partitionMode == ttplan::PartitionMode::LocalShard) {
    s.shardGrid = need(md::kShardGrid, f_, fn, kTwoIntegers);
    s.localShapeTiles = need(md::kLocalShapeTiles, f_, fn, kTwoIntegers);
  }
  p.runtimeArgNames = {argNames->reader, argNames->compute, argNames->writer};
  if (!ok_)
    return std::nullopt;

  cores(*work, *argNames, grid, p);
  buffers(p);
  if (!ok_)
    return std::nullopt;
  circularBuffers(*cbs, p);
  // The matrix engine's configuration, once dst-management has chosen it.
  if (auto fidelity = md::kMathFidelity.get(f_))
    p.compute = ttplan::Compute{md::kFp32DestAcc.get(f_).value_or(false), *fidelity,
                                need(md::kDstCapacity, f_, fn, kInteger).value_or(0)};
  if (!ok_)
    return std::nullopt;
  return p;
}

} // namespace

std::optional<ttplan::Plan> ttllc::buildPlan(const PrimFunc &f, const TargetInfo &target,
                                             Diagnostics &diag) {
  return PlanBuilder(f, target, diag).build();
}

void ttllc::addImageSets(ttplan::Plan &plan, llvm::ArrayRef<std::string> abis) {
  for (llvm::StringRef abi : ttplan::kDeviceABIs) {
    if (!llvm::is_contained(abis, abi))
      continue;
    ttplan::ImageSet set;
    set.abi = abi.str();
    for (const ProgramRole &role : programRoles())
      set.files[role.risc] = artifactFile(role, abi, ".elf");
    plan.images.push_back(std::move(set));
  }
}
