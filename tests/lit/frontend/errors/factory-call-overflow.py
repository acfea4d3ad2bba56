# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# An argument of the literal call of the factory that does not fit in int32
# is an error at the argument, not a call skipped as host code (which made the
# error "parameter 'M' has no value").
import tilelang.language as T


def factory(M, N):

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(9223372036854775807 + 1, N=32)

# CHECK: {{.*}}factory-call-overflow.py:18:9: error: integer literal 9223372036854775807 does not fit in int32
# CHECK-NEXT: {{^}}factory(9223372036854775807 + 1, N=32){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
# CHECK-NOT: error
