# RUN: not %tt-llc %s --emit=tir --kernel=emitter 2>&1 | FileCheck --strict-whitespace %s --check-prefix=EMIT
# RUN: not %tt-llc %s --emit=tir --kernel=eager_target 2>&1 | FileCheck %s --check-prefix=TARGET
# RUN: not %tt-llc %s --emit=tir --kernel=warps 2>&1 | FileCheck %s --check-prefix=WARPS
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=simplified 2>&1 | FileCheck %s --check-prefix=SIMPLIFY
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=compiled 2>&1 | FileCheck %s --check-prefix=COMPILED
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=lowered 2>&1 | FileCheck %s --check-prefix=LOWERED
# RUN: not %tt-llc %s --emit=tir --kernel=host_only 2>&1 | FileCheck %s --check-prefix=HOST
# TileLang's GPU code-generation library called by a factory (tensor-core
# emitters, TVM targets, warp partitions) is a construct the Tenstorrent
# lowering does not take, named at the call. tilelang.compile(f) /
# tilelang.lower(f) of the factory's prim_func, and apply_simplify(f), give
# back the kernel; after `k = tilelang.compile(f, ...)` the function is host
# code and does not run. A call of a host library stays a Python error.
import tilelang
import tilelang.language as T
from tilelang import tvm as tvm
from tilelang.cuda.intrinsics.macro.mma_macro_generator import TensorCoreIntrinEmitter
from tilelang.transform.simplify import apply_simplify


def emitter(M=64, dtype="float16"):
    mma = TensorCoreIntrinEmitter(a_dtype=dtype, b_dtype=dtype, chunk=32)

    @T.prim_func
    def main(A: T.Tensor((M, M), dtype)):
        with T.Kernel(1) as bx:
            T.clear(A)

    return main


@tilelang.jit
def eager_target(A):
    target = tvm.target.Target("hip -mcpu=gfx950")
    A: T.Tensor((64, 64), T.float32)
    with T.Kernel(1) as bx:
        T.clear(A)


def warps(M=64, block=32):
    policy = T.GemmWarpPolicy.Square
    m_warp, n_warp = policy.compute_warp_partition(block, block, 4)

    @T.prim_func
    def main(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return main


def simplified(M=64):
    @T.prim_func
    def main(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return apply_simplify(main)


def compiled(N=128):
    @T.prim_func
    def main(x: T.Tensor((N, 32), "float32"), y: T.Tensor((N, 32), "float32")):
        with T.Kernel(N // 32) as bx:
            T.copy(x[bx * 32:(bx + 1) * 32, :], y[bx * 32:(bx + 1) * 32, :])

    kernel = tilelang.compile(main, out_idx=[1], target="cuda")
    src = kernel.get_kernel_source()
    assert "__ldg(" in src


def lowered():
    n = 32

    @T.prim_func
    def main(x: T.Tensor((n, n), "float32")):
        with T.Kernel(1):
            T.clear(x)

    artifact = tilelang.lower(main, target="cuda")
    return artifact.kernel_source


def host_only(M=64):
    ref = torch.zeros(M)

    @T.prim_func
    def main(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return main

# EMIT: {{.*}}gpu-library.py:22:11: error: 'TensorCoreIntrinEmitter' (TileLang) is not supported by the Tenstorrent lowering yet
# EMIT-NEXT: {{^}}    mma = TensorCoreIntrinEmitter(a_dtype=dtype, b_dtype=dtype, chunk=32){{$}}
# EMIT-NEXT: {{^}}          ^{{$}}

# TARGET: gpu-library.py:34:14: error: 'tvm.target.Target' (TileLang) is not supported by the Tenstorrent lowering yet

# WARPS: gpu-library.py:42:22: error: 'policy.compute_warp_partition' (TileLang) is not supported by the Tenstorrent lowering yet

# SIMPLIFY: def main(
# SIMPLIFY: T.clear(A)

# COMPILED: def main(
# COMPILED: T.copy(x[bx * 32:bx * 32 + 32, 0:32], y[bx * 32:bx * 32 + 32, 0:32])

# LOWERED: def main(
# LOWERED: T.clear(x)

# HOST: gpu-library.py:85:11: error: cannot evaluate a call of 'torch.zeros' in the kernel factory
