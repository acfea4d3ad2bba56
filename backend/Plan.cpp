//===- backend/Plan.cpp - tt.plan.json from scheduled Tile IR -------------===//

#include "backend/Plan.h"

#include "support/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace ttllc;
namespace json = llvm::json;

namespace {

json::Value toJSON(const AttrValue &v) {
  switch (v.kind()) {
  case AttrValue::Kind::Bool:
    return v.getBool();
  case AttrValue::Kind::Int:
    return v.getInt();
  case AttrValue::Kind::Float:
    return v.getFloat();
  case AttrValue::Kind::String:
    return v.getString();
  case AttrValue::Kind::List: {
    json::Array a;
    for (const AttrValue &e : v.getList())
      a.push_back(toJSON(e));
    return a;
  }
  case AttrValue::Kind::Dict: {
    json::Object o;
    for (const auto &[k, e] : v.getDict())
      o[k] = toJSON(e);
    return o;
  }
  }
  return nullptr;
}

json::Array ints(const std::vector<int64_t> &v) {
  json::Array a;
  for (int64_t x : v)
    a.push_back(x);
  return a;
}

class PlanBuilder {
public:
  PlanBuilder(const PrimFunc &f, const TargetInfo &t, Diagnostics &d) : f_(f), t_(t), diag_(d) {}
  std::optional<json::Value> build();

private:
  const PrimFunc &f_;
  const TargetInfo &t_;
  Diagnostics &diag_;
  bool ok_ = true;

