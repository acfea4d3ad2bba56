# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=get_best_config 2>&1 | FileCheck %s
# RUN: %tt-run %s --kernel=get_best_config --verify | FileCheck %s --check-prefix=SIM
# RUN: not %tt-llc %s --emit=tir --kernel=not_a_function 2>&1 | FileCheck %s --check-prefix=NOTFN
# RUN: not %tt-llc %s --emit=tir --kernel=bad_configs 2>&1 | FileCheck %s --check-prefix=CONFIGS
# The API form of TileLang's autotuner: a function defines a kernel function
# and hands it to AutoTuner.from_kernel(kernel=f, configs=C), followed by
# .set_compile_args(...) and .run(...). TileLang would time f under every
# configuration; tt-llc compiles the prim_func f returns for the first
# (a 'pass_configs' entry, compiler pass configurations, is not an argument).
import itertools

import tilelang.language as T
from tilelang.autotuner import AutoTuner


def get_configs(M, N):
    blocks = [32, 64]
    return [
        {"block_M": bm, "block_N": bn, "pass_configs": {"x": 1}}
        for bm, bn in itertools.product(blocks, blocks)
        if M % bm == 0 and N % bn == 0
    ]


def get_best_config(M, N, K, backend="event"):
    def kernel(block_M=None, block_N=None):
        dtype = T.bfloat16
        accum_dtype = T.float32

        @T.prim_func
        def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
            with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
                A_s = T.alloc_shared((block_M, 32), dtype)
                B_s = T.alloc_shared((32, block_N), dtype)
                C_l = T.alloc_fragment((block_M, block_N), accum_dtype)
                T.clear(C_l)
                for k in T.Pipelined(T.ceildiv(K, 32), num_stages=2):
                    T.copy(A[by * block_M, k * 32], A_s)
                    T.copy(B[k * 32, bx * block_N], B_s)
                    T.gemm(A_s, B_s, C_l)
                T.copy(C_l, C[by * block_M, bx * block_N])

        return main

    autotuner = AutoTuner.from_kernel(kernel=kernel, configs=get_configs(M, N)).set_compile_args(
        out_idx=[-1], target="auto"
    )
    return autotuner.run(warmup=3, rep=20)


def not_a_function(M=64):
    @T.prim_func
    def main(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return AutoTuner.from_kernel(kernel=main, configs=[{}]).run()


def bad_configs(M=64):
    def kernel(block=None):
        @T.prim_func
        def main(A: T.Tensor((M, M), "float32")):
            with T.Kernel(1) as bx:
                T.clear(A)

        return main

    return AutoTuner.from_kernel(kernel=kernel, configs=[1, 2]).run()


if __name__ == "__main__":
    get_best_config(64, 128, 64)

# CHECK: A: T.Tensor((64, 64), "bfloat16"),
# CHECK: B: T.Tensor((64, 128), "bfloat16"),
# CHECK: with T.Kernel(4, 2) as (bx, by):
# CHECK: A_s = T.alloc_shared((32, 32), "bfloat16")

# SIM: main on sim:wormhole_b0: 8 cores, 8 work units, seed 1
# SIM-NEXT: C: max abs error {{.*}}: OK

# NOTFN: from-kernel.py:57:41: error: the kernel of AutoTuner.from_kernel must be a function returning a @T.prim_func

# CONFIGS: from-kernel.py:69:57: error: the configurations of AutoTuner.from_kernel must be a list of dicts or a dict of lists, with string keys
