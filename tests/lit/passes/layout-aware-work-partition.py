# layout-aware-work-partition after infer-tt-schedule and infer-tt-layout:
# global mode (interleaved inputs) gives each active core a contiguous range
# of blocks, local_shard mode (an L1-sharded input) the blocks of its shard.
# RUN: %tt-llc --emit=tir %s --kernel=copy --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=PARTIAL
# RUN: %tt-llc --emit=tir %s --kernel=copy --grid=4x5 --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=FULLROWS
# RUN: %tt-llc --emit=tir %s --kernel=copy --grid=8x2 --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=ALL
# RUN: %tt-llc --emit=tir %examples/gemm.py -D M=32 -D N=96 -D K=32 --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=ROWONLY
# RUN: %tt-llc --emit=tir %s --kernel=sharded2x2 --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=SHARD2X2
# RUN: %tt-llc --emit=tir %s --kernel=height --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=HEIGHT
# A sharded output alone does not change the mode.
# RUN: %tt-llc --emit=tir %s --kernel=sharded_output --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s --check-prefix=OUTSHARD
import tilelang.language as T

# 2x10 = 20 blocks on 64 cores: two full rows of 8 cores and 4 cores of the
# third row, one block each.
# PARTIAL:      "tt.core_grid": [8, 8],
# PARTIAL-NEXT: "tt.core_ranges": {{\[\[}}0, 0, 7, 1], [0, 2, 3, 2]],
# PARTIAL-NEXT: "tt.grid_tiles": [10, 2],
# PARTIAL-NEXT: "tt.partition_mode": "global",
# PARTIAL-NEXT: "tt.runtime_args": {"compute": ["start_id", "count", "grid_x", "grid_y"], "reader": ["A_addr", "start_id", "count", "grid_x", "grid_y"], "writer": ["B_addr", "start_id", "count", "grid_x", "grid_y"]},
# PARTIAL-NEXT: "tt.work_partition": {{\[\[}}0, 0, 0, 1], [1, 0, 1, 1], [2, 0, 2, 1], [3, 0, 3, 1], [4, 0, 4, 1], [5, 0, 5, 1], [6, 0, 6, 1], [7, 0, 7, 1], [0, 1, 8, 1], [1, 1, 9, 1], [2, 1, 10, 1], [3, 1, 11, 1], [4, 1, 12, 1], [5, 1, 13, 1], [6, 1, 14, 1], [7, 1, 15, 1], [0, 2, 16, 1], [1, 2, 17, 1], [2, 2, 18, 1], [3, 2, 19, 1]],
# PARTIAL-NOT:  "tt.shard_grid"
# PARTIAL-NOT:  "tt.local_shape_tiles"

# 20 blocks on a 4x5 grid: exactly five full rows, one range.
# FULLROWS:      "tt.core_grid": [4, 5],
# FULLROWS-NEXT: "tt.core_ranges": {{\[\[}}0, 0, 3, 4]],
# FULLROWS:      "tt.work_partition": {{\[\[}}0, 0, 0, 1], [1, 0, 1, 1], {{.*}}, [3, 4, 19, 1]],

# 20 blocks on 16 cores: all active, cores 0-3 do two.
# ALL:      "tt.core_ranges": {{\[\[}}0, 0, 7, 1]],
# ALL:      "tt.work_partition": {{\[\[}}0, 0, 0, 2], [1, 0, 2, 2], [2, 0, 4, 2], [3, 0, 6, 2], [4, 0, 8, 1], {{.*}}, [7, 1, 19, 1]],

# 3 blocks: a partial first row only.
# ROWONLY:      "tt.core_ranges": {{\[\[}}0, 0, 2, 0]],
# ROWONLY:      "tt.runtime_args": {"compute": ["start_id", "count", "grid_x", "grid_y", "Kt"], "reader": ["A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"], "writer": ["C_addr", "start_id", "count", "grid_x", "grid_y"]},
# ROWONLY-NEXT: "tt.work_partition": {{\[\[}}0, 0, 0, 1], [1, 0, 1, 1], [2, 0, 2, 1]],


@T.prim_func
def copy(A: T.Tensor((320, 64), "bfloat16"), B: T.Tensor((320, 64), "bfloat16")):
    with T.Kernel(2, 10) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A sharded 2x2 (128x128 shards): the 8x8 blocks split into four 4x4
# rectangles, one per core of the 2x2 shard grid. Entries are
# [x, y, start, count, tile_y0, tile_x0, tiles_h, tiles_w].
# SHARD2X2:      "tt.core_grid": [8, 8],
# SHARD2X2-NEXT: "tt.core_ranges": {{\[\[}}0, 0, 1, 1]],
# SHARD2X2-NEXT: "tt.grid_tiles": [8, 8],
# SHARD2X2-NEXT: "tt.local_shape_tiles": [4, 4],
# SHARD2X2-NEXT: "tt.partition_mode": "local_shard",
# SHARD2X2-NEXT: "tt.runtime_args": {"compute": ["shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"], "reader": ["A_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"], "writer": ["B_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]},
# SHARD2X2-NEXT: "tt.shard_grid": [2, 2],
# SHARD2X2-NEXT: "tt.work_partition": {{\[\[}}0, 0, 0, 16, 0, 0, 4, 4], [1, 0, 4, 16, 0, 4, 4, 4], [0, 1, 32, 16, 4, 0, 4, 4], [1, 1, 36, 16, 4, 4, 4, 4]],


@T.prim_func
def sharded2x2(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [2, 2], "shard_shape": [128, 128]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A GEMM whose A is height-sharded over 1x8 cores (the roadmap's example,
# given as a function attribute): core y computes block row y; Kt stays.
# HEIGHT:      "tt.core_ranges": {{\[\[}}0, 0, 0, 7]],
# HEIGHT:      "tt.local_shape_tiles": [1, 8],
# HEIGHT-NEXT: "tt.partition_mode": "local_shard",
# HEIGHT-NEXT: "tt.runtime_args": {"compute": ["shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y", "Kt"], "reader": ["A_addr", "B_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y", "Kt"], "writer": ["C_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]},
# HEIGHT-NEXT: "tt.shard_grid": [1, 8],
# HEIGHT-NEXT: "tt.work_partition": {{\[\[}}0, 0, 0, 8, 0, 0, 1, 8], [0, 1, 8, 8, 1, 0, 1, 8], [0, 2, 16, 8, 2, 0, 1, 8], {{.*}}, [0, 7, 56, 8, 7, 0, 1, 8]],


@T.prim_func
def height(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16"),
           C: T.Tensor((256, 256), "bfloat16")):
    T.func_attr({"tt.buffer.A": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [32, 256]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        B_shared = T.alloc_shared((32, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        T.clear(C_local)
        for k in T.Pipelined(8, num_stages=2):
            T.copy(A[by * 32, k * 32], A_shared)
            T.copy(B[k * 32, bx * 32], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[by * 32, bx * 32])

# OUTSHARD: "tt.partition_mode": "global",
# OUTSHARD-NOT: "tt.shard_grid"


@T.prim_func
def sharded_output(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(B, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [3, 1], "shard_shape": [256, 96]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
