# 70000x70000 blocks: 4.9e9 work units (runtime-arg-overflow.test).
import tilelang.language as T


@T.prim_func
def huge(A: T.Tensor((2240000, 2240000), "bfloat16"), B: T.Tensor((2240000, 2240000), "bfloat16")):
    with T.Kernel(70000, 70000) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])
