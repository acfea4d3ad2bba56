# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A tt.* call that is not a registered intrinsic.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        A[bx, by] = tt.foo(A[bx, by])

# CHECK: {{.*}}unknown-intrinsic.py:9:21: error: unknown intrinsic 'tt.foo'
# CHECK-NEXT: {{^}}        A[bx, by] = tt.foo(A[bx, by]){{$}}
# CHECK-NEXT: {{^}}                    ^{{$}}
