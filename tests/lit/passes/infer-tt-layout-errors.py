# infer-tt-layout rejects a layout descriptor that cannot work with an error
# at the buffer parameter, whether the descriptor comes from T.buffer_attr or
# from T.func_attr({"tt.buffer.NAME": ...}).
# RUN: not %tt-llc --emit=tir %s --kernel=unknown_key --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=UNKNOWN
# RUN: not %tt-llc --emit=tir %s --kernel=halo --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=HALO
# RUN: not %tt-llc --emit=tir %s --kernel=memory_sram --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=MEMORY
# RUN: not %tt-llc --emit=tir %s --kernel=layout_blocked --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=LAYOUTV
# RUN: not %tt-llc --emit=tir %s --kernel=tile16 --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TILE
# RUN: not %tt-llc --emit=tir %s --kernel=dtype_mismatch --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=DTYPE
# RUN: not %tt-llc --emit=tir %s --kernel=sharded_dram --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=SHDRAM
# RUN: not %tt-llc --emit=tir %s --kernel=sharded_default_memory --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=SHDEFAULT
# RUN: not %tt-llc --emit=tir %s --kernel=no_nd_shard --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NOND
# RUN: not %tt-llc --emit=tir %s --kernel=nd_interleaved --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDINTER
# RUN: not %tt-llc --emit=tir %s --kernel=nd_not_dict --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDDICT
# RUN: not %tt-llc --emit=tir %s --kernel=nd_key --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDKEY
# RUN: not %tt-llc --emit=tir %s --kernel=nd_grid_zero --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDGRID
# RUN: not %tt-llc --emit=tir %s --kernel=nd_grid_missing --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDGRIDMISSING
# RUN: not %tt-llc --emit=tir %s --kernel=nd_shape_short --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDSHAPE
# RUN: not %tt-llc --emit=tir %s --kernel=nd_shape_text --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NDSHAPETEXT
# RUN: not %tt-llc --emit=tir %s --kernel=grid_too_big --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=GRIDBIG
# RUN: not %tt-llc --emit=tir %s --kernel=grid_too_big --grid=4x2 --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=GRIDSMALL
# RUN: not %tt-llc --emit=tir %s --kernel=shape_not_tiles --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NOTTILES
# RUN: not %tt-llc --emit=tir %s --kernel=not_covered --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=COVER
# RUN: not %tt-llc --emit=tir %s --kernel=not_a_dict --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NOTDICT
# RUN: not %tt-llc --emit=tir %s --kernel=func_attr_form --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=FUNCATTR
# RUN: not %tt-llc --emit=tir %s --kernel=three_d --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=THREED
# RUN: not %tt-llc --emit=tir %s --kernel=one_d --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=ONED
# RUN: not %tt-llc --emit=tir %s --kernel=l1_interleaved_big --grid=1x1 --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=L1BIG
# RUN: not %tt-llc --emit=tir %s --kernel=big_shard --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=BIGSHARD
# RUN: not %tt-llc --emit=tir %s --kernel=big_shard --device=blackhole --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=BIGSHARDBH
# What fails on one grid can fit on another (and the default pipeline runs
# the same checks).
# RUN: %tt-llc --emit=tir %s --kernel=grid_too_big --device=blackhole --passes=infer-tt-layout | FileCheck %s --check-prefix=FITS
# RUN: %tt-llc --emit=tir %s --kernel=l1_interleaved_big --grid=1x2 --passes=infer-tt-layout | FileCheck %s --check-prefix=FITS
# RUN: not %tt-llc --emit=tir %s --kernel=l1_interleaved_big --grid=1x1 2>&1 | FileCheck %s --strict-whitespace --check-prefix=L1BIG
# Shard sizes are checked products: 2^59 rows of tiles per shard do not wrap
# to an L1 size that fits, 2^62 rows on 8 cores do not wrap to 0 rows.
# RUN: not %tt-llc --emit=tir %s --kernel=shard_l1_wraps --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=SHWRAP
# RUN: not %tt-llc --emit=tir %s --kernel=shard_cover_wraps --passes=infer-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=SHCOVER
import tilelang.language as T

