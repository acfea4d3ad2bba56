# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# The eager style called at the top level of the file: the T.const
# dimensions come from the shapes of the tensors that top-level host code
# creates with constants (`a = torch.randn(M, K, ...)` after `M = 64`).
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def copy2(A, block_M):
    M, K = T.const("M, K")
    A: T.Tensor((M, K), T.float32)
    B = T.empty((M, K), T.float32)
    with T.Kernel(M // block_M) as bx:
        T.copy(A[bx * block_M : (bx + 1) * block_M, :], B[bx * block_M : (bx + 1) * block_M, :])
    return B


M = 64
K = 32
block_M = 16
a = torch.randn(M, K, device="cuda").float()
b = copy2(a, block_M)

# CHECK:      def copy2(
# CHECK-NEXT:     A: T.Tensor((64, 32), "float32"),
# CHECK-NEXT:     B: T.Tensor((64, 32), "float32"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error
