# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck %s
# Indentation whose meaning depends on the size of a tab: the block of the
# `with` is indented with four spaces and a tab, its second line with eight
# spaces. CPython rejects it with this TabError; so does tt-llc, at the line.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
    	A_s = T.alloc_shared((32, 32), "bfloat16")
        T.clear(A_s)

# CHECK: {{.*}}indent-tab-error.py:12:9: error: inconsistent use of tabs and spaces in indentation
# CHECK-NEXT: {{^}}        T.clear(A_s){{$}}
# CHECK-NOT: error
