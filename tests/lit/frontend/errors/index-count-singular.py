# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'got 1 indices' should read 'got 1 index'.
# One index for a 2-D buffer ('1 index', not '1 indices').
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        A[bx] = 0

# CHECK: {{.*}}index-count-singular.py:10:9: error: buffer 'A' has 2 dimensions, got 1 index
# CHECK-NEXT: {{^}}        A[bx] = 0{{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
