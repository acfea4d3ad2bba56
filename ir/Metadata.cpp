//===- ir/Metadata.cpp - attribute values <-> structs ----------------------===//

#include "ir/Metadata.h"

#include "ir/Target.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <set>

using namespace ttllc;
using namespace ttllc::md;

//===----------------------------------------------------------------------===//
// Scalars and lists
//===----------------------------------------------------------------------===//

AttrValue md::toAttr(int64_t v) { return AttrValue(v); }
AttrValue md::toAttr(bool v) { return AttrValue(v); }
AttrValue md::toAttr(const std::string &v) { return AttrValue(v); }
AttrValue md::toAttr(const Int2 &v) { return AttrValue::ints({v[0], v[1]}); }
AttrValue md::toAttr(const std::vector<int64_t> &v) { return AttrValue::ints(v); }
AttrValue md::toAttr(const std::vector<std::string> &v) {
  AttrValue::List l;
  for (const std::string &s : v)
    l.push_back(AttrValue(s));
  return AttrValue(std::move(l));
}

bool md::fromAttr(const AttrValue &v, int64_t &out) {
  if (!v.isInt())
    return false;
  out = v.getInt();
  return true;
}
bool md::fromAttr(const AttrValue &v, bool &out) {
  if (!v.isBool())
    return false;
  out = v.getBool();
  return true;
}
bool md::fromAttr(const AttrValue &v, std::string &out) {
  if (!v.isString())
    return false;
  out = v.getString();
  return true;
}
bool md::fromAttr(const AttrValue &v, std::vector<int64_t> &out) {
  auto ints = v.getInts();
  if (!ints)
    return false;
  out = std::move(*ints);
  return true;
}
bool md::fromAttr(const AttrValue &v, Int2 &out) {
  auto ints = v.getInts();
  if (!ints || ints->size() != 2)
    return false;
  out = {(*ints)[0], (*ints)[1]};
  return true;
}
bool md::fromAttr(const AttrValue &v, std::vector<std::string> &out) {
  if (!v.isList())
    return false;
  out.clear();
  for (const AttrValue &e : v.getList()) {
    if (!e.isString())
      return false;
    out.push_back(e.getString());
  }
  return true;
}

namespace {

/// A list of int lists, each of one of the sizes `sizes`.
std::optional<std::vector<std::vector<int64_t>>> intRows(const AttrValue &v,
                                                         std::initializer_list<size_t> sizes) {
  if (!v.isList())
    return std::nullopt;
  std::vector<std::vector<int64_t>> rows;
  for (const AttrValue &e : v.getList()) {
    auto ints = e.getInts();
    if (!ints || std::find(sizes.begin(), sizes.end(), ints->size()) == sizes.end())
      return std::nullopt;
    rows.push_back(std::move(*ints));
  }
  return rows;
}

template <class T, class F> AttrValue rowsToAttr(const std::vector<T> &v, F row) {
  AttrValue::List l;
  for (const T &e : v)
    l.push_back(AttrValue::ints(row(e)));
  return AttrValue(std::move(l));
}

/// The int field `key` of `d`, stored into `out`; false when it is not an int.
bool intField(const AttrDict &d, const char *key, int64_t &out) {
  auto v = d.getInt(key);
  if (v)
    out = *v;
  return v.has_value();
}
bool stringField(const AttrDict &d, const char *key, std::string &out) {
  auto v = d.getString(key);
  if (v)
    out = *v;
  return v.has_value();
}
bool int2Field(const AttrDict &d, const char *key, Int2 &out) {
  const AttrValue *v = d.get(key);
  return v && fromAttr(*v, out);
}

} // namespace

AttrValue md::toAttr(const std::vector<TileRange> &v) {
  return rowsToAttr(v, [](const TileRange &r) { return std::vector<int64_t>{r.start, r.count}; });
}
bool md::fromAttr(const AttrValue &v, std::vector<TileRange> &out) {
  auto rows = intRows(v, {2});
  if (!rows)
    return false;
  out.clear();
  for (const auto &r : *rows)
    out.push_back({r[0], r[1]});
  return true;
}

