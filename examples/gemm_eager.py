# The canonical TileLang GEMM in the eager style of TileLang's own examples
# (2026), as tt-llc compiles it: the same kernel as examples/gemm.py.
#   C[M, N] = A[M, K] @ B[K, N], bfloat16 inputs and output, float32 accumulation,
#   one 32x32 output block per kernel instance, a pipelined loop over K.
#
#   tt-llc examples/gemm_eager.py --emit=tir      # 256 x 256 x 256, from matmul.compile below
#   tt-llc examples/gemm_eager.py -D M=512 -D N=512 -D K=512 --emit=tir
#
# The kernel's tensors are the function's parameters, typed by the annotations
# in its body, and the T.empty it returns; M, N and K are compile-time names
# (T.const) bound by matmul.compile(...) or -D.
import argparse

import tilelang
import tilelang.language as T


@tilelang.jit
def matmul(A, B, block_M, block_N, block_K, dtype=T.bfloat16, accum_dtype=T.float32):
    M, N, K = T.const("M, N, K")

    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, N), dtype)

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

    return C


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    kernel = matmul.compile(M=256, N=256, K=256, block_M=32, block_N=32, block_K=32)
    if args.check:
        import torch
        a = torch.randn(256, 256, dtype=torch.bfloat16)
        b = torch.randn(256, 256, dtype=torch.bfloat16)
        c = kernel(a, b)
        torch.testing.assert_close(c, a @ b, rtol=1e-2, atol=1e-2)
        print(f"ok: {c.shape}")


if __name__ == "__main__":
    main()
