# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A buffer shape that depends on a block index.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, bx), "bfloat16")

# CHECK: {{.*}}shape-not-constant.py:9:35: error: shape dimension must be a compile-time constant, got 'bx'
# CHECK-NEXT: {{^}}        A_s = T.alloc_shared((32, bx), "bfloat16"){{$}}
# CHECK-NEXT: {{^}}                                  ^{{$}}
