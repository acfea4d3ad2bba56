# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A slice whose extent is not a compile-time constant.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bx * 32:by * 32, 0:32], A_s)

# CHECK: {{.*}}region-extent-not-constant.py:10:18: error: region extent 'by * 32 - (bx * 32)' is not a compile-time constant
# CHECK-NEXT: {{^}}        T.copy(A[bx * 32:by * 32, 0:32], A_s){{$}}
# CHECK-NEXT: {{^}}                 ^{{$}}
