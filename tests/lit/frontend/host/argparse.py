# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir -D block_N=16 2>&1 | FileCheck %s --check-prefix=DEF
# Host code's argparse: the factory is called in main() with values read from
# `args = parser.parse_args()`, whose options take their defaults (`--block-n`
# is `args.block_n`; `dest=` renames; store_true is False; the factory's own
# default of dtype comes before the call's arguments, as for any binding). main() itself is
# called from `if __name__ == "__main__":` with `args.m` of another parser.
import argparse
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(M, N, block_N, fast, dtype="float32"):
    assert not fast, "fast must be off"

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block_N) as bx:
            for i, j in T.Parallel(M, block_N):
                B[i, bx * block_N + j] = A[i, bx * block_N + j] * 2.0

    return kernel


def main(M):
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", dest="n", type=int, default=96, help="columns")
    parser.add_argument("--block-n", type=int, default=32)
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--dtype", default="float16")
    args = parser.parse_args()
    N, block = args.n, args.block_n
    kernel = scale(M, N, block, args.fast)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--m", type=int, default=8)
    args, _ = p.parse_known_args()
    main(args.m)

# CHECK:      A: T.Tensor((8, 96), "float32"),
# CHECK:      with T.Kernel(3) as bx:
# CHECK-NOT:  error

# DEF:        with T.Kernel(6) as bx:
