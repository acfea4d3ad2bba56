# local_shard mode means each core works on the blocks of its own shard, so
# the partition follows the shard shape, not only the shard grid. Here A
# (256 rows) is split into shards of 160 rows over 1x2 cores: core 0 holds
# rows 0-159 (5 block rows), core 1 rows 160-255 (3).
# RUN: %tt-llc --emit=tir %s --passes=infer-tt-schedule,infer-tt-layout,layout-aware-work-partition | FileCheck %s
import tilelang.language as T


# CHECK: "tt.local_shape_tiles": [5, 8],
# CHECK: "tt.work_partition": {{\[\[}}0, 0, 0, 40, 0, 0, 5, 8], [0, 1, 40, 24, 5, 0, 3, 8]],
@T.prim_func
def uneven_shards(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [160, 256]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
