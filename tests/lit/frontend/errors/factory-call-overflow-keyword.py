# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A keyword argument of the literal call out of range, computed with '**'.
import tilelang.language as T


def factory(M, N):

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(32, N=2**40)

# CHECK: {{.*}}factory-call-overflow-keyword.py:16:15: error: integer constant 2 ** 40 does not fit in int32
# CHECK-NEXT: {{^}}factory(32, N=2**40){{$}}
# CHECK-NEXT: {{^}}              ^{{$}}
# CHECK-NOT: error
