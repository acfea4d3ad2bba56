# RUN: %tt-llc --emit=tir %s --passes=verify | FileCheck %s
# A UTF-8 byte order mark before the first line (this file starts with one),
# which CPython accepts, is skipped.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.clear(A_s)

# CHECK: # tt-llc Tile IR
# CHECK: def k(
