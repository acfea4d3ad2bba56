# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Unsupported code in the factory around the kernel is named as such, not as
# code "in a kernel".
import tilelang.language as T


def factory(M):
    N = round(M / 2)

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-unsupported-call.py:8:9: error: unsupported call of 'round' in the kernel factory
# CHECK-NEXT: {{^}}    N = round(M / 2){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
# CHECK-NOT: error
