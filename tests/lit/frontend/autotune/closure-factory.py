# RUN: %tt-llc %s --kernel=make_kernel --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: not %tt-llc %s -D N=96 --kernel=untuned --passes=verify --emit=tir 2>&1 | FileCheck %s --check-prefix=UNTUNED
# A factory that returns a closure building the kernel, which host code hands
# to `AutoTuner.from_kernel(kernel=make_kernel(), configs=configs)`: the
# closure is called with the first configuration of `configs`, as host code
# computes it before the call (here in a loop's first iteration). A closure
# no autotuner takes is not a kernel.
import tilelang.language as T
from tilelang.autotuner import AutoTuner

M, N = 256, 128


def get_configs():
    return [{"block_M": bm, "block_N": 32} for bm in (64, 32)]


def make_kernel():
    def kernel(block_M=None, block_N=None):
        @T.prim_func
        def main(A: T.Tensor((M, N), T.float32), B: T.Tensor((M, N), T.float32)):
            with T.Kernel(N // block_N, M // block_M) as (bx, by):
                T.copy(A[by * block_M : (by + 1) * block_M, bx * block_N : (bx + 1) * block_N], B[by * block_M : (by + 1) * block_M, bx * block_N : (bx + 1) * block_N])

        return main

    return kernel


def untuned(N):
    def kernel(block=32):
        @T.prim_func
        def main(A: T.Tensor((N,), T.float32), B: T.Tensor((N,), T.float32)):
            with T.Kernel(N // block) as bx:
                T.copy(A[bx * block : (bx + 1) * block], B[bx * block : (bx + 1) * block])

        return main

    return kernel


def run():
    configs = get_configs()
    for early_stop in [False, True]:
        tuner = AutoTuner.from_kernel(kernel=make_kernel(), configs=configs).set_compile_args(out_idx=[-1])
        tuner.run(warmup=5, early_stop=early_stop)


if __name__ == "__main__":
    run()

# CHECK:      A: T.Tensor((256, 128), "float32"),
# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK-NOT:  error
# UNTUNED:    error: a kernel factory must return its @T.prim_func function
