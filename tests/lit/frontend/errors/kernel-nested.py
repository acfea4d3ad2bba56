# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.Kernel inside T.Kernel.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        with T.Kernel(2) as by:
            T.clear(A)

# CHECK: {{.*}}kernel-nested.py:9:14: error: T.Kernel cannot be nested in another T.Kernel
# CHECK-NEXT: {{^}}        with T.Kernel(2) as by:{{$}}
# CHECK-NEXT: {{^}}             ^{{$}}
