//===- ir/Metadata.h - the attributes passes write and read -----*- C++ -*-===//
//
// Every attribute key of tt-llc, named once, with its C++ type. The passes
// annotate the kernel function and its buffers; later passes, the verifier
// and the plan writer read the annotations. Each key below is a constant with
// typed accessors:
//
//   md::kNumTiles.set(*f, 64);                    // f->attrs["tt_num_tiles"] = 64
//   std::optional<int64_t> n = md::kNumTiles.get(*f);
//   md::kCBId.get(*buffer);                        // a buffer attribute
//
// get() is nullopt when the attribute is absent or does not have the key's
// type (has() and raw() tell those apart for readers of hand-written IR).
// Names follow the seed documents (docs/metadata.md): the WS1/WS2 keys are
// tt_snake_case, the roadmap keys tt.dotted. Each key has one writer (a pass
// or one helper here); the comment of a key says what it holds, who writes
// it and who reads it ("plan" is backend/Plan.cpp, the tt.plan.json writer).
// The dict-valued attributes are small structs; their field names are the
// k*Field constants of the struct.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/IR.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttllc::md {

/// A pair of ints: [x, y], [h, w], ...
using Int2 = std::array<int64_t, 2>;

//===----------------------------------------------------------------------===//
// Structured values
//===----------------------------------------------------------------------===//

/// One core's blocks in tt_tiles_per_core: [start, start + count) in
/// row-major block order. Stored as [start, count].
struct TileRange {
  int64_t start = 0, count = 0;
  bool operator==(const TileRange &) const = default;
};

/// An inclusive rectangle of cores in tt.core_ranges: [x0, y0, x1, y1].
struct CoreRange {
  int64_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool operator==(const CoreRange &) const = default;
};

/// One active core of tt.work_partition. Stored as [x, y, start, count]
/// (global), plus [tile_y0, tile_x0, tiles_h, tiles_w] in local_shard mode.
struct CoreWork {
  /// The blocks of one core's shard: rows [tileY0, tileY0 + tilesH) and
  /// columns [tileX0, tileX0 + tilesW) of the kernel grid.
  struct ShardBlocks {
    int64_t tileY0 = 0, tileX0 = 0, tilesH = 0, tilesW = 0;
    bool operator==(const ShardBlocks &) const = default;
  };
  int64_t x = 0, y = 0, start = 0, count = 0;
  std::optional<ShardBlocks> shard; // local_shard only
  bool operator==(const CoreWork &) const = default;
};

/// The runtime-argument names of each program:
/// {"reader": [...], "compute": [...], "writer": [...]}.
struct RuntimeArgs {
  static constexpr const char *kReaderField = "reader", *kComputeField = "compute",
                              *kWriterField = "writer";
  std::vector<std::string> reader, compute, writer;
  bool operator==(const RuntimeArgs &) const = default;
};

/// One circular buffer of tt.cb_descriptors, stored under the key "cb_<id>".
struct CBDescriptor {
  static constexpr const char *kCBIdField = "cb_id", *kBufferField = "buffer", *kRoleField = "role",
                              *kDataFormatField = "data_format", *kPageSizeField = "page_size",
                              *kTilesPerBlockField = "tiles_per_block", *kDepthField = "depth",
                              *kNumPagesField = "num_pages", *kTotalSizeField = "total_size";
  int64_t cbId = 0;
  std::string buffer;     // the on-chip buffer it replaces
  std::string role;       // "input", "output" or "intermediate"
  std::string dataFormat; // tt-metal's name: "Float16_b", ...
  int64_t pageSize = 0;   // bytes of one page (one tile)
  int64_t tilesPerBlock = 0;
  int64_t depth = 0;     // blocks the CB holds
  int64_t numPages = 0;  // depth * tilesPerBlock
  int64_t totalSize = 0; // numPages * pageSize
  bool operator==(const CBDescriptor &) const = default;
};
/// "cb_<id>", the key of a CB in tt.cb_descriptors.
std::string cbKey(int64_t id);
/// The id of a "cb_<id>" key, or nullopt.
std::optional<int64_t> parseCBKey(std::string_view key);

