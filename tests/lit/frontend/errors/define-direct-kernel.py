# RUN: not %tt-llc --emit=tir %s -D M=64 2>&1 | FileCheck --strict-whitespace %s
# -D given, but the kernel is a top-level prim_func (nothing to bind).
import tilelang.language as T


@T.prim_func
def k(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A)

# CHECK: {{^}}tt-llc: error: -D has nothing to bind: kernel 'k' is not built by a factory function with parameters{{$}}
