# C = A @ B^T with B stored N x K: the B tile of (k, n) is page n * Kt + k,
# and the matrix engine transposes it (transpose_b = 1).
# RUN: %tt-llc --emit=tir %s | FileCheck %s
import tilelang.language as T


@T.prim_func
def abt(A: T.Tensor((64, 96), "bfloat16"), B: T.Tensor((128, 96), "bfloat16"),
        C: T.Tensor((64, 128), "bfloat16")):
    with T.Kernel(4, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        for k in T.Pipelined(3, num_stages=2):
            T.copy(A[by * 32, k * 32], A_s)
            T.copy(B[bx * 32, k * 32], B_s)
            T.gemm(A_s, B_s, C_l, transpose_B=True)
        T.copy(C_l, C[by * 32, bx * 32])

# CHECK-LABEL: def abt_reader(
# CHECK:               page: T.int32 = by * 3 + k
# CHECK:               page_1: T.int32 = bx * 3 + k
# CHECK-LABEL: def abt_unpack(
# CHECK:           tt.unpack.mm_init(0, 1, 1)
# CHECK:               tt.unpack.matmul_tiles(0, 1, 0, 0, 1)
