# docs/plan-schema.md: kernel_grid is the T.Kernel extents as [x, y] or
# [x, y, z]; a 1-D launch has y = 1, so grid_y is 1.
# RUN: %tt-llc %s --emit=plan | %python %S/Inputs/flatten.py | FileCheck %s
import tilelang.language as T


@T.prim_func
def copy1d(X: T.Tensor((3200,), "float32"), Y: T.Tensor((3200,), "float32")):
    with T.Kernel(100) as bx:
        X_s = T.alloc_shared((32,), "float32")
        T.copy(X[bx * 32], X_s)
        T.copy(X_s, Y[bx * 32])

# grid_y is still passed, as 1.
# CHECK: cores[0].args.compute = [0, 2, 100, 1]
# CHECK: kernel_grid = [100, 1]{{$}}