/// The interleaved page layout of a buffer, TensorAccessor style: page p
/// lives in bank p % numBanks at offset (p / numBanks) * alignedPageSize.
struct TensorAccessor {
  static constexpr const char *kPageSizeField = "page_size",
                              *kAlignedPageSizeField = "aligned_page_size",
                              *kNumPagesField = "num_pages", *kNumBanksField = "num_banks",
                              *kAlignmentField = "alignment",
                              *kPagesPerBankField = "pages_per_bank";
  int64_t pageSize = 0, alignedPageSize = 0, numPages = 0, numBanks = 0, alignment = 0,
          pagesPerBank = 0;
  /// numPages pages of pageSize bytes over numBanks banks, each page
  /// aligned to `alignment` (the one rule of infer-tt-shard and
  /// infer-tt-layout).
  static TensorAccessor interleaved(int64_t pageSize, int64_t numPages, int64_t numBanks,
                                    int64_t alignment);
  bool operator==(const TensorAccessor &) const = default;
};

/// The shards of an L1-sharded buffer: a grid of [x, y] cores, each holding
/// [h, w] elements.
struct NdShard {
  static constexpr const char *kShardGridField = "shard_grid", *kShardShapeField = "shard_shape";
  Int2 shardGrid{}, shardShape{};
  bool operator==(const NdShard &) const = default;
};

/// The layout of a global buffer (tt.layout_desc).
struct LayoutDesc {
  static constexpr const char *kMemoryField = "memory", *kLayoutField = "layout",
                              *kTileShapeField = "tile_shape", *kDTypeField = "dtype",
                              *kNdShardField = "nd_shard", *kHaloField = "halo";
  std::string memory;             // "DRAM" or "L1"
  std::string layout;             // "interleaved" or "sharded"
  Int2 tileShape{};               // [32, 32]
  std::string dtype;              // the buffer's dtype, TileLang spelling
  std::optional<NdShard> ndShard; // sharded only
  bool isL1() const { return memory == "L1"; }
  bool isSharded() const { return layout == "sharded"; }
  bool operator==(const LayoutDesc &) const = default;
};

/// The complete tt.layout_desc of a buffer of `dtype` from the user's
/// partial annotations (later ones win per key), defaults filled in (DRAM,
/// interleaved, 32x32 tiles, the buffer's dtype). Checks what the
/// annotations alone decide: known keys and nd_shard keys, no halo, the
/// memory, layout, tile shape and dtype values, nd_shard iff sharded, in L1
/// only, its grid and shape two positive ints. nullopt with the reason in
/// `error` otherwise. infer-tt-layout checks the rest against the buffer and
/// the target.
std::optional<LayoutDesc> completeLayoutDesc(const std::vector<const AttrValue *> &annotations,
                                             DType dtype, std::string &error);

//===----------------------------------------------------------------------===//
// Conversions between values and attributes (fromAttr: false when `v` does
// not have the type)
//===----------------------------------------------------------------------===//

AttrValue toAttr(int64_t v);
AttrValue toAttr(bool v);
AttrValue toAttr(const std::string &v);
AttrValue toAttr(const Int2 &v);
AttrValue toAttr(const std::vector<int64_t> &v);
AttrValue toAttr(const std::vector<std::string> &v);
AttrValue toAttr(const std::vector<TileRange> &v);
AttrValue toAttr(const std::vector<CoreRange> &v);
AttrValue toAttr(const std::vector<CoreWork> &v);
AttrValue toAttr(const RuntimeArgs &v);
AttrValue toAttr(const std::vector<CBDescriptor> &v);
AttrValue toAttr(const TensorAccessor &v);
AttrValue toAttr(const LayoutDesc &v);

bool fromAttr(const AttrValue &v, int64_t &out);
bool fromAttr(const AttrValue &v, bool &out);
bool fromAttr(const AttrValue &v, std::string &out);
bool fromAttr(const AttrValue &v, Int2 &out);
bool fromAttr(const AttrValue &v, std::vector<int64_t> &out);
bool fromAttr(const AttrValue &v, std::vector<std::string> &out);
bool fromAttr(const AttrValue &v, std::vector<TileRange> &out);
bool fromAttr(const AttrValue &v, std::vector<CoreRange> &out);
bool fromAttr(const AttrValue &v, std::vector<CoreWork> &out);
bool fromAttr(const AttrValue &v, RuntimeArgs &out);
/// In cb id order.
bool fromAttr(const AttrValue &v, std::vector<CBDescriptor> &out);
bool fromAttr(const AttrValue &v, TensorAccessor &out);
bool fromAttr(const AttrValue &v, LayoutDesc &out);

