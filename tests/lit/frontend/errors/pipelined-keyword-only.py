# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.Pipelined with only num_stages=: the loop extent is missing (this used to
# crash in Converter::convertFor).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        for i in T.Pipelined(num_stages=2):
            A[bx, i] = 0

# CHECK: {{.*}}pipelined-keyword-only.py:10:18: error: T.Pipelined expects at least 1 argument, got 0
# CHECK-NEXT: {{^}}        for i in T.Pipelined(num_stages=2):{{$}}
# CHECK-NEXT: {{^}}                 ^{{$}}
