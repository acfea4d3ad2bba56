//===- plan/PlanReader.cpp - read and validate tt.plan.json ---------------===//
//
// Parses a plan with llvm::json and checks it against every rule of
// docs/plan-schema.md: the type of each field, ranges, the device table
// (tt/devices.h: the device's facts, DST capacity, tile formats and their
// sizes), and the relations between fields (work ranges covering the kernel
// grid, core ranges covering the active cores, runtime argument values,
// buffer page arithmetic, circular buffer ids and sizes). The plan of a
// lowered kernel must have its compute section. Reading stops at the first violation, which becomes
// the error; its message names the place as a path into the document, e.g.
// "cores[3].x". Every integer computation is checked for overflow, so no input
// can make the reader crash or misbehave.
//
//===----------------------------------------------------------------------===//

#include "plan/Plan.h"

#include "tt/devices.h"
#include "tt/programs.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <limits>
#include <set>

using namespace ttplan;
using llvm::ArrayRef;
using llvm::formatv;
using llvm::StringLiteral;
using llvm::StringRef;
using llvm::Twine;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

constexpr int64_t kTileDim = 32;           // elements per side of a tile
constexpr int64_t kNumCBs = 32;            // circular buffer ids are in [0, kNumCBs)
constexpr unsigned kMaxNesting = 64;       // far deeper than any plan
constexpr uint64_t kArgLimit = 1ULL << 32; // integer runtime arguments are below 2^32

// The values allowed for the string fields that the structs keep as strings
// (the enumerations of Plan.h spell theirs in EnumNames). The program keys of
// runtime_args and args are tt_kernels of tt/programs.h; device names and
// data formats are those of the device table, tt/devices.h.
constexpr StringLiteral kPolicies[] = {"contiguous"};
constexpr StringLiteral kOrders[] = {"row_major"};

/// The id range [first, last) of the circular buffers of each CBRole: inputs
/// 0-15, outputs and intermediates 16-31.
constexpr std::pair<int64_t, int64_t> kCBIdRanges[] = {{0, 16}, {16, 32}, {16, 32}};

std::string element(StringRef base, size_t index) {
  return (base + "[" + Twine(index) + "]").str();
}

/// Short description of a value for "got ..." in messages: numbers are
/// printed, everything else is named by its kind.
std::string describe(const Value &v) {
  switch (v.kind()) {
  case Value::Null:
    return "null";
  case Value::Boolean:
    return "boolean";
  case Value::Number: {
    std::string s;
    llvm::raw_string_ostream(s) << v;
    return s;
  }
  case Value::String:
    return "string";
  case Value::Array:
    return "array";
  case Value::Object:
    return "object";
  }
  return "value";
}

std::string describe(const Arg &a) {
  if (a.isBuffer())
    return "{\"buffer\": \"" + a.buffer + "\"}";
  return std::to_string(a.value);
}

std::string entries(size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); }

