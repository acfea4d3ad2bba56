# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A loop in the factory body.
import tilelang.language as T


def factory(M):
    for i in range(M):
        pass

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-unsupported-stmt.py:7:5: error: unsupported statement in kernel factory 'factory'
# CHECK-NEXT: {{^}}    for i in range(M):{{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
