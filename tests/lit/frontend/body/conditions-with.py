# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=options 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager_options 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=is_buffer 2>&1 | FileCheck %s --check-prefix=IS
# RUN: not %tt-llc %s --emit=tir --kernel=cluster 2>&1 | FileCheck %s --check-prefix=CLUSTER
# RUN: not %tt-llc %s --emit=tir --kernel=warp_specialized 2>&1 | FileCheck %s --check-prefix=WS
# Conditions on the factory's options are Python's: `x is None` / `is not
# None` is known at compile time, None and "" are false, and of a conditional
# expression with such a condition only the branch it picks is evaluated
# (`T.max(0, i - window) if window is not None else 0` with window None).
# TileLang's other `with` constructs (T.ClusterKernel, T.ws) stop as
# constructs.
import tilelang
import tilelang.language as T


def options(window=None, new_dtype=None, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((64,), new_dtype if new_dtype else dtype)):
        with T.Kernel(2) as bx:
            start = T.max(0, bx * 32 - window) if window is not None else 0
            A[start] = 1.0
            if new_dtype is None:
                A[1] = 2.0
            if window:
                A[2] = 3.0

    return main


@tilelang.jit
def eager_options(A, window=16):
    A: T.Tensor((64,), T.float32)
    with T.Kernel(2) as bx:
        start = T.max(0, bx * 32 - window) if window is not None else 0
        A[start] = 1.0


@T.prim_func
def is_buffer(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32")):
    with T.Kernel(1) as bx:
        if A is B:
            A[0] = 1.0


@T.prim_func
def cluster(A: T.Tensor((64,), "float32")):
    with T.ClusterKernel(2, threads=128, cluster_dims=(2, 1, 1)) as bx:
        T.clear(A)


@T.prim_func
def warp_specialized(A: T.Tensor((64,), "float32")):
    with T.Kernel(1) as bx:
        with T.ws(1):
            T.clear(A)

# CHECK: A: T.Tensor((64,), "float32"),
# CHECK: A[0] = 1.0
# CHECK-NEXT: A[1] = 2.0
# CHECK-NOT: A[2]

# EAGER: start: T.int32 = T.max(0, bx * 32 - 16)
# EAGER-NEXT: A[start] = 1.0

# IS: conditions-with.py:41:12: error: 'is' compares only with None in a kernel

# CLUSTER: conditions-with.py:47:10: error: 'T.ClusterKernel' (TileLang) is not supported by the Tenstorrent lowering yet

# WS: conditions-with.py:54:14: error: 'T.ws' (TileLang) is not supported by the Tenstorrent lowering yet
