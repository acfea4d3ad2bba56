# RUN: %tt-llc %s --passes=verify --emit=tir 2>&1 | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir -D dtype=float16 2>&1 | FileCheck %s --check-prefix=HALF
# RUN: not %tt-llc %s --emit=tir -D dtype=float32 2>&1 | FileCheck --strict-whitespace %s --check-prefix=RAISE
# RUN: not %tt-llc %s --emit=tir -D block=48 2>&1 | FileCheck --strict-whitespace %s --check-prefix=ASSERT
# The factory's Python runs at compile time (classic style): chained and tuple
# assignments at the top level, a top-level helper, imports inside the
# factory, assert, augmented assignment, float arithmetic with **, math and
# builtin calls, a nested helper with a default, if / elif / else on a dtype
# (string and T.float16 compared), raise, a comprehension, a conditional
# expression and boolean operators.
import tilelang
import tilelang.language as T

M = N = 128
TILE, DEPTH = 32, 64


def cdiv(a, b):
    return (a + b - 1) // b


@tilelang.jit(out_idx=[-1])
def scaled_copy(block=TILE, dim=DEPTH, dtype="bfloat16"):
    import math
    assert M % block == 0, "M must be a multiple of block"
    rows = cols = block
    rows *= 2
    scale = (1.0 / dim) ** 0.5 * 2.0
    grid = math.ceil(M / rows)
    steps = max(1, min(cdiv(N, cols), 8))

    def twice(x, by=2):
        return x * by

    if dtype == T.float16:
        acc = "float16"
    elif dtype == "bfloat16":
        acc = T.float32
    else:
        raise ValueError("unsupported dtype")
    widths = [twice(w) for w in range(3) if w > 0]
    total = sum(widths) + abs(-2) + len(widths) ** 2 + int(round(2.6))
    flag = total > 10 and not dtype == "float32"

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), acc)):
        with T.Kernel(grid, steps) as (bx, by):
            S = T.alloc_shared((rows, cols), dtype)
            T.copy(A[bx * rows, by * cols], S)
            for i, j in T.Parallel(rows, cols):
                S[i, j] = S[i, j] * scale + (total if flag else 0)
            T.copy(S, B[bx * rows, by * cols])

    return main

# CHECK:      def main(
# CHECK-NEXT:     A: T.Tensor((128, 128), "bfloat16"),
# CHECK-NEXT:     B: T.Tensor((128, 128), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(2, 4) as (bx, by):
# CHECK-NEXT:         S = T.alloc_shared((64, 32), "bfloat16")
# CHECK:                  S[i, j] = S[i, j] * 0.25 + 15

# HALF:       B: T.Tensor((128, 128), "float16"),

# RAISE: {{.*}}python.py:40:9: error: the kernel factory raises ValueError: unsupported dtype
# RAISE-NEXT: {{^}}        raise ValueError("unsupported dtype"){{$}}

# ASSERT: {{.*}}python.py:25:5: error: assertion failed in the kernel factory: M must be a multiple of block
# ASSERT-NEXT: {{^}}    assert M % block == 0, "M must be a multiple of block"{{$}}
