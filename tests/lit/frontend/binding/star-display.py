# RUN: %tt-llc %s --kernel=copy --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --kernel=tiled --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=LOST
# RUN: %tt-llc %s --kernel=tiled -D M=128 -D N=64 --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=KW
# `f(*xs, **kw)` where host code assigned `xs = (a, b)`, a tuple display of
# tensors: its elements are the call's positional arguments, tensors with
# their shapes (for T.const). After a `*xs` host code does not know, the
# positions are unknown (not their defaults: the `*xs` may fill them), but the
# keywords still bind.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def copy(A, B, block_M, block_N):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float16)
    B: T.Tensor((M, N), T.float16)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        T.copy(A[by * block_M : (by + 1) * block_M, :], B[by * block_M : (by + 1) * block_M, :])


@tilelang.jit
def tiled(M=64, N=64, block=None):
    @T.prim_func
    def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
        with T.Kernel(M // block) as bx:
            T.copy(A[bx * block : (bx + 1) * block, :], B[bx * block : (bx + 1) * block, :])

    return main


def main(M=256, N=128):
    a = torch.randn(M, N, dtype=torch.float16)
    b = torch.empty_like(a)
    kernel_args = (a, b)
    kwargs = {"block_M": 64, "block_N": 32}
    copy(*kernel_args, **kwargs)
    sizes = torch.randint(64, 256, (2,))
    dims = sizes.tolist()
    tiled(*dims, block=32)


if __name__ == "__main__":
    main()

# CHECK:      A: T.Tensor((256, 128), "float16"),
# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK-NOT:  error
# LOST:       error: parameter 'M' of 'tiled' has no value
# LOST:       note: the call of 'tiled' passes '*dims' here, which may hold it
# 128 // 32 (block from the keyword after '*dims')
# KW:         with T.Kernel(4) as bx:
# KW-NOT:     error
