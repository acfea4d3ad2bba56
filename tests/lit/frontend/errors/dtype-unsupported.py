# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A dtype Tenstorrent targets do not support.
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "float64")):
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{.*}}dtype-unsupported.py:7:29: error: unsupported dtype "float64" (expected bfloat16, float16, float32, int32 or uint32)
# CHECK-NEXT: {{^}}def k(A: T.Tensor((64, 64), "float64")):{{$}}
# CHECK-NEXT: {{^}}                            ^{{$}}
