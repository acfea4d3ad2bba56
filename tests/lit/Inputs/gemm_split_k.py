# A GEMM whose K loop is split in two nested loops: the gemm's K steps are
# not one loop's constant trip count, so a sub-blocked block streams its
# inputs once per sub-block instead of reusing them (docs/lowering.md,
# "Data reuse").
import tilelang.language as T


def matmul(M, N, K, block_M, block_N, block_K, split):

    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), "bfloat16"),
            B: T.Tensor((K, N), "bfloat16"),
            C: T.Tensor((M, N), "bfloat16"),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), "bfloat16")
            B_shared = T.alloc_shared((block_K, block_N), "bfloat16")
            C_local = T.alloc_fragment((block_M, block_N), "float")
            T.clear(C_local)
            for ko in T.serial(split):
                for ki in T.serial(K // block_K // split):
                    k = ko * (K // block_K // split) + ki
                    T.copy(A[by * block_M, k * block_K], A_shared)
                    T.copy(B[k * block_K, bx * block_N], B_shared)
                    T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(256, 256, 256, 128, 128, 32, 2)
