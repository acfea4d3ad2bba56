# Schedule and tile attributes of the wrong type must be rejected like
# unsupported values are, not ignored.
# RUN: not %tt-llc --emit=tir %s --kernel=int_policy 2>&1 | FileCheck %s --check-prefix=POLICY
# RUN: not %tt-llc --emit=tir %s --kernel=str_order 2>&1 | FileCheck %s --check-prefix=ORDER
# RUN: not %tt-llc --emit=tir %s --kernel=str_tile 2>&1 | FileCheck %s --check-prefix=TILE
import tilelang.language as T

# POLICY: attr-types.py:[[@LINE+2]]:{{[0-9]+}}: error: {{.*}}tt_schedule_policy
@T.prim_func
def int_policy(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_policy": 3})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# ORDER: attr-types.py:[[@LINE+2]]:{{[0-9]+}}: error: {{.*}}tt_schedule_order
@T.prim_func
def str_order(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_order": ["row_major"]})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# TILE: attr-types.py:[[@LINE+2]]:{{[0-9]+}}: error: {{.*}}tt_tile_width
@T.prim_func
def str_tile(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_tile_width": "64"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
