# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# 'return' in a kernel.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        T.clear(A)
        return A

# CHECK: {{.*}}return-in-kernel.py:10:9: error: 'return' is not allowed in a kernel body
# CHECK-NEXT: {{^}}        return A{{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
