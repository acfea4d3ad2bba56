# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Shapes that would fit without transpose_B, but not with it: two errors.
import tilelang.language as T


@T.prim_func
def k(C: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        A_s = T.alloc_shared((32, 64), "bfloat16")
        B_s = T.alloc_shared((64, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.gemm(A_s, B_s, C_l, transpose_B=True)

# CHECK: {{.*}}gemm-transpose-b.py:12:9: error: T.gemm reduction dimensions disagree: A ('A_s', 32x64) has K = 64, B ('B_s', 64x32, transposed) has K = 32
# CHECK-NEXT: {{^}}        T.gemm(A_s, B_s, C_l, transpose_B=True){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
# CHECK: {{.*}}gemm-transpose-b.py:12:9: error: T.gemm output C ('C_l') is 32x32 but A x B is 32x64
# CHECK-NEXT: {{^}}        T.gemm(A_s, B_s, C_l, transpose_B=True){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
