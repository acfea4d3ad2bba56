# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A zero dimension in a parameter shape.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 0), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{.*}}shape-not-positive.py:7:24: error: shape dimension must be positive, got 0
# CHECK-NEXT: {{^}}def k(A: T.Tensor((64, 0), "bfloat16")):{{$}}
# CHECK-NEXT: {{^}}                       ^{{$}}
