# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A name that is bound nowhere.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(B)

# CHECK: {{.*}}undefined-name.py:9:17: error: use of undefined name 'B'
# CHECK-NEXT: {{^}}        T.clear(B){{$}}
# CHECK-NEXT: {{^}}                ^{{$}}