std::string listOf(ArrayRef<int64_t> v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

std::optional<int64_t> multiply(int64_t a, int64_t b) {
  int64_t r;
  if (llvm::MulOverflow(a, b, r))
    return std::nullopt;
  return r;
}

std::optional<int64_t> product(ArrayRef<int64_t> v) {
  std::optional<int64_t> p = 1;
  for (int64_t x : v)
    if (p)
      p = multiply(*p, x);
  return p;
}

/// `v` rounded up to a multiple of `align` (both positive).
std::optional<int64_t> alignUp(int64_t v, int64_t align) {
  int64_t r;
  if (llvm::AddOverflow(v, align - 1, r))
    return std::nullopt;
  return r / align * align;
}

/// llvm::json::parse recurses once per nesting level, so a document of a
/// million '[' would overflow the stack. Plans nest a handful of levels.
bool nestsTooDeep(StringRef text) {
  unsigned depth = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting)
        return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

/// Turns llvm::json's "[line:column, byte=offset]: message" (column counted
/// from 0) into "name:line:column: invalid JSON: message" (column from 1).
std::string invalidJSON(StringRef name, llvm::Error e) {
  std::string msg = llvm::toString(std::move(e));
  StringRef rest = msg;
  unsigned line, column, offset;
  if (rest.consume_front("[") && !rest.consumeInteger(10, line) && rest.consume_front(":") &&
      !rest.consumeInteger(10, column) && rest.consume_front(", byte=") &&
      !rest.consumeInteger(10, offset) && rest.consume_front("]: "))
    return formatv("{0}:{1}:{2}: invalid JSON: {3}", name, line, column + 1, rest).str();
  return formatv("{0}: invalid JSON: {1}", name, msg).str();
}

/// A JSON object and its path in the document ("" for the top level).
struct Node {
  const Object &obj;
  std::string path;

  std::string at(StringRef key) const { return path.empty() ? key.str() : path + "." + key.str(); }
};

enum class Sign { NonNegative, Positive };

/// Reads a plan into a Plan. Every method returns false after recording the
/// first violation in `error`.
class PlanReader {
public:
  PlanReader(StringRef name, PlanKind kind) : name_(name), kind_(kind) {}

  bool read(const Value &top, Plan &p);
  const std::string &error() const { return error_; }

private:
  bool fail(StringRef path, const Twine &msg) {
    error_ = (name_ + ": " + (path.empty() ? "" : path + ": ") + msg).str();
    return false;
  }

  // Values of one JSON type.
  const Object *object(const Value &v, StringRef path);
  const Array *array(const Value &v, StringRef path, size_t minSize, size_t maxSize);
  bool integer(const Value &v, StringRef path, Sign sign, int64_t &out);
  bool integers(const Value &v, StringRef path, size_t minSize, size_t maxSize, Sign sign,
                std::vector<int64_t> &out);
  template <size_t N>
  bool integers(const Value &v, StringRef path, Sign sign, std::array<int64_t, N> &out);
  bool string(const Value &v, StringRef path, std::string &out);
  bool oneOf(const Value &v, StringRef path, ArrayRef<StringRef> names, size_t &index);

  // Required members of an object.
  const Value *member(const Node &n, StringRef key);
  const Object *objectAt(const Node &n, StringRef key);
  const Array *arrayAt(const Node &n, StringRef key);
  bool integerAt(const Node &n, StringRef key, Sign sign, int64_t &out);
  bool integersAt(const Node &n, StringRef key, size_t minSize, size_t maxSize, Sign sign,
                  std::vector<int64_t> &out);
  template <size_t N>
  bool integersAt(const Node &n, StringRef key, Sign sign, std::array<int64_t, N> &out);
  bool stringAt(const Node &n, StringRef key, std::string &out);
  bool booleanAt(const Node &n, StringRef key, bool &out);
  template <typename E>
  bool enumAt(const Node &n, StringRef key, ArrayRef<StringLiteral> names, E &out);
  bool oneOfAt(const Node &n, StringRef key, ArrayRef<StringRef> names, size_t &index) {
    const Value *v = member(n, key);
    return v && oneOf(*v, n.at(key), names, index);
  }
  template <typename E> bool enumAt(const Node &n, StringRef key, E &out) {
    return enumAt(n, key, EnumNames<E>::names, out);
  }
  /// A pair present exactly when partition_mode is local_shard.
  bool localShardPair(const Node &n, StringRef key, bool localShard, Sign sign,
                      std::optional<std::array<int64_t, 2>> &out);

  bool expect(StringRef path, std::optional<int64_t> expected, int64_t got, StringRef what);

  // The sections, in document order, each with the checks its fields allow.
  bool readVersion(const Node &top, Plan &p);
  bool readDevice(const Node &top, Device &d);
  bool readCompute(const Node &top, Plan &p);
  bool readImages(const Node &top, Plan &p);
  bool readSchedule(const Node &top, Plan &p);
  bool readCoreRange(const Value &v, StringRef path, const Device &d, std::array<int64_t, 4> &r);
  bool readRuntimeArgNames(const Node &top, Plan &p);
  bool readCores(const Node &top, Plan &p);
  bool readCore(const Node &c, size_t index, const Plan &p, Core &core);
  bool checkWorkRange(const Node &c, size_t index, const Plan &p, const Core &core);
  bool checkShardBlocks(const Node &c, const Plan &p, const Core &core);
  bool readArg(const Value &v, StringRef path, Arg &out);
  bool readBuffers(const Node &top, Plan &p);
  bool readBuffer(const Node &b, size_t index, const Device &d, Buffer &buf);
  bool readCircularBuffers(const Node &top, Plan &p);
  bool readCircularBuffer(const Node &c, CircularBuffer &cb);

  // Relations between sections.
  bool checkCoreRanges(const Plan &p);
  bool checkArgs(const Plan &p);
  std::optional<std::string> argError(StringRef name, const Arg &arg, const Plan &p,
                                      size_t index) const;

  std::string name_;
  PlanKind kind_;
  const tt_device_info *table_ = nullptr; // the device table's row of device.name
  std::string error_;
  llvm::StringMap<size_t> bufferIndex_; // name -> index in Plan::buffers
};

//===----------------------------------------------------------------------===//
// Typed values
//===----------------------------------------------------------------------===//

const Object *PlanReader::object(const Value &v, StringRef path) {
  const Object *o = v.getAsObject();
  if (!o)
    fail(path, "expected an object, got " + describe(v));
  return o;
}

const Array *PlanReader::array(const Value &v, StringRef path, size_t minSize, size_t maxSize) {
  const Array *a = v.getAsArray();
  if (!a) {
    fail(path, "expected an array, got " + describe(v));
    return nullptr;
  }
  if (a->size() >= minSize && a->size() <= maxSize)
    return a;
  if (minSize == maxSize)
    fail(path, "expected " + entries(minSize) + ", got " + Twine(a->size()));
  else if (maxSize == std::numeric_limits<size_t>::max())
    fail(path, "expected at least " + entries(minSize) + ", got " + Twine(a->size()));
  else
    fail(path, formatv("expected {0} to {1} entries, got {2}", minSize, maxSize, a->size()));
  return nullptr;
}

bool PlanReader::integer(const Value &v, StringRef path, Sign sign, int64_t &out) {
  StringRef wanted = sign == Sign::Positive ? "a positive integer" : "a non-negative integer";
  // Only numbers written as integers have a uint64 form; getAsInteger would
  // also accept (and, for 2^63, mis-convert) numbers written as doubles.
  std::optional<uint64_t> u = v.getAsUINT64();
  if (!u) {
    if (v.kind() == Value::Number && *v.getAsNumber() < 0)
      return fail(path, "expected " + wanted + ", got " + describe(v));
    return fail(path, "expected an integer, got " + describe(v));
  }
  if (*u > uint64_t(std::numeric_limits<int64_t>::max()))
    return fail(path, "expected an integer below 2^63, got " + describe(v));
  if (sign == Sign::Positive && *u == 0)
    return fail(path, "expected " + wanted + ", got 0");
  out = int64_t(*u);
  return true;
}

bool PlanReader::integers(const Value &v, StringRef path, size_t minSize, size_t maxSize, Sign sign,
                          std::vector<int64_t> &out) {
  const Array *a = array(v, path, minSize, maxSize);
  if (!a)
    return false;
  out.assign(a->size(), 0);
  for (size_t i = 0; i < a->size(); ++i)
    if (!integer((*a)[i], element(path, i), sign, out[i]))
      return false;
  return true;
}

template <size_t N>
bool PlanReader::integers(const Value &v, StringRef path, Sign sign, std::array<int64_t, N> &out) {
  std::vector<int64_t> values;
  if (!integers(v, path, N, N, sign, values))
    return false;
  std::copy(values.begin(), values.end(), out.begin());
  return true;
}

bool PlanReader::string(const Value &v, StringRef path, std::string &out) {
  std::optional<StringRef> s = v.getAsString();
  if (!s)
    return fail(path, "expected a string, got " + describe(v));
  out = s->str();
  return true;
}

bool PlanReader::oneOf(const Value &v, StringRef path, ArrayRef<StringRef> names, size_t &index) {
  std::optional<StringRef> s = v.getAsString();
  if (!s)
    return fail(path, "expected a string, got " + describe(v));
  auto it = llvm::find(names, *s);
  if (it != names.end()) {
    index = it - names.begin();
    return true;
  }
  std::string list;
  for (size_t i = 0; i < names.size(); ++i)
    list += (i ? ", '" : "'") + names[i].str() + "'";
  return fail(path,
              "expected " + Twine(names.size() > 1 ? "one of " : "") + list + ", got '" + *s + "'");
}

//===----------------------------------------------------------------------===//
// Members
//===----------------------------------------------------------------------===//

const Value *PlanReader::member(const Node &n, StringRef key) {
  const Value *v = n.obj.get(key);
  if (!v)
    fail(n.path, "missing key '" + key + "'");
  return v;
}

const Object *PlanReader::objectAt(const Node &n, StringRef key) {
  const Value *v = member(n, key);
  return v ? object(*v, n.at(key)) : nullptr;
}

const Array *PlanReader::arrayAt(const Node &n, StringRef key) {
  const Value *v = member(n, key);
  return v ? array(*v, n.at(key), 0, std::numeric_limits<size_t>::max()) : nullptr;
}

bool PlanReader::integerAt(const Node &n, StringRef key, Sign sign, int64_t &out) {
  const Value *v = member(n, key);
  return v && integer(*v, n.at(key), sign, out);
}

bool PlanReader::integersAt(const Node &n, StringRef key, size_t minSize, size_t maxSize, Sign sign,
                            std::vector<int64_t> &out) {
  const Value *v = member(n, key);
  return v && integers(*v, n.at(key), minSize, maxSize, sign, out);
}

template <size_t N>
bool PlanReader::integersAt(const Node &n, StringRef key, Sign sign, std::array<int64_t, N> &out) {
  const Value *v = member(n, key);
  return v && integers(*v, n.at(key), sign, out);
}

bool PlanReader::stringAt(const Node &n, StringRef key, std::string &out) {
  const Value *v = member(n, key);
  return v && string(*v, n.at(key), out);
}

bool PlanReader::booleanAt(const Node &n, StringRef key, bool &out) {
  const Value *v = member(n, key);
  if (!v)
    return false;
  std::optional<bool> b = v->getAsBoolean();
  if (!b)
    return fail(n.at(key), "expected a boolean, got " + describe(*v));
  out = *b;
  return true;
}

template <typename E>
bool PlanReader::enumAt(const Node &n, StringRef key, ArrayRef<StringLiteral> names, E &out) {
  const Value *v = member(n, key);
  size_t index;
  if (!v || !oneOf(*v, n.at(key), std::vector<StringRef>(names.begin(), names.end()), index))
    return false;
  out = E(index);
  return true;
}

bool PlanReader::localShardPair(const Node &n, StringRef key, bool localShard, Sign sign,
                                std::optional<std::array<int64_t, 2>> &out) {
  const Value *v = n.obj.get(key);
  if (!localShard)
    return !v || fail(n.at(key), "only allowed when partition_mode is 'local_shard'");
  if (!v)
    return fail(n.path,
                "missing key '" + key + "' (required when partition_mode is 'local_shard')");
  std::array<int64_t, 2> pair;
  if (!integers(*v, n.at(key), sign, pair))
    return false;
  out = pair;
  return true;
}

bool PlanReader::expect(StringRef path, std::optional<int64_t> expected, int64_t got,
                        StringRef what) {
  if (!expected)
    return fail(path, formatv("expected {0}, which overflows 64 bits, got {1}", what, got));
  if (*expected != got)
    return fail(path, formatv("expected {0} ({1}), got {2}", *expected, what, got));
  return true;
}

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

bool PlanReader::read(const Value &top, Plan &p) {
  const Object *o = top.getAsObject();
  if (!o)
    return fail("", "expected an object at the top level, got " + describe(top));
  Node n{*o, ""};
  return readVersion(n, p) && stringAt(n, "generator", p.generator) &&
         stringAt(n, "kernel", p.kernel) && readDevice(n, p.device) &&
         integersAt(n, "kernel_grid", 1, 3, Sign::Positive, p.kernelGrid) && readSchedule(n, p) &&
         readRuntimeArgNames(n, p) && readCores(n, p) && checkCoreRanges(p) && readBuffers(n, p) &&
         checkArgs(p) && readCircularBuffers(n, p) && readCompute(n, p) && readImages(n, p);
}

bool PlanReader::readImages(const Node &top, Plan &p) {
  if (!top.obj.get("images")) {
    if (kind_ == PlanKind::Any)
      return true;
    return fail("", "missing key 'images' (required in the plan of a lowered kernel: the image "
                    "files of each device ABI)");
  }
  const Object *o = objectAt(top, "images");
  if (!o)
    return false;
  if (o->empty())
    return fail("images", "expected the images of at least one device ABI");
  // Unknown ABIs first (in name order), then the sets in kDeviceABIs order,
  // so the first violation does not depend on the object's hash order.
  std::vector<StringRef> keys;
  for (const auto &kv : *o)
    keys.push_back(kv.first);
  llvm::sort(keys);
  for (StringRef key : keys)
    if (!llvm::is_contained(kDeviceABIs, key)) {
      std::string list;
      for (StringRef abi : kDeviceABIs)
        list += (list.empty() ? "'" : ", '") + abi.str() + "'";
      return fail("images." + key.str(),
                  "unknown device ABI '" + key.str() + "' (expected one of " + list + ")");
    }
  std::set<std::string> files;
  for (StringRef abi : kDeviceABIs) {
    const Value *value = o->get(abi);
    if (!value)
      continue;
    std::string path = "images." + abi.str();
    const Object *set = object(*value, path);
    if (!set)
      return false;
    Node n{*set, path};
    ImageSet images;
    images.abi = abi.str();
    for (unsigned r = 0; r < TT_NUM_RISCS; ++r) {
      std::string &file = images.files[r];
      if (!stringAt(n, tt_riscs[r].name, file))
        return false;
      StringRef name = file;
      if (!name.ends_with(".elf") || name.contains('/') || name.starts_with("."))
        return fail(n.at(tt_riscs[r].name),
                    "expected the name of an image file in the folder (\"<name>.elf\"), got '" +
                        file + "'");
      if (!files.insert(file).second)
        return fail(n.at(tt_riscs[r].name), "'" + file + "' is listed twice");
    }
    if (set->size() != TT_NUM_RISCS)
      return fail(
          path, formatv("expected the {0} keys of the RISCs, got {1}", TT_NUM_RISCS, set->size()));
    p.images.push_back(std::move(images));
  }
  return true;
}

bool PlanReader::readCompute(const Node &top, Plan &p) {
  if (!top.obj.get("compute")) {
    if (kind_ == PlanKind::Any)
      return true;
    return fail("", "missing key 'compute' (required in the plan of a lowered kernel: its images "
                    "were compiled for that configuration of the matrix engine)");
  }
  const Object *o = objectAt(top, "compute");
  if (!o)
    return false;
  Node n{*o, "compute"};
  Compute c;
  size_t fidelity;
  if (!(booleanAt(n, "fp32_dest_acc", c.fp32DestAcc) &&
        enumAt(n, "math_fidelity", kMathFidelities, fidelity) &&
        integerAt(n, "dst_capacity", Sign::Positive, c.dstCapacity)))
    return false;
  c.mathFidelity = kMathFidelities[fidelity].str();
  if (c.dstCapacity > p.device.dstTiles)
    return fail("compute.dst_capacity", formatv("expected at most {0} (device.dst_tiles), got {1}",
                                                p.device.dstTiles, c.dstCapacity));
  // DST holds half as many tiles when it accumulates in float32.
  if (c.fp32DestAcc && c.dstCapacity > int64_t(table_->dst_tiles_fp32))
    return fail("compute.dst_capacity",
                formatv("expected at most {0} (the DST tiles of {1} with fp32_dest_acc, "
                        "tt/devices.h), got {2}",
                        table_->dst_tiles_fp32, p.device.name, c.dstCapacity));
  p.compute = std::move(c);
  return true;
}

bool PlanReader::readVersion(const Node &top, Plan &p) {
  if (!integerAt(top, "schema_version", Sign::NonNegative, p.schemaVersion))
    return false;
  if (p.schemaVersion != kPlanSchemaVersion)
    return fail("", formatv("unsupported schema_version {0} (this runtime reads {1})",
                            p.schemaVersion, kPlanSchemaVersion));
  return true;
}

bool PlanReader::readDevice(const Node &top, Device &d) {
  const Object *o = objectAt(top, "device");
  if (!o)
    return false;
  Node n{*o, "device"};
  std::vector<StringRef> names;
  for (const tt_device_info &info : tt_devices)
    names.push_back(info.name);
  size_t name;
  std::array<int64_t, 2> grid;
  if (!(oneOfAt(n, "name", names, name) && integersAt(n, "core_grid", Sign::Positive, grid) &&
        integerAt(n, "l1_size", Sign::Positive, d.l1Size) &&
        integerAt(n, "l1_alignment", Sign::Positive, d.l1Alignment) &&
        integerAt(n, "dram_banks", Sign::Positive, d.dramBanks) &&
        integerAt(n, "dram_alignment", Sign::Positive, d.dramAlignment) &&
        integerAt(n, "dst_tiles", Sign::Positive, d.dstTiles)))
    return false;
  table_ = &tt_devices[name];
  d.name = table_->name;
  d.coreGridX = grid[0];
  d.coreGridY = grid[1];
  // The facts of the device are the device table's (core_grid is the grid of
  // the compile, which --grid may change).
  std::string what = d.name + " in the device table, tt/devices.h";
  auto fact = [&](StringRef key, int64_t got, int64_t want, StringRef field) {
    return expect(n.at(key), want, got, (field + " of " + what).str());
  };
  return fact("l1_size", d.l1Size, table_->l1_bytes, "the l1_bytes") &&
         fact("l1_alignment", d.l1Alignment, table_->l1_alignment, "the l1_alignment") &&
         fact("dram_banks", d.dramBanks, table_->dram_banks, "the dram_banks") &&
         fact("dram_alignment", d.dramAlignment, table_->dram_alignment, "the dram_alignment") &&
         fact("dst_tiles", d.dstTiles, table_->dst_tiles_16, "the dst_tiles_16");
}

bool PlanReader::readSchedule(const Node &top, Plan &p) {
  const Object *o = objectAt(top, "schedule");
  if (!o)
    return false;
  Node n{*o, "schedule"};
  Schedule &s = p.schedule;
  const Device &d = p.device;
  size_t policy, order;
  if (!(enumAt(n, "policy", kPolicies, policy) && enumAt(n, "order", kOrders, order) &&
        enumAt(n, "partition_mode", s.partitionMode) &&
        integerAt(n, "num_tiles", Sign::Positive, s.numTiles) &&
        expect(n.at("num_tiles"), product(p.kernelGrid), s.numTiles, "product of kernel_grid") &&
        integerAt(n, "num_cores", Sign::Positive, s.numCores) &&
        expect(n.at("num_cores"), multiply(d.coreGridX, d.coreGridY), s.numCores,
               "core_grid[0] * core_grid[1]") &&
        integerAt(n, "active_cores", Sign::Positive, s.activeCores)))
    return false;
  s.policy = kPolicies[policy].str();
  s.order = kOrders[order].str();

  const Array *ranges = arrayAt(n, "core_ranges");
  if (!ranges)
    return false;
  s.coreRanges.resize(ranges->size());
  for (size_t i = 0; i < ranges->size(); ++i)
    if (!readCoreRange((*ranges)[i], element(n.at("core_ranges"), i), d, s.coreRanges[i]))
      return false;

  bool localShard = s.partitionMode == PartitionMode::LocalShard;
  if (!localShardPair(n, "shard_grid", localShard, Sign::Positive, s.shardGrid))
    return false;
  if (s.shardGrid && ((*s.shardGrid)[0] > d.coreGridX || (*s.shardGrid)[1] > d.coreGridY))
    return fail(n.at("shard_grid"),
                formatv("expected at most the core grid {0}, got {1}",
                        listOf({d.coreGridX, d.coreGridY}), listOf(*s.shardGrid)));
  return localShardPair(n, "local_shape_tiles", localShard, Sign::Positive, s.localShapeTiles);
}

bool PlanReader::readCoreRange(const Value &v, StringRef path, const Device &d,
                               std::array<int64_t, 4> &r) {
  if (!integers(v, path, Sign::NonNegative, r))
    return false;
  if (r[0] > r[2] || r[1] > r[3])
    return fail(path, "expected x0 <= x1 and y0 <= y1, got " + listOf(r));
  if (r[2] >= d.coreGridX || r[3] >= d.coreGridY)
    return fail(
        path, formatv("{0} is outside the {1}x{2} core grid", listOf(r), d.coreGridX, d.coreGridY));
  return true;
}

bool PlanReader::readRuntimeArgNames(const Node &top, Plan &p) {
  const Object *o = objectAt(top, "runtime_args");
  if (!o)
    return false;
  Node n{*o, "runtime_args"};
  for (size_t k = 0; k < TT_NUM_KERNELS; ++k) {
    StringRef kernel = tt_kernels[k];
    const Array *a = arrayAt(n, kernel);
    if (!a)
      return false;
    std::vector<std::string> &names = p.runtimeArgNames[k];
    names.resize(a->size());
    for (size_t i = 0; i < a->size(); ++i)
      if (!string((*a)[i], element(n.at(kernel), i), names[i]))
        return false;
  }
  return true;
}

bool PlanReader::readCores(const Node &top, Plan &p) {
  const Array *a = arrayAt(top, "cores");
  if (!a)
    return false;
  p.cores.resize(a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    std::string path = element("cores", i);
    const Object *o = object((*a)[i], path);
    if (!o || !readCore(Node{*o, path}, i, p, p.cores[i]))
      return false;
  }
  const Schedule &s = p.schedule;
  if (s.partitionMode == PartitionMode::Global) {
    int64_t covered = p.cores.empty() ? 0 : p.cores.back().start + p.cores.back().count;
    if (covered != s.numTiles)
      return fail("cores", formatv("the work ranges cover [0, {0}), expected [0, {1}) "
                                   "(schedule.num_tiles)",
                                   covered, s.numTiles));
  }
  return expect("schedule.active_cores", int64_t(p.cores.size()), s.activeCores,
                "number of entries of cores");
}

bool PlanReader::readCore(const Node &c, size_t index, const Plan &p, Core &core) {
  const Schedule &s = p.schedule;
  const Core *prev = index ? &p.cores[index - 1] : nullptr;
  if (!integerAt(c, "id", Sign::NonNegative, core.id))
    return false;
  if (core.id >= s.numCores)
    return fail(c.at("id"), formatv("expected an id in [0, {0}) (schedule.num_cores), got {1}",
                                    s.numCores, core.id));
  if (prev && core.id <= prev->id)
    return fail(c.at("id"), formatv("expected an id greater than {0} (cores[{1}].id), got {2}",
                                    prev->id, index - 1, core.id));
  int64_t gridX = p.device.coreGridX;
  if (!(integerAt(c, "x", Sign::NonNegative, core.x) &&
        expect(c.at("x"), core.id % gridX, core.x, "id % core_grid[0]") &&
        integerAt(c, "y", Sign::NonNegative, core.y) &&
        expect(c.at("y"), core.id / gridX, core.y, "id / core_grid[0]") &&
        integerAt(c, "start", Sign::NonNegative, core.start) &&
        integerAt(c, "count", Sign::Positive, core.count)))
    return false;

  bool localShard = s.partitionMode == PartitionMode::LocalShard;
  if (!localShardPair(c, "tile_origin", localShard, Sign::NonNegative, core.tileOrigin) ||
      !localShardPair(c, "tile_extent", localShard, Sign::Positive, core.tileExtent) ||
      !(localShard ? checkShardBlocks(c, p, core) : checkWorkRange(c, index, p, core)))
    return false;

  const Object *args = objectAt(c, "args");
  if (!args)
    return false;
  Node n{*args, c.at("args")};
  for (size_t k = 0; k < TT_NUM_KERNELS; ++k) {
    StringRef kernel = tt_kernels[k];
    const Value *v = member(n, kernel);
    std::string path = n.at(kernel);
    const Array *a = v ? array(*v, path, 0, std::numeric_limits<size_t>::max()) : nullptr;
    if (!a)
      return false;
    size_t numNames = p.runtimeArgNames[k].size();
    if (a->size() != numNames)
      return fail(path, "expected " + entries(numNames) + " (one per name in runtime_args." +
                            kernel + "), got " + Twine(a->size()));
    std::vector<Arg> &values = core.args[k];
    values.resize(a->size());
    for (size_t i = 0; i < a->size(); ++i)
      if (!readArg((*a)[i], element(path, i), values[i]))
        return false;
  }
  return true;
}

bool PlanReader::checkWorkRange(const Node &c, size_t index, const Plan &p, const Core &core) {
  // The ranges follow each other from work unit 0. The previous range ends at
  // most at num_tiles, so the sum cannot overflow.
  const Core *prev = index ? &p.cores[index - 1] : nullptr;
  int64_t first = prev ? prev->start + prev->count : 0;
  if (core.start != first)
    return fail(c.at("start"),
                prev ? formatv("expected {0} (cores[{1}].start + cores[{1}].count), got {2}", first,
                               index - 1, core.start)
                           .str()
                     : formatv("expected 0 (the first work unit), got {0}", core.start).str());
  int64_t left = p.schedule.numTiles - core.start;
  if (core.count > left)
    return fail(c.at("count"), formatv("expected at most {0} (schedule.num_tiles - start), got {1}",
                                       left, core.count));
  return true;
}

bool PlanReader::checkShardBlocks(const Node &c, const Plan &p, const Core &core) {
  // A shard at the edge of the grid may hold fewer blocks than the others.
  const std::array<int64_t, 2> &full = *p.schedule.localShapeTiles;
  const std::array<int64_t, 2> &shape = *core.tileExtent;
  if (shape[0] > full[0] || shape[1] > full[1])
    return fail(c.at("tile_extent"),
                formatv("expected at most {0} (schedule.local_shape_tiles), got {1}", listOf(full),
                        listOf(shape)));
  // Blocks are numbered row-major in the kernel grid, kernel_grid[0] per row.
  int64_t gridX = p.kernelGrid[0], gridY = p.kernelGrid.size() > 1 ? p.kernelGrid[1] : 1;
  auto [y0, x0] = *core.tileOrigin;
  auto [h, w] = shape;
  if (y0 > gridY - h || x0 > gridX - w)
    return fail(c.at("tile_origin"),
                formatv("the {0}x{1} blocks at {2} reach outside the kernel grid of {3} rows and "
                        "{4} columns",
                        h, w, listOf(*core.tileOrigin), gridY, gridX));
  // Inside the grid, so both are below num_tiles.
  return expect(c.at("start"), y0 * gridX + x0, core.start,
                "tile_origin[0] * kernel_grid[0] + tile_origin[1]") &&
         expect(c.at("count"), h * w, core.count, "tile_extent[0] * tile_extent[1]");
}

bool PlanReader::readArg(const Value &v, StringRef path, Arg &out) {
  if (const Object *o = v.getAsObject()) {
    std::string name;
    if (!stringAt(Node{*o, path.str()}, "buffer", name))
      return false;
    out = Arg::makeBuffer(std::move(name));
    return true;
  }
  std::optional<uint64_t> u = v.getAsUINT64();
  if (!u || *u >= kArgLimit)
    return fail(path, "expected an integer in [0, 2^32) or {\"buffer\": NAME}, got " + describe(v));
  out = Arg::makeValue(uint32_t(*u));
  return true;
}

bool PlanReader::readBuffers(const Node &top, Plan &p) {
  const Array *a = arrayAt(top, "buffers");
  if (!a)
    return false;
  p.buffers.resize(a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    std::string path = element("buffers", i);
    const Object *o = object((*a)[i], path);
    if (!o || !readBuffer(Node{*o, path}, i, p.device, p.buffers[i]))
      return false;
  }
  return true;
}

bool PlanReader::readBuffer(const Node &b, size_t index, const Device &d, Buffer &buf) {
  if (!stringAt(b, "name", buf.name))
    return false;
  auto [it, inserted] = bufferIndex_.try_emplace(buf.name, index);
  if (!inserted)
    return fail(b.at("name"), formatv("duplicate buffer name '{0}' (also buffers[{1}].name)",
                                      buf.name, it->second));
  if (!(integerAt(b, "param_index", Sign::NonNegative, buf.paramIndex) &&
        expect(b.at("param_index"), int64_t(index), buf.paramIndex, "the position in buffers") &&
        enumAt(b, "role", buf.role) && stringAt(b, "dtype", buf.dtype) &&
        integersAt(b, "shape", 1, std::numeric_limits<size_t>::max(), Sign::Positive, buf.shape) &&
        integersAt(b, "padded_shape", buf.shape.size(), buf.shape.size(), Sign::Positive,
                   buf.paddedShape)))
    return false;

  // The last two dimensions are tiled; a 1-d buffer is one row of tiles.
  size_t rank = buf.shape.size();
  std::vector<int64_t> padded = buf.shape;
  for (size_t i = rank < 2 ? 0 : rank - 2; i < rank; ++i) {
    std::optional<int64_t> up = alignUp(padded[i], kTileDim);
    if (!up)
      return fail(element(b.at("shape"), i),
                  formatv("{0} is too large to round up to whole tiles", padded[i]));
    padded[i] = *up;
  }
  if (buf.paddedShape != padded)
    return fail(b.at("padded_shape"),
                formatv("expected {0} (shape with the last two dimensions rounded up to "
                        "multiples of 32), got {1}",
                        listOf(padded), listOf(buf.paddedShape)));
  if (!booleanAt(b, "needs_padding", buf.needsPadding))
    return false;
  if (buf.needsPadding != (padded != buf.shape))
    return fail(b.at("needs_padding"), buf.needsPadding
                                           ? "expected false (padded_shape equals shape), got true"
                                           : "expected true (padded_shape differs from shape), "
                                             "got false");
  std::array<int64_t, 2> tiles = {rank < 2 ? 1 : padded[rank - 2] / kTileDim,
                                  padded[rank - 1] / kTileDim};
  if (!integersAt(b, "tiles", Sign::Positive, buf.tiles))
    return false;
  if (buf.tiles != tiles)
    return fail(b.at("tiles"), formatv("expected {0} (the last two dimensions of padded_shape / "
                                       "32), got {1}",
                                       listOf(tiles), listOf(buf.tiles)));

  std::vector<int64_t> pageFactors(padded.begin(), padded.end() - std::min<size_t>(rank, 2));
  pageFactors.insert(pageFactors.end(), tiles.begin(), tiles.end());
  if (!(enumAt(b, "memory", buf.memory) && enumAt(b, "layout", buf.layout) &&
        integerAt(b, "page_size", Sign::Positive, buf.pageSize) &&
        integerAt(b, "num_pages", Sign::Positive, buf.numPages) &&
        integerAt(b, "aligned_page_size", Sign::Positive, buf.alignedPageSize) &&
        integerAt(b, "num_banks", Sign::Positive, buf.numBanks) &&
        integerAt(b, "alignment", Sign::Positive, buf.alignment) &&
        expect(b.at("num_pages"), product(pageFactors), buf.numPages,
               "product of the leading dimensions * tiles[0] * tiles[1]") &&
        expect(b.at("aligned_page_size"), alignUp(buf.pageSize, buf.alignment), buf.alignedPageSize,
               "page_size rounded up to a multiple of alignment")))
    return false;
  // DRAM buffers are interleaved over the device's DRAM banks.
  if (buf.memory == Memory::DRAM && !(expect(b.at("num_banks"), d.dramBanks, buf.numBanks,
                                             "device.dram_banks for a DRAM buffer") &&
                                      expect(b.at("alignment"), d.dramAlignment, buf.alignment,
                                             "device.dram_alignment for a DRAM buffer")))
    return false;
  if (buf.memory == Memory::L1 && !expect(b.at("alignment"), d.l1Alignment, buf.alignment,
                                          "device.l1_alignment for an L1 buffer"))
    return false;

  const Value *shard = b.obj.get("shard");
  bool sharded = buf.layout == Layout::Sharded;
  if (!sharded)
    return !shard || fail(b.at("shard"), "only allowed when layout is 'sharded'");
  if (!shard)
    return fail(b.path, "missing key 'shard' (required when layout is 'sharded')");
  const Object *o = object(*shard, b.at("shard"));
  if (!o)
    return false;
  Node n{*o, b.at("shard")};
  Shard s;
  if (!integersAt(n, "shard_grid", Sign::Positive, s.shardGrid) ||
      !integersAt(n, "shard_shape", Sign::Positive, s.shardShape))
    return false;
  buf.shard = s;
  return true;
}

bool PlanReader::readCircularBuffers(const Node &top, Plan &p) {
  const Array *a = arrayAt(top, "circular_buffers");
  if (!a)
    return false;
  p.circularBuffers.resize(a->size());
  std::array<std::optional<size_t>, kNumCBs> owner; // the entry that has each id
  uint64_t used = 0; // bytes of L1; stays below 2^64 as it stops at l1_size < 2^63
  for (size_t i = 0; i < a->size(); ++i) {
    std::string path = element("circular_buffers", i);
    const Object *o = object((*a)[i], path);
    CircularBuffer &cb = p.circularBuffers[i];
    if (!o || !readCircularBuffer(Node{*o, path}, cb))
      return false;
    std::optional<size_t> &first = owner[cb.id];
    if (first)
      return fail(path + ".id",
                  formatv("duplicate id {0} (also circular_buffers[{1}].id)", cb.id, *first));
    first = i;
    used += uint64_t(cb.totalSize);
    if (used > uint64_t(p.device.l1Size))
      return fail("circular_buffers",
                  formatv("the total_size of circular_buffers[0..{0}] is {1}, more than "
                          "device.l1_size {2}",
                          i, used, p.device.l1Size));
  }
  return true;
}

bool PlanReader::readCircularBuffer(const Node &c, CircularBuffer &cb) {
  if (!integerAt(c, "id", Sign::NonNegative, cb.id))
    return false;
  if (cb.id >= kNumCBs)
    return fail(c.at("id"), formatv("expected an id in [0, {0}), got {1}", kNumCBs, cb.id));
  std::vector<StringRef> formats;
  for (const tt_tile_format &f : tt_tile_formats)
    formats.push_back(f.name);
  size_t format;
  if (!(stringAt(c, "name", cb.name) && enumAt(c, "role", cb.role) &&
        oneOfAt(c, "data_format", formats, format) &&
        integerAt(c, "page_size", Sign::Positive, cb.pageSize) &&
        integerAt(c, "num_pages", Sign::Positive, cb.numPages) &&
        integerAt(c, "tiles_per_block", Sign::Positive, cb.tilesPerBlock) &&
        integerAt(c, "depth", Sign::Positive, cb.depth) &&
        integerAt(c, "total_size", Sign::Positive, cb.totalSize)))
    return false;
  cb.dataFormat = tt_tile_formats[format].name;
  // A page is one tile.
  if (!expect(c.at("page_size"), tt_tile_bytes(&tt_tile_formats[format]), cb.pageSize,
              "one " + cb.dataFormat + " tile"))
    return false;
  auto [first, last] = kCBIdRanges[size_t(cb.role)];
  if (cb.id < first || cb.id >= last)
    return fail(c.at("id"), formatv("expected an id in [{0}, {1}) for an {2} circular buffer, "
                                    "got {3}",
                                    first, last, nameOf(cb.role), cb.id));
  return expect(c.at("num_pages"), multiply(cb.depth, cb.tilesPerBlock), cb.numPages,
                "depth * tiles_per_block") &&
         expect(c.at("total_size"), multiply(cb.pageSize, cb.numPages), cb.totalSize,
                "page_size * num_pages");
}

//===----------------------------------------------------------------------===//
// Relations between sections
//===----------------------------------------------------------------------===//

bool PlanReader::checkCoreRanges(const Plan &p) {
  const std::vector<Core> &cores = p.cores;
  std::vector<bool> covered(cores.size());
  for (size_t k = 0; k < p.schedule.coreRanges.size(); ++k) {
    const std::array<int64_t, 4> &r = p.schedule.coreRanges[k];
    std::string path = element("schedule.core_ranges", k);
    // Each cell covers one more active core or fails, so however large the
    // rectangle, this visits at most cores.size() + 1 cells.
    for (int64_t y = r[1]; y <= r[3]; ++y)
      for (int64_t x = r[0]; x <= r[2]; ++x) {
        int64_t id = y * p.device.coreGridX + x; // < num_cores, no overflow
        auto it = llvm::lower_bound(cores, id, [](const Core &c, int64_t id) { return c.id < id; });
        if (it == cores.end() || it->id != id)
          return fail(path, formatv("core ({0}, {1}) (id {2}) is not an active core", x, y, id));
        size_t i = it - cores.begin();
        if (covered[i])
          return fail(path,
                      formatv("core ({0}, {1}) (id {2}) is already in an earlier range", x, y, id));
        covered[i] = true;
      }
  }
  for (size_t i = 0; i < cores.size(); ++i)
    if (!covered[i])
      return fail("schedule.core_ranges", formatv("active core ({0}, {1}) (id {2}) is in no range",
                                                  cores[i].x, cores[i].y, cores[i].id));
  return true;
}

/// The value docs/plan-schema.md gives the integer runtime argument `name` of
/// cores[index] and where it comes from: `source`, a field of the core if
/// `ofCore`.
struct ArgValue {
  int64_t value;
  StringRef source;
  bool ofCore;
};

std::optional<ArgValue> expectedValue(StringRef name, const Plan &p, size_t index) {
  const Core &core = p.cores[index];
  if (name == "grid_x")
    return ArgValue{p.kernelGrid[0], "kernel_grid[0]", false};
  if (name == "grid_y") {
    if (p.kernelGrid.size() > 1)
      return ArgValue{p.kernelGrid[1], "kernel_grid[1]", false};
    return ArgValue{1, "kernel_grid has no second entry", false};
  }
  if (name == "start_id")
    return ArgValue{core.start, "start", true};
  if (name == "count")
    return ArgValue{core.count, "count", true};
  if (p.schedule.partitionMode == PartitionMode::Global)
    return std::nullopt;
  // The core at (x, y) works on shard (x, y).
  if (name == "shard_x")
    return ArgValue{core.x, "x", true};
  if (name == "shard_y")
    return ArgValue{core.y, "y", true};
  if (name == "tile_y0")
    return ArgValue{(*core.tileOrigin)[0], "tile_origin[0]", true};
  if (name == "tile_x0")
    return ArgValue{(*core.tileOrigin)[1], "tile_origin[1]", true};
  if (name == "tiles_h")
    return ArgValue{(*core.tileExtent)[0], "tile_extent[0]", true};
  if (name == "tiles_w")
    return ArgValue{(*core.tileExtent)[1], "tile_extent[1]", true};
  return std::nullopt;
}

bool PlanReader::checkArgs(const Plan &p) {
  for (size_t i = 0; i < p.cores.size(); ++i)
    for (size_t k = 0; k < TT_NUM_KERNELS; ++k) {
      const std::vector<std::string> &names = p.runtimeArgNames[k];
      const std::vector<Arg> &args = p.cores[i].args[k];
      for (size_t j = 0; j < args.size(); ++j)
        if (std::optional<std::string> error = argError(names[j], args[j], p, i))
          return fail(
              formatv("cores[{0}].args.{1}[{2}] ({3})", i, tt_kernels[k], j, names[j]).str(),
              *error);
    }
  return true;
}

/// What is wrong with the runtime argument `name` of cores[index], if anything.
std::optional<std::string> PlanReader::argError(StringRef name, const Arg &arg, const Plan &p,
                                                size_t index) const {
  if (arg.isBuffer() && !bufferIndex_.contains(arg.buffer))
    return "unknown buffer '" + arg.buffer + "'";
  // `X_addr` is the address of buffer X, and buffer addresses have no other name.
  StringRef addrOf = name;
  if (addrOf.consume_back("_addr") && bufferIndex_.contains(addrOf)) {
    Arg want = Arg::makeBuffer(addrOf.str());
    if (arg != want)
      return "expected " + describe(want) + ", got " + describe(arg);
    return std::nullopt;
  }
  if (arg.isBuffer())
    return "the address of buffer '" + arg.buffer + "' must be named '" + arg.buffer + "_addr'";
  if (name == "Kt") {
    // K / 32 rounded up, K a dimension of a buffer: at most its tiles.
    if (arg.value == 0)
      return "expected a positive number of tiles along the reduction dimension, got 0";
    int64_t most = 0;
    for (const Buffer &b : p.buffers)
      most = std::max({most, b.tiles[0], b.tiles[1]});
    if (int64_t(arg.value) > most)
      return formatv("expected at most {0} tiles along the reduction dimension (the largest "
                     "tiles entry of buffers), got {1}",
                     most, arg.value)
          .str();
    return std::nullopt;
  }
  std::optional<ArgValue> want = expectedValue(name, p, index);
  if (!want || want->value == int64_t(arg.value))
    return std::nullopt;
  std::string source = want->source.str();
  if (want->ofCore)
    source = "cores[" + std::to_string(index) + "]." + source;
  return formatv("expected {0} ({1}), got {2}", want->value, source, arg.value).str();
}

} // namespace

llvm::Expected<Plan> ttplan::parsePlan(StringRef json, StringRef name, PlanKind kind) {
  auto error = [](const Twine &msg) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
  };
  if (nestsTooDeep(json))
    return error(name + ": invalid JSON: nested deeper than " + Twine(kMaxNesting) + " levels");
  llvm::Expected<Value> value = llvm::json::parse(json);
  if (!value)
    return error(invalidJSON(name, value.takeError()));
  Plan plan;
  PlanReader reader(name, kind);
  if (!reader.read(*value, plan))
    return error(reader.error());
  return plan;
}

llvm::Expected<Plan> ttplan::readPlanFile(StringRef path, PlanKind kind) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return llvm::createStringError(file.getError(),
                                   "cannot read '" + path + "': " + file.getError().message());
  return parsePlan((*file)->getBuffer(), path, kind);
}
