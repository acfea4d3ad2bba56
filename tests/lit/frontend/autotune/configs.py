# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir -D block_N=16 2>&1 | FileCheck %s --check-prefix=DEF
# An autotuned factory (classic style): the call gives the shapes only, so
# block_M, block_N and num_stages come from the first configuration of
# @autotune(configs=get_configs()), a list of dicts built with
# itertools.product, zip and a dict comprehension. -D still comes first.
import itertools

import tilelang
import tilelang.language as T
from tilelang.autotuner import autotune


def get_configs():
    space = {"block_M": [32, 64], "block_N": [64, 32], "num_stages": [2, 3]}
    keys = list(space)
    configs = []
    for values in itertools.product(*space.values()):
        configs.append({k: v for k, v in zip(keys, values)})
    return [c for c in configs if c["block_M"] <= c["block_N"]]


@autotune(configs=get_configs(), warmup=3, rep=5)
@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, num_stages, dtype="bfloat16"):
    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, 32), dtype)
            B_s = T.alloc_shared((32, block_N), dtype)
            C_l = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(C_l)
            for k in T.Pipelined(K // 32, num_stages=num_stages):
                T.copy(A[by * block_M, k * 32], A_s)
                T.copy(B[k * 32, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])

    return gemm


def main(M=128, N=256, K=64):
    kernel = matmul(M, N, K)


if __name__ == "__main__":
    main()

# CHECK:      with T.Kernel(4, 4) as (bx, by):
# CHECK:      A_s = T.alloc_shared((32, 32), "bfloat16")
# CHECK:      for k in T.Pipelined(2, num_stages=2):
# CHECK-NOT:  error

# DEF:        with T.Kernel(16, 4) as (bx, by):