//===----------------------------------------------------------------------===//
// Keys
//===----------------------------------------------------------------------===//

/// An attribute key of type T on a Node (PrimFunc or BufferNode).
template <class T, class Node> class Key {
public:
  constexpr explicit Key(const char *name) : name_(name) {}
  constexpr const char *name() const { return name_; }

  bool has(const Node &n) const { return n.attrs.has(name_); }
  const AttrValue *raw(const Node &n) const { return n.attrs.get(name_); }
  std::optional<T> get(const Node &n) const { return get(n.attrs); }
  std::optional<T> get(const AttrDict &d) const {
    const AttrValue *v = d.get(name_);
    T out{};
    if (!v || !fromAttr(*v, out))
      return std::nullopt;
    return out;
  }
  void set(Node &n, const T &value) const { n.attrs.set(name_, toAttr(value)); }

private:
  const char *name_;
};
template <class T> using FuncKey = Key<T, PrimFunc>;
template <class T> using BufferKey = Key<T, BufferNode>;

//--- Function attributes: the operating point (apply-tt-defaults) ---------===//

/// How the blocks of the kernel grid are split over the cores: "contiguous"
/// (the only policy). Writer: apply-tt-defaults (unless the user set it).
/// Readers: infer-tt-schedule (rejects other values), plan.
inline constexpr FuncKey<std::string> kSchedulePolicy{"tt_schedule_policy"};
/// The block order of the split: "row_major" (the only order). Writer:
/// apply-tt-defaults (unless the user set it). Readers: infer-tt-schedule
/// (rejects other values), plan.
inline constexpr FuncKey<std::string> kScheduleOrder{"tt_schedule_order"};
/// The default layout of global buffers: "dram_interleaved" (the only one;
/// L1 and sharded layouts are asked for with tt.layout_desc). Writer:
/// apply-tt-defaults. Reader: infer-tt-shard.
inline constexpr FuncKey<std::string> kLayoutType{"tt_layout_type"};
/// Tile height and width in elements: 32 (the only tile). Writer:
/// apply-tt-defaults. Reader: infer-tt-shard.
inline constexpr FuncKey<int64_t> kTileHeightAttr{"tt_tile_height"};
inline constexpr FuncKey<int64_t> kTileWidthAttr{"tt_tile_width"};

//--- Function attributes: the schedule (infer-tt-schedule) ----------------===//

/// The T.Kernel extents; tt_grid_y is 1 for a 1-D grid, tt_grid_z exists
/// for 3-D grids only. Writer: infer-tt-schedule. Reader: plan.
inline constexpr FuncKey<int64_t> kGridX{"tt_grid_x"};
inline constexpr FuncKey<int64_t> kGridY{"tt_grid_y"};
inline constexpr FuncKey<int64_t> kGridZ{"tt_grid_z"};
/// Work units: the product of the kernel grid (one unit per block). Writer:
/// infer-tt-schedule. Reader: plan.
inline constexpr FuncKey<int64_t> kNumTiles{"tt_num_tiles"};
/// One [start, count] range per core of the target, in core-id order
/// (id = y * grid_x + x): contiguous row-major ranges, the first
/// num_tiles % num_cores cores get one extra block. Writer:
/// infer-tt-schedule. Reader: layout-aware-work-partition.
inline constexpr FuncKey<std::vector<TileRange>> kTilesPerCore{"tt_tiles_per_core"};
/// Tiles along the reduction dimension of the kernel's gemm (absent
/// without one). Writer: infer-tt-schedule. Reader: plan (the Kt argument).
inline constexpr FuncKey<int64_t> kKtTiles{"tt_kt_tiles"};
/// The runtime-argument names of each program for the global partition
/// (seed 001). Writer: infer-tt-schedule. Readers: none (tt.runtime_args
/// holds the names of the partition actually chosen).
inline constexpr FuncKey<RuntimeArgs> kRuntimeArgsSchema{"tt_runtime_args_schema"};

//--- Function attributes: circular buffers (propagate-tt-layout) ----------===//

