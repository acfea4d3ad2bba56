# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=cast 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --emit=tir --kernel=bad_configs 2>&1 | FileCheck %s --check-prefix=BAD
# A pytest function runs the factory once per case of its
# @pytest.mark.parametrize: tt-llc compiles the first case. An autotuner whose
# configurations the file's Python cannot evaluate binds nothing: the
# parameter is unbound, at its location.
import pytest
import tilelang
import tilelang.language as T
import torch


@tilelang.jit
def cast(M, N, in_dtype, out_dtype, block=32):
    @T.prim_func
    def kernel(A: T.Tensor((M, N), in_dtype), B: T.Tensor((M, N), out_dtype)):
        with T.Kernel(M // block) as bx:
            for i, j in T.Parallel(block, N):
                B[bx * block + i, j] = T.Cast(out_dtype, A[bx * block + i, j])

    return kernel


@tilelang.autotune(configs=[{"block": b} for b in torch.arange(4)])
@tilelang.jit
def bad_configs(M, block):
    @T.prim_func
    def kernel(A: T.Tensor((M,), "float32")):
        with T.Kernel(M // block) as bx:
            T.clear(A)

    return kernel


def run_cast(M, in_dtype, out_dtype):
    kernel = cast(M, 64, in_dtype, out_dtype)
    bad_configs(M)


@pytest.mark.parametrize(
    "M, in_dtype, out_dtype",
    [(128, T.float32, T.bfloat16), (256, T.float16, T.float32)],
)
def test_cast(M, in_dtype, out_dtype):
    run_cast(M, in_dtype, out_dtype)

# CHECK:      A: T.Tensor((128, 64), "float32"),
# CHECK-NEXT: B: T.Tensor((128, 64), "bfloat16"),
# CHECK:      with T.Kernel(4) as bx:
# CHECK-NOT:  error

# BAD: parametrize.py:26:20: error: parameter 'block' of 'bad_configs' has no value
