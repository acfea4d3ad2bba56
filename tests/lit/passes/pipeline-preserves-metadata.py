# The seeds' test: after the whole default pipeline, the WS1 defaults, the
# WS2 schedule and every buffer's layout are still there -- later passes add
# to the metadata, they do not drop or rewrite it -- and so are the user's
# own annotations.
# RUN: %tt-llc --emit=tir %examples/gemm.py | FileCheck %s --check-prefix=GEMM
# RUN: %tt-llc --emit=tir %s --passes=metadata | FileCheck %s --check-prefix=USER
import tilelang.language as T

# GEMM:      T.func_attr({
# GEMM:          "tt_layout_type": "dram_interleaved",
# GEMM:          "tt_num_tiles": 64,
# GEMM:          "tt_schedule_order": "row_major",
# GEMM-NEXT:     "tt_schedule_policy": "contiguous",
# GEMM-NEXT:     "tt_tile_height": 32,
# GEMM-NEXT:     "tt_tile_width": 32,
# GEMM-NEXT:     "tt_tiles_per_core": {{\[\[}}0, 1], {{.*}}, [63, 1]],
# GEMM-NEXT: })
# GEMM-NEXT: T.buffer_attr(A, {
# GEMM:          "tt_layout": "dram_interleaved",
# GEMM:      T.buffer_attr(B, {
# GEMM:          "tt_layout": "dram_interleaved",
# GEMM:      T.buffer_attr(C, {
# GEMM:          "tt_layout": "dram_interleaved",

# The user's values (a default spelled out, a layout descriptor as a
# function attribute and as a buffer attribute, unrelated keys) survive next
# to what the passes add.
# USER:      T.func_attr({
# USER-NEXT:     "project": {"owner": "ws1", "rev": 3},
# USER-NEXT:     "tt.buffer.A": {"layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}},
# USER:          "tt.partition_mode": "local_shard",
# USER:          "tt_layout_type": "dram_interleaved",
# USER:          "tt_num_tiles": 4,
# USER:          "tt_schedule_order": "row_major",
# USER-NEXT:     "tt_schedule_policy": "contiguous",
# USER-NEXT:     "tt_tile_height": 32,
# USER-NEXT:     "tt_tile_width": 32,
# USER-NEXT:     "tt_tiles_per_core": {{\[\[}}0, 1], [1, 1], [2, 1], [3, 1], [4, 0],
# USER:      T.buffer_attr(A, {
# USER-NEXT:     "tt.layout_desc": {"dtype": "bfloat16", "layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}, "tile_shape": [32, 32]},
# USER-NEXT:     "tt_layout": "{{[a-z_0-9]+}}",
# USER:      T.buffer_attr(B, {
# USER-NEXT:     "note": "keep me",
# USER-NEXT:     "tt.layout_desc": {"dtype": "bfloat16", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]},
# USER-NEXT:     "tt_layout": "dram_interleaved",


@T.prim_func
def annotated(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_order": "row_major", "project": {"owner": "ws1", "rev": 3},
                 "tt.buffer.A": {"memory": "L1", "layout": "sharded",
                                 "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}}})
    T.buffer_attr(B, {"note": "keep me", "tt.layout_desc": {"memory": "DRAM"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
