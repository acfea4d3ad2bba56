# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A zero grid extent.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 0) as (bx, by):
        T.clear(A)

# CHECK: {{.*}}grid-not-positive.py:8:22: error: kernel grid extent must be positive, got 0
# CHECK-NEXT: {{^}}    with T.Kernel(2, 0) as (bx, by):{{$}}
# CHECK-NEXT: {{^}}                     ^{{$}}
