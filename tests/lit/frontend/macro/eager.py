# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=scale | FileCheck %s
# RUN: %tt-run %s --kernel=copy_tiles --verify | FileCheck %s --check-prefix=SIM
# @T.macro in TileLang's eager style: macros defined in the jit function see
# its T.const names and parameters (N, block, factor); one at the top level of
# the file sees the file's names. Each call of `stage` allocates its own
# fragment (the printer names the second one tmp_1); `shape_of` reads a
# buffer's .shape and .dtype, and returns a tuple the caller unpacks.
# copy_tiles passes regions (`A[lo:hi, :]`) and a point (`B[i, 0]`, a load
# that T.copy takes as the start of a region) and runs on the simulator.
import tilelang
import tilelang.language as T


@T.macro
def shape_of(buf):
    rows, cols = buf.shape
    return rows, cols, buf.dtype


@tilelang.jit
def scale(A, B, block=32, factor=3):
    N = T.const("N")
    A: T.Tensor((N, N), T.float32)
    B: T.Tensor((N, N), T.float32)

    @T.macro
    def scaled(x, f=factor):
        return x * f

    @T.macro
    def stage(src, dst, i, j):
        rows, cols, dtype = shape_of(src)
        tmp = T.alloc_fragment((rows // 2, cols // 2), dtype)
        T.copy(src[i * block, j * block], tmp)
        for r, c in T.Parallel(block, block):
            tmp[r, c] = scaled(tmp[r, c])
        T.copy(tmp, dst[i * block, j * block])

    with T.Kernel(T.ceildiv(N, block), T.ceildiv(N, block)) as (bx, by):
        stage(A, B, by, bx)
        stage(B, B, by, bx)
    return B


@tilelang.jit
def copy_tiles(A, B):
    N = T.const("N")
    A: T.Tensor((N, 64), T.bfloat16)
    B: T.Tensor((N, 64), T.bfloat16)

    @T.macro
    def move(src, dst):
        T.copy(src, dst)

    with T.Kernel(T.ceildiv(N, 64)) as bx:
        S = T.alloc_shared((64, 64), T.bfloat16)
        move(A[bx * 64:bx * 64 + 64, :], S)
        move(S[:, :], B[bx * 64, 0])
    return B


scale.compile(N=64)
copy_tiles.compile(N=128)

# CHECK-LABEL: def scale(
# CHECK-NEXT:     A: T.Tensor((64, 64), "float32"),
# CHECK-NEXT:     B: T.Tensor((64, 64), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(2, 2) as (bx, by):
# CHECK-NEXT:         tmp = T.alloc_fragment((32, 32), "float32")
# CHECK-NEXT:         T.copy(A[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32], tmp)
# CHECK-NEXT:         for r in T.Parallel(32):
# CHECK-NEXT:             for c in T.Parallel(32):
# CHECK-NEXT:                 tmp[r, c] = tmp[r, c] * 3
# CHECK-NEXT:         T.copy(tmp, B[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32])
# CHECK-NEXT:         tmp_1 = T.alloc_fragment((32, 32), "float32")
# CHECK-NEXT:         T.copy(B[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32], tmp_1)

# SIM: copy_tiles on sim:wormhole_b0: 2 cores, 2 work units, seed 1
# SIM: B: max abs error 0, {{.*}}: OK
