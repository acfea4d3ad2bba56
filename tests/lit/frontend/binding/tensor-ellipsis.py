# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Host code's `...` in a tensor's index stands for the dimensions the other
# indices leave, as the literal `...` and as the name Ellipsis.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def copy2d(M, N, P):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(P) as bx:
            T.copy(A, B)

    return main


def main():
    x = torch.randn(2, 64, 96)
    M = x[..., None, 0:32].shape[3]  # (2, 64, 1, 32)
    N = x[Ellipsis, 0:64].shape[-1]  # (2, 64, 64)
    kernel = copy2d(M, N, x[0, ...].shape[1])  # (64, 96)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((32, 64), "float32"),
# CHECK:      with T.Kernel(96) as bx:
# CHECK-NOT:  error