/// The circular buffers of the kernel, "cb_<id>" -> descriptor. Writer:
/// propagate-tt-layout. Readers: verify-tt-ir (on the host function of a
/// lowered module), plan.
inline constexpr FuncKey<std::vector<CBDescriptor>> kCBDescriptors{"tt.cb_descriptors"};
/// The output sub-block [sh, sw] in tiles of the kernel's gemm: the part of
/// the output block DST holds at once (passes/Analysis.h, chooseSubBlock).
/// Writer: propagate-tt-layout, which sizes the CBs for it. Reader:
/// tensorize-gemm, which splits the block into these sub-blocks.
inline constexpr FuncKey<Int2> kGemmSubBlock{"tt.gemm_subblock"};
/// True when the sub-blocked gemm reuses its input blocks: the A and B CBs
/// hold a whole K step's blocks, which every output sub-block uses before
/// they are popped (docs/lowering.md, "Data reuse"). Writer:
/// propagate-tt-layout, which sizes the CBs for it. Readers:
/// tensorize-gemm, dst-management.
inline constexpr FuncKey<bool> kGemmReuse{"tt.gemm_reuse"};
/// The id of the intermediate CB that holds the sub-blocks' partial sums
/// between K steps (a gemm with tt.gemm_reuse and more than one K step).
/// Writer: propagate-tt-layout. Readers: tensorize-gemm, verify-tt-ir.
inline constexpr FuncKey<int64_t> kGemmPartialsCB{"tt.gemm_partials_cb"};

//--- Function attributes: the work partition (layout-aware-work-partition) ===//

/// "global" (interleaved inputs: the blocks split as tt_tiles_per_core
/// says) or "local_shard" (an L1-sharded input: each core does the blocks
/// of its shard). Writer: layout-aware-work-partition. Readers:
/// grid-to-persistent, plan.
inline constexpr FuncKey<std::string> kPartitionMode{"tt.partition_mode"};
/// The core grid [x, y] of the target (seed 003). Writer:
/// layout-aware-work-partition. Readers: none.
inline constexpr FuncKey<Int2> kCoreGrid{"tt.core_grid"};
/// The kernel grid in blocks, [blocks_y, blocks_x] (seed 003). Writer:
/// layout-aware-work-partition. Readers: none.
inline constexpr FuncKey<Int2> kGridTiles{"tt.grid_tiles"};
/// Inclusive rectangles of the active cores. Writer:
/// layout-aware-work-partition. Reader: plan.
inline constexpr FuncKey<std::vector<CoreRange>> kCoreRanges{"tt.core_ranges"};
/// One entry per active core (never per block). Writer:
/// layout-aware-work-partition. Reader: plan.
inline constexpr FuncKey<std::vector<CoreWork>> kWorkPartition{"tt.work_partition"};
/// The runtime-argument names of each program in the chosen mode. Writer:
/// layout-aware-work-partition. Readers: grid-to-persistent (one scalar
/// parameter per name), split-kernels (each program's parameters), plan.
inline constexpr FuncKey<RuntimeArgs> kRuntimeArgs{"tt.runtime_args"};
/// local_shard only: the shard grid [x, y] and the blocks of one shard
/// [h, w]. Writer: layout-aware-work-partition. Reader: plan.
inline constexpr FuncKey<Int2> kShardGrid{"tt.shard_grid"};
inline constexpr FuncKey<Int2> kLocalShapeTiles{"tt.local_shape_tiles"};

//--- Function attributes: the matrix engine (dst-management) --------------===//

/// The compute configuration of a kernel with a gemm: fp32 accumulation in
/// DST (a float32 accumulator), DST capacity in tiles (4 with fp32
/// accumulation, else 8, half-sync), math fidelity ("HiFi4"). Writer:
/// dst-management, on the kernel function; copyComputeConfig copies them
/// to the compute programs (split-kernels). Readers: verify-tt-ir (on
/// programs: the DST index bound), plan (on the host function).
inline constexpr FuncKey<bool> kFp32DestAcc{"tt.fp32_dest_acc"};
inline constexpr FuncKey<int64_t> kDstCapacity{"tt.dst_capacity"};
inline constexpr FuncKey<std::string> kMathFidelity{"tt.math_fidelity"};
/// Copies the compute configuration keys `kernel` has to `program`.
void copyComputeConfig(const PrimFunc &kernel, PrimFunc &program);

//--- Function attributes: programs (split-kernels) ------------------------===//

