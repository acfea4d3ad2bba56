# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.copy with both sides point-indexed: nothing to infer the extents from.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.copy(A[bx * 32, 0], B[0, bx * 32])

# CHECK: {{.*}}copy-both-point.py:9:16: error: cannot infer the region extents: both sides of T.copy are indexed by a point; give one of them as slices (lo:hi)
# CHECK-NEXT: {{^}}        T.copy(A[bx * 32, 0], B[0, bx * 32]){{$}}
# CHECK-NEXT: {{^}}               ^{{$}}
