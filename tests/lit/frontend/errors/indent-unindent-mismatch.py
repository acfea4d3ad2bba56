# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A dedent to a column that matches no outer block.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
      T.clear(A_s)

# CHECK: {{.*}}indent-unindent-mismatch.py:10:7: error: unindent does not match any outer indentation level
# CHECK-NEXT: {{^}}      T.clear(A_s){{$}}
# CHECK-NEXT: {{^}}      ^{{$}}
