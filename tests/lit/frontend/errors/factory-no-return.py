# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A call statement in the factory body.
import tilelang.language as T


def factory(M):
    print(M)

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-no-return.py:7:5: error: unsupported statement in kernel factory 'factory'
# CHECK-NEXT: {{^}}    print(M){{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
