# RUN: %tt-llc %s --kernel=gemm --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: %tt-llc %s --kernel=gemm_ws --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=WS
# RUN: not %tt-llc %s --kernel=gemm_wrapped --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=WRAPPED
# Eager kernels called through a dict of kernels and an alias the host code
# chooses: `fn = KERNELS[kernel]` with main's default kernel="gemm", then
# `fn(a, b, **kwargs)`. The call binds every kernel the alias may name:
# gemm, which it names when the file runs without arguments, and gemm_ws,
# with a note (a call that names the kernel would come first). A value made
# from a kernel (`Runner(gemm_wrapped)`) is not the kernel: its call does
# not count.
import argparse
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def gemm(A, B, block_M, block_N, dtype=T.float16):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, K), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        T.copy(A[by * block_M : (by + 1) * block_M, :], C[by * block_M : (by + 1) * block_M, :])
    return C


@tilelang.jit
def gemm_ws(A, B, block_M, block_N, dtype=T.float16):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, K), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        T.copy(A[by * block_M : (by + 1) * block_M, :], C[by * block_M : (by + 1) * block_M, :])
    return C


@tilelang.jit
def gemm_wrapped(A, B, block_M, block_N, dtype=T.float16):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, K), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        T.copy(A[by * block_M : (by + 1) * block_M, :], C[by * block_M : (by + 1) * block_M, :])
    return C


class Runner:
    def __init__(self, kernel):
        self.kernel = kernel

    def __call__(self, *args):
        return self.kernel(*args)


KERNELS = {"gemm": gemm, "gemm_ws": gemm_ws}


def main(kernel="gemm", M=256, N=128, K=64, use_ws=False):
    fn = KERNELS[kernel]
    kwargs = {"block_M": 64, "block_N": 32}
    a = torch.randn(M, K, dtype=torch.float16)
    b = torch.randn(K, N, dtype=torch.float16)
    c = fn(a, b, **kwargs)
    other = gemm_ws if use_ws else gemm
    d = other(a, b, 128, 128)
    r = Runner(gemm_wrapped)
    e = r(a, b, 64, 64)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", choices=sorted(KERNELS), default="gemm")
    args = p.parse_args()
    main(kernel=args.kernel)

# CHECK:      A: T.Tensor((256, 64), "float16"),
# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK-NOT:  error
# WS: aliases.py:{{[0-9]+}}:9: note: 'gemm_ws' takes the arguments of the call through 'fn' here, which names 'gemm' when the file runs without arguments (a call through such an alias binds every kernel it may name)
# WS:      A: T.Tensor((256, 64), "float16"),
# WS:      with T.Kernel(4, 4) as (bx, by):
# WS-NOT:  error
# WRAPPED: aliases.py:{{[0-9]+}}:24: error: parameter 'block_M' of 'gemm_wrapped' has no value
# WRAPPED: aliases.py:{{[0-9]+}}:9: note: 'gemm_wrapped' is called through 'r' here, which names a value not known when the file runs without arguments
