# A "tt.buffer.NAME" layout annotation that names no buffer parameter is a
# mistake (here "a" for "A") and must be reported, as an unknown key inside a
# descriptor is.
# RUN: not %tt-llc --emit=tir %s --passes=infer-tt-layout 2>&1 | FileCheck %s
import tilelang.language as T


@T.prim_func
def typo(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.func_attr({"tt.buffer.a": {"memory": "L1"}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# CHECK: layout-annotation-unknown-buffer.py:{{[0-9]+}}:{{[0-9]+}}: error: {{.*}}tt.buffer.a
