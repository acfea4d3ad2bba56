# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# T.Kernel used as a value instead of a `with` context: the message says how
# the construct is used rather than calling it unknown.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    grid = T.Kernel(2)

# CHECK: {{.*}}kernel-as-expression.py:9:12: error: T.Kernel is only allowed as 'with T.Kernel(...) as ...'
# CHECK-NEXT: {{^}}    grid = T.Kernel(2){{$}}
# CHECK-NEXT: {{^}}           ^{{$}}
