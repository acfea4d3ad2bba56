# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: %tt-llc %s -D block=16 --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=BLOCK
# Host code's `if` / `elif` / `else` whose condition is a constant runs its
# branch as host code: the tensors made there have their shapes.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def rows(B, block, dtype=T.float16):
    N, K = T.const("N, K")
    B: T.Tensor((N, K), dtype)
    C = T.empty((N, K), dtype)
    with T.Kernel(T.ceildiv(N, block)) as bx:
        T.copy(B[bx * block : (bx + 1) * block, :], C[bx * block : (bx + 1) * block, :])
    return C


def main(M=64, N=96, K=32, transpose_b=False, mode="wide"):
    if transpose_b:
        b = torch.randn(N, K, dtype=torch.float16)
    elif mode == "wide":
        b = torch.randn(K, N * 2, dtype=torch.float16)
    else:
        b = torch.randn(K, N, dtype=torch.float16)
    rows(b, 8)


if __name__ == "__main__":
    main()

# K = 32 rows of N * 2 = 192: the elif branch
# CHECK:      B: T.Tensor((32, 192), "float16"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error
# BLOCK:      with T.Kernel(2) as bx:
