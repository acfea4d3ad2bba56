//===- backend/Plan.cpp - the plan of a kernel from Tile IR ---------------===//
//
// See Plan.h. Reads the function's metadata (tt_grid_*, tt.work_partition,
// tt.runtime_args, tt.cb_descriptors, tt.core_ranges, tt.partition_mode, ...)
// and each buffer parameter's (tt_tensor_accessor, tt.layout_desc,
// tt_padded_shape, ...) into a ttplan::Plan. The first attribute that is
// missing or not of its expected form becomes the one error, e.g.
//
//   cannot write the plan of 'gemm': the function has no 'tt.cb_descriptors'
//   (the metadata passes of the default pipeline add it)
//
//===----------------------------------------------------------------------===//

#include "backend/Plan.h"

#include "support/Diagnostics.h"

#include <algorithm>

using namespace ttllc;

namespace {

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

  const AttrValue *need(const AttrDict &d, const std::string &key, const std::string &where) {
    const AttrValue *v = d.get(key);
    if (!v)
      fail(where + " has no '" + key + "' (the metadata passes of the default pipeline add it)");
    return v;
  }
  int64_t needInt(const AttrDict &d, const std::string &key, const std::string &where) {
    const AttrValue *v = need(d, key, where);
    if (v && !v->isInt())
      malformed(key, where, "an integer");
    return v && v->isInt() ? v->getInt() : 0;
  }
  /// The integers of the list `v` (`size` of them unless 0).
  std::vector<int64_t> ints(const AttrValue *v, const std::string &key, const std::string &where,
                            size_t size = 0) {
    std::optional<std::vector<int64_t>> l = v ? v->getInts() : std::nullopt;
    if (l && (size == 0 || l->size() == size))
      return *l;
    if (v)
      malformed(key, where,
                size ? "a list of " + std::to_string(size) + " integers" : "a list of integers");
    return std::vector<int64_t>(size);
  }
  template <size_t N>
  std::array<int64_t, N> array(const AttrValue *v, const std::string &key,
                               const std::string &where) {
    std::vector<int64_t> l = ints(v, key, where, N);
    std::array<int64_t, N> a{};
    std::copy_n(l.begin(), N, a.begin());
    return a;
  }
  /// The enumerator of E that the string `v` names.
  template <typename E>
  E enumOf(const AttrValue *v, const std::string &key, const std::string &where) {
    std::optional<E> e = v && v->isString() ? ttplan::enumFrom<E>(v->getString()) : std::nullopt;
    if (e)
      return *e;
    if (v) {
      std::string names;
      for (llvm::StringRef n : ttplan::EnumNames<E>::names)
        names += (names.empty() ? "'" : ", '") + n.str() + "'";
      malformed(key, where, "one of " + names);
    }
    return E();
  }
  const AttrDict *dict(const AttrValue *v, const std::string &key, const std::string &where) {
    if (v && v->isDict())
      return &v->getDict();
    if (v)
      malformed(key, where, "a dictionary");
    return nullptr;
  }

  ttplan::Arg argValue(const std::string &name, const std::vector<int64_t> &work,
                       const std::vector<int64_t> &grid);
  void cores(const AttrValue &work, const AttrDict &argNames, const std::vector<int64_t> &grid,
             ttplan::Plan &p);
  void buffers(ttplan::Plan &p);
  void circularBuffers(const AttrDict &cbs, ttplan::Plan &p);
};

/// The reader, compute or writer member of `p` named `program`, if any.
template <typename T> T *program(ttplan::PerProgram<T> &p, llvm::StringRef program) {
  return program == "reader"    ? &p.reader
         : program == "compute" ? &p.compute
         : program == "writer"  ? &p.writer
                                : nullptr;
}

ttplan::Arg PlanBuilder::argValue(const std::string &name, const std::vector<int64_t> &w,
                                  const std::vector<int64_t> &grid) {
  auto value = [&](int64_t v) {
    if (v < 0 || v >= (int64_t(1) << 32))
      fail("runtime argument '" + name + "' of core (" + std::to_string(w[0]) + ", " +
           std::to_string(w[1]) + ") is " + std::to_string(v) + ", outside [0, 2^32)");
    return ttplan::Arg::makeValue(uint32_t(v));
  };
  // w = [x, y, start, count] or [x, y, start, count, tile_y0, tile_x0, tiles_h, tiles_w]
  static const std::pair<const char *, size_t> fromWork[] = {
      {"shard_x", 0}, {"shard_y", 1}, {"start_id", 2}, {"count", 3},
      {"tile_y0", 4}, {"tile_x0", 5}, {"tiles_h", 6},  {"tiles_w", 7}};
  for (auto [n, i] : fromWork)
    if (name == n && i < w.size())
      return value(w[i]);
  if (name == "grid_x")
    return value(grid[0]);
  if (name == "grid_y")
    return value(grid.size() > 1 ? grid[1] : 1);
  if (name == "Kt")
    return value(needInt(f_.attrs, "tt_kt_tiles", "the function"));
  if (name.size() > 5 && name.compare(name.size() - 5, 5, "_addr") == 0)
    return ttplan::Arg::makeBuffer(name.substr(0, name.size() - 5));
  fail("unknown runtime argument '" + name + "'");
  return {};
}

