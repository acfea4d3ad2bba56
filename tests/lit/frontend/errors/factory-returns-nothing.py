# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A factory that defines its kernel but does not return it (Python would call
# it and get None): an error at the factory, naming what to return.
import tilelang.language as T


def factory(M):

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)


factory(64)

# CHECK: {{.*}}factory-returns-nothing.py:7:1: error: the kernel factory 'factory' returns nothing; return the @T.prim_func ('return k')
# CHECK-NEXT: {{^}}def factory(M):{{$}}
# CHECK-NEXT: {{^}}^{{$}}
# CHECK-NOT: error
