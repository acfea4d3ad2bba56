# The plan of a kernel whose input is L1-sharded: local_shard partitioning,
# each core of the 2x4 shard grid working on the 2x2 blocks of its own
# 64x64 shard, with tile_origin / tile_extent and the local_shard runtime
# arguments; the sharded buffer carries its shard spec.
# RUN: %tt-llc %s --emit=plan | %python %S/Inputs/flatten.py | FileCheck %s
# RUN: %tt-llc %s --emit=plan | %python %S/Inputs/check_plan.py | FileCheck %s --check-prefix=OK
# RUN: %tt-llc %s --emit=plan | %python -c "import json,sys; json.load(sys.stdin)"
# OK: plan ok
import tilelang.language as T


@T.prim_func
def shard_copy(A: T.Tensor((256, 128), "bfloat16"), B: T.Tensor((256, 128), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded",
                                         "nd_shard": {"shard_grid": [2, 4], "shard_shape": [64, 64]}}})
    with T.Kernel(4, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# CHECK:      buffers[0].layout = "sharded"
# CHECK-NEXT: buffers[0].memory = "L1"
# CHECK-NEXT: buffers[0].name = "A"
# CHECK:      buffers[0].shard.shard_grid = [2, 4]
# CHECK-NEXT: buffers[0].shard.shard_shape = [64, 64]
# CHECK:      buffers[1].layout = "interleaved"
# CHECK-NEXT: buffers[1].memory = "DRAM"
# CHECK-NEXT: buffers[1].name = "B"
# CHECK-NOT:  buffers[1].shard

# Core (0, 0) has blocks rows 0-1, columns 0-1; core (1, 0) rows 0-1,
# columns 2-3, the first of which is block 2.
# CHECK:      cores[0].args.compute = [0, 0, 0, 0, 2, 2, 4, 8]
# CHECK-NEXT: cores[0].args.reader = [{"buffer": "A"}, 0, 0, 0, 0, 2, 2, 4, 8]
# CHECK-NEXT: cores[0].args.writer = [{"buffer": "B"}, 0, 0, 0, 0, 2, 2, 4, 8]
# CHECK-NEXT: cores[0].count = 4
# CHECK-NEXT: cores[0].id = 0
# CHECK-NEXT: cores[0].start = 0
# CHECK-NEXT: cores[0].tile_extent = [2, 2]
# CHECK-NEXT: cores[0].tile_origin = [0, 0]
# CHECK-NEXT: cores[0].x = 0
# CHECK-NEXT: cores[0].y = 0
# CHECK-NEXT: cores[1].args.compute = [1, 0, 0, 2, 2, 2, 4, 8]
# CHECK-NEXT: cores[1].args.reader = [{"buffer": "A"}, 1, 0, 0, 2, 2, 2, 4, 8]
# CHECK-NEXT: cores[1].args.writer = [{"buffer": "B"}, 1, 0, 0, 2, 2, 2, 4, 8]
# CHECK-NEXT: cores[1].count = 4
# CHECK-NEXT: cores[1].id = 1
# CHECK-NEXT: cores[1].start = 2
# CHECK-NEXT: cores[1].tile_extent = [2, 2]
# CHECK-NEXT: cores[1].tile_origin = [0, 2]
# CHECK-NEXT: cores[1].x = 1
# CHECK-NEXT: cores[1].y = 0
# Core (0, 1) has id 8 on the 8x8 grid: its shard starts at block row 2.
# CHECK-NEXT: cores[2].args.compute = [0, 1, 2, 0, 2, 2, 4, 8]
# CHECK:      cores[2].count = 4
# CHECK-NEXT: cores[2].id = 8
# CHECK-NEXT: cores[2].start = 8
# CHECK-NEXT: cores[2].tile_extent = [2, 2]
# CHECK-NEXT: cores[2].tile_origin = [2, 0]
# CHECK-NEXT: cores[2].x = 0
# CHECK-NEXT: cores[2].y = 1
# CHECK:      cores[7].args.writer = [{"buffer": "B"}, 1, 3, 6, 2, 2, 2, 4, 8]
# CHECK-NEXT: cores[7].count = 4
# CHECK-NEXT: cores[7].id = 25
# CHECK-NEXT: cores[7].start = 26
# CHECK-NEXT: cores[7].tile_extent = [2, 2]
# CHECK-NEXT: cores[7].tile_origin = [6, 2]
# CHECK-NEXT: cores[7].x = 1
# CHECK-NEXT: cores[7].y = 3
# CHECK-NEXT: cores.size = 8
# CHECK:      kernel_grid = [4, 8]
# CHECK-NEXT: runtime_args.compute = ["shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]
# CHECK-NEXT: runtime_args.reader = ["A_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]
# CHECK-NEXT: runtime_args.writer = ["B_addr", "shard_x", "shard_y", "tile_y0", "tile_x0", "tiles_h", "tiles_w", "grid_x", "grid_y"]
# CHECK-NEXT: schedule.active_cores = 8
# CHECK-NEXT: schedule.core_ranges = {{\[\[}}0, 0, 1, 3]]
# CHECK-NEXT: schedule.local_shape_tiles = [2, 2]
# CHECK-NEXT: schedule.num_cores = 64
# CHECK-NEXT: schedule.num_tiles = 32
# CHECK-NEXT: schedule.order = "row_major"
# CHECK-NEXT: schedule.partition_mode = "local_shard"
# CHECK-NEXT: schedule.policy = "contiguous"
# CHECK-NEXT: schedule.shard_grid = [2, 4]
