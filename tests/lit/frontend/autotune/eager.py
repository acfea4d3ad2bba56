# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# An autotuned eager kernel whose configs are a function (configs=get_configs,
# as TileLang calls it) returning a dict of lists: each parameter takes the
# first value. The call passes its block sizes with **kwargs and a dtype the
# file computes with torch (not a constant): the constant arguments still bind,
# and dtype keeps its default. A lambda and *args in the factory's helpers.
import tilelang
import tilelang.language as T
import torch


def get_configs():
    pick = lambda *xs: sorted(xs, key=lambda x: -x)
    return {"block_M": pick(16, 64, 32), "threads": [128]}


def blocks(*sizes, **extra):
    return {"block_N": sum(sizes), **extra}


@tilelang.autotune(configs=get_configs)
@tilelang.jit
def scale(A, block_M, block_N, threads, dtype=T.float32):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B = T.empty((M, N), dtype)
    with T.Kernel(N // block_N, M // block_M, threads=threads) as (bx, by):
        for i, j in T.Parallel(block_M, block_N):
            B[by * block_M + i, bx * block_N + j] = A[by * block_M + i, bx * block_N + j] * 2.0
    return B


def run(M, N):
    a = torch.randn(M, N)
    kwargs = blocks(16, 16)
    b = scale(a, **kwargs, dtype=torch.get_default_dtype())


run(256, 128)

# CHECK:      A: T.Tensor((256, 128), "float32"),
# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK:      for i in T.Parallel(64):
# CHECK-NEXT:     for j in T.Parallel(32):
# CHECK-NOT:  error
