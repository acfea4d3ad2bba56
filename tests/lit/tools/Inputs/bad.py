import tilelang.language as T


@T.prim_func
def broken(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(missing)
