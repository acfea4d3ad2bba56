# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A loop over a Python builtin other than range.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        for i in enumerate(A):
            A[bx, i] = 0

# CHECK: {{.*}}loop-unsupported-iterator.py:9:18: error: a kernel loop must iterate over T.serial, T.Pipelined, T.Parallel, T.grid or range
# CHECK-NEXT: {{^}}        for i in enumerate(A):{{$}}
# CHECK-NEXT: {{^}}                 ^{{$}}
