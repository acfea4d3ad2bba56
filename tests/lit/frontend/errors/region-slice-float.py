# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A slice bound must be an integer: `bx / 2` is a float (true division).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bx * 32:bx * 32 + 32, bx / 2:bx / 2 + 32], A_s)
        T.copy(A_s, B[bx * 32, 0])

# CHECK: {{.*}}region-slice-float.py:10:40: error: slice start must be an integer, got 'bx / 2'
# CHECK-NEXT: {{^}}        T.copy(A[bx * 32:bx * 32 + 32, bx / 2:bx / 2 + 32], A_s){{$}}
# CHECK-NEXT: {{^}}                                       ^{{$}}
