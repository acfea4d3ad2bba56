# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=gemm | FileCheck %s
# RUN: %tt-run %s --kernel=gemm --verify | FileCheck %s --check-prefix=SIM
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=eager -D rows=48 2>&1 | FileCheck %s --check-prefix=ASSERT
# RUN: not %tt-llc %s --emit=tir --kernel=as_value 2>&1 | FileCheck %s --check-prefix=VALUE
# Plain Python functions a kernel calls are inlined like macros, as TileLang
# runs them while it builds the kernel: a helper at the top level of the
# file (cdiv, in a grid extent), a lambda passed to the factory (gemm_op,
# which calls T.gemm), a def of the factory, by its name (_load) or assigned
# to another (load = _load).
# A lambda's value is its expression's; a def's is its `return`. An
# assertion in a helper is checked where it is inlined.
import tilelang
import tilelang.language as T


def cdiv(a, b):
    return (a + b - 1) // b


def load_checked(src, dst, row, col, rows):
    assert rows % 32 == 0, "rows must be a multiple of 32"
    T.copy(src[row * rows, col * 32], dst)


def gemm(gemm_op, M=64, N=64, K=64, block=32):
    def _load(src, dst, row, col):
        T.copy(src[row * block, col * block], dst)

    load = _load

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(cdiv(N, block), cdiv(M, block)) as (bx, by):
            A_s = T.alloc_shared((block, block), "bfloat16")
            B_s = T.alloc_shared((block, block), "bfloat16")
            C_l = T.alloc_fragment((block, block), "float32")
            T.clear(C_l)
            for k in T.Pipelined(cdiv(K, block), num_stages=2):
                load(A, A_s, by, k)
                _load(B, B_s, k, bx)
                gemm_op(A_s, B_s, C_l)
            T.copy(C_l, C[by * block, bx * block])

    return gemm


@tilelang.jit
def eager(A, B, rows=64):
    N = T.const("N")
    A: T.Tensor((N, 32), T.float32)
    B: T.Tensor((N, 32), T.float32)
    with T.Kernel(cdiv(N, rows)) as bx:
        S = T.alloc_shared((rows, 32), T.float32)
        load_checked(A, S, bx, 0, rows=rows)
        T.copy(S, B[bx * rows, 0])


@T.prim_func
def as_value(A: T.Tensor((32,), "float32")):
    with T.Kernel(1) as bx:
        f = cdiv


gemm(lambda A, B, C: T.gemm(A, B, C))
eager.compile(N=128)

# CHECK:      with T.Kernel(2, 2) as (bx, by):
# CHECK:          for k in T.Pipelined(2, num_stages=2):
# CHECK-NEXT:         T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_s)
# CHECK-NEXT:         T.copy(B[k * 32:k * 32 + 32, bx * 32:bx * 32 + 32], B_s)
# CHECK-NEXT:         T.gemm(A_s, B_s, C_l)

# SIM: C: max abs error {{.*}}: OK

# EAGER:      with T.Kernel(2) as bx:
# EAGER-NEXT:     S = T.alloc_shared((64, 32), "float32")
# EAGER-NEXT:     T.copy(A[bx * 64:bx * 64 + 64, 0:32], S)

# ASSERT:      functions.py:22:5: error: assertion failed in the kernel: rows must be a multiple of 32
# ASSERT:      functions.py:55:9: note: in function 'load_checked', called here

# VALUE: functions.py:62:13: error: 'cdiv' is a function, which a kernel calls; it is not a value
