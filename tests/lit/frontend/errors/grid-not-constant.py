# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A grid extent that is a runtime scalar.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16"), n: T.int32):
    with T.Kernel(n, 2) as (bx, by):
        T.clear(A)

# CHECK: {{.*}}grid-not-constant.py:8:19: error: kernel grid extent must be a compile-time integer constant, got 'n'
# CHECK-NEXT: {{^}}    with T.Kernel(n, 2) as (bx, by):{{$}}
# CHECK-NEXT: {{^}}                  ^{{$}}
