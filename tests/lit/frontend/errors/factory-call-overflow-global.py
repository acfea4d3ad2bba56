# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A global constant out of range is host code until the literal call of the
# factory uses it: then its value is the error, located where it is computed,
# with a note at the use. A later assignment of the name replaces it.
import tilelang.language as T

SMALL = 3037000500 * 3037000500
SMALL = 32
BIG = 3037000500 * 3037000500


def factory(M, N):

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(SMALL, BIG + 1)

# CHECK: {{.*}}factory-call-overflow-global.py:9:7: error: integer literal 3037000500 does not fit in int32
# CHECK-NEXT: {{^}}BIG = 3037000500 * 3037000500{{$}}
# CHECK-NEXT: {{^}}      ^{{$}}
# CHECK-NEXT: {{.*}}factory-call-overflow-global.py:22:16: note: 'BIG' is used here, in a call of 'factory'
# CHECK-NEXT: {{^}}factory(SMALL, BIG + 1){{$}}
# CHECK-NEXT: {{^}}               ^{{$}}
# CHECK-NOT: error
