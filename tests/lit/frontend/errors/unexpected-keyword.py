# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A keyword argument T.copy does not take.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[0:32, 0:32], A_s, mode="fast")

# CHECK: {{.*}}unexpected-keyword.py:10:36: error: unexpected keyword argument 'mode' to T.copy
# CHECK-NEXT: {{^}}        T.copy(A[0:32, 0:32], A_s, mode="fast"){{$}}
# CHECK-NEXT: {{^}}                                   ^{{$}}
