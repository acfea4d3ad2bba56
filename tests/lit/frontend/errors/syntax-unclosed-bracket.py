# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A bracket that is never closed is reported at the bracket.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16"
        T.clear(A_s)

# CHECK: {{.*}}syntax-unclosed-bracket.py:9:29: error: '(' was never closed
# CHECK-NEXT: {{^}}        A_s = T.alloc_shared((32, 32), "bfloat16"{{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
