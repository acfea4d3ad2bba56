# Kernels the lowering rejects, each with a located diagnostic.
# RUN: not %tt-llc --emit=tir %s --kernel=trans_a 2>&1 | FileCheck %s --check-prefix=TRANSA
# RUN: not %tt-llc --emit=tir %s --kernel=no_clear 2>&1 | FileCheck %s --check-prefix=NOCLEAR
# RUN: not %tt-llc --emit=tir %s --kernel=unaligned 2>&1 | FileCheck %s --check-prefix=ALIGN
# RUN: not %tt-llc --emit=tir %s --kernel=elementwise 2>&1 | FileCheck %s --check-prefix=ELEM
# RUN: not %tt-llc --emit=tir %s --kernel=two_gemms 2>&1 | FileCheck %s --check-prefix=TWO
import tilelang.language as T


@T.prim_func
def trans_a(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"),
            C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        for k in T.serial(2):
            T.copy(A[k * 32, by * 32], A_s)
            T.copy(B[k * 32, bx * 32], B_s)
# TRANSA: errors.py:[[@LINE+1]]:13: error: transpose_A is not supported on Tensix (the matrix engine transposes only B); transpose A when it is copied instead
            T.gemm(A_s, B_s, C_l, transpose_A=True)
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def no_clear(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"),
             C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        for k in T.serial(2):
            T.copy(A[by * 32, k * 32], A_s)
            T.copy(B[k * 32, bx * 32], B_s)
# NOCLEAR: errors.py:[[@LINE+1]]:13: error: the accumulator 'C_l' must be cleared with T.clear before the gemm's loop
            T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def unaligned(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
# ALIGN: errors.py:[[@LINE+1]]:9: error: the region of 'A' is not made of whole 32x32 tiles (start by * 16, bx * 32)
        T.copy(A[by * 16, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


@T.prim_func
def elementwise(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "float32")
        T.copy(A[by * 32, bx * 32], A_s)
        for i, j in T.Parallel(32, 32):
# ELEM: errors.py:[[@LINE+1]]:13: error: an element store on on-chip buffer 'A_s' cannot be lowered to Tensix programs yet (supported: T.copy of whole tiles between global and on-chip buffers, and T.gemm)
            A_s[i, j] = A_s[i, j] * 2.0
        T.copy(A_s, B[by * 32, bx * 32])


@T.prim_func
def two_gemms(A: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        T.copy(A[by * 32, bx * 32], A_s)
        T.gemm(A_s, A_s, C_l)
# TWO: errors.py:[[@LINE+1]]:9: error: tensorize-gemm supports one T.gemm per kernel
        T.gemm(A_s, A_s, C_l)
        T.copy(C_l, C[by * 32, bx * 32])
