# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A T.* loop iterator that does not exist.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        for i in T.Unrolled(4):
            A[bx, i] = 0

# CHECK: {{.*}}loop-unknown-kind.py:9:18: error: unknown loop kind 'T.Unrolled' (expected T.serial, T.Pipelined, T.Parallel or T.grid)
# CHECK-NEXT: {{^}}        for i in T.Unrolled(4):{{$}}
# CHECK-NEXT: {{^}}                 ^{{$}}
