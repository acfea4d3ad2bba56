# infer-tt-layout alone: every global buffer gets a complete tt.layout_desc.
# Defaults (DRAM, interleaved, 32x32 tiles, the buffer's dtype) fill what the
# user did not say; a user descriptor comes from T.buffer_attr(X,
# {"tt.layout_desc": ...}) and/or T.func_attr({"tt.buffer.X": ...}), merged
# key by key, the buffer attribute winning.
# RUN: %tt-llc --emit=tir %s --kernel=defaults --passes=infer-tt-layout | FileCheck %s --check-prefix=DEFAULTS
# RUN: %tt-llc --emit=tir %s --kernel=annotated --passes=infer-tt-layout | FileCheck %s --check-prefix=ANNOTATED
# RUN: %tt-llc --emit=tir %s --kernel=merged --passes=infer-tt-layout | FileCheck %s --check-prefix=MERGED
# Shards that fit L1 exactly are fine; the user's keys are kept as given.
# RUN: %tt-llc --emit=tir %s --kernel=shards --passes=infer-tt-layout | FileCheck %s --check-prefix=SHARDS
import tilelang.language as T

# DEFAULTS:      T.buffer_attr(A, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]}})
# DEFAULTS-NEXT: T.buffer_attr(B, {"tt.layout_desc": {"dtype": "float32", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]}})
# DEFAULTS-NEXT: T.buffer_attr(V, {"tt.layout_desc": {"dtype": "float16", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]}})
# The pass touches nothing else.
# DEFAULTS-NOT:  T.func_attr
# DEFAULTS-NOT:  T.buffer_attr(A_s


@T.prim_func
def defaults(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "float32"),
             V: T.Tensor((100,), "float16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "float32")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A complete user descriptor is kept; a partial one is completed.
# ANNOTATED:      T.buffer_attr(A, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "interleaved", "memory": "L1", "tile_shape": [32, 32]}})
# ANNOTATED-NEXT: T.buffer_attr(B, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]}})


@T.prim_func
def annotated(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1"}})
    T.buffer_attr(B, {"tt.layout_desc": {"memory": "DRAM", "layout": "interleaved", "tile_shape": [32, 32], "dtype": "bfloat16"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# For A, memory and layout from the function attribute, nd_shard from the buffer
# attribute, which replaces the function attribute's nd_shard; for B, the function
# attribute only. The function attributes themselves stay.
# MERGED:      T.func_attr({
# MERGED-NEXT:     "tt.buffer.A": {"layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [1, 4], "shard_shape": [64, 256]}},
# MERGED-NEXT:     "tt.buffer.B": {"memory": "L1"},
# MERGED-NEXT: })
# MERGED-NEXT: T.buffer_attr(A, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [32, 256]}, "tile_shape": [32, 32]}})
# MERGED-NEXT: T.buffer_attr(B, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "interleaved", "memory": "L1", "tile_shape": [32, 32]}})


@T.prim_func
def merged(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.func_attr({"tt.buffer.A": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 4], "shard_shape": [64, 256]}},
                 "tt.buffer.B": {"memory": "L1"}})
    T.buffer_attr(A, {"tt.layout_desc": {"nd_shard": {"shard_grid": [1, 8], "shard_shape": [32, 256]}}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# 1024x1024 bfloat16 sharded over 2x2 cores: 512x512 shards of 256 tiles
# (512 KiB) each; shards may also be larger than needed (B: 3 x 384 >= 1024).
# SHARDS:      T.buffer_attr(A, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [2, 2], "shard_shape": [512, 512]}, "tile_shape": [32, 32]}})
# SHARDS-NEXT: T.buffer_attr(B, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "sharded", "memory": "L1", "nd_shard": {"shard_grid": [1, 3], "shard_shape": [384, 1024]}, "tile_shape": [32, 32]}})


@T.prim_func
def shards(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [2, 2], "shard_shape": [512, 512]}}})
    T.buffer_attr(B, {"tt.layout_desc": {"layout": "sharded", "memory": "L1", "nd_shard": {"shard_shape": [384, 1024], "shard_grid": [1, 3]}}})
    with T.Kernel(32, 32) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
