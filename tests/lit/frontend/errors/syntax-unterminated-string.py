# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A string literal that runs to the end of the line.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16)):
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{.*}}syntax-unterminated-string.py:7:29: error: unterminated string
# CHECK-NEXT: {{^}}def k(A: T.Tensor((64, 64), "bfloat16)):{{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
