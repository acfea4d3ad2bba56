# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A buffer element indexed with too many indices.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        A[bx, 0, 1] = 0

# CHECK: {{.*}}index-count.py:9:9: error: buffer 'A' has 2 dimensions, got 3 indices
# CHECK-NEXT: {{^}}        A[bx, 0, 1] = 0{{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