  const AttrValue *need(const AttrDict &d, const std::string &key, const std::string &where) {
    const AttrValue *v = d.get(key);
    if (!v && ok_) {
      diag_.error(f_.loc, "cannot write the plan of '" + f_.name + "': " + where + " has no '" +
                              key + "' (the metadata passes of the default pipeline add it)");
      ok_ = false;
    }
    return v;
  }
  int64_t needInt(const AttrDict &d, const std::string &key, const std::string &where) {
    const AttrValue *v = need(d, key, where);
    return v && v->isInt() ? v->getInt() : 0;
  }
  json::Value argValue(const std::string &name, const std::vector<int64_t> &work,
                       const std::vector<int64_t> &grid);
};

json::Value PlanBuilder::argValue(const std::string &name, const std::vector<int64_t> &w,
                                  const std::vector<int64_t> &grid) {
  // w = [x, y, start, count] or [x, y, start, count, tile_y0, tile_x0, tiles_h, tiles_w]
  static const std::pair<const char *, size_t> fromWork[] = {
      {"shard_x", 0}, {"shard_y", 1}, {"start_id", 2}, {"count", 3},
      {"tile_y0", 4}, {"tile_x0", 5}, {"tiles_h", 6},  {"tiles_w", 7}};
  for (auto [n, i] : fromWork)
    if (name == n && i < w.size())
      return w[i];
  if (name == "grid_x")
    return grid[0];
  if (name == "grid_y")
    return grid.size() > 1 ? grid[1] : 1;
  if (name == "Kt")
    return needInt(f_.attrs, "tt_kt_tiles", "the function");
  if (name.size() > 5 && name.compare(name.size() - 5, 5, "_addr") == 0)
    return json::Object{{"buffer", name.substr(0, name.size() - 5)}};
  if (ok_)
    diag_.error(f_.loc, "cannot write the plan of '" + f_.name + "': unknown runtime argument '" +
                            name + "'");
  ok_ = false;
  return nullptr;
}

std::optional<json::Value> PlanBuilder::build() {
  const AttrDict &a = f_.attrs;
  std::string fn = "the function";
  std::vector<int64_t> grid = {needInt(a, "tt_grid_x", fn), needInt(a, "tt_grid_y", fn)};
  if (auto z = a.getInt("tt_grid_z"))
    grid.push_back(*z);
  const AttrValue *work = need(a, "tt.work_partition", fn);
  const AttrValue *argNames = need(a, "tt.runtime_args", fn);
  const AttrValue *cbs = need(a, "tt.cb_descriptors", fn);
  const AttrValue *ranges = need(a, "tt.core_ranges", fn);
  std::string mode = a.getString("tt.partition_mode").value_or("");
  if (!ok_)
    return std::nullopt;

  json::Object device{{"name", t_.name},
                      {"core_grid", ints({t_.gridX, t_.gridY})},
                      {"l1_size", t_.l1Bytes},
                      {"l1_alignment", t_.l1Alignment},
                      {"dram_banks", t_.dramBanks},
                      {"dram_alignment", t_.dramAlignment},
                      {"dst_tiles", t_.dstTiles16}};

  json::Object schedule{{"policy", a.getString("tt_schedule_policy").value_or("")},
                        {"order", a.getString("tt_schedule_order").value_or("")},
                        {"partition_mode", mode},
                        {"num_tiles", needInt(a, "tt_num_tiles", fn)},
                        {"num_cores", t_.numCores()},
                        {"active_cores", int64_t(work->getList().size())},
                        {"core_ranges", toJSON(*ranges)}};
  if (mode == "local_shard") {
    schedule["shard_grid"] = toJSON(*need(a, "tt.shard_grid", fn));
    schedule["local_shape_tiles"] = toJSON(*need(a, "tt.local_shape_tiles", fn));
  }

  json::Array cores;
  const AttrDict &names = argNames->getDict();
  for (const AttrValue &e : work->getList()) {
    std::vector<int64_t> w = e.getInts().value_or(std::vector<int64_t>{});
    if (w.size() < 4)
      continue;
    json::Object core{
        {"id", w[1] * t_.gridX + w[0]}, {"x", w[0]}, {"y", w[1]}, {"start", w[2]}, {"count", w[3]}};
    if (w.size() == 8) {
      core["tile_origin"] = ints({w[4], w[5]});
      core["tile_extent"] = ints({w[6], w[7]});
    }
    json::Object args;
    for (const auto &[program, list] : names) {
      json::Array vals;
      for (const AttrValue &n : list.getList())
        vals.push_back(argValue(n.getString(), w, grid));
      args[program] = std::move(vals);
    }
    core["args"] = std::move(args);
    cores.push_back(std::move(core));
  }

  json::Array buffers;
  auto params = f_.bufferParams();
  for (size_t i = 0; i < params.size(); ++i) {
    const BufferNode &b = *params[i];
    std::string where = "buffer '" + b.name + "'";
    const AttrValue *acc = need(b.attrs, "tt_tensor_accessor", where);
    const AttrValue *desc = need(b.attrs, "tt.layout_desc", where);
    const AttrValue *padded = need(b.attrs, "tt_padded_shape", where);
    if (!ok_)
      return std::nullopt;
    const AttrDict &ad = acc->getDict(), &dd = desc->getDict();
    json::Object o{{"name", b.name},
                   {"param_index", int64_t(i)},
                   {"role", b.attrs.getString("tt_role").value_or("unused")},
                   {"dtype", std::string(dtypeName(b.dtype))},
                   {"shape", ints(b.shape)},
                   {"padded_shape", toJSON(*padded)},
                   {"needs_padding", b.attrs.getBool("tt_needs_padding").value_or(false)},
                   {"tiles", ints({needInt(b.attrs, "tt_num_tiles_height", where),
                                   needInt(b.attrs, "tt_num_tiles_width", where)})},
                   {"memory", dd.getString("memory").value_or("")},
                   {"layout", dd.getString("layout").value_or("")}};
    for (const char *k : {"page_size", "num_pages", "aligned_page_size", "num_banks", "alignment"})
      o[k] = needInt(ad, k, where + "'s tt_tensor_accessor");
    if (const AttrValue *nd = dd.get("nd_shard"))
      o["shard"] = toJSON(*nd);
    buffers.push_back(std::move(o));
  }

  std::vector<json::Object> cbList;
  for (const auto &[key, d] : cbs->getDict()) {
    const AttrDict &cd = d.getDict();
    json::Object o{{"id", needInt(cd, "cb_id", key)},
                   {"name", cd.getString("buffer").value_or("")},
                   {"role", cd.getString("role").value_or("")},
                   {"data_format", cd.getString("data_format").value_or("")}};
    for (const char *k : {"page_size", "num_pages", "tiles_per_block", "depth", "total_size"})
      o[k] = needInt(cd, k, key);
    cbList.push_back(std::move(o));
  }
  std::sort(cbList.begin(), cbList.end(), [](const json::Object &x, const json::Object &y) {
    return *x.getInteger("id") < *y.getInteger("id");
  });
  json::Array circular;
  for (json::Object &o : cbList)
    circular.push_back(std::move(o));
  if (!ok_)
    return std::nullopt;

  json::Object plan{{"schema_version", kPlanSchemaVersion},
                    {"generator", "tt-llc 0.1.0"},
                    {"kernel", f_.name},
                    {"device", std::move(device)},
                    {"kernel_grid", ints(grid)},
                    {"schedule", std::move(schedule)},
                    {"runtime_args", toJSON(*argNames)},
                    {"cores", std::move(cores)},
                    {"buffers", std::move(buffers)},
                    {"circular_buffers", std::move(circular)}};
  // The matrix engine's configuration, once dst-management has chosen it.
  if (auto fidelity = a.getString("tt.math_fidelity"))
    plan["compute"] = json::Object{{"fp32_dest_acc", a.getBool("tt.fp32_dest_acc").value_or(false)},
                                   {"math_fidelity", *fidelity},
                                   {"dst_capacity", needInt(a, "tt.dst_capacity", fn)}};
  if (!ok_)
    return std::nullopt;
  return json::Value(std::move(plan));
}

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

std::optional<json::Value> ttllc::buildPlan(const PrimFunc &f, const TargetInfo &target,
                                            Diagnostics &diag) {
  return PlanBuilder(f, target, diag).build();
}

void ttllc::writeJSON(llvm::raw_ostream &os, const json::Value &v) {
  write(os, v, 0);
  os << "\n";
}
