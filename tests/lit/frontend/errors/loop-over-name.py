# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A loop directly over a buffer.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        for i in A:
            A[bx, i] = 0

# CHECK: {{.*}}loop-over-name.py:9:18: error: a kernel loop must iterate over T.serial, T.Pipelined, T.Parallel, T.grid or range
# CHECK-NEXT: {{^}}        for i in A:{{$}}
# CHECK-NEXT: {{^}}                 ^{{$}}
