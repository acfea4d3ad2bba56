# RUN: %tt-llc --emit=tir %s --passes=verify 2>&1 | FileCheck %s
# A non-literal call of the factory before the literal one is skipped; the
# parameters come from factory(64). Errors of that speculative evaluation are
# neither printed nor counted.
import tilelang.language as T


def factory(M):

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


def main(n):
    factory(n)
    factory(64)

# CHECK:      # tt-llc Tile IR
# CHECK:      def k(
# CHECK-NEXT:     A: T.Tensor((64, 32), "float32"),
