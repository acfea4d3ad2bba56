# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# More loop variables than loop dimensions.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        for i, j in T.serial(4):
            A[i, j] = 0

# CHECK: {{.*}}loop-var-count.py:9:13: error: loop has 1 dimension but 2 loop variables
# CHECK-NEXT: {{^}}        for i, j in T.serial(4):{{$}}
# CHECK-NEXT: {{^}}            ^{{$}}
