# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# An allocation whose result is not bound to a name: the message says how the
# construct is used rather than calling it unknown.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.alloc_shared((32, 32), "bfloat16")

# CHECK: {{.*}}alloc-as-statement.py:10:9: error: T.alloc_shared must be assigned to a name
# CHECK-NEXT: {{^}}        T.alloc_shared((32, 32), "bfloat16"){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
