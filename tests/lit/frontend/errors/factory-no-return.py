# RUN: not %tt-llc --emit=tir %s 2>&1 | FileCheck --strict-whitespace %s
# A host call statement in the factory body (print() is accepted and does
# nothing; torch is not evaluated).
import tilelang.language as T


def factory(M):
    torch.manual_seed(M)

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return k


factory(64)

# CHECK: {{.*}}factory-no-return.py:8:5: error: cannot evaluate a call of 'torch.manual_seed' in the kernel factory
# CHECK-NEXT: {{^}}    torch.manual_seed(M){{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
