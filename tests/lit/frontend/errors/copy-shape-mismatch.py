# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.copy between regions of different shapes (found by the verifier).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 64), "bfloat16")
        T.copy(A[0:32, 0:32], A_s)

# CHECK: {{.*}}copy-shape-mismatch.py:10:9: error: T.copy regions have different shapes: (32, 32) of 'A' and (32, 64) of 'A_s'
# CHECK-NEXT: {{^}}        T.copy(A[0:32, 0:32], A_s){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
