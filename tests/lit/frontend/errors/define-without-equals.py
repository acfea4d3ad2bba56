# RUN: not %tt-llc --emit=tir %s -D M 2>&1 | FileCheck --strict-whitespace %s
# -D without '=VALUE'.
import tilelang.language as T


def matmul(M):

    @T.prim_func
    def k(A: T.Tensor((M, 32), "bfloat16")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k

# CHECK: {{^}}tt-llc: error: -D M: expected NAME=VALUE{{$}}
