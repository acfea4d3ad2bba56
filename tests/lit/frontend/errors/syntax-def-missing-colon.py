# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'def' signature without ':'.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"))
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{.*}}syntax-def-missing-colon.py:7:41: error: expected ':' after function signature
# CHECK-NEXT: {{^}}def k(A: T.Tensor((64, 64), "bfloat16")){{$}}
# CHECK-NEXT: {{^}}                                        ^{{$}}
