# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=ellipsis 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager_ellipsis 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=two_ellipses 2>&1 | FileCheck %s --check-prefix=TWO
# RUN: not %tt-llc %s --emit=tir --kernel=ellipsis_value 2>&1 | FileCheck %s --check-prefix=VALUE
# RUN: not %tt-llc %s --emit=tir --kernel=traced 2>&1 | FileCheck %s --check-prefix=TRACED
# RUN: not %tt-llc %s --emit=tir --kernel=marked 2>&1 | FileCheck %s --check-prefix=MARKED
# `...` in a kernel: a no-op statement, or among a buffer's indices the full
# slices of the dimensions the other indices leave (A[..., 0:32] of a 3-D A
# is A[:, :, 0:32]); also in the factory's annotations (Callable[..., Any]).
# Another context beside T.Kernel that comes from a TileLang module (the
# IKET tracer's iket.range), and calls of such a module, are constructs the
# lowering does not take.
from typing import Any, Callable

import tilelang
import tilelang.language as T
from tilelang.tools.cuda import iket


def ellipsis(M=64) -> Callable[..., Any]:
    @T.prim_func
    def main(A: T.Tensor((2, M, 64), "float32"), B: T.Tensor((M, 64), "float32")):
        with T.Kernel(2) as bx:
            ...
            S = T.alloc_shared((M, 32), "float32")
            T.copy(A[bx, ..., 0:32], S)
            T.copy(S, B[..., 32:64])
            B[..., 0, 1] = A[1, ..., 0, 2]

    return main


@tilelang.jit
def eager_ellipsis(A):
    A: T.Tensor((4, 32, 32), T.float32)
    with T.Kernel(4) as bx:
        T.clear(A[bx, ...])


@T.prim_func
def two_ellipses(A: T.Tensor((4, 32, 32), "float32")):
    with T.Kernel(1) as bx:
        A[..., 0, ...] = 1.0


@T.prim_func
def ellipsis_value(A: T.Tensor((4,), "float32")):
    with T.Kernel(1) as bx:
        x = ...


@T.prim_func
def traced(A: T.Tensor((4,), "float32")):
    with T.Kernel(1) as bx, iket.range("kernel_total"):
        T.clear(A)


@T.prim_func
def marked(A: T.Tensor((4,), "float32")):
    with T.Kernel(1) as bx:
        iket.mark("start")

# CHECK: T.copy(A[bx:bx + 1, 0:64, 0:32], S)
# CHECK-NEXT: T.copy(S, B[0:64, 32:64])
# CHECK-NEXT: B[0, 1] = A[1, 0, 2]

# EAGER: T.clear(A[bx:bx + 1, 0:32, 0:32])

# TWO: ellipsis-iket.py:43:19: error: an index can only have a single ellipsis ('...')

# VALUE: ellipsis-iket.py:49:13: error: '...' is only allowed as a statement or among the indices of a buffer

# TRACED: ellipsis-iket.py:54:29: error: 'iket.range' (TileLang) is not supported by the Tenstorrent lowering yet

# MARKED: ellipsis-iket.py:61:9: error: 'iket.mark' (TileLang) is not supported by the Tenstorrent lowering yet
