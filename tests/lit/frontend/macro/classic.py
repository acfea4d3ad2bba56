# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=gemm | FileCheck %s
# RUN: %tt-run %s --kernel=gemm --verify | FileCheck %s --check-prefix=SIM
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=scale | FileCheck %s --check-prefix=SCALE
# @T.macro in a classic factory: a kernel's call of a macro inlines its body
# there. Its parameters take the call's buffers, regions (`C_l[0:block, :]`)
# and values (positional, keyword, defaults evaluated where it is defined);
# as in TileLang, a parameter holds the argument's expression (`buf[i]` is
# read where the macro uses it; `y = ...` in the macro is a let); other
# names resolve where the macro is defined (factory locals such as K and
# block, module constants such as STAGES, module-level macros such as
# load_tile); a macro calls other macros; `return` gives the call's value.
import tilelang
import tilelang.language as T

STAGES = 2


@T.macro
def load_tile(src, dst, row, col):
    T.copy(src[row * 32, col * 32], dst)


def gemm(M, N, K, block=32, dtype="bfloat16"):
    @T.macro
    def mma(A, B, A_s, B_s, C_l, bx, by):
        for k in T.Pipelined(T.ceildiv(K, block), num_stages=STAGES):
            load_tile(A, A_s, by, k)
            load_tile(src=B, dst=B_s, row=k, col=bx)
            T.gemm(A_s, B_s, C_l)

    @T.macro
    def tile_of(buf, rows=block):
        return buf[0:rows, :]

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):
            A_s = T.alloc_shared((block, block), dtype)
            B_s = T.alloc_shared((block, block), dtype)
            C_l = T.alloc_fragment((block, block), "float32")
            T.clear(C_l)
            mma(A, B, A_s, B_s, C_l, bx, by)
            T.copy(tile_of(C_l), C[by * block, bx * block])

    return gemm


def scale(n=64, factor=3):
    @T.macro
    def scaled(x, f=factor):
        y = x * f
        return y

    @T.macro
    def twice(buf, i):
        buf[i] = scaled(buf[i])
        buf[i] = scaled(buf[i], f=2)

    @T.prim_func
    def scale(A: T.Tensor((n,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(n):
                twice(A, i)

    return scale


gemm(64, 96, 64)
scale()

# CHECK:      with T.Kernel(3, 2) as (bx, by):
# CHECK-NEXT:     A_s = T.alloc_shared((32, 32), "bfloat16")
# CHECK-NEXT:     B_s = T.alloc_shared((32, 32), "bfloat16")
# CHECK-NEXT:     C_l = T.alloc_fragment((32, 32), "float32")
# CHECK-NEXT:     T.clear(C_l)
# CHECK-NEXT:     for k in T.Pipelined(2, num_stages=2):
# CHECK-NEXT:         T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_s)
# CHECK-NEXT:         T.copy(B[k * 32:k * 32 + 32, bx * 32:bx * 32 + 32], B_s)
# CHECK-NEXT:         T.gemm(A_s, B_s, C_l)
# CHECK-NEXT:     T.copy(C_l, C[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32])
# CHECK-EMPTY:

# SIM: gemm on sim:wormhole_b0: 6 cores, 6 work units, seed 1
# SIM: C: max abs error {{.*}}: OK

# SCALE:      for i in T.Parallel(64):
# SCALE-NEXT:     y: T.float32 = A[i] * 3
# SCALE-NEXT:     A[i] = y
# SCALE-NEXT:     y_1: T.float32 = A[i] * 2
# SCALE-NEXT:     A[i] = y_1
