# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=alias | FileCheck %s
# RUN: %tt-run %s --kernel=alias --verify | FileCheck %s --check-prefix=SIM
# RUN: not %tt-llc %s --emit=tir --kernel=index_alias 2>&1 | FileCheck %s --check-prefix=INDEX
# RUN: not %tt-llc %s --emit=tir --kernel=alias_value 2>&1 | FileCheck %s --check-prefix=VALUE
# A name bound to a buffer region (`X_shared = A_shared[:block_M, :block_K]`)
# stands for the region wherever a region is taken (T.copy, T.gemm, T.clear,
# T.fill); its .shape is the region's. Indexing the alias, or using it as a
# number, is a located error.
import tilelang
import tilelang.language as T


def alias(M=64, N=64, K=64, block=32, dtype="bfloat16"):
    @T.prim_func
    def alias(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):
            A_shared = T.alloc_shared((block, block), dtype)
            B_shared = T.alloc_shared((block, block), dtype)
            C_local = T.alloc_fragment((block, block), "float32")
            X_shared = A_shared[:block, :block]
            X_local = C_local[:, ...]
            rows, cols = X_local.shape
            T.clear(X_local)
            for k in T.Pipelined(T.ceildiv(K, block), num_stages=2):
                T.copy(A[by * block, k * block], X_shared)
                T.copy(B[k * block, bx * block], B_shared[:rows, :cols])
                T.gemm(X_shared, B_shared, X_local)
            T.copy(X_local, C[by * block, bx * block])

    return alias


@T.prim_func
def index_alias(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        X = A[0:16, :]
        X[0, 0] = 1.0


@T.prim_func
def alias_value(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        X = A[0:16, :]
        A[0, 0] = X + 1


alias()

# CHECK:      C_local = T.alloc_fragment((32, 32), "float32")
# CHECK-NEXT: T.clear(C_local)
# CHECK-NEXT: for k in T.Pipelined(2, num_stages=2):
# CHECK-NEXT:     T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_shared)
# CHECK-NEXT:     T.copy(B[k * 32:k * 32 + 32, bx * 32:bx * 32 + 32], B_shared)
# CHECK-NEXT:     T.gemm(A_shared, B_shared, C_local)
# CHECK-NEXT: T.copy(C_local, C[by * 32:by * 32 + 32, bx * 32:bx * 32 + 32])

# SIM: C: max abs error {{.*}}: OK

# INDEX: region-alias.py:37:9: error: cannot index a buffer region; index the buffer itself

# VALUE: region-alias.py:44:19: error: left operand must be a number, got a buffer region
