# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'with' header without ':'.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx
        T.clear(A)

# CHECK: {{.*}}syntax-with-missing-colon.py:8:27: error: expected ':' after 'with' items
# CHECK-NEXT: {{^}}    with T.Kernel(2) as bx{{$}}
# CHECK-NEXT: {{^}}                          ^{{$}}
