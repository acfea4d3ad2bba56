# infer-tt-shard rejects tiles other than 32x32 and function-wide layouts
# other than DRAM interleaving, at the function.
# RUN: not %tt-llc --emit=tir %s --kernel=tile16 --passes=apply-tt-defaults,infer-tt-shard 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TILEH
# RUN: not %tt-llc --emit=tir %s --kernel=tile64 --passes=apply-tt-defaults,infer-tt-shard 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TILEW
# RUN: not %tt-llc --emit=tir %s --kernel=l1_sharded --passes=apply-tt-defaults,infer-tt-shard 2>&1 | FileCheck %s --strict-whitespace --check-prefix=LAYOUT
# The default pipeline stops at the same errors.
# RUN: not %tt-llc --emit=tir %s --kernel=tile16 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TILEH
# RUN: not %tt-llc --emit=tir %s --kernel=l1_sharded 2>&1 | FileCheck %s --strict-whitespace --check-prefix=LAYOUT
import tilelang.language as T

# TILEH:      {{^}}{{.*}}infer-tt-shard-errors.py:[[@LINE+4]]:1: error: only 32x32 tiles are supported, got tt_tile_height = 16, tt_tile_width = 32{{$}}
# TILEH-NEXT: {{^}}def tile16(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# TILEH-NEXT: {{^}}^{{$}}
@T.prim_func
def tile16(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_tile_height": 16})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# TILEW:      {{^}}{{.*}}infer-tt-shard-errors.py:[[@LINE+4]]:1: error: only 32x32 tiles are supported, got tt_tile_height = 32, tt_tile_width = 64{{$}}
# TILEW-NEXT: {{^}}def tile64(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# TILEW-NEXT: {{^}}^{{$}}
@T.prim_func
def tile64(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_tile_width": 64})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# LAYOUT:      {{^}}{{.*}}infer-tt-shard-errors.py:[[@LINE+4]]:1: error: unsupported tt_layout_type 'l1_sharded' (supported: 'dram_interleaved'; request L1 or sharded buffers with a tt.layout_desc annotation){{$}}
# LAYOUT-NEXT: {{^}}def l1_sharded(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# LAYOUT-NEXT: {{^}}^{{$}}
@T.prim_func
def l1_sharded(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_layout_type": "l1_sharded"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
