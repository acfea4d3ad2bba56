# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# An attribute of T that is not a TileLang construct.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.frobnicate(A_s)

# CHECK: {{.*}}unknown-construct.py:10:9: error: unknown TileLang construct 'T.frobnicate'
# CHECK-NEXT: {{^}}        T.frobnicate(A_s){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
