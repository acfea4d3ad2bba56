# A small factory kernel for the driver tests (parameters from defaults).
import tilelang.language as T


def scale(M=64, N=64, block=32, dtype="bfloat16"):

    @T.prim_func
    def copy_tiles(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block, M // block) as (bx, by):
            A_s = T.alloc_shared((block, block), dtype)
            T.copy(A[by * block, bx * block], A_s)
            T.copy(A_s, B[by * block, bx * block])

    return copy_tiles
