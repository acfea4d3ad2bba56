# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A character that is not Python.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A) $

# CHECK: {{.*}}syntax-garbage-char.py:9:20: error: unexpected character '$'
# CHECK-NEXT: {{^}}        T.clear(A) ${{$}}
# CHECK-NEXT: {{^}}                   ^{{$}}
