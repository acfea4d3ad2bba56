# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_lazy | FileCheck %s
# RUN: %tt-run %s --kernel=test_lazy --verify | FileCheck %s --check-prefix=SIM
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=test_mixed | FileCheck %s --check-prefix=MIXED
# RUN: not %tt-llc %s --emit=tir --kernel=test_untyped 2>&1 | FileCheck %s --check-prefix=UNTYPED
# RUN: not %tt-llc %s --emit=tir --kernel=test_return_input 2>&1 | FileCheck %s --check-prefix=RETURN
# RUN: not %tt-llc %s --emit=tir --kernel=test_typed_twice 2>&1 | FileCheck %s --check-prefix=TWICE
# TileLang's lazy @T.prim_func: parameters typed in the body with the
# subscript form of T.Tensor (`A: T.Tensor[[64, 64], T.float32]`, also
# `T.Tensor[(M, N), dtype]`) or a scalar type, outputs made with T.empty and
# returned. The outputs follow the parameters, as in an eager kernel.
import tilelang
import tilelang.language as T


def test_lazy():
    @T.prim_func
    def kernel(A):
        A: T.Tensor[[64, 64], T.float32]
        B = T.empty([64, 64], T.float32)
        with T.Kernel(2, 2) as (bx, by):
            S = T.alloc_shared((32, 32), T.float32)
            T.copy(A[by * 32, bx * 32], S)
            T.copy(S, B[by * 32, bx * 32])
        return B

    tilelang.compile(kernel)


def test_mixed():
    M, N = 32, 64

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float16"), n, C):
        n: T.int32
        C: T.Tensor[(M, N), T.float16]
        D = T.empty((M,), T.float16)
        E = T.empty((N,), T.float16)
        with T.Kernel(1) as bx:
            T.copy(A, C)
        return D, E


def test_untyped():
    @T.prim_func
    def kernel(A):
        with T.Kernel(1) as bx:
            T.clear(A)


def test_return_input():
    @T.prim_func
    def kernel(A):
        A: T.Tensor[[32], T.float32]
        with T.Kernel(1) as bx:
            T.clear(A)
        return A


def test_typed_twice():
    @T.prim_func
    def kernel(A):
        A: T.Tensor[[32], T.float32]
        A: T.Tensor[[64], T.float32]
        with T.Kernel(1) as bx:
            T.clear(A)

# CHECK:      def kernel(
# CHECK-NEXT:     A: T.Tensor((64, 64), "float32"),
# CHECK-NEXT:     B: T.Tensor((64, 64), "float32"),
# CHECK-NEXT: ):
# CHECK-NEXT:     with T.Kernel(2, 2) as (bx, by):
# CHECK-NEXT:         S = T.alloc_shared((32, 32), "float32")
# CHECK-NEXT:         T.copy(A[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32], S)
# CHECK-NEXT:         T.copy(S, B[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32])
# CHECK-EMPTY:

# SIM: B: max abs error 0, {{.*}}: OK

# MIXED:      def kernel(
# MIXED-NEXT:     A: T.Tensor((32, 64), "float16"),
# MIXED-NEXT:     n: T.int32,
# MIXED-NEXT:     C: T.Tensor((32, 64), "float16"),
# MIXED-NEXT:     D: T.Tensor((32,), "float16"),
# MIXED-NEXT:     E: T.Tensor((64,), "float16"),
# MIXED-NEXT: ):

# UNTYPED: lazy-prim-func.py:45:16: error: kernel parameter 'A' needs a type annotation such as T.Tensor((M, K), "bfloat16") (in the signature or as the body's first statements, 'A: T.Tensor[(M, K), "bfloat16"]')

# RETURN: lazy-prim-func.py:56:16: error: a @T.prim_func returns only its T.empty outputs

# TWICE: lazy-prim-func.py:63:9: error: parameter 'A' is typed twice
