# RUN: %tt-llc %s --passes=verify --emit=tir | FileCheck %s
# T.copy between regions that both mix points and slices: each point is one
# element (it used to be "both sides of T.copy are indexed by a point").
import tilelang.language as T

blk = 32


@T.prim_func
def k(dQ: T.Tensor((2, 4, 64, 32), "float32"), dQ_out: T.Tensor((2, 4, 64, 32), "float32")):
    with T.Kernel(2, 4, 2) as (bx, by, bz):
        T.copy(dQ[bz, by, bx * blk:(bx + 1) * blk, :], dQ_out[bz, by, bx * blk:(bx + 1) * blk, :])

# CHECK: T.copy(dQ[bz:bz + 1, by:by + 1, bx * 32:bx * 32 + 32, 0:32], dQ_out[bz:bz + 1, by:by + 1, bx * 32:bx * 32 + 32, 0:32])
