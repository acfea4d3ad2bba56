# GEMM with 128x128 output blocks: each core accumulates a 4x4-tile block over K,
# split into sub-blocks that fit DST (4 tiles with float32 accumulation) that share
# each K step's A and B blocks (docs/lowering.md, "Data reuse"), and a
# rectangular problem whose M is not a multiple of the block (edge blocks padded).
#
#   tt-llc examples/gemm_blocked.py -o build/gemm_blocked
#   tt-llc examples/gemm_blocked.py -D M=1000 -D accum_dtype=bfloat16 -o build/gemm_bf16acc
import tilelang
import tilelang.language as T


def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def gemm_blocked(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)

            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm_blocked


kernel = matmul(800, 512, 256, 128, 128, 32)
