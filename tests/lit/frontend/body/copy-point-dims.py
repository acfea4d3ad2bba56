# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=classic 2>&1 | FileCheck %s --check-prefix=CLASSIC
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --passes=verify --emit=tir --kernel=mismatch 2>&1 | FileCheck %s --check-prefix=MISMATCH
# T.copy of a region that mixes points and slices on a higher-rank buffer: a
# point index is an extent-1 dimension (TileLang's BufferRegion), and the
# shapes are compared with extent-1 dimensions dropped: A[b, lo:hi, h, 0:64]
# (1, 64, 1, 64) fits a (64, 64) buffer. A side of points only (A_s[i, j])
# still takes the other side's extents. Also the keyword forms src= / dst=,
# annotations= (a GPU hint) and T.alloc_shared's positional scope.
import tilelang
import tilelang.language as T


@T.prim_func
def classic(A: T.Tensor((2, 128, 4, 64), "bfloat16"), B: T.Tensor((2, 128, 4, 64), "bfloat16")):
    with T.Kernel(2, 2, 4) as (bs, bb, bh):
        A_shared = T.alloc_shared((64, 64), "bfloat16", "shared")
        T.copy(src=A[bb, bs * 64:(bs + 1) * 64, bh, 0:64], dst=A_shared, annotations={"k": 1})
        T.copy(A_shared, B[bb, bs * 64:(bs + 1) * 64, bh, :])


@tilelang.jit
def eager(A, B, block=32):
    A: T.Tensor((3, 64, 64), T.float32)
    B: T.Tensor((64, 64), T.float32)
    with T.Kernel(2, 3) as (bx, b):
        S = T.alloc_shared((block, 64), T.float32)
        T.copy(A[b, bx * block:(bx + 1) * block, :], dst=S)
        T.copy(S, B[bx * block, 0])
    return B


@T.prim_func
def mismatch(A: T.Tensor((2, 128, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_shared = T.alloc_shared((64, 32), "bfloat16")
        T.copy(A[bx, 0:64, 0:64], A_shared)

# CLASSIC: warning: the scope argument of T.alloc_shared is a GPU memory space with no effect on Tenstorrent targets
# CLASSIC: warning: 'annotations=' of T.copy is a GPU scheduling hint with no effect on Tenstorrent targets
# CLASSIC: T.copy(A[bb:bb + 1, bs * 64:bs * 64 + 64, bh:bh + 1, 0:64], A_shared)
# CLASSIC-NEXT: T.copy(A_shared, B[bb:bb + 1, bs * 64:bs * 64 + 64, bh:bh + 1, 0:64])

# EAGER: T.copy(A[b:b + 1, bx * 32:bx * 32 + 32, 0:64], S)
# EAGER-NEXT: T.copy(S, B[bx * 32:bx * 32 + 32, 0:64])

# MISMATCH: copy-point-dims.py:37:9: error: T.copy regions have different shapes: (1, 64, 64) of 'A' and (64, 32) of 'A_shared'
