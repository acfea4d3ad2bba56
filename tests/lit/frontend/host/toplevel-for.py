# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# A factory compiled in a top-level `for` loop over sizes: tt-llc takes the
# loop's first iteration (M, N = 64, 32), as running the file would first do.
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(M, N, block_M=16):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


for M, N in [(64, 32), (128, 64)]:
    kernel = scale(M, N)

# CHECK:      A: T.Tensor((64, 32), "float32"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error
