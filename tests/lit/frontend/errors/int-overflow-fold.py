# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A folded constant that overflows int32 (it used to be accepted and printed
# as 2147483648, which tt-llc then rejected when reading its own Tile IR).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "int32")):
    with T.Kernel(2) as bx:
        A[bx, 0] = 2147483647 + 1

# CHECK: {{.*}}int-overflow-fold.py:10:20: error: integer constant 2147483648 does not fit in int32
# CHECK-NEXT: {{^}}        A[bx, 0] = 2147483647 + 1{{$}}
# CHECK-NEXT: {{^}}                   ^{{$}}
