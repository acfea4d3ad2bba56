# RUN: %tt-llc %s --passes=verify --emit=tir | FileCheck %s
# Chained and tuple assignments of global constants are visible to the kernel
# (`M = N = K = 256` used to be skipped: "use of undefined name 'M'").
import tilelang.language as T

M = N = K = 256
BM, BN = 64, 32


@T.prim_func
def k(A: T.Tensor((M, K), "float32"), B: T.Tensor((K, N), "float32")):
    with T.Kernel(N // BN, M // BM) as (bx, by):
        T.clear(A[by * BM:by * BM + BM, 0:K])

# CHECK:      A: T.Tensor((256, 256), "float32"),
# CHECK-NEXT: B: T.Tensor((256, 256), "float32"),
# CHECK:      with T.Kernel(8, 4) as (bx, by):
# CHECK-NEXT:     T.clear(A[by * 64:by * 64 + 64, 0:256])
