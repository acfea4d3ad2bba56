# RUN: not %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# The tensors passed to an eager GEMM disagree on K: A is (64, 48), B is
# (32, 64). tt-llc reports the dimension where the second shape differs.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def gemm(A, B, block_M=32, block_N=32, block_K=16):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), T.float16)
    B: T.Tensor((K, N), T.float16)
    C = T.empty((M, N), T.float32)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        A_s = T.alloc_shared((block_M, block_K), T.float16)
        B_s = T.alloc_shared((block_K, block_N), T.float16)
        C_l = T.alloc_fragment((block_M, block_N), T.float32)
        T.clear(C_l)
        for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
            T.copy(A[by * block_M, k * block_K], A_s)
            T.copy(B[k * block_K, bx * block_N], B_s)
            T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[by * block_M, bx * block_N])
    return C


def main():
    a = torch.randn(64, 48, dtype=torch.float16, device="cuda")
    b = torch.randn(32, 64, dtype=torch.float16, device="cuda")
    gemm(a, b)


if __name__ == "__main__":
    main()

# CHECK: eager-shape-mismatch.py:13:18: error: the tensor passed as 'B' in the call of 'gemm' has shape (32, 64): dimension 0 ('K') is 32, but the tensor passed as 'A' made 'K' 48
