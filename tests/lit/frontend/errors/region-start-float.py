# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A region start or slice bound must be an integer: `k / 32` is a float (true division). It was
# accepted, and its printed Tile IR did not read back (found by the frontend fuzz target).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bx * 32, bx / 32], A_s)
        T.copy(A_s, B[bx * 32, 0])

# CHECK: {{.*}}region-start-float.py:11:27: error: region start must be an integer, got 'bx / 32'
# CHECK-NEXT: {{^}}        T.copy(A[bx * 32, bx / 32], A_s){{$}}
# CHECK-NEXT: {{^}}                          ^{{$}}
