# RUN: not %tt-llc --emit=tir %s -D M=64 -D X=3 2>&1 | FileCheck --strict-whitespace %s
# -D names a parameter the factory does not have.
import tilelang.language as T


def matmul(M):

    @T.prim_func
    def k(A: T.Tensor((M, 32), "bfloat16")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k

# CHECK: {{^}}tt-llc: error: -D X: 'matmul' has no parameter 'X' (its parameters are: M){{$}}
