# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A T.copy region with too many indices.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bx * 32, 0, 0], A_s)

# CHECK: {{.*}}index-count-region.py:10:16: error: buffer 'A' has 2 dimensions, got 3 indices
# CHECK-NEXT: {{^}}        T.copy(A[bx * 32, 0, 0], A_s){{$}}
# CHECK-NEXT: {{^}}               ^{{$}}
