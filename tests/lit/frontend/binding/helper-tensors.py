# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# Tensors a helper function of the file makes and returns keep their shapes
# and dtypes: the helper's body runs as host code with its parameters bound
# from the call (tensors passed in, constants, defaults), also through an
# `if` on a constant, and `torch.tensor(list)` / `torch.arange(n)` have shapes.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def grouped(A, B, offsets, block, dtype=T.float16):
    M, K, N, G = T.const("M, K, N, G")
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((G, K, N), dtype)
    offsets: T.Tensor((G,), T.int32)
    C = T.empty((M, N), dtype)
    with T.Kernel(T.ceildiv(M, block), G) as (bx, by):
        T.copy(A[bx * block : (bx + 1) * block, 0:N], C[bx * block : (bx + 1) * block, :])
    return C


def make_inputs(sizes, K, N, trans_b=False, dtype=torch.float16):
    total = sum(sizes)
    A = torch.randn(total, K, dtype=dtype)
    if trans_b:
        B = torch.randn(len(sizes), N, K, dtype=dtype)
    else:
        B = torch.randn(len(sizes), K, N, dtype=dtype)
    offsets = torch.tensor([0] + sizes[:-1], dtype=torch.int32)
    return A, B, offsets


def scale(x):
    return x * 2


def main():
    A, B, offsets = make_inputs([64, 32, 32], 64, 32)
    steps = torch.arange(0, 10, 3)  # (4,)
    grouped(scale(A), B, offsets, 32 // steps.shape[0] * 4)


if __name__ == "__main__":
    main()

# 128 rows in blocks of 32, 3 groups
# CHECK:      A: T.Tensor((128, 64), "float16"),
# CHECK-NEXT: B: T.Tensor((3, 64, 32), "float16"),
# CHECK-NEXT: offsets: T.Tensor((3,), "int32"),
# CHECK:      with T.Kernel(4, 3) as (bx, by):
# CHECK-NOT:  error
