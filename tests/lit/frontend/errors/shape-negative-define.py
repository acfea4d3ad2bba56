# RUN: not %tt-llc --emit=tir %s -D M=-32 2>&1 | FileCheck --strict-whitespace %s
# A negative dimension that comes from -D.
import tilelang.language as T


def factory(M):

    @T.prim_func
    def k(A: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2) as bx:
            A_s = T.alloc_shared((M, 32), "bfloat16")

    return k

# CHECK: {{.*}}shape-negative-define.py:11:35: error: shape dimension must be positive, got -32
# CHECK-NEXT: {{^}}            A_s = T.alloc_shared((M, 32), "bfloat16"){{$}}
# CHECK-NEXT: {{^}}                                  ^{{$}}
