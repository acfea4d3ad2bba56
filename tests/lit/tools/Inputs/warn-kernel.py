# The driver kernel with a GPU hint: tt-llc warns (threads=) before anything
# else, then compiles it; with BAD=1 it then fails on an undefined name.
import tilelang.language as T


def scale(M=64, N=64, block=32, dtype="bfloat16", BAD=0):

    @T.prim_func
    def copy_tiles(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block, M // block, threads=128) as (bx, by):
            A_s = T.alloc_shared((block, block), dtype)
            T.copy(A[by * block, bx * block], A_s)
            if BAD:
                T.copy(A_s, undefined_name)
            T.copy(A_s, B[by * block, bx * block])

    return copy_tiles