# An unknown key.
# UNKNOWN:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:17: error: buffer 'A': unknown layout key 'banks' (expected memory, layout, tile_shape, dtype, nd_shard){{$}}
# UNKNOWN-NEXT: {{^}}def unknown_key(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# UNKNOWN-NEXT: {{^}}                ^{{$}}
@T.prim_func
def unknown_key(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "banks": 4}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# Halo regions.
# HALO:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:10: error: buffer 'A': halo regions are not supported{{$}}
# HALO-NEXT: {{^}}def halo(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# HALO-NEXT: {{^}}         ^{{$}}
@T.prim_func
def halo(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "halo": [1, 1]}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# Memory other than DRAM and L1.
# MEMORY:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:17: error: buffer 'A': memory must be "DRAM" or "L1"{{$}}
# MEMORY-NEXT: {{^}}def memory_sram(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# MEMORY-NEXT: {{^}}                ^{{$}}
@T.prim_func
def memory_sram(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "SRAM"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# An unknown layout.
# LAYOUTV:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:20: error: buffer 'A': layout must be "interleaved" or "sharded"{{$}}
# LAYOUTV-NEXT: {{^}}def layout_blocked(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# LAYOUTV-NEXT: {{^}}                   ^{{$}}
@T.prim_func
def layout_blocked(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"layout": "blocked"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# Tiles other than 32x32.
# TILE:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:12: error: buffer 'A': only 32x32 tiles are supported (tile_shape [32, 32]){{$}}
# TILE-NEXT: {{^}}def tile16(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# TILE-NEXT: {{^}}           ^{{$}}
@T.prim_func
def tile16(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"tile_shape": [16, 16]}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A dtype that is not the buffer's.
# DTYPE:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:20: error: buffer 'A': layout dtype "float32" does not match the buffer's dtype "bfloat16"{{$}}
# DTYPE-NEXT: {{^}}def dtype_mismatch(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# DTYPE-NEXT: {{^}}                   ^{{$}}
@T.prim_func
def dtype_mismatch(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"dtype": "float32"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# Sharded in DRAM (memory defaults to DRAM too).
# SHDRAM:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:18: error: buffer 'A': sharded layouts are supported in L1 only{{$}}
# SHDRAM-NEXT: {{^}}def sharded_dram(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# SHDRAM-NEXT: {{^}}                 ^{{$}}
@T.prim_func
def sharded_dram(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "DRAM", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# SHDEFAULT:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:28: error: buffer 'A': sharded layouts are supported in L1 only{{$}}
# SHDEFAULT-NEXT: {{^}}def sharded_default_memory(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# SHDEFAULT-NEXT: {{^}}                           ^{{$}}
@T.prim_func
def sharded_default_memory(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# L1-sharded without nd_shard.
# NOND:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:17: error: buffer 'A': an L1-sharded buffer needs an nd_shard spec {"shard_grid": [x, y], "shard_shape": [h, w]}{{$}}
# NOND-NEXT: {{^}}def no_nd_shard(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NOND-NEXT: {{^}}                ^{{$}}
@T.prim_func
def no_nd_shard(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# nd_shard on an interleaved (here: by default) layout.
# NDINTER:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:20: error: buffer 'A': nd_shard is only meaningful for sharded layouts{{$}}
# NDINTER-NEXT: {{^}}def nd_interleaved(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDINTER-NEXT: {{^}}                   ^{{$}}
@T.prim_func
def nd_interleaved(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# nd_shard must be a dict with two keys, each two positive integers.
# NDDICT:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:17: error: buffer 'A': nd_shard must be a dict{{$}}
# NDDICT-NEXT: {{^}}def nd_not_dict(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDDICT-NEXT: {{^}}                ^{{$}}
@T.prim_func
def nd_not_dict(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": [1, 2]}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# NDKEY:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:12: error: buffer 'A': unknown nd_shard key 'orientation' (expected shard_grid, shard_shape){{$}}
# NDKEY-NEXT: {{^}}def nd_key(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDKEY-NEXT: {{^}}           ^{{$}}
@T.prim_func
def nd_key(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 64], "orientation": "row"}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# NDGRID:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:18: error: buffer 'A': nd_shard.shard_grid must be two positive integers (cores [x, y]){{$}}
# NDGRID-NEXT: {{^}}def nd_grid_zero(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDGRID-NEXT: {{^}}                 ^{{$}}
@T.prim_func
def nd_grid_zero(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [0, 2], "shard_shape": [32, 64]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# NDGRIDMISSING:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:21: error: buffer 'A': nd_shard.shard_grid must be two positive integers (cores [x, y]){{$}}
# NDGRIDMISSING-NEXT: {{^}}def nd_grid_missing(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDGRIDMISSING-NEXT: {{^}}                    ^{{$}}
@T.prim_func
def nd_grid_missing(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_shape": [32, 64]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# NDSHAPE:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:20: error: buffer 'A': nd_shard.shard_shape must be two positive integers (elements [h, w]){{$}}
# NDSHAPE-NEXT: {{^}}def nd_shape_short(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDSHAPE-NEXT: {{^}}                   ^{{$}}
@T.prim_func
def nd_shape_short(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# NDSHAPETEXT:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:19: error: buffer 'A': nd_shard.shard_shape must be two positive integers (elements [h, w]){{$}}
# NDSHAPETEXT-NEXT: {{^}}def nd_shape_text(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NDSHAPETEXT-NEXT: {{^}}                  ^{{$}}
@T.prim_func
def nd_shape_text(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": "32x64"}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A shard grid larger than the core grid (8x8; 13x10 on Blackhole, --grid).
# GRIDBIG:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+7]]:18: error: buffer 'A': shard grid 9x1 does not fit the 8x8 core grid{{$}}
# GRIDBIG-NEXT: {{^}}def grid_too_big(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# GRIDBIG-NEXT: {{^}}                 ^{{$}}
# GRIDSMALL:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:18: error: buffer 'A': shard grid 9x1 does not fit the 4x2 core grid{{$}}
# GRIDSMALL-NEXT: {{^}}def grid_too_big(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# GRIDSMALL-NEXT: {{^}}                 ^{{$}}
@T.prim_func
def grid_too_big(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [9, 1], "shard_shape": [64, 32]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# A shard shape that is not whole tiles.
# NOTTILES:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:21: error: buffer 'A': shard shape must be a multiple of 32x32 tiles{{$}}
# NOTTILES-NEXT: {{^}}def shape_not_tiles(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NOTTILES-NEXT: {{^}}                    ^{{$}}
@T.prim_func
def shape_not_tiles(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 48]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# Shards that do not cover the buffer.
# COVER:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:17: error: buffer 'A': shards of 32x32 on a 2x1 grid do not cover its 64x64 elements{{$}}
# COVER-NEXT: {{^}}def not_covered(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# COVER-NEXT: {{^}}                ^{{$}}
@T.prim_func
def not_covered(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [2, 1], "shard_shape": [32, 32]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# An annotation that is not a dict.
# NOTDICT:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:16: error: buffer 'A': a layout annotation must be a dict{{$}}
# NOTDICT-NEXT: {{^}}def not_a_dict(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# NOTDICT-NEXT: {{^}}               ^{{$}}
@T.prim_func
def not_a_dict(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": "L1"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# The same check for a descriptor given as a function attribute: the error
# is at the buffer it names.
# FUNCATTR:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:55: error: buffer 'B': unknown layout key 'Memory' (expected memory, layout, tile_shape, dtype, nd_shard){{$}}
# FUNCATTR-NEXT: {{^}}def func_attr_form(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# FUNCATTR-NEXT: {{^}}                                                      ^{{$}}
@T.prim_func
def func_attr_form(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt.buffer.B": {"Memory": "L1"}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# Only 2-D buffers can be sharded.
# THREED:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:13: error: buffer 'A': only 2-D buffers can be sharded{{$}}
# THREED-NEXT: {{^}}def three_d(A: T.Tensor((2, 64, 64), "bfloat16"), B: T.Tensor((2, 64, 64), "bfloat16")):{{$}}
# THREED-NEXT: {{^}}            ^{{$}}
@T.prim_func
def three_d(A: T.Tensor((2, 64, 64), "bfloat16"), B: T.Tensor((2, 64, 64), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [2, 2], "shard_shape": [32, 32]}}})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[0, by * 32, bx * 32], A_s)
        T.copy(A_s, B[0, by * 32, bx * 32])


# ONED:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:11: error: buffer 'X': only 2-D buffers can be sharded{{$}}
# ONED-NEXT: {{^}}def one_d(X: T.Tensor((4096,), "float32"), Y: T.Tensor((4096,), "float32")):{{$}}
# ONED-NEXT: {{^}}          ^{{$}}
@T.prim_func
def one_d(X: T.Tensor((4096,), "float32"), Y: T.Tensor((4096,), "float32")):
    T.buffer_attr(X, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 2], "shard_shape": [32, 2048]}}})
    with T.Kernel(128) as bx:
        X_s = T.alloc_shared((32,), "float32")
        T.copy(X[bx * 32], X_s)
        T.copy(X_s, Y[bx * 32])


# L1 interleaving spreads the pages over the cores: 1024 tiles of 2 KiB fit
# on two cores but not on one (L1 is 1464 KiB on wormhole_b0).
# L1BIG:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+4]]:24: error: buffer 'A': needs 2097152 bytes (2048 KiB) of L1 per core, more than the 1499136 bytes (1464 KiB) of wormhole_b0{{$}}
# L1BIG-NEXT: {{^}}def l1_interleaved_big(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):{{$}}
# L1BIG-NEXT: {{^}}                       ^{{$}}
@T.prim_func
def l1_interleaved_big(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1"}})
    with T.Kernel(32, 32) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# One shard of 1024x1024 bfloat16 (2 MiB) on one core: too big for the L1 of
# wormhole_b0 (1464 KiB) and of blackhole (1536 KiB).
# BIGSHARD:        {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+6]]:15: error: buffer 'A': needs 2097152 bytes (2048 KiB) of L1 per core, more than the 1499136 bytes (1464 KiB) of wormhole_b0{{$}}
# BIGSHARD-NEXT:   {{^}}def big_shard(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):{{$}}
# BIGSHARD-NEXT:   {{^}}              ^{{$}}
# BIGSHARDBH:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+3]]:15: error: buffer 'A': needs 2097152 bytes (2048 KiB) of L1 per core, more than the 1572864 bytes (1536 KiB) of blackhole{{$}}
# BIGSHARDBH-NEXT: {{^}}def big_shard(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):{{$}}
@T.prim_func
def big_shard(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 1], "shard_shape": [1024, 1024]}}})
    with T.Kernel(32, 32) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# FITS: T.buffer_attr(A, {"tt.layout_desc": {"dtype": "bfloat16", "layout": "{{interleaved|sharded}}", "memory": "L1",

# SHWRAP:      {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+3]]:20: error: buffer 'A': needs more than 2^63 bytes of L1 per core, more than the 1499136 bytes (1464 KiB) of wormhole_b0{{$}}
# SHWRAP-NEXT: {{^}}def shard_l1_wraps(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):{{$}}
@T.prim_func
def shard_l1_wraps(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [576460752303423488, 256]}}})
    with T.Kernel(8, 8) as (bx, by):
        S = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])

# SHCOVER: {{^}}{{.*}}infer-tt-layout-errors.py:[[@LINE+2]]:23: error: buffer 'A': needs more than 2^63 bytes of L1 per core, more than the 1499136 bytes (1464 KiB) of wormhole_b0{{$}}
@T.prim_func
def shard_cover_wraps(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1", "layout": "sharded", "nd_shard": {"shard_grid": [1, 8], "shard_shape": [4611686018427387904, 256]}}})
    with T.Kernel(8, 8) as (bx, by):
        S = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])
