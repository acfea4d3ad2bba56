# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Host code reads the shapes of the tensors it creates: `M, K = a.shape`,
# `b.size(1)`, `b.shape[-1]`, `a.numel()`, also through a function that
# receives the tensors (run(a, b)). Only the shapes are known at compile time.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def add(M, N, block_M, total):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


def run(a, b):
    M, K = a.shape
    N = b.size(1)
    assert b.shape[-1] == N and b.dim() == 2
    kernel = add(M, N, M // 4, a.numel())
    return kernel


def main():
    a = torch.randn(64, 32, dtype=torch.float32, device="cuda")
    b = torch.zeros((32, 96)).cuda()
    run(a, b)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((64, 96), "float32"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error