/// "host" on the kernel function of a lowered module, else the program:
/// "reader", "unpack", "math", "pack", "writer". Writer: split-kernels.
/// Readers: verify-tt-ir, backend/Artifacts.cpp, tools/Driver.cpp
/// (--emit=plan picks the host function).
inline constexpr FuncKey<std::string> kProgram{"tt.program"};
/// On the host function: the names of its five programs. Writer:
/// split-kernels. Reader: backend/Artifacts.cpp.
inline constexpr FuncKey<std::vector<std::string>> kPrograms{"tt.programs"};
/// On a program: the name of its host function. Writer: split-kernels.
/// Reader: verify-tt-ir.
inline constexpr FuncKey<std::string> kKernel{"tt.kernel"};

//--- Function attributes: user annotations --------------------------------===//

/// "tt.buffer.<name>": a partial tt.layout_desc for buffer parameter
/// <name>, written by the user with T.func_attr (seed 003's spelling).
/// Reader: infer-tt-layout.
inline constexpr const char *kBufferLayoutPrefix = "tt.buffer.";
/// The buffer named by a "tt.buffer.<name>" key, or nullopt.
std::optional<std::string> annotatedBuffer(std::string_view key);
/// The "tt.buffer.<buffer>" annotation of `f`, or null.
const AttrValue *bufferLayoutAnnotation(const PrimFunc &f, const std::string &buffer);

//--- Buffer attributes of global buffers (infer-tt-shard) -----------------===//

/// "input", "output", "inout" or "unused", from the kernel's dataflow.
/// Writer: infer-tt-shard. Reader: plan.
inline constexpr BufferKey<std::string> kRole{"tt_role"};
/// The buffer's layout: the function's tt_layout_type ("dram_interleaved")
/// unless the user set it (seed 000). Writer: infer-tt-shard. Readers: none.
inline constexpr BufferKey<std::string> kLayout{"tt_layout"};
/// [32, 32] (seed 000). Writer: infer-tt-shard. Readers: none.
inline constexpr BufferKey<Int2> kTileShape{"tt_tile_shape"};
/// Tiles of the last two dimensions (a 1-D buffer is one row of tiles).
/// Writer: infer-tt-shard. Readers: memory-space-lower (page ids, the tile
/// guard), plan.
inline constexpr BufferKey<int64_t> kNumTilesHeight{"tt_num_tiles_height"};
inline constexpr BufferKey<int64_t> kNumTilesWidth{"tt_num_tiles_width"};
/// Whether a tiled dimension is not a multiple of 32 (the host zero-pads
/// such a tensor to tt_padded_shape when it tilizes it). Writer:
/// infer-tt-shard. Reader: plan.
inline constexpr BufferKey<bool> kNeedsPadding{"tt_needs_padding"};
/// The shape with the tiled dimensions rounded up to 32. Writer:
/// infer-tt-shard. Readers: tile-pad, plan.
inline constexpr BufferKey<std::vector<int64_t>> kPaddedShape{"tt_padded_shape"};
/// The page layout (seed 001 calls it tt_tensor_accessor_config). Writers:
/// TensorAccessor::interleaved, called by infer-tt-shard (DRAM banks) and
/// infer-tt-layout (L1 banks of an L1 buffer). Readers: memory-space-lower,
/// plan.
inline constexpr BufferKey<TensorAccessor> kTensorAccessor{"tt_tensor_accessor"};

//--- Buffer attributes: layout and circular buffers -----------------------===//

/// The complete layout of a global buffer. The user may write a partial
/// one (T.buffer_attr); completeLayoutDesc completes it. Writer:
/// infer-tt-layout. Readers: infer-tt-layout and propagate-tt-layout (L1
/// use), layout-aware-work-partition (shards), memory-space-lower (DRAM
/// only), plan.
inline constexpr BufferKey<LayoutDesc> kLayoutDesc{"tt.layout_desc"};
/// The circular buffer of an on-chip buffer. Writer: propagate-tt-layout.
/// Readers: tensorize-gemm, dst-management, memory-space-lower.
inline constexpr BufferKey<int64_t> kCBId{"tt_cb_id"};
/// True when some copy's region of the buffer can reach past its tile grid
/// (a block overhanging the padded tensor): each tile is then guarded.
/// Writer: tile-pad. Reader: memory-space-lower.
inline constexpr BufferKey<bool> kTileGuard{"tt_tile_guard"};

} // namespace ttllc::md
