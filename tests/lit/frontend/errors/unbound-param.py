# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A factory parameter with no -D, no default and no literal call.
import tilelang.language as T


def matmul(M, N, block=32):

    @T.prim_func
    def k(A: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(M // block) as bx:
            T.clear(A[bx * block:bx * block + block, 0:N])

    return k

# CHECK: {{.*}}unbound-param.py:6:12: error: parameter 'M' of 'matmul' has no value: pass -D M=VALUE, give it a default, or call 'matmul(...)' with literal arguments in the file
# CHECK-NEXT: {{^}}def matmul(M, N, block=32):{{$}}
# CHECK-NEXT: {{^}}           ^{{$}}
