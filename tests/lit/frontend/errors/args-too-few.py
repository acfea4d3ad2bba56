# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# Too few arguments (T.copy).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A_s)

# CHECK: {{.*}}args-too-few.py:10:9: error: T.copy is missing argument 'dst'
# CHECK-NEXT: {{^}}        T.copy(A_s){{$}}
# CHECK-NEXT: {{^}}        ^{{$}}
