# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Too many positional arguments.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.clear(A_s, 0)

# CHECK: {{.*}}args-too-many.py:10:22: error: T.clear takes at most 1 positional argument, got 2
# CHECK-NEXT: {{^}}        T.clear(A_s, 0){{$}}
# CHECK-NEXT: {{^}}                     ^{{$}}
