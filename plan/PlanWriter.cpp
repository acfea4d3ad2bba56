//===- plan/PlanWriter.cpp - write tt.plan.json ---------------------------===//
//
// Turns a Plan into its JSON document (toJSON) and writes the document in the
// one deterministic layout of tt.plan.json (writePlan): keys sorted, two-space
// indentation, small values on one line. For example a core is written as
//
//     {
//       "args": {
//         "compute": [0, 1, 8, 8, 8],
//         "reader": [{"buffer": "A"}, {"buffer": "B"}, 0, 1, 8, 8, 8],
//         "writer": [{"buffer": "C"}, 0, 1, 8, 8]
//       },
//       "count": 1,
//       ...
//
// The writer does not validate: parsePlan is the check of a plan's rules.
//
//===----------------------------------------------------------------------===//

#include "plan/Plan.h"

#include "tt/programs.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace ttplan;
namespace json = llvm::json;

namespace {

template <typename Range> json::Array ints(const Range &v) {
  json::Array a;
  for (int64_t x : v)
    a.push_back(x);
  return a;
}

json::Value toValue(const Arg &a) {
  if (a.isBuffer())
    return json::Object{{"buffer", a.buffer}};
  return int64_t(a.value);
}

template <typename T, typename F> json::Object perProgram(const PerProgram<T> &p, F each) {
  return json::Object{{tt_kernels[TT_KERNEL_READER], each(p.reader)},
                      {tt_kernels[TT_KERNEL_COMPUTE], each(p.compute)},
                      {tt_kernels[TT_KERNEL_WRITER], each(p.writer)}};
}

json::Value toValue(const Device &d) {
  return json::Object{{"name", d.name},
                      {"core_grid", ints(std::array{d.coreGridX, d.coreGridY})},
                      {"l1_size", d.l1Size},
                      {"l1_alignment", d.l1Alignment},
                      {"dram_banks", d.dramBanks},
                      {"dram_alignment", d.dramAlignment},
                      {"dst_tiles", d.dstTiles}};
}

json::Value toValue(const Schedule &s) {
  json::Array ranges;
  for (const auto &r : s.coreRanges)
    ranges.push_back(ints(r));
  json::Object o{{"policy", s.policy},
                 {"order", s.order},
                 {"partition_mode", nameOf(s.partitionMode)},
                 {"num_tiles", s.numTiles},
                 {"num_cores", s.numCores},
                 {"active_cores", s.activeCores},
                 {"core_ranges", std::move(ranges)}};
  if (s.shardGrid)
    o["shard_grid"] = ints(*s.shardGrid);
  if (s.localShapeTiles)
    o["local_shape_tiles"] = ints(*s.localShapeTiles);
  return o;
}

json::Value toValue(const Core &c) {
  json::Object o{{"id", c.id}, {"x", c.x}, {"y", c.y}, {"start", c.start}, {"count", c.count}};
  if (c.tileOrigin)
    o["tile_origin"] = ints(*c.tileOrigin);
  if (c.tileExtent)
    o["tile_extent"] = ints(*c.tileExtent);
  o["args"] = perProgram(c.args, [](const std::vector<Arg> &args) {
    json::Array a;
    for (const Arg &arg : args)
      a.push_back(toValue(arg));
    return a;
  });
  return o;
}

json::Value toValue(const Buffer &b) {
  json::Object o{{"name", b.name},
                 {"param_index", b.paramIndex},
                 {"role", nameOf(b.role)},
                 {"dtype", b.dtype},
                 {"shape", ints(b.shape)},
                 {"padded_shape", ints(b.paddedShape)},
                 {"needs_padding", b.needsPadding},
                 {"tiles", ints(b.tiles)},
                 {"memory", nameOf(b.memory)},
                 {"layout", nameOf(b.layout)},
                 {"page_size", b.pageSize},
                 {"num_pages", b.numPages},
                 {"aligned_page_size", b.alignedPageSize},
                 {"num_banks", b.numBanks},
                 {"alignment", b.alignment}};
  if (b.shard)
    o["shard"] = json::Object{{"shard_grid", ints(b.shard->shardGrid)},
                              {"shard_shape", ints(b.shard->shardShape)}};
  return o;
}

json::Value toValue(const CircularBuffer &cb) {
  return json::Object{{"id", cb.id},
                      {"name", cb.name},
                      {"role", nameOf(cb.role)},
                      {"data_format", cb.dataFormat},
                      {"page_size", cb.pageSize},
                      {"num_pages", cb.numPages},
                      {"tiles_per_block", cb.tilesPerBlock},
                      {"depth", cb.depth},
                      {"total_size", cb.totalSize}};
}

template <typename T> json::Array each(const std::vector<T> &v) {
  json::Array a;
  for (const T &e : v)
    a.push_back(toValue(e));
  return a;
}

//===----------------------------------------------------------------------===//
// The deterministic layout
//===----------------------------------------------------------------------===//

bool isScalar(const json::Value &v) {
  return v.kind() != json::Value::Array && v.kind() != json::Value::Object;
}

/// One line for arrays of scalars / of such arrays / of small objects, and
/// for objects of at most two scalars.
bool isCompact(const json::Value &v) {
  if (isScalar(v))
    return true;
  if (const json::Object *o = v.getAsObject())
    return o->size() <= 2 &&
           std::all_of(o->begin(), o->end(), [](const auto &kv) { return isScalar(kv.second); });
  const json::Array &a = *v.getAsArray();
  return std::all_of(a.begin(), a.end(), [](const json::Value &e) {
    if (isScalar(e))
      return true;
    if (e.getAsObject())
      return isCompact(e);
    const json::Array &inner = *e.getAsArray();
    return std::all_of(inner.begin(), inner.end(), isScalar);
  });
}

void write(llvm::raw_ostream &os, const json::Value &v, unsigned indent) {
  if (isScalar(v)) {
    os << v;
    return;
  }
  bool compact = isCompact(v);
  auto newline = [&](unsigned n) {
    if (compact)
      return;
    os << "\n";
    os.indent(n);
  };
  if (const json::Object *o = v.getAsObject()) {
    std::vector<const json::Object::value_type *> kv;
    for (const auto &e : *o)
      kv.push_back(&e);
    std::sort(kv.begin(), kv.end(), [](auto *x, auto *y) { return x->first < y->first; });
    os << "{";
    for (size_t i = 0; i < kv.size(); ++i) {
      if (i)
        os << (compact ? ", " : ",");
      newline(indent + 2);
      os << json::Value(kv[i]->first) << ": ";
      write(os, kv[i]->second, indent + 2);
    }
    newline(indent);
    os << "}";
    return;
  }
  const json::Array &a = *v.getAsArray();
  os << "[";
  for (size_t i = 0; i < a.size(); ++i) {
    if (i)
      os << (compact ? ", " : ",");
    newline(indent + 2);
    write(os, a[i], indent + 2);
  }
  if (!a.empty())
    newline(indent);
  os << "]";
}

} // namespace

