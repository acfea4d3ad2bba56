# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A closing bracket of the wrong kind.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A[0:32, 0:32)]

# CHECK: {{.*}}syntax-unmatched-close.py:9:29: error: closing bracket ')' does not match opening bracket '['
# CHECK-NEXT: {{^}}        T.clear(A[0:32, 0:32)]{{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
