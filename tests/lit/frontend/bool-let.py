# A bool let of an integer value is a cast, printed as T.Cast("bool", ...), which the Tile IR
# reader reads back (it rejected "bool" there; found by the tileir fuzz target).
# RUN: %tt-llc --passes= --emit=tir %s | FileCheck %s
# RUN: %tt-llc --passes= --emit=tir %s > %t.tir
# RUN: %tt-llc --passes= --emit=tir %t.tir | FileCheck %s
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        odd: T.bool = bx % 2
        A_s = T.alloc_shared((32, 64), "bfloat16")
        if odd:
            T.copy(A[bx * 32, 0], A_s)
            T.copy(A_s, B[bx * 32, 0])

# CHECK: odd: T.bool = T.Cast("bool", bx % 2)
# CHECK: if odd:
