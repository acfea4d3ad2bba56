# RUN: %tt-llc %s --passes=verify --emit=tir 2>%t.err | FileCheck %s
# RUN: FileCheck %s --check-prefix=WARN < %t.err
# RUN: %tt-llc %s --passes=verify --emit=tir -D N=64 -D block=16 -D dtype=bfloat16 2>/dev/null | FileCheck %s --check-prefix=DEF
# RUN: not %tt-llc %s --emit=tir -D N=48 2>&1 | FileCheck --strict-whitespace %s --check-prefix=ASSERT
# The eager style: T.const names ("M N", blank-separated) bound through a
# helper that passes its own parameters on to add_one.compile(...) and is
# called with constants by a pytest function; T.float as a dtype value; an
# assert; `with T.Kernel(...)` without `as`; T.empty returned. The pytest
# function test_inline holds an inline @T.prim_func: it is not a kernel of
# the file (it used to make the file "define several kernels").
import tilelang
import tilelang.language as T


@tilelang.jit
def add_one(X, block, dtype=T.float):
    M, N = T.const("M N")
    assert N % block == 0, "N must be a multiple of block"
    X: T.Tensor((M, N), dtype)
    Y = T.empty((M, N), dtype)
    with T.Kernel(N // block, threads=128):
        for i, j in T.Parallel(M, N):
            Y[i, j] = X[i, j] + 1.0
    return Y


def run(M, N):
    import torch
    x = torch.randn(M, N)
    kernel = add_one.compile(M=M, N=N, block=32)
    torch.testing.assert_close(kernel(x), x + 1)


def test_add_one():
    run(32, 128)


def test_inline():
    @T.prim_func
    def main(A: T.Tensor((16, 16), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    tilelang.compile(main)

# WARN:       forms.py:21:31: warning: 'threads=' of T.Kernel is a GPU scheduling hint
# WARN-NOT:   error

# CHECK:      def add_one(
# CHECK-NEXT:     X: T.Tensor((32, 128), "float32"),
# CHECK-NEXT:     Y: T.Tensor((32, 128), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(4) as bx:
# CHECK-NEXT:         for i in T.Parallel(32):
# CHECK-NEXT:             for j in T.Parallel(128):
# CHECK-NEXT:                 Y[i, j] = X[i, j] + 1.0

# DEF:        X: T.Tensor((32, 64), "bfloat16"),
# DEF:        with T.Kernel(4) as bx:

# ASSERT: {{.*}}forms.py:18:5: error: assertion failed in the kernel factory: N must be a multiple of block