json::Value ttplan::toJSON(const Plan &p) {
  json::Object o{{"schema_version", p.schemaVersion},
                 {"generator", p.generator},
                 {"kernel", p.kernel},
                 {"device", toValue(p.device)},
                 {"kernel_grid", ints(p.kernelGrid)},
                 {"schedule", toValue(p.schedule)},
                 {"runtime_args", perProgram(p.runtimeArgNames,
                                             [](const std::vector<std::string> &names) {
                                               json::Array a;
                                               for (const std::string &n : names)
                                                 a.push_back(n);
                                               return a;
                                             })},
                 {"cores", each(p.cores)},
                 {"buffers", each(p.buffers)},
                 {"circular_buffers", each(p.circularBuffers)}};
  if (p.compute)
    o["compute"] = json::Object{{"fp32_dest_acc", p.compute->fp32DestAcc},
                                {"math_fidelity", p.compute->mathFidelity},
                                {"dst_capacity", p.compute->dstCapacity}};
  if (!p.images.empty()) {
    json::Object images;
    for (const ImageSet &set : p.images) {
      json::Object files;
      for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
        files[tt_riscs[r].name] = set.files[r];
      images[set.abi] = std::move(files);
    }
    o["images"] = std::move(images);
  }
  return o;
}

void ttplan::writePlan(llvm::raw_ostream &os, const Plan &p) {
  write(os, toJSON(p), 0);
  os << "\n";
}