void PlanBuilder::cores(const AttrValue &work, const AttrDict &argNames,
                        const std::vector<int64_t> &grid, ttplan::Plan &p) {
  const std::string fn = "the function";
  for (const AttrValue &e : work.getList()) {
    std::vector<int64_t> w = e.getInts().value_or(std::vector<int64_t>{});
    if (w.size() != 4 && w.size() != 8) {
      malformed("tt.work_partition", fn, "a list of lists of 4 or 8 integers");
      return;
    }
    ttplan::Core &core = p.cores.emplace_back();
    core.id = w[1] * t_.gridX + w[0];
    core.x = w[0];
    core.y = w[1];
    core.start = w[2];
    core.count = w[3];
    if (w.size() == 8) {
      core.tileOrigin = {w[4], w[5]};
      core.tileExtent = {w[6], w[7]};
    }
    // Checked by build(): reader, compute and writer lists of names.
    for (const auto &[name, list] : argNames)
      for (const AttrValue &n : list.getList())
        program(core.args, name)->push_back(argValue(n.getString(), w, grid));
  }
}

void PlanBuilder::buffers(ttplan::Plan &p) {
  auto params = f_.bufferParams();
  for (size_t i = 0; i < params.size() && ok_; ++i) {
    const BufferNode &b = *params[i];
    std::string where = "buffer '" + b.name + "'";
    const AttrValue *acc = need(b.attrs, "tt_tensor_accessor", where);
    const AttrValue *desc = need(b.attrs, "tt.layout_desc", where);
    const AttrValue *padded = need(b.attrs, "tt_padded_shape", where);
    const AttrDict *ad = dict(acc, "tt_tensor_accessor", where);
    const AttrDict *dd = dict(desc, "tt.layout_desc", where);
    if (!ok_)
      return;
    ttplan::Buffer &o = p.buffers.emplace_back();
    o.name = b.name;
    o.paramIndex = int64_t(i);
    o.role = b.attrs.has("tt_role")
                 ? enumOf<ttplan::BufferRole>(b.attrs.get("tt_role"), "tt_role", where)
                 : ttplan::BufferRole::Unused;
    o.dtype = std::string(dtypeName(b.dtype));
    o.shape = b.shape;
    o.paddedShape = ints(padded, "tt_padded_shape", where);
    o.needsPadding = b.attrs.getBool("tt_needs_padding").value_or(false);
    o.tiles = {needInt(b.attrs, "tt_num_tiles_height", where),
               needInt(b.attrs, "tt_num_tiles_width", where)};
    std::string descWhere = where + "'s tt.layout_desc";
    o.memory = enumOf<ttplan::Memory>(need(*dd, "memory", descWhere), "memory", descWhere);
    o.layout = enumOf<ttplan::Layout>(need(*dd, "layout", descWhere), "layout", descWhere);
    std::string accWhere = where + "'s tt_tensor_accessor";
    o.pageSize = needInt(*ad, "page_size", accWhere);
    o.numPages = needInt(*ad, "num_pages", accWhere);
    o.alignedPageSize = needInt(*ad, "aligned_page_size", accWhere);
    o.numBanks = needInt(*ad, "num_banks", accWhere);
    o.alignment = needInt(*ad, "alignment", accWhere);
    if (const AttrDict *nd = dict(dd->get("nd_shard"), "nd_shard", descWhere)) {
      std::string ndWhere = descWhere + "'s nd_shard";
      o.shard = ttplan::Shard{array<2>(need(*nd, "shard_grid", ndWhere), "shard_grid", ndWhere),
                              array<2>(need(*nd, "shard_shape", ndWhere), "shard_shape", ndWhere)};
    }
  }
}

