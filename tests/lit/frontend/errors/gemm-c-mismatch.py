# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.gemm whose C is not M x N.
import tilelang.language as T


@T.prim_func
def k(C: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        A_s = T.alloc_shared((32, 64), "bfloat16")
        B_s = T.alloc_shared((64, 32), "bfloat16")
        C_l = T.alloc_fragment((64, 32), "float32")
        T.gemm(A_s, B_s, C_l)

# CHECK: {{.*}}gemm-c-mismatch.py:12:9: error: T.gemm output C ('C_l') is 64x32 but A x B is 32x32
# CHECK-NEXT: {{^}}        T.gemm(A_s, B_s, C_l){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
