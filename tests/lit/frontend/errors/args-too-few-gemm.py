# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Too few operands for T.gemm, which takes 3 to 5.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.gemm(A_s, A_s)

# CHECK: {{.*}}args-too-few-gemm.py:10:9: error: T.gemm is missing argument 'C'
# CHECK-NEXT: {{^}}        T.gemm(A_s, A_s){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