AttrValue md::toAttr(const std::vector<CoreRange> &v) {
  return rowsToAttr(v, [](const CoreRange &r) {
    return std::vector<int64_t>{r.x0, r.y0, r.x1, r.y1};
  });
}
bool md::fromAttr(const AttrValue &v, std::vector<CoreRange> &out) {
  auto rows = intRows(v, {4});
  if (!rows)
    return false;
  out.clear();
  for (const auto &r : *rows)
    out.push_back({r[0], r[1], r[2], r[3]});
  return true;
}

AttrValue md::toAttr(const std::vector<CoreWork> &v) {
  return rowsToAttr(v, [](const CoreWork &w) {
    std::vector<int64_t> row{w.x, w.y, w.start, w.count};
    if (w.shard)
      row.insert(row.end(), {w.shard->tileY0, w.shard->tileX0, w.shard->tilesH, w.shard->tilesW});
    return row;
  });
}
bool md::fromAttr(const AttrValue &v, std::vector<CoreWork> &out) {
  auto rows = intRows(v, {4, 8});
  if (!rows)
    return false;
  out.clear();
  for (const auto &r : *rows) {
    CoreWork w{r[0], r[1], r[2], r[3], std::nullopt};
    if (r.size() == 8)
      w.shard = CoreWork::ShardBlocks{r[4], r[5], r[6], r[7]};
    out.push_back(w);
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Dicts
//===----------------------------------------------------------------------===//

AttrValue md::toAttr(const RuntimeArgs &v) {
  AttrDict d;
  d.set(RuntimeArgs::kReaderField, toAttr(v.reader));
  d.set(RuntimeArgs::kComputeField, toAttr(v.compute));
  d.set(RuntimeArgs::kWriterField, toAttr(v.writer));
  return AttrValue(std::move(d));
}
bool md::fromAttr(const AttrValue &v, RuntimeArgs &out) {
  if (!v.isDict())
    return false;
  // A program without a list has no runtime arguments.
  out = {};
  for (auto [key, names] : {std::pair{RuntimeArgs::kReaderField, &out.reader},
                            std::pair{RuntimeArgs::kComputeField, &out.compute},
                            std::pair{RuntimeArgs::kWriterField, &out.writer}})
    if (const AttrValue *l = v.getDict().get(key); l && !fromAttr(*l, *names))
      return false;
  return true;
}

std::string md::cbKey(int64_t id) { return "cb_" + std::to_string(id); }

std::optional<int64_t> md::parseCBKey(std::string_view key) {
  llvm::StringRef rest(key.data(), key.size());
  int64_t id = 0;
  if (!rest.consume_front("cb_") || rest.getAsInteger(10, id))
    return std::nullopt;
  return id;
}

AttrValue md::toAttr(const std::vector<CBDescriptor> &v) {
  AttrDict all;
  for (const CBDescriptor &c : v) {
    AttrDict d;
    d.set(CBDescriptor::kCBIdField, c.cbId);
    d.set(CBDescriptor::kBufferField, c.buffer);
    d.set(CBDescriptor::kRoleField, c.role);
    d.set(CBDescriptor::kDataFormatField, c.dataFormat);
    d.set(CBDescriptor::kPageSizeField, c.pageSize);
    d.set(CBDescriptor::kTilesPerBlockField, c.tilesPerBlock);
    d.set(CBDescriptor::kDepthField, c.depth);
    d.set(CBDescriptor::kNumPagesField, c.numPages);
    d.set(CBDescriptor::kTotalSizeField, c.totalSize);
    all.set(cbKey(c.cbId), std::move(d));
  }
  return AttrValue(std::move(all));
}
bool md::fromAttr(const AttrValue &v, std::vector<CBDescriptor> &out) {
  if (!v.isDict())
    return false;
  out.clear();
  for (const auto &[key, e] : v.getDict()) {
    if (!e.isDict() || !parseCBKey(key))
      return false;
    const AttrDict &d = e.getDict();
    CBDescriptor c;
    if (!intField(d, CBDescriptor::kCBIdField, c.cbId) ||
        !stringField(d, CBDescriptor::kBufferField, c.buffer) ||
        !stringField(d, CBDescriptor::kRoleField, c.role) ||
        !stringField(d, CBDescriptor::kDataFormatField, c.dataFormat) ||
        !intField(d, CBDescriptor::kPageSizeField, c.pageSize) ||
        !intField(d, CBDescriptor::kTilesPerBlockField, c.tilesPerBlock) ||
        !intField(d, CBDescriptor::kDepthField, c.depth) ||
        !intField(d, CBDescriptor::kNumPagesField, c.numPages) ||
        !intField(d, CBDescriptor::kTotalSizeField, c.totalSize) || *parseCBKey(key) != c.cbId)
      return false;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const CBDescriptor &a, const CBDescriptor &b) { return a.cbId < b.cbId; });
  return true;
}

TensorAccessor TensorAccessor::interleaved(int64_t pageSize, int64_t numPages, int64_t numBanks,
                                           int64_t alignment) {
  return {pageSize,  alignUp(pageSize, alignment),  numPages, numBanks,
          alignment, ceilDivInt(numPages, numBanks)};
}

AttrValue md::toAttr(const TensorAccessor &v) {
  AttrDict d;
  d.set(TensorAccessor::kPageSizeField, v.pageSize);
  d.set(TensorAccessor::kAlignedPageSizeField, v.alignedPageSize);
  d.set(TensorAccessor::kNumPagesField, v.numPages);
  d.set(TensorAccessor::kNumBanksField, v.numBanks);
  d.set(TensorAccessor::kAlignmentField, v.alignment);
  d.set(TensorAccessor::kPagesPerBankField, v.pagesPerBank);
  return AttrValue(std::move(d));
}
bool md::fromAttr(const AttrValue &v, TensorAccessor &out) {
  if (!v.isDict())
    return false;
  const AttrDict &d = v.getDict();
  return intField(d, TensorAccessor::kPageSizeField, out.pageSize) &&
         intField(d, TensorAccessor::kAlignedPageSizeField, out.alignedPageSize) &&
         intField(d, TensorAccessor::kNumPagesField, out.numPages) &&
         intField(d, TensorAccessor::kNumBanksField, out.numBanks) &&
         intField(d, TensorAccessor::kAlignmentField, out.alignment) &&
         intField(d, TensorAccessor::kPagesPerBankField, out.pagesPerBank);
}

AttrValue md::toAttr(const LayoutDesc &v) {
  AttrDict d;
  d.set(LayoutDesc::kMemoryField, v.memory);
  d.set(LayoutDesc::kLayoutField, v.layout);
  d.set(LayoutDesc::kTileShapeField, toAttr(v.tileShape));
  d.set(LayoutDesc::kDTypeField, v.dtype);
  if (v.ndShard) {
    AttrDict nd;
    nd.set(NdShard::kShardGridField, toAttr(v.ndShard->shardGrid));
    nd.set(NdShard::kShardShapeField, toAttr(v.ndShard->shardShape));
    d.set(LayoutDesc::kNdShardField, std::move(nd));
  }
  return AttrValue(std::move(d));
}
bool md::fromAttr(const AttrValue &v, LayoutDesc &out) {
  if (!v.isDict())
    return false;
  const AttrDict &d = v.getDict();
  if (!stringField(d, LayoutDesc::kMemoryField, out.memory) ||
      !stringField(d, LayoutDesc::kLayoutField, out.layout) ||
      !int2Field(d, LayoutDesc::kTileShapeField, out.tileShape) ||
      !stringField(d, LayoutDesc::kDTypeField, out.dtype))
    return false;
  out.ndShard.reset();
  if (const AttrValue *nd = d.get(LayoutDesc::kNdShardField)) {
    NdShard s;
    if (!nd->isDict() || !int2Field(nd->getDict(), NdShard::kShardGridField, s.shardGrid) ||
        !int2Field(nd->getDict(), NdShard::kShardShapeField, s.shardShape))
      return false;
    out.ndShard = s;
  }
  return true;
}

std::optional<LayoutDesc> md::completeLayoutDesc(const std::vector<const AttrValue *> &annotations,
                                                 DType dtype, std::string &error) {
  auto fail = [&](std::string msg) -> std::optional<LayoutDesc> {
    error = std::move(msg);
    return std::nullopt;
  };
  using L = LayoutDesc;
  static const std::set<std::string> known = {L::kMemoryField, L::kLayoutField,  L::kTileShapeField,
                                              L::kDTypeField,  L::kNdShardField, L::kHaloField};
  AttrDict desc;
  for (const AttrValue *user : annotations) {
    if (!user)
      continue;
    if (!user->isDict())
      return fail("a layout annotation must be a dict");
    for (const auto &[k, v] : user->getDict())
      desc.set(k, v);
  }
  for (const auto &[k, v] : desc)
    if (!known.count(k))
      return fail("unknown layout key '" + k +
                  "' (expected memory, layout, tile_shape, dtype, nd_shard)");
  if (desc.has(L::kHaloField))
    return fail("halo regions are not supported");
  std::string dtypeStr(dtypeName(dtype));
  LayoutDesc out;
  out.memory = desc.has(L::kMemoryField) ? desc.getString(L::kMemoryField).value_or("") : "DRAM";
  out.layout =
      desc.has(L::kLayoutField) ? desc.getString(L::kLayoutField).value_or("") : "interleaved";
  out.tileShape = {kTileHeight, kTileWidth};
  out.dtype = dtypeStr;
  if (out.memory != "DRAM" && out.memory != "L1")
    return fail("memory must be \"DRAM\" or \"L1\"");
  if (out.layout != "interleaved" && out.layout != "sharded")
    return fail("layout must be \"interleaved\" or \"sharded\"");
  if (const AttrValue *t = desc.get(L::kTileShapeField);
      t && t->getInts() != std::vector<int64_t>{kTileHeight, kTileWidth})
    return fail("only 32x32 tiles are supported (tile_shape [32, 32])");
  if (desc.has(L::kDTypeField) && desc.getString(L::kDTypeField) != dtypeStr) {
    auto given = desc.getString(L::kDTypeField);
    return fail("layout dtype " + (given ? "\"" + *given + "\"" : std::string("(not a string)")) +
                " does not match the buffer's dtype \"" + dtypeStr + "\"");
  }
  const AttrValue *nd = desc.get(L::kNdShardField);
  if (out.isSharded() && !out.isL1())
    return fail("sharded layouts are supported in L1 only");
  if (out.isSharded() && !nd)
    return fail("an L1-sharded buffer needs an nd_shard spec "
                "{\"shard_grid\": [x, y], \"shard_shape\": [h, w]}");
  if (!out.isSharded() && nd)
    return fail("nd_shard is only meaningful for sharded layouts");
  if (out.isSharded()) {
    if (!nd->isDict())
      return fail("nd_shard must be a dict");
    for (const auto &[k, v] : nd->getDict())
      if (k != NdShard::kShardGridField && k != NdShard::kShardShapeField)
        return fail("unknown nd_shard key '" + k + "' (expected shard_grid, shard_shape)");
    NdShard s;
    for (auto [key, what, field] :
         {std::tuple{NdShard::kShardGridField, "cores [x, y]", &s.shardGrid},
          std::tuple{NdShard::kShardShapeField, "elements [h, w]", &s.shardShape}})
      if (!int2Field(nd->getDict(), key, *field) || (*field)[0] <= 0 || (*field)[1] <= 0)
        return fail(std::string("nd_shard.") + key + " must be two positive integers (" + what +
                    ")");
    out.ndShard = s;
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

void md::copyComputeConfig(const PrimFunc &kernel, PrimFunc &program) {
  for (const char *k : {kDstCapacity.name(), kFp32DestAcc.name(), kMathFidelity.name()})
    if (const AttrValue *v = kernel.attrs.get(k))
      program.attrs.set(k, *v);
}

std::optional<std::string> md::annotatedBuffer(std::string_view key) {
  std::string_view prefix(kBufferLayoutPrefix);
  if (key.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  return std::string(key.substr(prefix.size()));
}

const AttrValue *md::bufferLayoutAnnotation(const PrimFunc &f, const std::string &buffer) {
  return f.attrs.get(kBufferLayoutPrefix + buffer);
}
