# layout-aware-work-partition rejects shardings whose shards do not line up
# with the blocks the cores compute (a sharded dimension walked by a loop
# variable, shards that are not whole blocks) and sharded inputs that
# disagree on the shard grid, at the buffer or copy; it needs
# infer-tt-schedule first. An uneven last shard is fine: it gets fewer blocks.
# RUN: %tt-llc --emit=tir %s --passes=metadata --kernel=uneven | FileCheck %s --check-prefix=UNEVEN
# RUN: not %tt-llc --emit=tir %s --kernel=two_grids --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition 2>&1 | FileCheck %s --strict-whitespace --check-prefix=GRIDS
# RUN: not %tt-llc --emit=tir %s --kernel=uneven --passes=infer-tt-layout,layout-aware-work-partition 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NOSCHED
# RUN: not %tt-llc --emit=tir %s --kernel=k_split 2>&1 | FileCheck %s --strict-whitespace --check-prefix=KSPLIT
# RUN: not %tt-llc --emit=tir %s --kernel=partial_blocks 2>&1 | FileCheck %s --strict-whitespace --check-prefix=PARTIAL
# The default pipeline stops at the same errors.
# RUN: not %tt-llc --emit=tir %s --kernel=two_grids 2>&1 | FileCheck %s --strict-whitespace --check-prefix=GRIDS
import tilelang.language as T

# 8 block columns over 3 shards of 96 columns (3 blocks): 3 + 3 + 2.
# UNEVEN:      "tt.core_ranges": {{\[\[}}0, 0, 2, 0]],
# UNEVEN:      "tt.local_shape_tiles": [8, 3],
# UNEVEN:      "tt.work_partition": {{\[\[}}0, 0, 0, 24, 0, 0, 8, 3], [1, 0, 3, 24, 0, 3, 8, 3], [2, 0, 6, 16, 0, 6, 8, 2]],
# NOSCHED:      {{^}}{{.*}}layout-aware-work-partition-errors.py:[[@LINE+4]]:1: error: layout-aware-work-partition needs tt_tiles_per_core: run infer-tt-schedule first{{$}}
# NOSCHED-NEXT: {{^}}def uneven(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):{{$}}
# NOSCHED-NEXT: {{^}}^{{$}}
@T.prim_func
def uneven(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.func_attr({"tt.buffer.A": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [3, 1], "shard_shape": [256, 96]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# A GEMM whose A is width-sharded: the shards split K, which every core walks
# with its loop variable, so no core could compute from its own shard.
# KSPLIT:      {{^}}{{.*}}layout-aware-work-partition-errors.py:[[@LINE+10]]:13: error: the shards of 'A' split its columns, but this copy does not read them in whole blocks of one block index (start 'k * 32'); local_shard needs each core's blocks to read only its own shard{{$}}
@T.prim_func
def k_split(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16"), C: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [8, 1], "shard_shape": [256, 32]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        for k in T.Pipelined(8, num_stages=2):
            T.copy(A[by * 32, k * 32], A_s)
            T.copy(B[k * 32, bx * 32], B_s)
            T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[by * 32, bx * 32])


# Shards of 96 rows cannot be handed out in 64-row blocks.
# PARTIAL:      {{^}}{{.*}}layout-aware-work-partition-errors.py:[[@LINE+6]]:9: error: the shards of 'A' hold 96 rows, not a multiple of the 64 rows each block reads{{$}}
@T.prim_func
def partial_blocks(A: T.Tensor((192, 64), "bfloat16"), B: T.Tensor((192, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [96, 64]}}})
    with T.Kernel(1, 3) as (bx, by):
        A_s = T.alloc_shared((64, 64), "bfloat16")
        T.copy(A[by * 64, bx * 64], A_s)
        T.copy(A_s, B[by * 64, bx * 64])


# A height-sharded over 1x8 cores, B width-sharded over 8x1: the error is at
# the second one.
# GRIDS:      {{^}}{{.*}}layout-aware-work-partition-errors.py:[[@LINE+4]]:52: error: sharded inputs 'A' and 'B' have different shard grids{{$}}
# GRIDS-NEXT: {{^}}def two_grids(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16"), C: T.Tensor((256, 256), "bfloat16")):{{$}}
# GRIDS-NEXT: {{^}}                                                   ^{{$}}
@T.prim_func
def two_grids(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16"), C: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [32, 256]}}})
    T.buffer_attr(B, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [8, 1], "shard_shape": [256, 32]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(B[by * 32, bx * 32], B_s)
        T.copy(A_s, C[by * 32, bx * 32])
