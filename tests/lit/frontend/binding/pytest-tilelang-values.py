# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=scale 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --emit=tir --kernel=packed 2>&1 | FileCheck %s --check-prefix=VEC
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=apply 2>&1 | FileCheck %s --check-prefix=FN
# RUN: not %tt-llc %s --emit=tir --kernel=reduce 2>&1 | FileCheck %s --check-prefix=RED
# RUN: not %tt-llc %s --emit=tir --kernel=reduce -D use_value=1 2>&1 | FileCheck %s --check-prefix=VAL
# @pytest.mark.parametrize may name its parameters with a tuple (or list) of
# strings; the first case binds them. A vector dtype (`T.float16x2`) passed as
# a parameter binds, and stops the compile where the kernel uses it as a
# dtype, as it would written inline. So does a construct passed as a value
# (`op=T.exp`, `reduce_fn=T.reduce_max`): the kernel's call of it is a call
# of the construct, which lowers or stops there.
import pytest
import tilelang
import tilelang.language as T

CASES = [
    ("small", (64, 32), 32),
    ("large", (128, 64), 64),
]


def scale(shape, block):
    @T.prim_func
    def kernel(A: T.Tensor(shape, T.float32), B: T.Tensor(shape, T.float32)):
        with T.Kernel(shape[0] // block) as bx:
            for i, j in T.Parallel(block, shape[1]):
                B[bx * block + i, j] = A[bx * block + i, j] * 2.0

    return kernel


def packed(dtype, vector_dtype):
    @T.prim_func
    def kernel(A: T.Tensor((2,), dtype), B: T.Tensor((2,), vector_dtype)):
        with T.Kernel(1):
            B[0] = A[0]

    return kernel


def apply(op, n):
    @T.prim_func
    def kernel(A: T.Tensor((n,), T.float32), B: T.Tensor((n,), T.float32)):
        with T.Kernel(1):
            for i in T.Parallel(n):
                B[i] = op(A[i])

    return kernel


def reduce(reduce_fn, n, use_value=0):
    @T.prim_func
    def kernel(A: T.Tensor((n,), T.float32), B: T.Tensor((1,), T.float32)):
        with T.Kernel(1):
            a = T.alloc_fragment((n,), T.float32)
            b = T.alloc_fragment((1,), T.float32)
            T.copy(A, a)
            if use_value:
                B[0] = reduce_fn
            reduce_fn(a, b, dim=0)
            T.copy(b, B)

    return kernel


def test_ops():
    tilelang.compile(apply(T.exp, 64))
    tilelang.compile(reduce(T.reduce_max, 64))


@pytest.mark.parametrize(("name", "shape", "block"), CASES, ids=[c[0] for c in CASES])
def test_scale(name, shape, block):
    tilelang.compile(scale(shape, block))


@pytest.mark.parametrize(
    ["dtype", "vector_dtype"],
    [(T.bfloat16, T.bfloat16x2), (T.float16, T.float16x4)],
)
def test_packed(dtype, vector_dtype):
    tilelang.compile(packed(dtype, vector_dtype))

# CHECK:      A: T.Tensor((64, 32), "float32"),
# CHECK:      with T.Kernel(2) as bx:
# CHECK-NOT:  error

# FN:        B[i] = T.exp(A[i])
# FN-NOT:    error

# RED: pytest-tilelang-values.py:{{[0-9]+}}:13: error: 'T.reduce_max' (TileLang) is not supported by the Tenstorrent lowering yet
# RED-NEXT:  reduce_fn(a, b, dim=0)

# VAL: pytest-tilelang-values.py:{{[0-9]+}}:24: error: 'reduce_fn' holds the TileLang construct 'T.reduce_max', which is not a value in a kernel

# VEC: pytest-tilelang-values.py:34:60: error: dtype 'bfloat16x2' is not supported by the Tenstorrent lowering yet
