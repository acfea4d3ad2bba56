# RUN: %tt-llc %s --passes=verify --emit=tir | FileCheck %s
# RUN: %tt-llc %s --emit=tir | FileCheck %s --check-prefix=LOWERED
# A gemm accumulator allocated with T.alloc_shared (as TileLang's GPU
# kernels do) is the accumulator: it lives in the registers like an
# alloc_fragment, so T.clear of it and the copy-out lower (the clear used to
# fail in lowering and the copy-out was taken for a dtype conversion).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M=64, N=64, K=64, block=32, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block, M // block) as (bx, by):
            A_s = T.alloc_shared((block, block), dtype)
            B_s = T.alloc_shared((block, block), dtype)
            C_s = T.alloc_shared((block, block), accum_dtype)
            T.clear(C_s)
            for k in T.Pipelined(K // block, num_stages=2):
                T.copy(A[by * block, k * block], A_s)
                T.copy(B[k * block, bx * block], B_s)
                T.gemm(A_s, B_s, C_s)
            T.copy(C_s, C[by * block, bx * block])

    return main

# CHECK: C_s = T.alloc_fragment((32, 32), "float32")
# LOWERED: @T.prim_func
