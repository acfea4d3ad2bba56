# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_fill | FileCheck %s
# RUN: not %tt-llc %s --emit=tir 2>&1 | FileCheck --strict-whitespace %s --check-prefix=SEVERAL
# RUN: not %tt-llc %s --emit=tir --kernel=test_nothing 2>&1 | FileCheck --strict-whitespace %s --check-prefix=NONE
# A file whose only kernels are inline in pytest functions (as many of
# TileLang's tests are): each such function is a kernel, its @T.prim_func
# converted with the constants the statements before it set; host code among
# them (torch) is skipped.
import torch
import tilelang
import tilelang.language as T


def test_fill():
    N = 64
    block = N // 2
    ref = torch.ones(N)

    @T.prim_func
    def main(A: T.Tensor((N,), "float32")):
        with T.Kernel(N // block) as bx:
            T.fill(A[bx * block:bx * block + block], 1)

    kernel = tilelang.compile(main)
    torch.testing.assert_close(kernel(), ref)


def test_nothing():
    x = torch.zeros(3)
    with torch.no_grad():

        @T.prim_func
        def inner(A: T.Tensor((32,), "float32")):
            with T.Kernel(1) as bx:
                T.clear(A)

# CHECK:      def main(
# CHECK-NEXT:     A: T.Tensor((64,), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(2) as bx:
# CHECK-NEXT:         T.fill(A[bx * 32:bx * 32 + 32], 1)

# SEVERAL: {{.*}}pytest-inline.py:27:5: error: this file defines several kernels (test_fill, test_nothing); choose one with --kernel

# NONE: {{.*}}pytest-inline.py:27:5: error: pytest function 'test_nothing' has no @T.prim_func at the top level of its body
