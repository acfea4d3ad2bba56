# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A scalar carried across loop iterations.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        acc = A[bx, 0]
        for i in T.serial(64):
            acc = acc + A[bx, i]
        A[bx, 0] = acc

# CHECK: {{.*}}scalar-reassign-in-loop.py:11:13: error: cannot reassign 'acc' inside a loop; use a buffer for values carried across iterations
# CHECK-NEXT: {{^}}            acc = acc + A[bx, i]{{$}}
# CHECK-NEXT: {{^}}            ^{{$}}
