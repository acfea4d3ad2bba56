# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A 'with' in the factory body (loops, if, assert, ... are evaluated).
import tilelang.language as T


def factory(M):
    with open("log.txt") as f:
        pass

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-unsupported-stmt.py:7:5: error: cannot evaluate a 'with' statement in the kernel factory
# CHECK-NEXT: {{^}}    with open("log.txt") as f:{{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
