# RUN: not %tt-llc %s --emit=tir --kernel=gemm 2>&1 | FileCheck %s --check-prefix=FACTORY
# RUN: not %tt-llc %s --emit=tir --kernel=gemm -D M=64 2>&1 | FileCheck %s --check-prefix=KERNEL
# RUN: not %tt-llc %s --emit=tir --kernel=eager 2>&1 | FileCheck %s --check-prefix=RAISE
# RUN: not %tt-llc %s --emit=tir --kernel=in_kernel 2>&1 | FileCheck %s --check-prefix=VALUE
# f-strings in the factory's Python are formatted as CPython formats them
# (conversions and format specs), in assert and raise messages; a kernel's
# assert message takes the compile-time values of its fields (without a
# format spec; else it has none). As a value in a kernel an f-string is an
# error.
import tilelang
import tilelang.language as T


def gemm(M=100, block=32, dtype="float16"):
    assert M % block == 0, f"M ({M}) must be a multiple of {block}: {M / block:.2f} blocks of {dtype!r}"

    @T.prim_func
    def gemm(A: T.Tensor((M,), dtype)):
        with T.Kernel(1) as bx:
            assert M >= 128, f"M={M} is too small for {dtype}"

    return gemm


@tilelang.jit
def eager(A, n=3):
    A: T.Tensor((32,), T.float32)
    if n % 2:
        raise ValueError(f"n must be even, got {n:03d} ({n:b} in binary)")
    with T.Kernel(1) as bx:
        T.clear(A)


@T.prim_func
def in_kernel(A: T.Tensor((32,), "float32")):
    with T.Kernel(1) as bx:
        name = f"x{bx}"


gemm()
eager.compile()

# FACTORY: fstrings.py:15:5: error: assertion failed in the kernel factory: M (100) must be a multiple of 32: 3.12 blocks of 'float16'

# KERNEL: fstrings.py:20:13: error: assertion failed in the kernel: M=64 is too small for float16

# RAISE: fstrings.py:29:9: error: the kernel factory raises ValueError: n must be even, got 003 (11 in binary)

# VALUE: fstrings.py:37:16: error: an f-string is only evaluated in the kernel factory, not in a kernel
