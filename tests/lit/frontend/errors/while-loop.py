# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'while' in a kernel.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        while bx < 4:
            A[bx, 0] = 0

# CHECK: {{.*}}while-loop.py:9:9: error: 'while' loops are not supported; use T.serial
# CHECK-NEXT: {{^}}        while bx < 4:{{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
