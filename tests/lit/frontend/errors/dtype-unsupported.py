# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A dtype Tenstorrent targets do not support.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float64")):
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{.*}}dtype-unsupported.py:7:29: error: dtype 'float64' is not supported by the Tenstorrent lowering yet
# CHECK-NEXT: {{^}}def k(A: T.Tensor((64, 64), "float64")):{{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
