# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# The call of an eager GEMM sits in blocks of main(): a `for` over
# configurations (its first iteration binds the loop names), an `if` whose
# condition is not evaluated, and a `with`; main() is called under
# `if __name__ == "__main__":` with argparse defaults. The tensors' shapes
# bind the T.const dimensions, the loop's first tuple the block sizes.
import argparse
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def gemm(A, B, block_M, block_N, block_K):
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


def main(m, n, k):
    for block_M, block_N in [(32, 64), (64, 64)]:
        if torch.cuda.is_available():
            with torch.no_grad():
                a = torch.randn(m, k, device="cuda", dtype=torch.float16)
                b = torch.randn(k, n, device="cuda", dtype=torch.float16)
                c = gemm(a, b, block_M, block_N, 32)
        else:
            print("no device")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--m", type=int, default=128)
    parser.add_argument("--n", type=int, default=256)
    parser.add_argument("--k", type=int, default=96)
    args = parser.parse_args()
    main(args.m, args.n, args.k)

# CHECK:      def gemm(
# CHECK-NEXT:     A: T.Tensor((128, 96), "float16"),
# CHECK-NEXT:     B: T.Tensor((96, 256), "float16"),
# CHECK-NEXT:     C: T.Tensor((128, 256), "float32"),
# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK:      T.alloc_shared((32, 32), "float16")
# CHECK-NOT:  error
