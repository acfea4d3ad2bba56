# RUN: not %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# A kernel parameter taken from a tensor's values (`n = x.item()`): tt-llc
# knows the shapes of host code's tensors, never their values.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def fill(M, block_M):
    @T.prim_func
    def main(A: T.Tensor((M, 32), T.float32), B: T.Tensor((M, 32), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])

    return main


def main():
    lengths = torch.randint(0, 64, (8,), device="cuda")
    n = lengths.item()
    fill(n, 16)


if __name__ == "__main__":
    main()

# CHECK: tensor-item.py:[[@LINE-7]]:{{[0-9]+}}: error: 'lengths.item()' needs the values of tensor 'lengths', which are known only at run time (tt-llc knows its shape)
# CHECK: tensor-item.py:[[@LINE-7]]:10: note: 'n' is used here, in a call of 'fill'
