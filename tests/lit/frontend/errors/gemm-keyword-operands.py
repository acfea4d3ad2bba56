# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Operands given by keyword, C missing.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.gemm(A=A_s, B=A_s)

# CHECK: {{.*}}gemm-keyword-operands.py:11:9: error: T.gemm is missing argument 'C'
# CHECK-NEXT: {{^}}        T.gemm(A=A_s, B=A_s){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
