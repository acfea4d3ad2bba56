# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s -D trans_A=False --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=BAD
# T.const names that an annotation reaches through the factory's Python
# (`A_shape = (K, M) if trans_A else (M, K)`, `KB = K`) take their values from
# the shapes of the tensors the file's call passes. The annotation's computed
# shape must then match the tensor: with trans_A=False, A's (64, 256) is read
# as (M, K) = (64, 256), and B's K of 64 differs.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def matmul(A, B, block_M, block_N, trans_A=True, dtype=T.float16):
    M, N, K = T.const("M, N, K")
    KB = K
    A_shape = (K, M) if trans_A else (M, K)
    A: T.Tensor(A_shape, dtype)
    B: T.Tensor((KB, N), dtype)
    C = T.empty((M, N), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        T.copy(B[0:block_M, bx * block_N : (bx + 1) * block_N], C[by * block_M : (by + 1) * block_M, bx * block_N : (bx + 1) * block_N])
    return C


a = torch.randn(64, 256, dtype=torch.float16)  # (K, M): A is stored transposed
b = torch.randn(64, 96, dtype=torch.float16)
c = matmul(a, b, 32, 32)

# CHECK:      A: T.Tensor((64, 256), "float16"),
# CHECK:      B: T.Tensor((64, 96), "float16"),
# CHECK:      C: T.Tensor((256, 96), "float16"),
# CHECK:      with T.Kernel(3, 8) as (bx, by):
# CHECK-NOT:  error
# BAD: eager-computed-shape.py:19:18: error: the tensor passed as 'B' in the call of 'matmul' has shape (64, 96), but its annotation's shape is (256, 96) (dimension 0)
