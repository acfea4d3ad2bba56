# RUN: not %tt-llc %s --emit=tir 2>&1 | FileCheck %s --check-prefix=SEVERAL
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_eager 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_factory 2>&1 | FileCheck %s --check-prefix=FACTORY
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_two.second 2>&1 | FileCheck %s --check-prefix=SECOND
# RUN: not %tt-llc %s --emit=tir --kernel=test_pointer 2>&1 | FileCheck %s --check-prefix=PTR
# RUN: %tt-run %s --kernel=test_eager --verify | FileCheck %s --check-prefix=SIM
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_try 2>&1 | FileCheck %s --check-prefix=TRY
# pytest functions of a file with no other kernel, holding a factory or an
# eager @tilelang.jit kernel in their body: each is a kernel named after the
# test (test_x.kernel when the test defines several), bound from the calls in
# the test (its torch tensors' shapes, f.get_kernel_source(N=...), literal
# arguments). A pointer parameter (T.ptr) is an unsupported dtype. Statements
# of the test the parser does not read (try) are host code, left out.
import tilelang
import tilelang.language as T
import torch


def test_eager():
    @tilelang.jit
    def scale(X, Y):
        N = T.const("N")
        X: T.Tensor[[N, 32], T.float32]
        Y: T.Tensor[[N, 32], T.float32]
        with T.Kernel(N // 32) as bx:
            S = T.alloc_shared((32, 32), T.float32)
            T.copy(X[bx * 32, 0], S)
            T.copy(S, Y[bx * 32, 0])

    X = torch.randn(96, 32, dtype=torch.float32, device="cuda")
    Y = torch.empty(96, 32, dtype=torch.float32, device="cuda")
    scale(X, Y)
    src = scale.get_kernel_source(N=96)


def test_factory():
    def make(M, block=32):
        @T.prim_func
        def main(A: T.Tensor((M, block), "float32")):
            with T.Kernel(M // block) as bx:
                T.clear(A[bx * block:(bx + 1) * block, :])

        return main

    kernel = make(128)


def test_two():
    @tilelang.jit
    def first(A):
        A: T.Tensor[[64], T.float32]
        with T.Kernel(1) as bx:
            T.clear(A)

    @tilelang.jit
    def second(A, n=32):
        A: T.Tensor[[n, n], T.float32]
        with T.Kernel(1) as bx:
            T.fill(A, 2.0)


def test_pointer():
    @tilelang.jit
    def gemm_ptr(A: T.ptr, M: int = 64):
        A = T.make_tensor(A, (M, M), T.float32)
        with T.Kernel(1) as bx:
            T.clear(A)

def test_try():
    def get_kernel(n=64):
        @T.prim_func
        def leak(A: T.Tensor((n, n), "float32")):
            with T.Kernel(1) as bx:
                T.clear(A)

        return leak

    try:
        kernel = tilelang.compile(get_kernel())
    finally:
        del kernel

# SEVERAL: error: this file defines several kernels (test_eager, test_factory, test_two.first, test_two.second, test_pointer, test_try); choose one with --kernel

# EAGER: def scale(
# EAGER-NEXT: X: T.Tensor((96, 32), "float32"),
# EAGER-NEXT: Y: T.Tensor((96, 32), "float32"),
# EAGER: with T.Kernel(3) as bx:

# FACTORY: def main(
# FACTORY-NEXT: A: T.Tensor((128, 32), "float32"),
# FACTORY: with T.Kernel(4) as bx:

# SECOND: def second(
# SECOND-NEXT: A: T.Tensor((32, 32), "float32"),
# SECOND: T.fill(A, 2.0)

# PTR: pytest-nested.py:64:21: error: dtype 'ptr' is not supported by the Tenstorrent lowering yet

# SIM: scale on sim:wormhole_b0: 3 cores, 3 work units, seed 1
# SIM-NEXT: Y: max abs error 0, {{.*}}: OK

# TRY: def leak(
# TRY-NEXT: A: T.Tensor((64, 64), "float32"),
