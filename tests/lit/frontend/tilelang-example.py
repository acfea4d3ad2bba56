# A file written the way TileLang's own GEMM examples are: @tilelang.jit factory,
# T.Buffer parameters, transpose_B, T.use_swizzle, threads=, torch host code.
#
# Parameters from -D (no defaults for M/N/K/blocks):
# RUN: %tt-llc %s -D M=128 -D N=64 -D K=256 -D block_M=64 -D block_N=64 -D block_K=32 --passes=verify --emit=tir 2>%t.err | FileCheck %s --check-prefix=BYDEF
# RUN: FileCheck %s --check-prefix=WARN < %t.err
# Parameters from the first constant call in main() (argparse defaults):
# RUN: %tt-llc %s --passes=verify --emit=tir 2>/dev/null | FileCheck %s --check-prefix=CALL
# -D beats the call for the parameters it names:
# RUN: %tt-llc %s -D M=32 --passes=verify --emit=tir 2>/dev/null | FileCheck %s --check-prefix=MIXED
import argparse
import itertools

import torch
import tilelang
import tilelang.language as T
from tilelang.autotuner import autotune


def ref_program(A, B):
    return A @ B.T


def get_configs():
    iter_params = dict(block_M=[64, 128], block_N=[64, 128], block_K=[32, 64])
    return [dict(zip(iter_params, values)) for values in itertools.product(*iter_params.values())]


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, num_stages=3, thread_num=128,
           enable_rasteration=True, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(
            A: T.Buffer((M, K), dtype),
            B: T.Buffer((N, K), dtype),
            C: T.Buffer((M, N), dtype),
    ):
        with T.Kernel(
                T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=thread_num) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_N, block_K), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            C_shared = T.alloc_shared((block_M, block_N), dtype)

            T.use_swizzle(panel_size=10, enable=enable_rasteration)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[bx * block_N, k * block_K], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=True)

            T.copy(C_local, C_shared)
            T.copy(C_shared, C[by * block_M, bx * block_N])

    return main


class Runner:
    def __init__(self, kernel):
        self.kernel = kernel

    def __call__(self, *args):
        return self.kernel(*args)


def main():
    parser = argparse.ArgumentParser(description=f"GEMM {'autotuned' if True else ''}")
    parser.add_argument("--m", type=int, default=1024)
    args = parser.parse_args()
    try:
        kernel = matmul(args.m, args.m, args.m, 128, 128, 32)
    except Exception:
        pass
    kernel = matmul(1024, 512, 256, 128, 128, 32, num_stages=2)
    a = torch.randn(1024, 256).cuda().half()
    b = torch.randn(512, 256).cuda().half()
    c = kernel(a, b)
    torch.testing.assert_close(c, ref_program(a, b), rtol=1e-2, atol=1e-2)
    print(f"All checks pass. {[x for x in range(3)]}")


if __name__ == "__main__":
    main()

# WARN: tilelang-example.py:40:63: warning: 'threads=' of T.Kernel is a GPU scheduling hint with no effect on Tenstorrent targets
# WARN: tilelang-example.py:46:13: warning: T.use_swizzle is a GPU-only hint with no effect on Tenstorrent targets (ignored)

# BYDEF:      def main(
# BYDEF-NEXT:     A: T.Tensor((128, 256), "bfloat16"),
# BYDEF-NEXT:     B: T.Tensor((64, 256), "bfloat16"),
# BYDEF-NEXT:     C: T.Tensor((128, 64), "bfloat16"),
# BYDEF-NEXT: ):
# BYDEF-NEXT:     with T.Kernel(1, 2) as (bx, by):
# BYDEF-NEXT:         A_shared = T.alloc_shared((64, 32), "bfloat16")
# BYDEF-NEXT:         B_shared = T.alloc_shared((64, 32), "bfloat16")
# BYDEF-NEXT:         C_local = T.alloc_fragment((64, 64), "float32")
# BYDEF-NEXT:         C_shared = T.alloc_shared((64, 64), "bfloat16")
# BYDEF-NEXT:         T.clear(C_local)
# BYDEF-NEXT:         for k in T.Pipelined(8, num_stages=3):
# BYDEF-NEXT:             T.copy(A[by * 64:by * 64 + 64, k * 32:k * 32 + 32], A_shared)
# BYDEF-NEXT:             T.copy(B[bx * 64:bx * 64 + 64, k * 32:k * 32 + 32], B_shared)
# BYDEF-NEXT:             T.gemm(A_shared, B_shared, C_local, transpose_B=True)
# BYDEF-NEXT:         T.copy(C_local, C_shared)
# BYDEF-NEXT:         T.copy(C_shared, C[by * 64:by * 64 + 64, bx * 64:bx * 64 + 64])

# The first call whose arguments are constants is matmul(args.m, args.m, args.m, ...):
# --m's default, 1024 (argparse run without arguments); num_stages keeps its
# default (3): defaults come before the call.
# CALL:      A: T.Tensor((1024, 1024), "bfloat16"),
# CALL-NEXT: B: T.Tensor((1024, 1024), "bfloat16"),
# CALL:      with T.Kernel(8, 8) as (bx, by):
# CALL:      for k in T.Pipelined(32, num_stages=3):

# MIXED:      A: T.Tensor((32, 1024), "bfloat16"),
# MIXED:      with T.Kernel(8, 1) as (bx, by):