void PlanBuilder::circularBuffers(const AttrDict &cbs, ttplan::Plan &p) {
  for (const auto &[key, d] : cbs) {
    const AttrDict *cd = dict(&d, key, "the function's tt.cb_descriptors");
    if (!cd)
      return;
    ttplan::CircularBuffer &o = p.circularBuffers.emplace_back();
    o.id = needInt(*cd, "cb_id", key);
    o.name = cd->getString("buffer").value_or("");
    o.role = enumOf<ttplan::CBRole>(need(*cd, "role", key), "role", key);
    o.dataFormat = cd->getString("data_format").value_or("");
    o.pageSize = needInt(*cd, "page_size", key);
    o.numPages = needInt(*cd, "num_pages", key);
    o.tilesPerBlock = needInt(*cd, "tiles_per_block", key);
    o.depth = needInt(*cd, "depth", key);
    o.totalSize = needInt(*cd, "total_size", key);
  }
  std::stable_sort(p.circularBuffers.begin(), p.circularBuffers.end(),
                   [](const auto &x, const auto &y) { return x.id < y.id; });
}

std::optional<ttplan::Plan> PlanBuilder::build() {
  const AttrDict &a = f_.attrs;
  const std::string fn = "the function";
  std::vector<int64_t> grid = {needInt(a, "tt_grid_x", fn), needInt(a, "tt_grid_y", fn)};
  if (auto z = a.getInt("tt_grid_z"))
    grid.push_back(*z);
  const AttrValue *work = need(a, "tt.work_partition", fn);
  const AttrDict *argNames = dict(need(a, "tt.runtime_args", fn), "tt.runtime_args", fn);
  const AttrDict *cbs = dict(need(a, "tt.cb_descriptors", fn), "tt.cb_descriptors", fn);
  const AttrValue *ranges = need(a, "tt.core_ranges", fn);
  const AttrValue *mode = need(a, "tt.partition_mode", fn);
  if (work && !work->isList())
    malformed("tt.work_partition", fn, "a list");
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
  s.policy = a.getString("tt_schedule_policy").value_or("");
  s.order = a.getString("tt_schedule_order").value_or("");
  s.partitionMode = enumOf<ttplan::PartitionMode>(mode, "tt.partition_mode", fn);
  s.numTiles = needInt(a, "tt_num_tiles", fn);
  s.numCores = t_.numCores();
  s.activeCores = int64_t(work->getList().size());
  for (const AttrValue &r : ranges->isList() ? ranges->getList() : AttrValue::List{}) {
    std::optional<std::vector<int64_t>> l = r.getInts();
    if (!l || l->size() != 4)
      break;
    s.coreRanges.push_back({(*l)[0], (*l)[1], (*l)[2], (*l)[3]});
  }
  if (!ranges->isList() || s.coreRanges.size() != ranges->getList().size())
    malformed("tt.core_ranges", fn, "a list of [x0, y0, x1, y1] lists");
  if (s.partitionMode == ttplan::PartitionMode::LocalShard) {
    s.shardGrid = array<2>(need(a, "tt.shard_grid", fn), "tt.shard_grid", fn);
    s.localShapeTiles = array<2>(need(a, "tt.local_shape_tiles", fn), "tt.local_shape_tiles", fn);
  }

  for (const auto &[name, list] : *argNames) {
    std::vector<std::string> *names = program(p.runtimeArgNames, name);
    bool strings = list.isList() && std::all_of(list.getList().begin(), list.getList().end(),
                                                [](const AttrValue &n) { return n.isString(); });
    if (!names || !strings) {
      malformed("tt.runtime_args", fn, "a dictionary of reader, compute and writer name lists");
      break;
    }
    for (const AttrValue &n : list.getList())
      names->push_back(n.getString());
  }
  for (const char *program : {"reader", "compute", "writer"})
    need(*argNames, program, "the function's tt.runtime_args");
  if (!ok_)
    return std::nullopt;

  cores(*work, *argNames, grid, p);
  buffers(p);
  if (!ok_)
    return std::nullopt;
  circularBuffers(*cbs, p);
  // The matrix engine's configuration, once dst-management has chosen it.
  if (auto fidelity = a.getString("tt.math_fidelity"))
    p.compute = ttplan::Compute{a.getBool("tt.fp32_dest_acc").value_or(false), *fidelity,
                                needInt(a, "tt.dst_capacity", fn)};
  if (!ok_)
    return std::nullopt;
  return p;
}

} // namespace

std::optional<ttplan::Plan> ttllc::buildPlan(const PrimFunc &f, const TargetInfo &target,
                                             Diagnostics &diag) {
  return PlanBuilder(f, target, diag).build();
}
