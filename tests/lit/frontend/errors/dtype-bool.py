# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# bool is a scalar type but not a buffer dtype.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        M_s = T.alloc_shared((32, 32), "bool")

# CHECK: {{.*}}dtype-bool.py:9:40: error: dtype 'bool' is not supported by the Tenstorrent lowering yet (only as the type of a scalar cast)
# CHECK-NEXT: {{^}}        M_s = T.alloc_shared((32, 32), "bool"){{$}}
# CHECK-NEXT: {{^}}                                       ^{{$}}
