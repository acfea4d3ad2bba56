# infer-tt-shard after apply-tt-defaults: every global buffer parameter gets
# its role from the dataflow of the kernel (never from its name), its tiling,
# its padding and its DRAM interleaving.
# RUN: %tt-llc --emit=tir %s --kernel=roles --passes=apply-tt-defaults,infer-tt-shard | FileCheck %s --check-prefix=ROLES
# RUN: %tt-llc --emit=tir %s --kernel=vectors --passes=apply-tt-defaults,infer-tt-shard | FileCheck %s --check-prefix=VEC
# RUN: %tt-llc --emit=tir %s --kernel=batched --passes=apply-tt-defaults,infer-tt-shard | FileCheck %s --check-prefix=BATCH
# Blackhole: 8 banks, 64-byte alignment.
# RUN: %tt-llc --emit=tir %s --kernel=roles --device=blackhole --passes=apply-tt-defaults,infer-tt-shard | FileCheck %s --check-prefix=BH
import tilelang.language as T

# "out" is only read and "input" only written; "acc" is read and written
# (float32: 4096-byte pages); "spare" is never touched (float16, 100x50:
# padded to 128x64).
# ROLES:      T.buffer_attr(out, {
# ROLES-NEXT:     "tt_layout": "dram_interleaved",
# ROLES-NEXT:     "tt_needs_padding": False,
# ROLES-NEXT:     "tt_num_tiles_height": 2,
# ROLES-NEXT:     "tt_num_tiles_width": 2,
# ROLES-NEXT:     "tt_padded_shape": [64, 64],
# ROLES-NEXT:     "tt_role": "input",
# ROLES-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 2048, "alignment": 32, "num_banks": 12, "num_pages": 4, "page_size": 2048, "pages_per_bank": 1},
# ROLES-NEXT:     "tt_tile_shape": [32, 32],
# ROLES-NEXT: })
# ROLES-NEXT: T.buffer_attr(input, {
# ROLES:          "tt_role": "output",
# ROLES:      T.buffer_attr(acc, {
# ROLES-NEXT:     "tt_layout": "dram_interleaved",
# ROLES-NEXT:     "tt_needs_padding": False,
# ROLES-NEXT:     "tt_num_tiles_height": 2,
# ROLES-NEXT:     "tt_num_tiles_width": 2,
# ROLES-NEXT:     "tt_padded_shape": [64, 64],
# ROLES-NEXT:     "tt_role": "inout",
# ROLES-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 4096, "alignment": 32, "num_banks": 12, "num_pages": 4, "page_size": 4096, "pages_per_bank": 1},
# ROLES:      T.buffer_attr(spare, {
# ROLES-NEXT:     "tt_layout": "dram_interleaved",
# ROLES-NEXT:     "tt_needs_padding": True,
# ROLES-NEXT:     "tt_num_tiles_height": 4,
# ROLES-NEXT:     "tt_num_tiles_width": 2,
# ROLES-NEXT:     "tt_padded_shape": [128, 64],
# ROLES-NEXT:     "tt_role": "unused",
# ROLES-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 2048, "alignment": 32, "num_banks": 12, "num_pages": 8, "page_size": 2048, "pages_per_bank": 1},
# ROLES-NEXT:     "tt_tile_shape": [32, 32],
# ROLES-NEXT: })
# Only global buffers get these attributes.
# ROLES-NOT:  T.buffer_attr(

# BH:         T.buffer_attr(out, {
# BH:             "tt_tensor_accessor": {"aligned_page_size": 2048, "alignment": 64, "num_banks": 8, "num_pages": 4, "page_size": 2048, "pages_per_bank": 1},
# BH:         T.buffer_attr(spare, {
# BH:             "tt_tensor_accessor": {"aligned_page_size": 2048, "alignment": 64, "num_banks": 8, "num_pages": 8, "page_size": 2048, "pages_per_bank": 1},


@T.prim_func
def roles(out: T.Tensor((64, 64), "bfloat16"), input: T.Tensor((64, 64), "bfloat16"),
          acc: T.Tensor((64, 64), "float32"), spare: T.Tensor((100, 50), "float16")):
    with T.Kernel(2, 2) as (bx, by):
        s = T.alloc_shared((32, 32), "bfloat16")
        a = T.alloc_shared((32, 32), "float32")
        T.copy(out[by * 32, bx * 32], s)
        T.copy(s, input[by * 32, bx * 32])
        T.copy(acc[by * 32, bx * 32], a)
        T.copy(a, acc[by * 32, bx * 32])

# 1-D buffers are one row of tiles: 100 float32 elements are 4 tiles
# (padded to 128), 4096 bfloat16 elements 128 tiles over 12 banks.
# VEC:      T.buffer_attr(X, {
# VEC-NEXT:     "tt_layout": "dram_interleaved",
# VEC-NEXT:     "tt_needs_padding": True,
# VEC-NEXT:     "tt_num_tiles_height": 1,
# VEC-NEXT:     "tt_num_tiles_width": 4,
# VEC-NEXT:     "tt_padded_shape": [128],
# VEC-NEXT:     "tt_role": "input",
# VEC-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 4096, "alignment": 32, "num_banks": 12, "num_pages": 4, "page_size": 4096, "pages_per_bank": 1},
# VEC:      T.buffer_attr(Y, {
# VEC-NEXT:     "tt_layout": "dram_interleaved",
# VEC-NEXT:     "tt_needs_padding": False,
# VEC-NEXT:     "tt_num_tiles_height": 1,
# VEC-NEXT:     "tt_num_tiles_width": 128,
# VEC-NEXT:     "tt_padded_shape": [4096],
# VEC-NEXT:     "tt_role": "output",
# VEC-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 2048, "alignment": 32, "num_banks": 12, "num_pages": 128, "page_size": 2048, "pages_per_bank": 11},


@T.prim_func
def vectors(X: T.Tensor((100,), "float32"), Y: T.Tensor((4096,), "bfloat16")):
    with T.Kernel(4) as bx:
        X_s = T.alloc_shared((32,), "float32")
        T.copy(X[bx * 32], X_s)
        T.copy(X_s, Y[bx * 32])

# A 3-D buffer: the last two dimensions are tiled, the leading one multiplies
# the pages (3 x 2 x 2 = 12).
# BATCH:      T.buffer_attr(X, {
# BATCH-NEXT:     "tt_layout": "dram_interleaved",
# BATCH-NEXT:     "tt_needs_padding": True,
# BATCH-NEXT:     "tt_num_tiles_height": 2,
# BATCH-NEXT:     "tt_num_tiles_width": 2,
# BATCH-NEXT:     "tt_padded_shape": [3, 64, 64],
# BATCH-NEXT:     "tt_role": "input",
# BATCH-NEXT:     "tt_tensor_accessor": {"aligned_page_size": 4096, "alignment": 32, "num_banks": 12, "num_pages": 12, "page_size": 4096, "pages_per_bank": 1},


@T.prim_func
def batched(X: T.Tensor((3, 40, 64), "float32"), Y: T.Tensor((3, 40, 64), "float32")):
    with T.Kernel(1) as bx:
        X_s = T.alloc_shared((32, 32), "float32")
        T.copy(X[0, 0, 0], X_s)
        T.copy(X_s, Y[0, 0, 0])
