# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A block header followed by a line that is not indented.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
    T.clear(A)

# CHECK: {{.*}}indent-expected-block.py:9:5: error: expected an indented block
# CHECK-NEXT: {{^}}    T.clear(A){{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
