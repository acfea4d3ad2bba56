# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Code in the factory that is not evaluated (a method call) is named as such,
# not as code "in a kernel". (round() and the other builtins are evaluated.)
import tilelang.language as T


def factory(M):
    N = round(M / 2) + M.conjugate()

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-unsupported-call.py:8:24: error: cannot evaluate a call of 'M.conjugate' in the kernel factory
# CHECK-NEXT: {{^}}    N = round(M / 2) + M.conjugate(){{$}}
# CHECK-NEXT: {{^}}                       ^{{$}}
# CHECK-NOT: error
