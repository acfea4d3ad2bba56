# infer-tt-schedule after apply-tt-defaults: the kernel grid, its split over
# the cores, the reduction length of the gemm and the runtime-argument names
# of each program, with buffer addresses chosen by dataflow.
# RUN: %tt-llc --emit=tir %examples/gemm.py --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=GEMM
# K = 100 is 3.1 tiles: Kt rounds up.
# RUN: %tt-llc --emit=tir %examples/gemm.py -D K=100 --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=K100
# RUN: %tt-llc --emit=tir %s --kernel=copy2d --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=COPY
# RUN: %tt-llc --emit=tir %s --kernel=copy1d --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=ONED
# RUN: %tt-llc --emit=tir %s --kernel=grid3 --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=GRID3
# RUN: %tt-llc --emit=tir %s --kernel=gemm_tb --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=TB
# The core grid comes from --device / --grid.
# RUN: %tt-llc --emit=tir %s --kernel=copy2d --grid=2x1 --passes=apply-tt-defaults,infer-tt-schedule | FileCheck %s --check-prefix=GRID21
import tilelang.language as T

# The 256^3 gemm, 8x8 blocks, one per core; the reader loads A and B, the
# writer stores C; all three programs loop over Kt but the writer.
# GEMM:      T.func_attr({
# GEMM-NEXT:     "tt_grid_x": 8,
# GEMM-NEXT:     "tt_grid_y": 8,
# GEMM-NEXT:     "tt_kt_tiles": 8,
# GEMM-NEXT:     "tt_layout_type": "dram_interleaved",
# GEMM-NEXT:     "tt_num_tiles": 64,
# GEMM-NEXT:     "tt_runtime_args_schema": {"compute": ["start_id", "count", "grid_x", "grid_y", "Kt"], "reader": ["A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"], "writer": ["C_addr", "start_id", "count", "grid_x", "grid_y"]},
# GEMM-NEXT:     "tt_schedule_order": "row_major",
# GEMM-NEXT:     "tt_schedule_policy": "contiguous",
# GEMM-NEXT:     "tt_tile_height": 32,
# GEMM-NEXT:     "tt_tile_width": 32,
# GEMM-NEXT:     "tt_tiles_per_core": {{\[\[}}0, 1], [1, 1], {{.*}}, [63, 1]],
# GEMM-NEXT: })
# infer-tt-schedule adds no buffer attributes and no partition.
# GEMM-NOT:  T.buffer_attr
# GEMM-NOT:  "tt.

# K100:      "tt_kt_tiles": 4,

# Element-wise copy: no gemm, so no tt_kt_tiles and no Kt argument. 3x2
# blocks on 64 cores: six cores one block each, the rest nothing.
# COPY:      T.func_attr({
# COPY-NEXT:     "tt_grid_x": 3,
# COPY-NEXT:     "tt_grid_y": 2,
# COPY-NEXT:     "tt_layout_type": "dram_interleaved",
# COPY-NEXT:     "tt_num_tiles": 6,
# COPY-NEXT:     "tt_runtime_args_schema": {"compute": ["start_id", "count", "grid_x", "grid_y"], "reader": ["A_addr", "start_id", "count", "grid_x", "grid_y"], "writer": ["B_addr", "start_id", "count", "grid_x", "grid_y"]},
# COPY:          "tt_tiles_per_core": {{\[\[}}0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 0], {{(\[6, 0\], )+}}[6, 0]],
# COPY-NOT:  Kt


@T.prim_func
def copy2d(A: T.Tensor((64, 96), "bfloat16"), B: T.Tensor((64, 96), "bfloat16")):
    with T.Kernel(3, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A 1-D launch: tt_grid_y = 1. 100 blocks on 64 cores: cores 0-35 two,
# cores 36-63 one.
# ONED:      "tt_grid_x": 100,
# ONED-NEXT: "tt_grid_y": 1,
# ONED-NOT:  "tt_grid_z"
# ONED:      "tt_num_tiles": 100,
# ONED-NEXT: "tt_runtime_args_schema": {"compute": ["start_id", "count", "grid_x", "grid_y"], "reader": ["X_addr", "start_id", "count", "grid_x", "grid_y"], "writer": ["Y_addr", "start_id", "count", "grid_x", "grid_y"]},
# ONED:      "tt_tiles_per_core": {{\[\[}}0, 2], [2, 2], {{.*}}, [68, 2], [70, 2], [72, 1], [73, 1], {{.*}}, [99, 1]],


@T.prim_func
def copy1d(X: T.Tensor((3200,), "float32"), Y: T.Tensor((3200,), "float32")):
    with T.Kernel(100) as bx:
        X_s = T.alloc_shared((32,), "float32")
        T.copy(X[bx * 32], X_s)
        T.copy(X_s, Y[bx * 32])

# A 3-D launch: tt_grid_z, and the product of the three extents.
# GRID3:      "tt_grid_x": 2,
# GRID3-NEXT: "tt_grid_y": 3,
# GRID3-NEXT: "tt_grid_z": 4,
# GRID3:      "tt_num_tiles": 24,


@T.prim_func
def grid3(A: T.Tensor((2, 64, 64), "bfloat16"), B: T.Tensor((2, 64, 64), "bfloat16")):
    with T.Kernel(2, 3, 4) as (bx, by, bz):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[0, 0, 0], A_s)
        T.copy(A_s, B[0, 0, 0])

# transpose_B: B is (N, K), the reduction runs along its second axis. K = 96
# is 3 tiles.
# TB:      "tt_kt_tiles": 3,
# TB:      "tt_runtime_args_schema": {"compute": ["start_id", "count", "grid_x", "grid_y", "Kt"], "reader": ["A_addr", "B_addr", "start_id", "count", "grid_x", "grid_y", "Kt"], "writer": ["C_addr", "start_id", "count", "grid_x", "grid_y"]},


@T.prim_func
def gemm_tb(A: T.Tensor((64, 96), "bfloat16"), B: T.Tensor((128, 96), "bfloat16"),
            C: T.Tensor((64, 128), "bfloat16")):
    with T.Kernel(4, 2) as (bx, by):
        A_shared = T.alloc_shared((32, 96), "bfloat16")
        B_shared = T.alloc_shared((32, 96), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        T.clear(C_local)
        T.copy(A[by * 32, 0], A_shared)
        T.copy(B[bx * 32, 0], B_shared)
        T.gemm(A_shared, B_shared, C_local, transpose_B=True)
        T.copy(C_local, C[by * 32, bx * 32])

# 6 blocks on 2 cores: three each.
# GRID21:      "tt_num_tiles": 6,
# GRID21:      "tt_tiles_per_core": {{\[\[}}0, 3], [3, 3]],
