# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=rowscale 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=tiled 2>&1 | FileCheck %s --check-prefix=TIR
# More host code around the call that binds an eager kernel: a tuple
# assignment whose values are partly host objects (`dtype` is torch.float16;
# the other names are still bound), T.const names passed to
# `f.get_kernel_source(...)` by keyword (it takes f's arguments), and
# tilelang.math.next_power_of_2 in the factory. `f.get_tir(...)` takes f's
# arguments too (parameters defaulting to None get their values there).
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def rowscale(X, dim, scale=None):
    batch, rows = T.const("batch, rows")
    block = min(128, tilelang.math.next_power_of_2(dim))
    X: T.Tensor((batch, rows, dim), T.float32)
    Y = T.empty((batch, rows, dim), T.float32)
    with T.Kernel(batch, rows) as (b, r):
        for i in T.Parallel(dim):
            Y[b, r, i] = X[b, r, i] * block
    return Y


@tilelang.jit
def tiled(A, M, block=None):
    A: T.Tensor((M,), T.float32)
    B = T.empty((M,), T.float32)
    with T.Kernel(M // block) as bx:
        T.copy(A[bx * block : (bx + 1) * block], B[bx * block : (bx + 1) * block])
    return B


def main():
    B, R, D, dtype, eps = 2, 4, 48, torch.float16, 0.1
    print(rowscale.get_kernel_source(batch=B, rows=R, dim=D))
    x = torch.load("x.pt").to(dtype)  # a shape only known at run time
    y = rowscale(x, D)
    func = tiled.get_tir(M=256, block=64)


if __name__ == "__main__":
    main()

# CHECK:      def rowscale(
# CHECK-NEXT:     X: T.Tensor((2, 4, 48), "float32"),
# CHECK-NEXT:     Y: T.Tensor((2, 4, 48), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(2, 4) as (b, r):
# CHECK-NEXT:         for i in T.Parallel(48):
# CHECK-NEXT:             Y[b, r, i] = X[b, r, i] * 64
# CHECK-NOT:  error

# TIR:      A: T.Tensor((256,), "float32"),
# TIR:      with T.Kernel(4) as bx:
# TIR-NOT:  error
