# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'for' header without ':'.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        for i in T.serial(4)
            A[i, 0] = 0

# CHECK: {{.*}}syntax-for-missing-colon.py:9:29: error: expected ':' after 'for' header
# CHECK-NEXT: {{^}}        for i in T.serial(4){{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
