# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A call of something that is not a name.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        A[bx, 0] = A[bx, 1](2)

# CHECK: {{.*}}call-of-expression.py:9:20: error: unsupported call in a kernel
# CHECK-NEXT: {{^}}        A[bx, 0] = A[bx, 1](2){{$}}
# CHECK-NEXT: {{^}}                   ^{{$}}
